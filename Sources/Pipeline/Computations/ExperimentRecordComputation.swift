import Foundation

/// Writes `data/experiment.json`, the experiment as it was run (see `ExperimentRecord`).
struct ExperimentRecordComputation: NodeComputation {
    let record: ExperimentRecord

    var parameters: ExperimentRecord { record }
    var reportFiles: [(path: String, artifact: Artifact)] { [("data/experiment.json", .experimentRecord)] }

    func compute(_ inputs: ComputationInputs) throws -> ComputationOutput {
        ComputationOutput([.experimentRecord: try ContentHash.prettyJSON(record)])
    }
}
