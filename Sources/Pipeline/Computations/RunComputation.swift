import Foundation
import Training

/// Trains one configuration and stores its `RunResult`.
struct RunComputation: NodeComputation {
    /// A run as the nodes that read it know it.
    struct Input: Sendable {
        let node: NodeID
        let sweep: String
        let configuration: RunConfiguration
    }

    let configuration: RunConfiguration
    let dataset: DatasetDescriptor

    struct Parameters: Encodable {
        let configuration: RunConfiguration
        let dataset: DatasetDescriptor
    }

    var parameters: Parameters {
        var keyed = dataset
        keyed.directory = nil  // where the files are does not matter, what they hold does
        return Parameters(configuration: configuration, dataset: keyed)
    }

    var files: [String: String] { dataset.fileHashes ?? [:] }

    func compute(_ inputs: ComputationInputs) throws -> ComputationOutput {
        let result = try Trainer.run(configuration, dataset: try inputs.datasets.dataset(dataset), isCancelled: inputs.isCancelled)
        return ComputationOutput([.runResult: try ContentHash.prettyJSON(result)],
                                 meaningful: [.runResult: try ContentHash.canonicalJSON(result.withoutTimings)])
    }
}
