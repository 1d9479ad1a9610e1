/// Which cached nodes to recompute anyway.
public enum ForceSelection: Sendable {
    case none
    case all
    /// Node ids, or prefixes ending in `/` (e.g. `run/movement/`).
    case nodes([String])

    /// Whether node `id` is to be recomputed.
    public func includes(_ id: NodeID) -> Bool {
        switch self {
        case .none: return false
        case .all: return true
        case let .nodes(patterns): return patterns.contains { Self.matches($0, id.rawValue) }
        }
    }

    /// A pattern names a node exactly, or a prefix of its path (`run/movement/` or `run/movement`).
    static func matches(_ pattern: String, _ id: String) -> Bool {
        pattern == id || (pattern.hasSuffix("/") && id.hasPrefix(pattern)) || id.hasPrefix(pattern + "/")
    }
}
