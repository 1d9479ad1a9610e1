import Foundation
import Training

/// One unit of work: what it reads (its inputs' outputs, files, parameters) and the
/// computation that turns them into artifacts.
///
/// Everything but the id is taken from the computation (`NodeComputation`), so what enters
/// a node's key, what its computation reads and what its entry must hold cannot disagree.
public struct PlanNode: Sendable {
    public let id: NodeID
    public let kind: NodeKind
    /// The nodes whose outputs this one reads.
    public let inputs: [NodeID]
    /// The work.
    let computation: any NodeComputation
    /// How the executor runs it.
    let scheduling: NodeScheduling
    /// Canonical JSON of the parameters that decide the output (part of the key).
    public let parameters: Data
    /// Files read, by name, with their content hashes (part of the key).
    public let files: [String: String]
    /// The names of the artifacts every entry of this node holds.
    let requiredArtifacts: Set<String>

    init<C: NodeComputation>(id: NodeID, computation: C) throws {
        self.id = id
        kind = C.kind
        scheduling = C.scheduling
        inputs = computation.inputs
        self.computation = computation
        parameters = try ContentHash.canonicalJSON(computation.parameters)
        files = computation.files
        requiredArtifacts = Set(computation.artifacts.map(\.rawValue))
    }

    /// The training configuration, for run nodes.
    public var runConfiguration: RunConfiguration? { computation.training?.configuration }
    /// The data set, for run nodes.
    var dataset: DatasetDescriptor? { computation.training?.dataset }
    /// The test rows a run's data set has (0 for other nodes).
    var testExamples: Int { dataset?.testLimit ?? dataset?.teacher?.testExamples ?? 0 }
}
