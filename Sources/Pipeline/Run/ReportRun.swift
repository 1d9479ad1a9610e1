import Foundation

/// What `spectral-report run` does once its arguments are parsed: restricts the plans,
/// predicts (`--dry-run`) or executes them with the cache, writes the reports and the site
/// index, handles the signals, and says how it went and with which exit code.
public enum ReportRun {
    /// What the user asked for, with the experiments loaded and validated.
    public struct Request: Sendable {
        /// The experiments, loaded and validated (`ExperimentSession.prepare`).
        public var sessions: [ExperimentSession]
        /// Where reports go (`<output>/<experiment>/`) and the cache.
        public var output: String
        public var cache: URL
        /// BLAS threads in all (`--threads`).
        public var threads: Int
        /// Training runs at once; nil for `DefaultJobs`.
        public var jobs: Int?
        /// `--force`: recompute every node.
        public var forceAll = false
        /// `--force-node`: ids or prefixes to recompute.
        public var forceNodes: [String] = []
        /// `--only`: ids or prefixes to build, with what they need.
        public var only: [String] = []
        /// `--shard i/n` as given and as numbers.
        public var shard: (text: String, index: Int, count: Int)?
        /// `--dry-run`: say what would run and why, run nothing.
        public var dryRun = false
        /// `--json`: one JSON object on the output, no progress display.
        public var json = false
        /// `--quiet`: no progress display (failures are still reported).
        public var quiet = false

        /// A request to build `sessions` into `output` with the cache at `cache`, on
        /// `threads` BLAS threads; the options default to a plain `run`.
        public init(sessions: [ExperimentSession], output: String, cache: URL, threads: Int) {
            self.sessions = sessions
            self.output = output
            self.cache = cache
            self.threads = threads
        }
    }

    /// How a run ended: 0 success, 1 a node (or the index) failed, 128 + the signal when
    /// interrupted.
    public struct Outcome: Sendable, Equatable {
        /// What the process exits with.
        public var exitCode: Int32
    }

    /// Runs `request`, writing results and messages to `console`.
    /// - Throws: `InputError` for bad input found before anything executes (an `--only` or
    ///   `--force-node` that names no node, an output folder that cannot be written).
    public static func perform(_ request: Request, console: Console) throws -> Outcome {
        Set(request.sessions.flatMap(\.warnings)).sorted().forEach { console.error("warning: \($0)") }
        var plans = request.sessions.map(\.plan)
        if !request.only.isEmpty { plans = try PlanSelection.restrict(plans, to: request.only) }
        try PlanSelection.check(request.forceNodes, in: plans, option: "--force-node")
        var options = ExecutionOptions()
        options.threads = request.threads
        options.jobs = request.jobs ?? DefaultJobs.count(threads: options.threads, plans: plans)
        options.force = request.forceAll ? .all : (request.forceNodes.isEmpty ? .none : .nodes(request.forceNodes))
        options.shard = request.shard.map { (index: $0.index, count: $0.count) }
        if request.dryRun {
            try dryRun(plans, request: request, options: options, console: console)
            return Outcome(exitCode: 0)
        }
        return try execute(plans, request: request, options: options, console: console)
    }

    /// BLAS threads each training run gets at `options.jobs` runs at once.
    static func threadsPerRun(_ options: ExecutionOptions) -> Int {
        max(1, options.threads / max(1, min(options.jobs, options.threads)))
    }

    /// `4 min 10 s`, `38 s`.
    static func duration(_ seconds: Double) -> String {
        seconds >= 60 ? "\(Int(seconds) / 60) min \(Int(seconds) % 60) s" : String(format: "%.0f s", seconds)
    }

    /// The progress display: none with `--quiet` or `--json`, redrawn lines on a terminal,
    /// plain lines otherwise.
    static func reporter(_ request: Request) -> ProgressReporter {
        if request.quiet || request.json { return SilentReporter() }
        return isatty(STDERR_FILENO) != 0 ? TerminalReporter() : LineReporter()
    }

