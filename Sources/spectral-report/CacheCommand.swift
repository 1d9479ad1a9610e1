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
        let session = try experiment.session()
        guard FileManager.default.fileExists(atPath: experiment.cacheURL.path) else {
            throw InputError(file: experiment.cacheURL.path, message: "no cache here yet")
        }
        try printStatuses(StatusExplainer(plan: session.plan, store: try CacheStore(root: experiment.cacheURL)).statuses(), json: json)
    }
}

/// Prints node states as a table (or JSON), with a closing count.
func printStatuses(_ statuses: [NodeStatus], json: Bool) throws {
    if json { return try Output.json(statuses, pretty: true) }
    for status in statuses {
        print("\(status.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(status.node)\(status.reason.map { "  — \($0)" } ?? "")")
    }
    let counts = Dictionary(grouping: statuses, by: \.state).mapValues(\.count)
    print("\(statuses.count) nodes: \(counts[.fresh] ?? 0) fresh, \(counts[.stale] ?? 0) stale, \(counts[.missing] ?? 0) missing")
}

/// Checks every entry's hashes.
struct CacheVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Check every cache entry against its hashes; corrupt entries are removed.")
    @Option(help: "The cache directory.") var cacheDir: String = "output/.cache"

    func run() throws {
        let store = try existingStore(cacheDir)
        var good = 0, corrupt = 0
        for manifest in store.manifests() {
            switch store.lookup(manifest.key) {
            case .hit: good += 1
            case let .corrupt(message): corrupt += 1; print("corrupt: \(message) — removed")
            case .missing: break
            }
        }
        print("\(good) entries verified, \(corrupt) corrupt")
        if corrupt > 0 { throw ExitCode(1) }
    }
}

/// Removes what is no longer needed.
struct CacheGCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Remove cache entries no experiment references, entries older than some days, or the oldest beyond a size cap.")
    @Option(help: "The cache directory.") var cacheDir: String = "output/.cache"
    @Flag(help: "Remove entries that no node of any experiment last used.") var unreferenced = false
    @Option(help: "Remove entries created more than this many days ago.") var olderThan: Double?
    @Option(help: "Remove the oldest entries until the cache is at most this many megabytes.") var maxSize: Double?
    @Flag(help: "Only list what would be removed.") var dryRun = false

    mutating func validate() throws {
        guard unreferenced || olderThan != nil || maxSize != nil else {
            throw ValidationError("say what to remove: --unreferenced, --older-than DAYS and/or --max-size MB")
        }
        if let olderThan, olderThan < 0 { throw ValidationError("--older-than must not be negative") }
        if let maxSize, maxSize < 0 { throw ValidationError("--max-size must not be negative") }
    }

    func run() throws {
        let store = try existingStore(cacheDir)
        var manifests = store.manifests()
        var doomed = Set<String>()
        if unreferenced {
            let kept = store.recordedKeys()
            doomed.formUnion(manifests.map(\.key).filter { !kept.contains($0) })
        }
        if let olderThan {
            let limit = Date().timeIntervalSince1970 - olderThan * 86_400
            doomed.formUnion(manifests.filter { $0.created < limit }.map(\.key))
        }
        if let maxSize {
            manifests.sort { $0.created > $1.created }
            var total = 0.0
            for manifest in manifests where !doomed.contains(manifest.key) {
                total += Double(store.size(of: manifest.key)) / 1_048_576
                if total > maxSize { doomed.insert(manifest.key) }
            }
        }
        var freed = 0
        for key in doomed.sorted() {
            freed += store.size(of: key)
            if !dryRun { store.remove(key) }
        }
        print("\(dryRun ? "would remove" : "removed") \(doomed.count) entries, \(String(format: "%.1f", Double(freed) / 1_048_576)) MB")
    }
}

func existingStore(_ path: String) throws -> CacheStore {
    guard FileManager.default.fileExists(atPath: path) else {
        throw InputError(file: path, message: "no cache here")
    }
    return try CacheStore(root: URL(fileURLWithPath: path))
}
