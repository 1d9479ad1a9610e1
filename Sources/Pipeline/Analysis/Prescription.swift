import Foundation
import Training

/// What to change in one parametrization for one optimizer, solved jointly over its layers
/// (`PrescriptionSolver`), written as an experiment-file block, and verified by training the
/// fixed scheme on the same sweep.
public struct Prescription: Codable, Sendable, Equatable {
    /// The diagnosis of the scheme the prescription leads to, from its own runs.
    public struct Verification: Codable, Sendable, Equatable {
        /// Every record of `diagnosis` meets the condition.
        public var pass: Bool
        /// The parametrization whose runs were diagnosed: the fixed scheme, or the original
        /// when nothing changes.
        public var parametrization: String
        public var diagnosis: [LayerDiagnosis]
        /// What the verification shows, in words.
        public var note: String
    }

    public var parametrization: Parametrization
    public var optimizer: OptimizerKind
    /// The sweep the original and the fixed scheme were trained on.
    public var sweep: String
    /// The fixed scheme's name, `null` when nothing changes.
    @ExplicitNull public var fixedParametrization: String?
    /// The fields to change for this optimizer; empty when the scheme already meets the
    /// condition in every layer.
    public var changes: [PrescriptionChange]
    /// The `[parametrizations.NAME-fixed]` block to paste (every optimizer's changes), `null`
    /// when nothing changes.
    @ExplicitNull public var toml: String?
    /// Built-in parametrizations the resulting scheme equals up to the abc symmetry.
    public var equivalentTo: [String]
    public var verified: Verification

    enum CodingKeys: String, CodingKey {
        case parametrization, optimizer, sweep, fixedParametrization = "fixed_parametrization", changes, toml
        case equivalentTo = "equivalent_to", verified
    }
}

/// The prescriptions of an experiment: solved at plan time from each diagnosed
/// parametrization's declared exponents, so that the plan trains the fixed schemes like any
/// other runs; verified afterwards from their measured diagnosis.
enum Prescriptions {
    /// A prescription the plan trains: the diagnosis source it fixes and the joint solution.
    struct Planned: Sendable, Equatable {
        let source: Diagnosis.Source
        let solution: PrescriptionSolver.Solution

        /// The fixed scheme when this source's optimizer needs one.
        var fixed: Parametrization? { solution.changes(for: source.optimizer).isEmpty ? nil : solution.fixed }
    }

    /// One prescription per diagnosis source; each parametrization is solved once, jointly
    /// over the optimizers it is diagnosed with, so its fixed scheme is one block.
    static func plan(_ experiment: ExperimentSpec) -> [Planned] {
        let sources = Diagnosis.sources(experiment)
        let used = experiment.sweeps.flatMap(\.parametrizations)
        var result: [Planned] = []
        var solved: [String: PrescriptionSolver.Solution] = [:]
        for source in sources {
            let own = sources.filter { $0.parametrization == source.parametrization }
            let depths = own.compactMap { experiment.sweep(named: $0.sweep)?.settings.depth }
            // A linear model has no width-dependent layer to fix.
            guard (depths.min() ?? 0) >= 2 else { continue }
            let solution = solved[source.parametrization.name] ?? {
                let kinds = Set(depths.flatMap { depth in (1...depth).map { l in l == depth ? LayerKind.output : l == 1 ? .input : .hidden } })
                let optimizers = OptimizerKind.allCases.filter { o in own.contains { $0.optimizer == o } }
                var solution = PrescriptionSolver.solve(source.parametrization, optimizers: optimizers, kinds: Array(kinds),
                                                        name: name(for: source.parametrization, among: used, scheme: nil))
                if let fixed = solution.fixed {
                    // A name the experiment already gives another scheme would share its runs.
                    let free = name(for: source.parametrization, among: used, scheme: fixed.scheme)
                    if free != fixed.name {
                        solution = PrescriptionSolver.solve(source.parametrization, optimizers: optimizers, kinds: Array(kinds), name: free)
                    }
                }
                return solution
            }()
            solved[source.parametrization.name] = solution
            result.append(Planned(source: source, solution: solution))
        }
        return result
    }

    /// `NAME-fixed`, or `NAME-fixed-2`, … when the experiment uses that name for a different
    /// scheme (the same scheme, pasted in, shares its runs).
    static func name(for parametrization: Parametrization, among used: [Parametrization], scheme: ParametrizationScheme?) -> String {
        let stem = "\(parametrization.name)-fixed"
        var candidate = stem, suffix = 1
        while let taken = used.first(where: { $0.name == candidate }), taken.scheme != scheme {
            suffix += 1
            candidate = "\(stem)-\(suffix)"
        }
        return candidate
    }

    /// The prescription of `planned`, verified by the diagnosis of the fixed scheme's runs
    /// (`fixedDiagnosis`), or by the original's own when nothing changes.
    static func make(_ planned: Planned, original: [LayerDiagnosis], fixedDiagnosis: [LayerDiagnosis]) -> Prescription {
        let source = planned.source, solution = planned.solution
        let changes = solution.changes(for: source.optimizer)
        let toml = planned.fixed.map { PrescriptionSolver.toml($0, original: source.parametrization, changes: solution.changes) }
        let records = planned.fixed == nil ? original : fixedDiagnosis
        let pass = !records.isEmpty && records.allSatisfy(\.pass)
        let misses = records.filter { !$0.pass }
        let missText = misses.prefix(4).map { "W_\($0.layer) \(LayerDiagnosis.words($0.quantity)) at step \($0.step) (\(NumberFormat.signed($0.slope)) against \(NumberFormat.signed($0.target)))" }
            .joined(separator: ", ") + (misses.count > 4 ? " and \(misses.count - 4) more" : "")
        let note: String
        switch (planned.fixed, pass) {
        case (nil, true): note = "meets the condition in every layer: nothing to change"
        case (nil, false) where records.isEmpty: note = "no diagnosis: the runs gave no slope"
        case (nil, false): note = "the exponents find no fault, but the runs miss: \(missText); a second iteration would need a measured fault the exponents do not explain, so none is prescribed"
        case (let fixed?, true): note = "verified: \(fixed.name), trained on the same sweep, meets the condition in every layer"
        case (let fixed?, false) where records.isEmpty: note = "not verified: \(fixed.name) gave no slope (its runs diverged or were not trained)"
        case (let fixed?, false): note = "not verified: \(fixed.name), trained on the same sweep, still misses \(missText)"
        }
        return Prescription(parametrization: source.parametrization, optimizer: source.optimizer, sweep: source.sweep,
                            fixedParametrization: planned.fixed?.name, changes: changes, toml: toml,
                            equivalentTo: solution.equivalentTo, verified: .init(pass: pass, parametrization: planned.fixed?.name ?? source.parametrization.name,
                                                                                 diagnosis: records, note: note))
    }
}

extension LayerDiagnosis {
    /// `‖W‖_*`, `‖ΔW‖_*`, `‖Δh‖_RMS` as a note writes them.
    static func words(_ quantity: Measure) -> String {
        switch quantity {
        case .weightNorm: return "‖W‖_*"
        case .updateNorm: return "‖ΔW‖_*"
        case .featureChange: return "‖Δh‖_RMS"
        }
    }
}