    /// Executes `plans`, then writes the site index when every report is whole.
    static func execute(_ plans: [Plan], request: Request, options: ExecutionOptions, console: Console) throws -> Outcome {
        var options = options
        try OutputFolder.check(output: request.output, sessions: request.sessions, cache: request.cache)
        let store = try CacheStore(root: request.cache)
        store.onWarning = { console.error($0) }
        let reporter = Self.reporter(request)
        let cancellation = CancellationFlag()
        let signals = SignalHandler(cancellation: cancellation) { name in
            console.error("interrupted by \(name): starting nothing new; finished nodes are kept, a rerun resumes (a second signal quits at once)")
        }
        // The prediction for what will execute, when this machine has a calibration (for
        // --json; the progress display predicts the runs it starts itself).
        var predicted: [String: Double] = [:]
        options.calibration = Prediction.calibration(cache: request.cache, threads: Self.threadsPerRun(options))
        if request.json, let calibration = options.calibration {
            for plan in plans {
                let executing = StatusExplainer(plan: plan, store: store, toolVersion: options.toolVersion, force: options.force).wouldExecute()
                predicted[plan.experiment.name] = calibration.predict(plan, executing: Prediction.limited(executing, plan: plan, shard: options.shard),
                                                                      jobs: options.jobs).total
            }
        }
        let talks = !request.quiet && !request.json
        // The site index lists every report in the output folder once all are whole.
        let writesIndex = request.only.isEmpty && request.shard == nil
        let build = SiteBuild.run(
            plans, store: store, options: options, outputDirectory: URL(fileURLWithPath: request.output),
            index: writesIndex ? request.sessions.first : nil, reporter: reporter, cancellation: cancellation,
            willRun: { number, plan in
                if plans.count > 1 && talks { console.error("[\(number + 1)/\(plans.count)] \(plan.experiment.name) (\(plan.experiment.path))") }
            },
            didRun: { plan, summary in
                // Errors reach standard error whatever --quiet and --json say (the progress
                // display has shown them already otherwise).
                if !talks { for failure in summary.failures { console.error("error: \(failure)") } }
                guard talks else { return }
                let name = plans.count > 1 ? "\(plan.experiment.name): " : ""
                console.error(name + String(format: "%d nodes: %d executed, %d cached, %d failed, %d skipped (%.1f s)",
                                            summary.nodes, summary.executed, summary.cached, summary.failed, summary.skipped, summary.seconds))
                if let report = summary.outputs.first(where: { $0.hasSuffix("report.html") }) { console.error("report: \(report)") }
            })
        withExtendedLifetime(signals) {}
        build.indexWarnings.forEach { console.error("warning: \($0)") }
        if let error = build.indexError { console.error("error: \(error)") }
        if talks, let page = build.index.first(where: { $0.hasSuffix("index.html") }) { console.error("index: \(page)") }
        let summaries = build.summaries.map { summary -> ExecutionSummary in
            var summary = summary
            summary.predictedSeconds = predicted[summary.experiment].map { ($0 * 10).rounded() / 10 }
            return summary
        }
        if request.json {
            if plans.count == 1, let summary = summaries.first { try console.json(summary, pretty: true) }
            else { try console.json(MultipleRuns(reports: summaries, index: build.index), pretty: true) }
        }
        if summaries.contains(where: \.interrupted) || cancellation.isSet {
            let number = cancellation.signal ?? SIGINT
            let executed = summaries.map(\.executed).reduce(0, +)
            console.error("interrupted by \(SignalHandler.name(of: number)): \(executed) nodes finished and kept")
            return Outcome(exitCode: 128 + number)
        }
        return Outcome(exitCode: summaries.contains(where: { $0.failed > 0 }) || build.indexError != nil ? 1 : 0)
    }

    /// What `--json` prints when several experiments ran.
    struct MultipleRuns: Encodable {
        let reports: [ExecutionSummary]
        let index: [String]
    }
}
