import Foundation

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

/// Settings of one execution.
public struct ExecutionOptions: Sendable {
    /// Training runs at once; BLAS threads are split so that jobs × threads ≤ `threads`.
    public var jobs: Int = 1
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    public var force: ForceSelection = .none
    /// Execute only the `index`-th (1-based) of `count` partitions of the uncached runs.
    public var shard: (index: Int, count: Int)?
    /// This machine's calibration, when one is kept: the progress display's ETA then starts
    /// from the predicted times.
    public var calibration: Calibration?
    /// The tool version that enters every key (the running tool's; tests vary it).
    public var toolVersion = ToolInfo.version

    var keys: NodeKeys { NodeKeys(toolVersion: toolVersion) }

    public init() {}
}

/// What `run --json` prints.
public struct ExecutionSummary: Codable, Sendable {
    /// The experiment's name (its report folder).
    public var experiment = ""
    public var nodes = 0
    public var executed = 0
    public var cached = 0
    public var failed = 0
    public var skipped = 0
    public var executedByKind: [NodeKind: Int] = Dictionary(uniqueKeysWithValues: NodeKind.allCases.map { ($0, 0) })
    public var outputs: [String] = []
    public var interrupted = false
    public var failures: [String] = []
    public var corruptEntries: [String] = []
    public var seconds = 0.0
    /// The cache key of every node that finished (executed or cached), for writing the report.
    public var entries: [NodeID: String] = [:]
    /// How the work was spread, and the BLAS kernel: the outputs depend on the kernel only.
    public var jobs = 1
    public var threads = 1
    public var blasKernel = ""
    /// What the calibration predicted for the nodes that executed, when one was cached.
    public var predictedSeconds: Double?
    /// The nodes that executed (not read from the cache), in the order they finished; not
    /// part of the JSON summary.
    public var executedNodes: [NodeID] = []

    enum CodingKeys: String, CodingKey {
        case experiment, nodes, executed, cached, failed, skipped, executedByKind = "executed_by_kind", outputs, interrupted, failures
        case corruptEntries = "corrupt_entries", seconds, predictedSeconds = "predicted_seconds", jobs, threads, blasKernel = "blas_kernel"
    }

    /// Whether every node finished, so the report can be written.
    public var isComplete: Bool { !interrupted && failed == 0 && executed + cached == nodes }
}

/// Hands out work items to several threads.
final class WorkQueue<Item: Sendable>: @unchecked Sendable {
    private let items: [Item]
    private var position = 0
    private let lock = NSLock()
    init(_ items: [Item]) { self.items = items }
    func next() -> Item? {
        lock.lock(); defer { lock.unlock() }
        guard position < items.count else { return nil }
        position += 1
        return items[position - 1]
    }
}
