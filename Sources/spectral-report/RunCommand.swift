import ArgumentParser
import Foundation
import Pipeline

/// `spectral-report run`: execute an experiment and write its report.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Train, aggregate, draw and write the report of an experiment, reusing every cached result.",
        discussion: """
            Exit codes: 0 success, 1 a node failed (its dependents are skipped), 2 bad input \
            (nothing executed, nothing written), 128 + the signal when interrupted by SIGINT \
            (130), SIGTERM (143) or SIGHUP (129): finished nodes are kept and a rerun resumes. \
            --force recomputes everything; --force-node ID recomputes the nodes named (ids as \
            --dry-run lists them, or prefixes such as run/movement/), and may be repeated. \
            --only ID builds just the nodes named and what they need, and writes only their files.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var experiment: ExperimentOptions

    @Option(help: "Training runs at once; BLAS threads are split between them (default: one per thread, as many as half the memory holds).")
    var jobs: Int?

    @Flag(help: "Recompute every node, even those the cache holds.")
    var force = false

    @Option(help: ArgumentHelp("Recompute this node (an id or prefix as --dry-run lists them), even if cached; repeat for more.", valueName: "id"))
    var forceNode: [String] = []

    @Option(help: ArgumentHelp("Build only this node (an id or prefix as --dry-run lists them) and the nodes it needs; repeat for more.", valueName: "id"))
    var only: [String] = []

    @Flag(help: "Show what would run and why, without running anything.")
    var dryRun = false

    @Flag(help: "Print one JSON summary object on standard output.")
    var json = false

    @Flag(help: "No progress output.")
    var quiet = false

    @Option(help: ArgumentHelp("Execute only the i-th of n partitions of the training runs (balanced by estimated cost), and nothing downstream (e.g. 3/8).", valueName: "i/n"))
    var shard: String?

    mutating func validate() throws {
        if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be between 1 and 256, got \(jobs)") }
        if let shard { _ = try Self.parseShard(shard) }
    }

    /// The most shards `--shard` accepts: far more than any report's runs, few enough that
    /// partitioning stays instant.
    static let maximumShards = 100_000

    static func parseShard(_ text: String) throws -> (Int, Int) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
            throw ValidationError("--shard must be i/n with 1 ≤ i ≤ n, got '\(text)'")
        }
        guard n <= maximumShards else {
            throw ValidationError("--shard: at most \(maximumShards) shards (a job array of more tasks than a report has runs leaves most of them idle), got \(n) in '\(text)'")
        }
        return (i, n)
    }

    func run() throws {
        global.apply()
        var request = ReportRun.Request(sessions: try experiment.sessions(), output: experiment.output, cache: experiment.cacheURL,
                                        threads: global.resolvedThreads)
        request.jobs = jobs
        request.forceAll = force
        request.forceNodes = forceNode
        request.only = only
        if let shard {
            let (index, count) = try Self.parseShard(shard)
            request.shard = (text: shard, index: index, count: count)
        }
        (request.dryRun, request.json, request.quiet) = (dryRun, json, quiet)
        let outcome = try ReportRun.perform(request, console: Output.console)
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
