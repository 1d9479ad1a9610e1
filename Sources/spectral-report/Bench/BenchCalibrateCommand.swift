import ArgumentParser
import Foundation
import Pipeline

/// `spectral-report bench calibrate`: measures how fast this machine trains, for the
/// predictions of `run --dry-run`, and keeps the result in the cache.
struct BenchCalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Measure this machine's training rates for run --dry-run's predicted times, and keep them in the cache.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The cache directory.")
    var cacheDir: String = "output/.cache"

    @Option(help: "Training runs at once the prediction is for (each gets threads / jobs threads; default: as run's, one per thread).")
    var jobs: Int?

    mutating func validate() throws {
        if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be between 1 and 256, got \(jobs)") }
    }

    func run() throws {
        global.apply()
        // The same default as run's --jobs (DefaultJobs: one run per thread), so that a
        // calibration made without --jobs is the one a plain run --dry-run asks for.
        let jobs = self.jobs ?? DefaultJobs.count(threads: global.resolvedThreads, plans: [])
        let threads = max(1, global.resolvedThreads / min(jobs, global.resolvedThreads))
        let calibration = try Calibration.measure(threads: threads)
        let store = try CacheStore(root: URL(fileURLWithPath: cacheDir))
        try calibration.save(in: store)
        print("\(calibration.machine), \(threads) thread\(threads == 1 ? "" : "s") per run:")
        for point in calibration.points {
            print(String(format: "  width %5d: training %6.1f GFLOP/s, snapshots %6.1f GFLOP/s, %.1f ms per run",
                         point.width, 1e-9 / point.secondsPerTrainingOperation, 1e-9 / point.secondsPerSnapshotOperation, point.secondsPerRun * 1e3))
        }
    }
}
