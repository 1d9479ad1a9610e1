import Foundation
import Training

/// One unit of work: what it reads (its inputs' outputs, files, parameters) and the
/// computation that turns them into artifacts.
///
/// The key's parameters and files are taken from the computation itself, so what enters a
/// node's key and what its computation reads cannot disagree.
public struct PlanNode: Sendable {
    public let id: NodeID
    public let kind: NodeKind
    /// The nodes whose outputs this one reads.
    public let inputs: [NodeID]
    /// The work.
    let computation: any NodeComputation
    /// Canonical JSON of the parameters that decide the output (part of the key).
    public let parameters: Data
    /// Files read, by name, with their content hashes (part of the key).
    public let files: [String: String]

    init<C: NodeComputation>(id: NodeID, kind: NodeKind, inputs: [NodeID] = [], computation: C) throws {
        self.id = id
        self.kind = kind
        self.inputs = inputs
        self.computation = computation
        parameters = try ContentHash.canonicalJSON(computation.parameters)
        files = computation.files
    }

    /// The training configuration, for run nodes.
    public var runConfiguration: RunConfiguration? { (computation as? RunComputation)?.configuration }
    /// The data set, for run nodes.
    var dataset: DatasetDescriptor? { (computation as? RunComputation)?.dataset }
}
