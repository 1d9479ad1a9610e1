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

    static func parseShard(_ text: String) throws -> (Int, Int) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
            throw ValidationError("--shard must be i/n with 1 ≤ i ≤ n, got '\(text)'")
        }
        return (i, n)
    }

    func run() throws {
        global.apply()
        let sessions = try experiment.sessions()
        Set(sessions.flatMap(\.warnings)).sorted().forEach { Output.error("warning: \($0)") }
        var plans = sessions.map(\.plan)
        if !only.isEmpty { plans = try PlanSelection.restrict(plans, to: only) }
        try PlanSelection.check(forceNode, in: plans, option: "--force-node")
        var options = ExecutionOptions()
        options.threads = global.resolvedThreads
        let jobs = self.jobs ?? DefaultJobs.count(threads: options.threads, plans: plans)
        options.jobs = jobs
        options.force = force ? .all : (forceNode.isEmpty ? .none : .nodes(forceNode))
        if let shard { options.shard = try Self.parseShard(shard) }
        let threadsPerRun = max(1, options.threads / max(1, min(jobs, options.threads)))
        if dryRun {
            let store = try CacheStore.forReading(at: experiment.cacheURL)
            // A dry run stays instant: it predicts from a kept calibration only.
            let calibration = Prediction.calibration(cache: experiment.cacheURL, threads: threadsPerRun)
            var listings: [PredictedStatuses] = []
            for plan in plans {
                var statuses = StatusExplainer(plan: plan, store: store, toolVersion: options.toolVersion, force: options.force).statuses()
                let executing = Prediction.executing(statuses, plan: plan, shard: options.shard)
                let prediction = calibration?.predict(plan, executing: executing, jobs: jobs)
                for index in statuses.indices { statuses[index].predictedSeconds = prediction?.perNode[statuses[index].node].map { (($0 * 1000).rounded()) / 1000 } }
                listings.append(PredictedStatuses(experiment: plan.experiment.name, nodes: statuses,
                                                  predictedSeconds: prediction.map { ($0.total * 10).rounded() / 10 }, machine: calibration?.machine))
            }
            if json { return try Output.json(listings.count == 1 ? AnyEncodable(listings[0]) : AnyEncodable(listings), pretty: true) }
            try printStatuses(listings.map { ($0.experiment, $0.nodes) }, json: false)
            if calibration == nil {
                print("no predicted time: no run has trained with \(threadsPerRun) thread\(threadsPerRun == 1 ? "" : "s") per run on this machine with the cache \(experiment.cacheURL.path) yet (any run teaches it; on a fresh machine, spectral-report bench calibrate --cache-dir \(experiment.cacheURL.path)\(jobs == global.resolvedThreads ? "" : " --jobs \(jobs)") measures it in about 20 s)")
            }
            for listing in listings {
                guard let seconds = listing.predictedSeconds else { continue }
                print("\(listings.count > 1 ? listing.experiment + ": " : "")predicted \(Self.duration(seconds)) at --jobs \(jobs)\(shard.map { " for shard \($0)" } ?? "") (\(listing.machine ?? ""))")
            }
            return
        }
        try OutputFolder.check(experiment, sessions: sessions)
        let store = try CacheStore(root: experiment.cacheURL)
        store.onWarning = { Output.error($0) }
        let reporter: ProgressReporter
        if quiet || json { reporter = SilentReporter() }
        else if isatty(STDERR_FILENO) != 0 { reporter = TerminalReporter() }
        else { reporter = LineReporter() }
        let cancellation = CancellationFlag()
        let signals = SignalHandler(cancellation: cancellation) { name in
            Output.error("interrupted by \(name): starting nothing new; finished nodes are kept, a rerun resumes (a second signal quits at once)")
        }
        // The prediction for what will execute, when this machine has a calibration (for
        // --json; the progress display predicts the runs it starts itself).
        var predicted: [String: Double] = [:]
        options.calibration = Prediction.calibration(cache: experiment.cacheURL, threads: threadsPerRun)
        if json, let calibration = options.calibration {
            for plan in plans {
                let executing = StatusExplainer(plan: plan, store: store, toolVersion: options.toolVersion, force: options.force).wouldExecute()
                predicted[plan.experiment.name] = calibration.predict(plan, executing: Prediction.limited(executing, plan: plan, shard: options.shard), jobs: jobs).total
            }
        }
        let outputDirectory = URL(fileURLWithPath: experiment.output)
        // The site index lists every report in the output folder once all are whole.
        let writesIndex = only.isEmpty && shard == nil
        let build = SiteBuild.run(
            plans, store: store, options: options, outputDirectory: outputDirectory, index: writesIndex ? sessions.first : nil,
            reporter: reporter, cancellation: cancellation,
            willRun: { number, plan in
                if plans.count > 1 && !quiet && !json { Output.error("[\(number + 1)/\(plans.count)] \(plan.experiment.name) (\(plan.experiment.path))") }
            },
            didRun: { plan, summary in
                // Errors reach standard error whatever --quiet and --json say (the progress
                // display has shown them already otherwise).
                if quiet || json { for failure in summary.failures { Output.error("error: \(failure)") } }
                guard !quiet && !json else { return }
                let name = plans.count > 1 ? "\(plan.experiment.name): " : ""
                Output.error(name + String(format: "%d nodes: %d executed, %d cached, %d failed, %d skipped (%.1f s)",
                                           summary.nodes, summary.executed, summary.cached, summary.failed, summary.skipped, summary.seconds))
                if let report = summary.outputs.first(where: { $0.hasSuffix("report.html") }) { Output.error("report: \(report)") }
            })
        withExtendedLifetime(signals) {}
        build.indexWarnings.forEach { Output.error("warning: \($0)") }
        if let error = build.indexError { Output.error("error: \(error)") }
        if !quiet && !json, let page = build.index.first(where: { $0.hasSuffix("index.html") }) { Output.error("index: \(page)") }
        let summaries = build.summaries.map { summary -> ExecutionSummary in
            var summary = summary
            summary.predictedSeconds = predicted[summary.experiment].map { ($0 * 10).rounded() / 10 }
            return summary
        }
        let index = build.index
        if json {
            if plans.count == 1, let summary = summaries.first { try Output.json(summary, pretty: true) }
            else { try Output.json(MultipleRuns(reports: summaries, index: index), pretty: true) }
        }
        if summaries.contains(where: \.interrupted) || cancellation.isSet {
            let number = cancellation.signal ?? SIGINT
            let executed = summaries.map(\.executed).reduce(0, +)
            Output.error("interrupted by \(SignalHandler.name(of: number)): \(executed) nodes finished and kept")
            throw ExitCode(128 + number)
        }
        if summaries.contains(where: { $0.failed > 0 }) || build.indexError != nil { throw ExitCode(1) }
    }

    /// `4 min 10 s`, `38 s`.
    static func duration(_ seconds: Double) -> String {
        seconds >= 60 ? "\(Int(seconds) / 60) min \(Int(seconds) % 60) s" : String(format: "%.0f s", seconds)
    }

    /// What `--json` prints when several experiments ran.
    struct MultipleRuns: Encodable {
        let reports: [ExecutionSummary]
        let index: [String]
    }
}

/// Turns the first SIGINT, SIGTERM or SIGHUP (Ctrl-C, `scancel`, a time limit, a closed
/// terminal) into a clean stop: nothing new starts, finished nodes are kept, in-flight work
/// is dropped with its temporaries, locks are released, and the process exits with 128 +
/// the signal. A second signal exits at once.
final class SignalHandler {
    static let handled: [(Int32, String)] = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")]
    private var sources: [DispatchSourceSignal] = []

    init(cancellation: CancellationFlag, onFirst: @escaping @Sendable (String) -> Void) {
        for (number, name) in Self.handled {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [unowned cancellation] in
                if cancellation.isSet { exit(128 + number) }
                if cancellation.stopsAtOnce {
                    Output.error("interrupted by \(name) while writing the site index: quitting at once (the reports are written; a rerun writes the index)")
                    exit(128 + number)
                }
                cancellation.set(signal: number)
                onFirst(name)
            }
            source.resume()
            sources.append(source)
        }
    }

    static func name(of number: Int32) -> String { handled.first { $0.0 == number }?.1 ?? "signal \(number)" }

    deinit {
        for source in sources { source.cancel() }
        for (number, _) in Self.handled { signal(number, SIG_DFL) }
    }
}
