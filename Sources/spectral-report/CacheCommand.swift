import ArgumentParser
import Foundation
import Pipeline

/// `spectral-report cache …`: inspect and maintain the cache.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Inspect and maintain the result cache.",
        subcommands: [CacheStatusCommand.self, CacheVerifyCommand.self, CacheGCCommand.self]
    )
}

/// Fresh, stale or missing per node, and why.
struct CacheStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show each node of an experiment as fresh, stale or missing, and why.")
    @OptionGroup var experiment: ExperimentOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let sessions = try experiment.sessions()
        guard let store = try CacheStore.existing(at: experiment.cacheURL) else {
            throw InputError(file: experiment.cacheURL.path, message: "no cache here yet")
        }
        try printStatuses(sessions.map { ($0.plan.experiment.name, StatusExplainer(plan: $0.plan, store: store).statuses()) }, json: json)
    }
}

/// Prints node states as a table (or JSON), with a closing count, per experiment; with
/// several experiments each gets a heading (and JSON an object per experiment).
func printStatuses(_ experiments: [(name: String, statuses: [NodeStatus])], json: Bool) throws {
    struct Named: Encodable { let experiment: String; let nodes: [NodeStatus] }
    if json {
        if experiments.count == 1 { return try Output.json(experiments[0].statuses, pretty: true) }
        return try Output.json(experiments.map { Named(experiment: $0.name, nodes: $0.statuses) }, pretty: true)
    }
    for (number, experiment) in experiments.enumerated() {
        if experiments.count > 1 { print("\(number == 0 ? "" : "\n")== \(experiment.name)") }
        printStatuses(experiment.statuses)
    }
}

/// One experiment's node states as a table with a closing count.
func printStatuses(_ statuses: [NodeStatus]) {
    for status in statuses {
        print("\(status.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(status.node)\(status.reason.map { "  — \($0)" } ?? "")")
    }
    let counts = Dictionary(grouping: statuses, by: \.state).mapValues(\.count)
    let forced = counts[.forced].map { ", \($0) forced" } ?? ""
    print("\(statuses.count) nodes: \(counts[.fresh] ?? 0) fresh, \(counts[.stale] ?? 0) stale, \(counts[.missing] ?? 0) missing\(forced)")
}

/// Checks every entry completely.
struct CacheVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every cache entry (manifest, files, hashes); remove what is damaged.",
        discussion: "Exit codes: 0 all entries whole, 1 damaged entries found (removed, or said why not) or entries that cannot be read, 2 the folder is not a cache.")
    @Option(help: "The cache directory.") var cacheDir: String = "output/.cache"
    @Flag(help: "Only report what is damaged; remove nothing.") var dryRun = false

    func run() throws {
        guard let store = try CacheStore.existing(at: URL(fileURLWithPath: cacheDir)) else {
            return print("no cache at \(cacheDir): nothing to verify")
        }
        store.onWarning = { Output.error($0) }
        let report = store.verify(dryRun: dryRun)
        for problem in report.problems {
            let outcome = dryRun ? "would be removed" : report.removalFailures[problem].map { "could not be removed (\($0))" } ?? "removed"
            print("corrupt: \(problem) — \(outcome)")
        }
        for entry in report.unreadable { print("unreadable: \(entry) — left alone") }
        let unremoved = report.removalFailures.isEmpty ? "" : ", \(report.removalFailures.count) of them not removed"
        let unreadable = report.unreadable.isEmpty ? "" : ", \(report.unreadable.count) unreadable"
        print("\(report.verified) entries verified, \(report.problems.count) corrupt\(unremoved)\(unreadable)")
        if let (_, reason) = report.removalFailures.first {
            Output.error("error: \(report.removalFailures.count) damaged entr\(report.removalFailures.count == 1 ? "y" : "ies") could not be removed from \(cacheDir): \(reason)")
        }
        if !report.isClean { throw ExitCode(1) }
    }
}

/// Removes what is no longer needed.
struct CacheGCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Remove cache entries no experiment references, entries older than some days, or the oldest beyond a size cap.",
        discussion: "Removes nothing while a run is using the cache. Exit codes: 0 done, 1 the cache is in use or entries could not be removed (each is left whole), 2 the folder is not a cache.")
    @Option(help: "The cache directory.") var cacheDir: String = "output/.cache"
    @Flag(help: "Remove entries that no node of any experiment last used.") var unreferenced = false
    @Option(help: "Remove entries created more than this many days ago.") var olderThan: Double?
    @Option(help: "Remove the oldest entries until the cache is at most this many megabytes.") var maxSize: Double?
    @Flag(help: "Only list what would be removed.") var dryRun = false

    mutating func validate() throws {
        guard unreferenced || olderThan != nil || maxSize != nil else {
            throw ValidationError("say what to remove: --unreferenced, --older-than DAYS and/or --max-size MB")
        }
        if let olderThan, !(olderThan >= 0 && olderThan.isFinite) { throw ValidationError("--older-than must be a number of days ≥ 0") }
        if let maxSize, !(maxSize >= 0 && maxSize.isFinite) { throw ValidationError("--max-size must be a number of megabytes ≥ 0") }
    }

    func run() throws {
        guard let store = try CacheStore.existing(at: URL(fileURLWithPath: cacheDir)) else {
            return print("no cache at \(cacheDir): nothing to remove")
        }
        store.onWarning = { Output.error($0) }
        var policy = CacheStore.CollectionPolicy()
        policy.unreferenced = unreferenced
        policy.olderThanDays = olderThan
        policy.maximumMegabytes = maxSize
        // A run in progress has entries it made but has not recorded yet, and inputs it has
        // still to read: while one holds the cache, nothing is removed.
        var hold: CacheStore.Use?
        if !dryRun {
            guard case let .exclusive(use) = store.holdForMaintenance() else {
                Output.error("error: \(cacheDir) is in use by a run in progress; removed nothing (run gc again when it has finished)")
                throw ExitCode(1)
            }
            hold = use
        }
        let result = store.collectGarbage(policy, dryRun: dryRun)
        withExtendedLifetime(hold) {}
        let megabytes = { (bytes: Int) in String(format: "%.1f MB", Double(bytes) / 1_048_576) }
        print("\(dryRun ? "would remove" : "removed") \(result.removed.count) entries, \(megabytes(result.bytes))")
        for problem in result.unreadable.prefix(20) { Output.error("error: \(problem)") }
        if result.unreadable.count > 20 { Output.error("error: … and \(result.unreadable.count - 20) more that cannot be read") }
        if !result.unreadable.isEmpty {
            Output.error(unreferenced
                ? "error: part of the cache cannot be read, so nothing was removed (an unreadable node record could reference any entry); `spectral-report cache verify --cache-dir \(cacheDir)` says more"
                : "error: what cannot be read was neither counted nor removed")
        }
        guard !result.failures.isEmpty else {
            if !result.unreadable.isEmpty { throw ExitCode(1) }
            return
        }
        let reasons = Dictionary(grouping: result.failures, by: \.reason).sorted { $0.value.count > $1.value.count }
        for (reason, failures) in reasons {
            Output.error("error: could not remove \(failures.count) entr\(failures.count == 1 ? "y" : "ies") (\(reason)), e.g. \(failures[0].key.prefix(12)); they are still there, whole")
        }
        throw ExitCode(1)
    }
}
