import Foundation
import Training

/// The per-layer diagnosis of every parametrization and optimizer (see `Diagnosis`), from
/// the runs of the sweeps it is read on, and the prescriptions verified by the diagnosis of
/// the fixed schemes' runs on the same sweeps.
struct DiagnosisComputation: NodeComputation {
    let sources: [Diagnosis.Source]
    let prescriptions: [Prescriptions.Planned]
    /// The diagnosed parametrizations' runs and the fixed schemes' runs.
    let runs: [RunComputation.Input]

    struct Parameters: Encodable {
        struct Source: Encodable { let sweep: String; let parametrization: String; let optimizer: OptimizerKind }
        let sources: [Source]
        let tolerance: Double
        /// The prescribed blocks, so that a change of the solver re-diagnoses.
        let prescriptions: [String]
    }

    var parameters: Parameters {
        Parameters(sources: sources.map { .init(sweep: $0.sweep, parametrization: $0.parametrization.name, optimizer: $0.optimizer) },
                   tolerance: Diagnosis.tolerance,
                   prescriptions: prescriptions.map { planned in
                       "\(planned.source.parametrization.name)/\(planned.source.optimizer.rawValue): "
                           + (planned.fixed.map { PrescriptionSolver.toml($0, original: planned.source.parametrization, changes: planned.solution.changes) } ?? "none")
                   })
    }

    static var kind: NodeKind { .aggregate }
    var inputs: [NodeID] { runs.map(\.node) }
    var artifacts: Set<Artifact> { [.diagnosis, .prescriptions] }

    func compute(_ inputs: ComputationInputs) throws -> ComputationOutput {
        func runs(_ sweep: String, _ parametrization: Parametrization) throws -> [Aggregator.Run] {
            try self.runs.filter { $0.sweep == sweep && $0.configuration.parametrization == parametrization }.map { run in
                Aggregator.Run(configuration: run.configuration, result: try inputs.decode(RunResult.self, run.node, .runResult))
            }
        }
        var lines: [LayerDiagnosis] = []
        var records: [Prescription] = []
        for source in sources {
            let planned = prescriptions.first { $0.source == source }
            let own = Diagnosis.diagnose(source, runs: try runs(source.sweep, source.parametrization), solution: planned?.solution)
            lines += own
            guard let planned else { continue }
            var fixedLines: [LayerDiagnosis] = []
            if let fixed = planned.fixed {
                let fixedSource = Diagnosis.Source(sweep: source.sweep, parametrization: fixed, optimizer: source.optimizer)
                fixedLines = Diagnosis.diagnose(fixedSource, runs: try runs(source.sweep, fixed))
            }
            records.append(Prescriptions.make(planned, original: own, fixedDiagnosis: fixedLines))
        }
        // In the prescriptions' order: per parametrization, SGD before Adam.
        func rank(_ record: Prescription) -> Int {
            prescriptions.firstIndex { $0.source.parametrization == record.parametrization && $0.source.optimizer == record.optimizer } ?? 0
        }
        records.sort { rank($0) < rank($1) }
        return ComputationOutput([.diagnosis: try ContentHash.prettyJSON(lines), .prescriptions: try ContentHash.prettyJSON(records)])
    }

    /// The diagnosis node of `experiment`, over the runs of its sweeps and of the fixed schemes.
    static func node(_ experiment: ExperimentSpec, runsBySweep: [String: [RunComputation.Input]],
                     prescriptions: [Prescriptions.Planned], fixedRuns: [RunComputation.Input]) throws -> PlanNode {
        let sources = Diagnosis.sources(experiment)
        let runs = sources.flatMap { source in
            (runsBySweep[source.sweep] ?? []).filter { $0.configuration.parametrization == source.parametrization }
        }
        let known = Set(runs.map(\.node))
        let computation = DiagnosisComputation(sources: sources, prescriptions: prescriptions,
                                               runs: runs + fixedRuns.filter { !known.contains($0.node) })
        return try PlanNode(id: .diagnosis, computation: computation)
    }
}
