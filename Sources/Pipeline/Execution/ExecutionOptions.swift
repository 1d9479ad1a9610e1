import Foundation

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
