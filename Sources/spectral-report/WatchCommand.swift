import ArgumentParser
import Foundation
import Pipeline

/// `spectral-report watch`: render, then re-render whenever an input changes.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Render the report, then re-render whenever an experiment file, template, font or data file it reads changes.",
        discussion: """
            The cache makes a rebuild redo only the nodes a change affects: a template edit re-renders the \
            pages, a caption edit the pages, a title edit the figure and the pages. One line per rebuild says \
            what changed, what reran and how long it took. An experiment file saved with a mistake is reported \
            and watched until it is fixed. Reload report.html in the browser to see a rebuild. Ctrl-C stops \
            (exit 0 while waiting; 130 when it interrupts a rebuild, whose finished nodes are kept).
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var experiment: ExperimentOptions

    @Option(help: "Training runs at once; BLAS threads are split between them (default: one per thread, as many as half the memory holds).")
    var jobs: Int?

    @Option(help: "Seconds between looks for changes.")
    var interval: Double = 0.5

    mutating func validate() throws {
        if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be between 1 and 256, got \(jobs)") }
        guard interval.isFinite, (0.05...60).contains(interval) else { throw ValidationError("--interval must be between 0.05 and 60 seconds") }
    }

    func run() throws {
        global.apply()
        var sessions = try experiment.sessions()
        try OutputFolder.check(experiment, sessions: sessions)
        Set(sessions.flatMap(\.warnings)).sorted().forEach { Output.error("warning: \($0)") }
        let store = try CacheStore(root: experiment.cacheURL)
        store.onWarning = { Output.error($0) }
        var options = ExecutionOptions()
        options.threads = global.resolvedThreads
        options.jobs = jobs ?? DefaultJobs.count(threads: options.threads, plans: sessions.map(\.plan))
        let cancellation = CancellationFlag()
        let signals = SignalHandler(cancellation: cancellation) { _ in }
        var watcher = InputWatcher(paths: watchedPaths(sessions))

        let first = build(sessions, store: store, options: options, cancellation: cancellation, cause: "first build")
        var interrupted = first.summaries.contains(where: \.interrupted)
        if first.summaries.contains(where: { !$0.isComplete }) && !cancellation.isSet { Output.error("the first build failed; fix the cause and save to rebuild") }
        Output.error("watching \(watcher.paths.count) files (experiments, templates, fonts, data); Ctrl-C stops")
        while !cancellation.isSet {
            usleep(UInt32(interval * 1e6))
            var changed = watcher.changes()
            guard !changed.isEmpty else { continue }
            // Editors save in steps: wait until the files are quiet.
            while !cancellation.isSet {
                usleep(150_000)
                let more = watcher.changes()
                if more.isEmpty { break }
                changed += more
            }
            if cancellation.isSet { break }
            do {
                sessions = try experiment.sessions()
                try OutputFolder.check(experiment, sessions: sessions)
                watcher.watch(watchedPaths(sessions))
            } catch let error as InputError {
                Output.error("\(Self.clock()) error: \(error) — waiting for the next save")
                continue
            }
            let cause = Array(Set(changed.map { ($0 as NSString).lastPathComponent })).sorted().joined(separator: ", ") + " changed"
            let result = build(sessions, store: store, options: options, cancellation: cancellation, cause: cause)
            interrupted = interrupted || result.summaries.contains(where: \.interrupted)
        }
        withExtendedLifetime(signals) {}
        if interrupted {
            Output.error("interrupted during a rebuild: finished nodes are kept")
            throw ExitCode(128 + (cancellation.signal ?? SIGINT))
        }
        Output.error("stopped watching")
    }

    /// The files to watch: what the plans read, and the folders named on the command line
    /// (a new experiment file there counts).
    func watchedPaths(_ sessions: [ExperimentSession]) -> [String] {
        var folders: [String] = []
        for path in experiment.experiments {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { folders.append(path) }
        }
        return sessions.flatMap(\.inputPaths) + folders
    }

    /// One build of every experiment; prints one line saying what reran.
    func build(_ sessions: [ExperimentSession], store: CacheStore, options: ExecutionOptions,
               cancellation: CancellationFlag, cause: String) -> SiteBuild {
        let start = Date()
        let result = SiteBuild.run(sessions.map(\.plan), store: store, options: options, outputDirectory: URL(fileURLWithPath: experiment.output),
                                   index: sessions.first, cancellation: cancellation)
        let seconds = Date().timeIntervalSince(start)
        let failures = result.summaries.flatMap(\.failures) + [result.indexError].compactMap { $0 }
        let verb = !failures.isEmpty ? "failed" : cause == "first build" ? "built" : "rebuilt"
        Output.error("\(Self.clock()) \(cause): \(verb) in \(String(format: "%.1f", seconds)) s, \(Self.describe(result.executedNodes))")
        for failure in failures { Output.error("  error: \(failure)") }
        return result
    }

    /// "2 nodes reran (page/html, page/markdown)", runs counted rather than listed.
    static func describe(_ nodes: [NodeID]) -> String {
        guard !nodes.isEmpty else { return "nothing reran (every node was cached)" }
        let runs = nodes.filter { $0.kind == .run }.count
        let others = nodes.filter { $0.kind != .run }.map(\.rawValue).sorted()
        var parts = runs > 0 ? ["\(runs) training run\(runs == 1 ? "" : "s")"] : []
        parts += others.count <= 10 ? others : Dictionary(grouping: others) { String($0.prefix { $0 != "/" }) }
            .sorted { $0.key < $1.key }.map { "\($0.value.count) \($0.key)" }
        return "\(nodes.count) node\(nodes.count == 1 ? "" : "s") reran (\(parts.joined(separator: ", ")))"
    }

    static func clock() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return "[\(formatter.string(from: Date()))]"
    }
}
