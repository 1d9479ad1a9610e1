import Foundation
import Training

/// What to change in one parametrization for one optimizer, solved jointly over its layers
/// (`PrescriptionSolver`), written as an experiment-file block, and verified by training the
/// fixed scheme on the same sweep.
public struct Prescription: Codable, Sendable, Equatable {
    /// The diagnosis of the scheme the prescription leads to, from its own runs.
    public struct Verification: Codable, Sendable, Equatable {
        /// Every record of `diagnosis` at initialisation and after the first step meets the
        /// condition: what the exponents prescribe (they are a first-step account).
        public var pass: Bool
        /// Every record at the end of training meets it too.
        public var passAtEnd: Bool
        /// The parametrization whose runs were diagnosed: the fixed scheme, or the original
        /// when nothing changes.
        public var parametrization: String
        public var diagnosis: [LayerDiagnosis]
        /// What the verification shows, in words.
        public var note: String
        /// When the fixed scheme still misses at initialisation or after the first step: the
        /// next iteration, solved from those misses, not trained (`null` otherwise).
        @ExplicitNull public var secondIteration: PrescriptionIteration?

        enum CodingKeys: String, CodingKey { case pass, passAtEnd = "pass_at_end", parametrization, diagnosis, note, secondIteration = "second_iteration" }
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
        // Per parametrization (in the order they are first diagnosed), SGD before Adam.
        let order = sources.map(\.parametrization.name)
        return result.sorted { a, b in
            let (ia, ib) = (order.firstIndex(of: a.source.parametrization.name) ?? 0, order.firstIndex(of: b.source.parametrization.name) ?? 0)
            return (ia, OptimizerKind.allCases.firstIndex(of: a.source.optimizer) ?? 0) < (ib, OptimizerKind.allCases.firstIndex(of: b.source.optimizer) ?? 0)
        }
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
        let first = records.filter { $0.step <= 1 }, end = records.filter { $0.step > 1 }
        let pass = !first.isEmpty && first.allSatisfy(\.pass)
        let passAtEnd = pass && end.allSatisfy(\.pass)
        var note = Self.note(fixed: planned.fixed, records: records, pass: pass)
        let second = planned.fixed.flatMap { pass ? nil : secondIteration(fixed: $0, optimizer: source.optimizer, records: records) }
        if let second {
            let words = second.changes.map { "\($0.layerKind.rawValue) layer's \($0.words) ×n^{\(Diagnosis.power($0.exponentChange))}" }
            note += "; a second iteration from these misses changes \(words.joined(separator: ", ")) (not trained in this run, so not verified: add its block to a sweep and rerun)"
        } else if planned.fixed != nil, !pass, !records.isEmpty {
            note += "; no field explains what remains (the initial norms and first updates meet the condition), so there is no second iteration"
        }
        return Prescription(parametrization: source.parametrization, optimizer: source.optimizer, sweep: source.sweep,
                            fixedParametrization: planned.fixed?.name, changes: changes, toml: toml,
                            equivalentTo: solution.equivalentTo, verified: .init(pass: pass, passAtEnd: passAtEnd, parametrization: planned.fixed?.name ?? source.parametrization.name,
                                                                                 diagnosis: records, note: note, secondIteration: second))
    }
}

extension Prescriptions {
    /// The verification in words: what passes, and every miss that remains.
    static func note(fixed: Parametrization?, records: [LayerDiagnosis], pass: Bool) -> String {
        func misses(_ lines: [LayerDiagnosis]) -> String {
            let shown = lines.prefix(4).map {
                "W_\($0.layer) \(LayerDiagnosis.words($0.quantity)) (\(NumberFormat.signed($0.slope)) against \(NumberFormat.signed($0.target)))"
            }
            return shown.joined(separator: ", ") + (lines.count > 4 ? " and \(lines.count - 4) more" : "")
        }
        let first = records.filter { $0.step <= 1 && !$0.pass }, end = records.filter { $0.step > 1 && !$0.pass }
        let endStep = records.map(\.step).max() ?? 0
        let atEnd = end.isEmpty ? "" : "; at the end of training (step \(endStep)) it misses \(misses(end)): the exponents fix the first step, so these are not prescribed against"
        guard !records.isEmpty else {
            return fixed.map { "\($0.name) gave no slope (its runs diverged)" } ?? "no diagnosis: the runs gave no slope"
        }
        switch (fixed, pass) {
        case (nil, true): return "meets the condition in every layer: nothing to change" + atEnd
        case (nil, false):
            return "the exponents find no fault, but after the first step the runs miss \(misses(first)): no field of the scheme explains them, so nothing is prescribed" + atEnd
        case (let fixed?, true):
            return "\(fixed.name), trained on the same sweep, meets the condition in every layer at initialisation and after the first step" + atEnd
        case (let fixed?, false):
            return "\(fixed.name), trained on the same sweep, still misses \(misses(first)) at initialisation or after the first step" + atEnd
        }
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
