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
