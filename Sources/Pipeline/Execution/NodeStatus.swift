import Foundation

/// The state of a node as `cache status` and `--dry-run` report it.
public struct NodeStatus: Codable, Sendable {
    public enum State: String, Codable, Sendable {
        case fresh, stale, missing
        /// Cached, but `--force` recomputes it.
        case forced
    }
    public var node: NodeID
    public var kind: NodeKind
    public var state: State
    /// Why it is stale or missing.
    public var reason: String?
    public var key: String?
    /// The predicted seconds of a node that would execute (with a calibration).
    public var predictedSeconds: Double?

    enum CodingKeys: String, CodingKey { case node, kind, state, reason, key, predictedSeconds = "predicted_seconds" }
}

/// Says, without executing anything, which nodes are fresh, stale or missing, and why: it
/// needs only the plan, the store and the key rules.
public struct StatusExplainer: Sendable {
    public let plan: Plan
    public let store: any ArtifactStore
    let keys: NodeKeys
    /// What `--force` would recompute.
    public let force: ForceSelection

    public init(plan: Plan, store: any ArtifactStore, toolVersion: String = ToolInfo.version, force: ForceSelection = .none) {
        self.plan = plan
        self.store = store
        keys = NodeKeys(toolVersion: toolVersion)
        self.force = force
    }

    /// The nodes an execution would compute: those without an entry, or forced. Cheaper
    /// than `statuses()` (manifests are read, artifacts not hashed, no reasons), for a
    /// prediction; an entry damaged since is recomputed anyway.
    public func wouldExecute() -> Set<NodeID> {
        var outputs: [NodeID: String] = [:]
        var executing = Set<NodeID>()
        for node in plan.nodes {
            if let derived = keys.key(for: node, outputHashes: outputs), let manifest = store.manifest(derived.key) {
                outputs[node.id] = manifest.outputHash
                if force.includes(node.id) { executing.insert(node.id) }
            } else {
                executing.insert(node.id)
            }
        }
        return executing
    }

    /// Every node's state, in plan order.
    public func statuses() -> [NodeStatus] {
        var outputs: [NodeID: String] = [:]
        var states: [NodeID: NodeStatus.State] = [:]
        var result: [NodeStatus] = []
        for node in plan.nodes {
            let previous = store.lastRecord(experiment: plan.experiment.name, node: node.id.rawValue)
            let status: NodeStatus
            if let derived = keys.key(for: node, outputHashes: outputs) {
                if case let .hit(manifest) = store.lookup(derived.key, requiring: node.requiredArtifacts, removingDamaged: false) {
                    outputs[node.id] = manifest.outputHash
                    let forced = force.includes(node.id)
                    status = NodeStatus(node: node.id, kind: node.kind, state: forced ? .forced : .fresh,
                                        reason: forced ? "recomputed because of --force" : nil, key: derived.key)
                } else if let previous {
                    status = NodeStatus(node: node.id, kind: node.kind, state: .stale, reason: Self.reasons(previous, derived), key: derived.key)
                } else {
                    status = NodeStatus(node: node.id, kind: node.kind, state: .missing, reason: "never computed", key: derived.key)
                }
            } else {
                let waiting = node.inputs.first { states[$0] != .fresh }
                let reason = waiting.map { "input \($0) is \(states[$0]?.rawValue ?? "not ready")" } ?? "an input is not ready"
                status = NodeStatus(node: node.id, kind: node.kind, state: previous == nil ? .missing : .stale, reason: reason, key: nil)
            }
            states[node.id] = status.state
            result.append(status)
        }
        return result
    }

    /// Why a node's key differs from the one recorded when it was last computed.
    static func reasons(_ previous: CacheStore.NodeRecord, _ derived: NodeKeys.Derived) -> String {
        let material = derived.material
        var reasons: [String] = []
        if previous.key == derived.key { reasons.append("its cache entry is gone or corrupt") }
        if previous.tool != material.tool { reasons.append("tool version changed (\(previous.tool) → \(material.tool))") }
        if previous.parameters != ContentHash.sha256(Data(material.parameters.utf8)) {
            let changes = previous.parameterValues.map { ParameterDiff.changes(from: $0, to: material.parameters) } ?? []
            reasons += changes.isEmpty ? ["parameters changed"] : changes
        }
        for (name, hash) in material.files.sorted(by: { $0.key < $1.key }) where previous.files[name] != hash {
            reasons.append("file \(name) changed")
        }
        for (input, hash) in material.inputs.sorted(by: { $0.key < $1.key }) where previous.inputs[input] != hash {
            reasons.append("input \(input) changed")
        }
        if reasons.isEmpty { return "key changed" }
        return reasons.prefix(3).joined(separator: "; ") + (reasons.count > 3 ? "; …" : "")
    }
}

/// Names the parameters that differ between two canonical JSON documents.
enum ParameterDiff {
    /// `parameter embedImages changed (false → true)` for each differing leaf, by path.
    static func changes(from old: String, to new: String) -> [String] {
        let before = flatten(old), after = flatten(new)
        return Set(before.keys).union(after.keys).sorted().compactMap { path in
            let a = before[path], b = after[path]
            guard a != b else { return nil }
            switch (a, b) {
            case let (a?, b?) where a.count + b.count <= 60: return "parameter \(path) changed (\(a) → \(b))"
            case (_?, _?): return "parameter \(path) changed"
            case (nil, _?): return "parameter \(path) added"
            default: return "parameter \(path) removed"
            }
        }
    }

    /// Leaf values of a JSON document by path (`figures[0].caption`), as JSON text.
    static func flatten(_ json: String) -> [String: String] {
        guard let value = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]) else { return [:] }
        var leaves: [String: String] = [:]
        func visit(_ value: Any, _ path: String) {
            if let object = value as? [String: Any] {
                for (key, child) in object { visit(child, path.isEmpty ? key : "\(path).\(key)") }
            } else if let array = value as? [Any] {
                for (index, child) in array.enumerated() { visit(child, "\(path)[\(index)]") }
                if array.isEmpty { leaves[path] = "[]" }
            } else if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) {
                leaves[path] = String(decoding: data, as: UTF8.self)
            }
        }
        visit(value, "")
        return leaves
    }
}
