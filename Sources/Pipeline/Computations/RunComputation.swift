import Foundation
import Training

/// Trains one configuration and stores its `RunResult`.
struct RunComputation: NodeComputation, Encodable {
    /// A run as the nodes that read it know it.
    struct Input: Sendable {
        let node: NodeID, sweep: String
        let configuration: RunConfiguration
    }

    let configuration: RunConfiguration
    var dataset: DatasetDescriptor

    /// The configuration and the data set's contents: where the files are does not matter,
    /// what they hold does.
    var parameters: RunComputation {
        var keyed = self
        keyed.dataset.directory = nil
        return keyed
    }

    var files: [String: String] { dataset.fileHashes ?? [:] }

    func compute(_ inputs: ComputationInputs) throws -> ComputationOutput {
        let result = try Trainer.run(configuration, dataset: try inputs.datasets.dataset(dataset), isCancelled: inputs.isCancelled)
        return ComputationOutput([.runResult: try ContentHash.prettyJSON(result)],
                                 meaningful: [.runResult: try ContentHash.canonicalJSON(result.withoutTimings)])
    }
}
