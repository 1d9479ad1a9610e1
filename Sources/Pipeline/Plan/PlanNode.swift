import Foundation
import Training

/// The kinds of node in a plan.
public enum NodeKind: String, Codable, CaseIterable, Sendable, CodingKeyRepresentable {
    case run, aggregate, figure, page
}

/// HTML or Markdown.
public enum PageFormat: String, Codable, Sendable, CaseIterable {
    case html, markdown

    /// The page's artifact, which is also its file name in the report folder.
    var artifact: Artifact { self == .html ? .html : .markdown }
}

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

/// Where a run's data come from, as it enters the run's key.
struct DatasetDescriptor: Codable, Hashable, Sendable {
    public var name: String
    /// For the teacher data set.
    public var teacher: TeacherConfiguration?
    /// For file data sets: the directory, and each file's hash (only hashes enter keys).
    public var directory: String?
    public var fileHashes: [String: String]?
    public var trainLimit: Int?
    public var testLimit: Int?
}

/// An experiment expanded into nodes, in dependency order.
public struct Plan: Sendable {
    public let experiment: ExperimentSpec
    public let nodes: [PlanNode]
    /// Version of the node layouts and computations; bump to recompute everything.
    public static let schemaVersion = 8

    public func node(_ id: NodeID) -> PlanNode? { nodes.first { $0.id == id } }

    /// The training runs, in plan order.
    public var runs: [PlanNode] { nodes.filter { $0.kind == .run } }

    /// Checks node patterns given on the command line (`--force-node`, `--only`): each must
    /// name a node or a prefix of one.
    /// - Throws: `InputError` naming the first pattern that matches nothing, with the
    ///   closest id.
    public func checkPatterns(_ patterns: [String], option: String) throws {
        for pattern in patterns where !nodes.contains(where: { ForceSelection.matches(pattern, $0.id.rawValue) }) {
            let ids = nodes.map(\.id.rawValue)
            let prefixes = Set(ids.flatMap { id in id.split(separator: "/").indices.map { id.split(separator: "/")[...$0].joined(separator: "/") } })
            throw InputError(file: experiment.path, key: option,
                             message: "'\(pattern)' matches no node\(Suggestion.hint(for: pattern, in: Array(prefixes).sorted()))")
        }
    }

    /// The plan of just the nodes `patterns` name and the nodes they need (`run --only`,
    /// like `dvc repro STAGE`); only their report files are written.
    /// - Throws: `InputError` for a pattern that matches no node.
    public func restricted(to patterns: [String]) throws -> Plan {
        try checkPatterns(patterns, option: "--only")
        var needed = Set(nodes.filter { node in patterns.contains { ForceSelection.matches($0, node.id.rawValue) } }.map(\.id))
        // Nodes come in dependency order, so one backward pass collects every input.
        for node in nodes.reversed() where needed.contains(node.id) { needed.formUnion(node.inputs) }
        return Plan(experiment: experiment, nodes: nodes.filter { needed.contains($0.id) })
    }
}
