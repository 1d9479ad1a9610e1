import Foundation
import Training

/// What a report says of its runs as a whole: how many, how many diverged, and where they
/// ran (the BLAS kernels; the thread count does not change results and is not reported).
struct RunsOverview: Codable, Sendable, Equatable {
    var runs: Int
    var divergedRuns: Int
    /// The kernels the runs used, sorted (results may differ between kernels).
    var blasKernels: [String]
}

/// Reads every run of the plan into a `RunsOverview`.
struct RunsOverviewComputation: NodeComputation {
    /// Every run of the plan, with its sweep.
    let runs: [RunComputation.Input]

    static var kind: NodeKind { .aggregate }
    var inputs: [NodeID] { runs.map(\.node) }
    var artifacts: Set<Artifact> { [.runsOverview, .runsTable] }

    struct Run: Encodable { let node: NodeID; let sweep: String }
    var parameters: [Run] { runs.map { Run(node: $0.node, sweep: $0.sweep) } }
    var reportFiles: [(path: String, artifact: Artifact)] { [("data/runs.csv", .runsTable)] }

    func compute(_ inputs: ComputationInputs) throws -> ComputationOutput {
        let results = try runs.map { try inputs.decode(RunResult.self, $0.node, .runResult) }
        let overview = RunsOverview(runs: results.count, divergedRuns: results.filter(Divergence.diverged).count,
                                    blasKernels: Array(Set(results.map(\.environment.blasKernel))).sorted())
        let table = RunsTable.make(zip(runs, results).map { ($0.0.node, $0.0.sweep, $0.1) })
        return ComputationOutput([.runsOverview: try ContentHash.prettyJSON(overview), .runsTable: Data(table.csv.utf8)])
    }
}
