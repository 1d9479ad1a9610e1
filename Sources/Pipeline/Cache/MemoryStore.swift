import Foundation

/// An `ArtifactStore` in memory: entries, node records and side files in dictionaries,
/// gone with the store. For unit tests of the executor and of what reads a store; it checks
/// entries as `CacheStore` does (hashes, required artifacts), so a test can damage one.
public final class MemoryStore: ArtifactStore, @unchecked Sendable {
    private struct Entry {
        var manifest: StoreManifest
        var artifacts: [String: Data]
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var records: [String: NodeRecord] = [:]
    private var sideFiles: [String: Data] = [:]
    private var keyLocks: [String: NSLock] = [:]

    public init() {}

    public var location: String { "memory store" }

    /// The keys stored, sorted.
    public var keys: [String] { lock.withLock { entries.keys.sorted() } }

    public func lookup(_ key: String, requiring: Set<String>, removingDamaged: Bool) -> StoreLookup {
        lock.withLock {
            guard let entry = entries[key] else { return .missing }
            var problem = entry.manifest.missing(present: Set(entry.artifacts.keys), requiring: requiring)
            for (name, hash) in entry.manifest.artifacts.sorted(by: { $0.key < $1.key }) where problem == nil {
                if entry.artifacts[name].map(ContentHash.sha256) != hash { problem = "artifact \(name) of \(entry.manifest.node) does not match its hash" }
            }
            guard let problem else { return .hit(entry.manifest) }
            if removingDamaged { entries[key] = nil }
            return .corrupt("entry \(key.prefix(12)) \(problem)")
        }
    }

    public func manifest(_ key: String) -> StoreManifest? { lock.withLock { entries[key]?.manifest } }

    public func artifact(_ key: String, _ name: String) -> Data? { lock.withLock { entries[key]?.artifacts[name] } }

    @discardableResult
    public func store(key: String, kind: String, node: String, artifacts: [String: Data], required: Set<String>,
                      meaningful: [String: Data]?, seconds: Double, replacing: Bool) throws -> StoreManifest {
        let manifest = StoreManifest(key: key, kind: kind, node: node, artifacts: artifacts.mapValues(ContentHash.sha256),
                                     required: required.sorted(), outputHash: ContentHash.outputHash(meaningful ?? artifacts),
                                     seconds: seconds, created: Date().timeIntervalSince1970)
        return lock.withLock {
            if !replacing, let existing = entries[key] { return existing.manifest }
            entries[key] = Entry(manifest: manifest, artifacts: artifacts)
            return manifest
        }
    }

    public func withLock<T>(_ key: String, _ body: () throws -> T) rethrows -> T {
        let keyLock = lock.withLock {
            if let existing = keyLocks[key] { return existing }
            let made = NSLock()
            keyLocks[key] = made
            return made
        }
        keyLock.lock()
        defer { keyLock.unlock() }
        return try body()
    }

    public func record(_ record: NodeRecord, experiment: String) {
        lock.withLock { records[experiment + "\n" + record.node] = record }
    }

    public func lastRecord(experiment: String, node: String) -> NodeRecord? {
        lock.withLock { records[experiment + "\n" + node] }
    }

    public func removeAbandonedTemporaries() {}

    public func sideFile(_ name: String) -> Data? { lock.withLock { sideFiles[name] } }

    public func writeSideFile(_ data: Data, named name: String) throws { lock.withLock { sideFiles[name] = data } }

    /// Removes an entry (as another process's `cache gc` would).
    public func remove(_ key: String) { _ = lock.withLock { entries.removeValue(forKey: key) } }

    /// Replaces one artifact's bytes without touching the manifest (damage, for tests).
    public func damage(_ key: String, _ name: String, with data: Data) {
        lock.withLock { entries[key]?.artifacts[name] = data }
    }
}
