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
    let runs: [NodeID]

    var parameters: [NodeID] { runs }

    func compute(_ inputs: ComputationInputs) throws -> ComputationOutput {
        let results = try runs.map { try inputs.decode(RunResult.self, $0, .runResult) }
        let overview = RunsOverview(runs: results.count, divergedRuns: results.filter { $0.status == .diverged }.count,
                                    blasKernels: Array(Set(results.map(\.environment.blasKernel))).sorted())
        return ComputationOutput([.runsOverview: try ContentHash.prettyJSON(overview)])
    }
}
