import Foundation
import Linalg
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

    static var kind: NodeKind { .run }
    /// Runs train on several workers at once, BLAS threads split between them, in families
    /// that share their training (`RunFamilies`).
    static var scheduling: NodeScheduling { .parallel(setThreads: { BLASRuntime.setThreads($0) }) }
    var artifacts: Set<Artifact> { [.runResult] }
    var training: (configuration: RunConfiguration, dataset: DatasetDescriptor)? { (configuration, dataset) }

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

    func compute(family members: [any NodeComputation], _ inputs: ComputationInputs) throws -> [ComputationOutput] {
        let runs = members.compactMap { $0 as? RunComputation }
        guard runs.count == members.count else { throw PlanError("a family of runs holds a node that is not a run") }
        return try Self.computeFamily(runs, inputs)
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
