import Foundation
import Training

/// The per-layer diagnosis of every parametrization and optimizer (see `Diagnosis`), from
/// the runs of the sweeps it is read on.
struct DiagnosisComputation: NodeComputation {
    let sources: [Diagnosis.Source]
    let runs: [RunComputation.Input]

    struct Parameters: Encodable {
        struct Source: Encodable { let sweep: String; let parametrization: String; let optimizer: OptimizerKind }
        let sources: [Source]
        let tolerance: Double
    }

    var parameters: Parameters {
        Parameters(sources: sources.map { .init(sweep: $0.sweep, parametrization: $0.parametrization.name, optimizer: $0.optimizer) },
                   tolerance: Diagnosis.tolerance)
    }

    var inputs: [NodeID] { runs.map(\.node) }

    func compute(_ inputs: ComputationInputs) throws -> ComputationOutput {
        var lines: [LayerDiagnosis] = []
        for source in sources {
            let own = try runs.filter { $0.sweep == source.sweep && $0.configuration.parametrization == source.parametrization }.map { run in
                Aggregator.Run(configuration: run.configuration, result: try inputs.decode(RunResult.self, run.node, .runResult))
            }
            lines += Diagnosis.diagnose(source, runs: own)
        }
        return ComputationOutput([.diagnosis: try ContentHash.prettyJSON(lines)])
    }

    /// The diagnosis node of `experiment`, over the runs of its sweeps.
    static func node(_ experiment: ExperimentSpec, runsBySweep: [String: [RunComputation.Input]]) throws -> PlanNode {
        let sources = Diagnosis.sources(experiment)
        let runs = sources.flatMap { source in
            (runsBySweep[source.sweep] ?? []).filter { $0.configuration.parametrization == source.parametrization }
        }
        let computation = DiagnosisComputation(sources: sources, runs: runs)
        return try PlanNode(id: .diagnosis, kind: .aggregate, inputs: computation.inputs, computation: computation)
    }
}
