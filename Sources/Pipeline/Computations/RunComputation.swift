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
        try Self.computeFamily([self], inputs)[0]
    }

    /// Trains runs of one family (`RunFamilies`: one trajectory, one data set) as one, and
    /// gives each its own output, the bytes it would have alone.
    static func computeFamily(_ members: [RunComputation], _ inputs: ComputationInputs) throws -> [ComputationOutput] {
        guard let first = members.first else { return [] }
        let results = try Trainer.run(family: members.map(\.configuration), dataset: try inputs.datasets.dataset(first.dataset),
                                      isCancelled: inputs.isCancelled)
        return try results.map { result in
            ComputationOutput([.runResult: try ContentHash.prettyJSON(result)],
                              meaningful: [.runResult: try ContentHash.canonicalJSON(result.withoutTimings)])
        }
    }
}
