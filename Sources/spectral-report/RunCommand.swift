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
            (nothing executed, nothing written), 130 interrupted (finished nodes are kept). \
            --force alone recomputes everything; --force NODE… recomputes those nodes (ids as \
            --dry-run lists them, or prefixes such as run/movement/).
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var experiment: ExperimentOptions

    @Option(help: "Training runs at once (BLAS threads are split between them).")
    var jobs: Int = 1

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Recompute nodes even if cached: all, or the nodes named.", valueName: "node"))
    var force: [String] = []

    @Flag(help: "Show what would run and why, without running anything.")
    var dryRun = false

    @Flag(help: "Print one JSON summary object on standard output.")
    var json = false

    @Flag(help: "No progress output.")
    var quiet = false

    @Option(help: ArgumentHelp("Execute only the i-th of n partitions of the uncached training runs, and nothing downstream (e.g. 3/8).", valueName: "i/n"))
    var shard: String?

    mutating func validate() throws {
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 256, got \(jobs)") }
        if let shard { _ = try Self.parseShard(shard) }
    }

    static func parseShard(_ text: String) throws -> (Int, Int) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
            throw ValidationError("--shard must be i/n with 1 ≤ i ≤ n, got '\(text)'")
        }
        return (i, n)
    }

    func run() throws {
        global.apply()
        let session = try experiment.session()
        let store = try CacheStore(root: experiment.cacheURL)
        var options = ExecutionOptions()
        options.jobs = jobs
        options.threads = global.resolvedThreads
        options.force = force.isEmpty ? .none : (force.contains("*") ? .all : .nodes(force))
        if let shard { options.shard = try Self.parseShard(shard) }
        if dryRun { return try printStatuses(StatusExplainer(plan: session.plan, store: store, toolVersion: options.toolVersion).statuses(), json: json) }
        let reporter: ProgressReporter
        if quiet || json { reporter = SilentReporter() }
        else if isatty(STDERR_FILENO) != 0 { reporter = TerminalReporter() }
        else { reporter = LineReporter() }
        let cancellation = CancellationFlag()
        let signals = SignalHandler(cancellation: cancellation) {
            reporter.note("interrupted: finishing nothing new; completed nodes are kept (Ctrl-C again to quit at once)")
        }
        let summary = PipelineRunner.run(plan: session.plan, store: store, options: options, outputDirectory: URL(fileURLWithPath: experiment.output),
                                         reporter: reporter, cancellation: cancellation)
        withExtendedLifetime(signals) {}
        if json {
            try Output.json(summary, pretty: true)
        } else if !quiet {
            Output.error(String(format: "%d nodes: %d executed, %d cached, %d failed, %d skipped (%.1f s)",
                                 summary.nodes, summary.executed, summary.cached, summary.failed, summary.skipped, summary.seconds))
            if let report = summary.outputs.first(where: { $0.hasSuffix("report.html") }) { Output.error("report: \(report)") }
        }
        if summary.interrupted { throw ExitCode(130) }
        if summary.failed > 0 { throw ExitCode(1) }
    }
}

/// Turns the first Ctrl-C into a clean stop and a second into an immediate exit.
final class SignalHandler {
    private let source: DispatchSourceSignal
    private var count = 0

    init(cancellation: CancellationFlag, onFirst: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [unowned cancellation] in
            if cancellation.isSet { exit(130) }
            cancellation.set()
            onFirst()
        }
        source.resume()
    }

    deinit {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
