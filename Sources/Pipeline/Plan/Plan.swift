import Foundation

/// An experiment expanded into nodes, in dependency order.
public struct Plan: Sendable {
    public let experiment: ExperimentSpec
    public let nodes: [PlanNode]
    /// Version of the node layouts and computations; bump to recompute everything.
    public static let schemaVersion = 8

    /// A plan of `nodes`, checked: ids unique, every input a node that comes before its
    /// reader, every report file an artifact its node stores, no report file written twice.
    /// - Throws: `PlanError` naming the first node at fault.
    init(experiment: ExperimentSpec, nodes: [PlanNode]) throws {
        var position: [NodeID: Int] = [:]
        var reportPaths: [String: NodeID] = [:]
        for (index, node) in nodes.enumerated() {
            for input in node.inputs where position[input] == nil {
                throw PlanError(nodes.contains { $0.id == input }
                                ? "\(node.id) reads \(input), which does not come before it" : "\(node.id) reads \(input), which is not in the plan")
            }
            guard position.updateValue(index, forKey: node.id) == nil else { throw PlanError("two nodes are named \(node.id)") }
            guard node.id.kind == node.kind else { throw PlanError("\(node.id) is a node of kind \(node.kind.rawValue), but its id names another") }
            let stored = node.computation.artifacts
            for (path, artifact) in node.computation.reportFiles {
                guard stored.contains(artifact) else { throw PlanError("\(node.id) puts \(artifact.rawValue) into the report but does not store it") }
                if let other = reportPaths.updateValue(node.id, forKey: path) { throw PlanError("\(other) and \(node.id) both write \(path)") }
            }
            for (_, artifact) in node.computation.reportBundles where !stored.contains(artifact) {
                throw PlanError("\(node.id) puts \(artifact.rawValue) into the report but does not store it")
            }
        }
        self.experiment = experiment
        self.nodes = nodes
    }

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
        // Nodes come in dependency order (checked), so one backward pass collects every input.
        for node in nodes.reversed() where needed.contains(node.id) { needed.formUnion(node.inputs) }
        return try Plan(experiment: experiment, nodes: nodes.filter { needed.contains($0.id) })
    }
}
