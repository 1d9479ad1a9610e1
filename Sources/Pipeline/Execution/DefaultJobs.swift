import Foundation
import Training

/// How many training runs execute at once when `--jobs` is not given.
///
/// One per BLAS thread: each run then takes a core of its own with single-threaded
/// products, which on 2 cores is 12–20 % faster than two threads per run (no time goes to
/// handing product blocks between threads), and results are the same bytes either way. As
/// many as half the physical memory holds for the plans' largest run, so that many cores do
/// not start more wide runs than the machine can hold.
public enum DefaultJobs {
    /// The default for `threads` BLAS threads and the runs of `plans`.
    public static func count(threads: Int, plans: [Plan], memory: UInt64 = ProcessInfo.processInfo.physicalMemory) -> Int {
        let largest = plans.flatMap(\.runs).compactMap(\.runConfiguration).map(peakBytes).max() ?? 0
        let byMemory = largest > 0 ? Int(min(memory / 2 / UInt64(largest), 256)) : threads
        return max(1, min(threads, byMemory, 256))
    }

    /// A generous estimate of one run's peak memory: eight copies of the parameters (weights,
    /// the initial weights, gradients, optimizer moments and scratch) and three buffers of
    /// every layer for the batch, the evaluation rows and the test rows.
    static func peakBytes(_ configuration: RunConfiguration) -> UInt64 {
        let shapes = configuration.architecture.layerShapes
        let parameters = shapes.reduce(0) { $0 + $1.fanIn * $1.fanOut }
        let units = shapes.reduce(0) { $0 + $1.fanOut }
        let rows = configuration.batchSize + 2 * configuration.evaluationSize + configuration.probeSize
        return UInt64(4 * (8 * parameters + 3 * units * rows))
    }
}
