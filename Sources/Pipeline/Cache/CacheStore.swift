import CSystemInfo
import Foundation
import Raster
#if canImport(Glibc)
import Glibc
#endif

/// The content-addressed store under `--cache-dir` (default `output/.cache`).
///
/// An entry is a directory `objects/<k0k1>/<key>/` holding the node's artifacts and a
/// `manifest.json` with each artifact's SHA-256. Entries are assembled in `tmp/` and renamed
/// into place in one step, so a killed process leaves either a whole entry or none. Every read
/// checks the hashes: a corrupt entry is reported, removed and recomputed. A lock file per
/// key lets processes that share the cache wait for each other instead of doing the same
/// work twice.
public final class CacheStore: @unchecked Sendable {
    public let root: URL
    private let fileManager = FileManager.default

    /// What the store knows of an entry.
    public struct Manifest: Codable, Sendable {
        public var key: String
        public var kind: String
        public var node: String
        /// Artifact name → SHA-256.
        public var artifacts: [String: String]
        /// The hash dependents use: of the artifacts that carry meaning (timings excluded).
        public var outputHash: String
        /// Seconds the computation took, and when it was stored (for `gc`).
        public var seconds: Double
        public var created: Double
    }

    public init(root: URL) throws {
        self.root = root
        for sub in ["objects", "tmp", "locks", "nodes"] {
            try fileManager.createDirectory(at: root.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
    }

    func entryURL(_ key: String) -> URL {
        root.appendingPathComponent("objects").appendingPathComponent(String(key.prefix(2))).appendingPathComponent(key)
    }

    /// The outcome of a lookup.
    public enum Lookup {
        case hit(Manifest)
        case missing
        /// The entry was damaged; it has been removed.
        case corrupt(String)
    }

    /// Looks `key` up, verifying every artifact's hash.
    public func lookup(_ key: String) -> Lookup {
        let directory = entryURL(key)
        let manifestURL = directory.appendingPathComponent("manifest.json")
        guard let data = fileManager.contents(atPath: manifestURL.path) else {
            if fileManager.fileExists(atPath: directory.path) {
                try? fileManager.removeItem(at: directory)
                return .corrupt("entry \(key.prefix(12)) has no manifest")
            }
            return .missing
        }
        guard let manifest = try? JSONDecoder().decode(Manifest.self, from: data), manifest.key == key else {
            try? fileManager.removeItem(at: directory)
            return .corrupt("entry \(key.prefix(12)) has an unreadable manifest")
        }
        for (name, hash) in manifest.artifacts {
            guard ContentHash.sha256(file: directory.appendingPathComponent(name).path) == hash else {
                try? fileManager.removeItem(at: directory)
                return .corrupt("artifact \(name) of \(manifest.node) (entry \(key.prefix(12))) does not match its hash")
            }
        }
        return .hit(manifest)
    }

    /// True when an entry directory exists (without verifying it).
    public func contains(_ key: String) -> Bool {
        fileManager.fileExists(atPath: entryURL(key).appendingPathComponent("manifest.json").path)
    }

    /// An artifact's bytes (after `lookup` verified it).
    public func artifact(_ key: String, _ name: String) -> Data? {
        fileManager.contents(atPath: entryURL(key).appendingPathComponent(name).path)
    }

    /// Stores artifacts under `key` atomically. `meaningful` names the artifacts whose bytes
    /// define the output hash (all of them when nil). With `replacing`, an existing entry is
    /// swapped for the new one in one step (a forced recomputation): readers see the old
    /// entry or the new one, never neither.
    @discardableResult
    public func store(key: String, kind: String, node: String, artifacts: [String: Data], meaningful: [String: Data]? = nil,
                      seconds: Double, replacing: Bool = false) throws -> Manifest {
        let temporary = root.appendingPathComponent("tmp").appendingPathComponent("\(key.prefix(16))-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try fileManager.createDirectory(at: temporary, withIntermediateDirectories: true)
        do {
            var hashes: [String: String] = [:]
            for (name, data) in artifacts {
                try AtomicFile.write(data, to: temporary.appendingPathComponent(name))
                hashes[name] = ContentHash.sha256(data)
            }
            let defining = (meaningful ?? artifacts).sorted { $0.key < $1.key }.map { "\($0.key):\(ContentHash.sha256($0.value))" }.joined(separator: "\n")
            let manifest = Manifest(key: key, kind: kind, node: node, artifacts: hashes, outputHash: ContentHash.sha256(Data(defining.utf8)),
                                    seconds: seconds, created: Date().timeIntervalSince1970)
            try AtomicFile.write(try ContentHash.prettyJSON(manifest), to: temporary.appendingPathComponent("manifest.json"))
            let destination = entryURL(key)
            try fileManager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            if replacing, fileManager.fileExists(atPath: destination.path) {
                if sr_exchange_paths(temporary.path, destination.path) == 0 {
                    try? fileManager.removeItem(at: temporary)  // now the old entry
                    return manifest
                }
                // No atomic exchange here: move the old entry aside, then rename.
                let aside = temporary.appendingPathExtension("old")
                _ = rename(destination.path, aside.path)
                try? fileManager.removeItem(at: aside)
            }
            if rename(temporary.path, destination.path) != 0 {
                // Another process stored the same key first: keep theirs.
                try? fileManager.removeItem(at: temporary)
                if case let .hit(existing) = lookup(key) { return existing }
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination.path])
            }
            return manifest
        } catch {
            try? fileManager.removeItem(at: temporary)
            throw error
        }
    }

    /// Runs `body` holding an exclusive lock for `key`, shared with other processes.
    public func withLock<T>(_ key: String, _ body: () throws -> T) rethrows -> T {
        let path = root.appendingPathComponent("locks").appendingPathComponent(key).path
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        if descriptor >= 0 { _ = flock(descriptor, LOCK_EX) }
        defer {
            if descriptor >= 0 {
                _ = flock(descriptor, LOCK_UN)
                close(descriptor)
            }
        }
        return try body()
    }

    /// Every stored manifest.
    public func manifests() -> [Manifest] {
        let objects = root.appendingPathComponent("objects")
        var result: [Manifest] = []
        for prefix in (try? fileManager.contentsOfDirectory(atPath: objects.path)) ?? [] {
            for key in (try? fileManager.contentsOfDirectory(atPath: objects.appendingPathComponent(prefix).path)) ?? [] {
                let url = objects.appendingPathComponent(prefix).appendingPathComponent(key).appendingPathComponent("manifest.json")
                if let data = fileManager.contents(atPath: url.path), let manifest = try? JSONDecoder().decode(Manifest.self, from: data) {
                    result.append(manifest)
                }
            }
        }
        return result.sorted { $0.key < $1.key }
    }

    /// Bytes an entry takes on disk.
    public func size(of key: String) -> Int {
        let directory = entryURL(key)
        return ((try? fileManager.contentsOfDirectory(atPath: directory.path)) ?? []).reduce(0) { total, name in
            total + ((try? fileManager.attributesOfItem(atPath: directory.appendingPathComponent(name).path)[.size] as? Int) ?? 0)
        }
    }

    /// Removes an entry.
    public func remove(_ key: String) {
        try? fileManager.removeItem(at: entryURL(key))
        try? fileManager.removeItem(at: root.appendingPathComponent("locks").appendingPathComponent(key))
    }

    /// Removes temporary directories left by killed processes.
    public func removeStaleTemporaries() {
        let tmp = root.appendingPathComponent("tmp")
        for name in (try? fileManager.contentsOfDirectory(atPath: tmp.path)) ?? [] {
            let parts = name.split(separator: "-")
            if parts.count >= 2, let pid = Int32(parts[1]), pid != ProcessInfo.processInfo.processIdentifier, kill(pid, 0) != 0 {
                try? fileManager.removeItem(at: tmp.appendingPathComponent(name))
            }
        }
    }

    // MARK: Node records, for explaining why a node reruns

    /// What a node's key was made of the last time it was computed.
    public struct NodeRecord: Codable, Sendable {
        public var node: String
        public var key: String
        /// SHA-256 of the parameters' canonical JSON.
        public var parameters: String
        /// The parameters' canonical JSON itself, so a status can name what changed (absent
        /// in records written by older versions).
        public var parameterValues: String?
        public var inputs: [String: String]
        public var files: [String: String]
        public var tool: String
    }

    func recordURL(experiment: String, node: String) -> URL {
        root.appendingPathComponent("nodes").appendingPathComponent(experiment)
            .appendingPathComponent(String(ContentHash.sha256(Data(node.utf8)).prefix(24)) + ".json")
    }

    public func record(_ record: NodeRecord, experiment: String) {
        let url = recordURL(experiment: experiment, node: record.node)
        try? fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let data = try? ContentHash.prettyJSON(record) { try? AtomicFile.write(data, to: url) }
    }

    public func lastRecord(experiment: String, node: String) -> NodeRecord? {
        guard let data = fileManager.contents(atPath: recordURL(experiment: experiment, node: node).path) else { return nil }
        return try? JSONDecoder().decode(NodeRecord.self, from: data)
    }

    /// Every key recorded for any experiment (what `gc` keeps).
    public func recordedKeys() -> Set<String> {
        let nodes = root.appendingPathComponent("nodes")
        var keys = Set<String>()
        for experiment in (try? fileManager.contentsOfDirectory(atPath: nodes.path)) ?? [] {
            let directory = nodes.appendingPathComponent(experiment)
            for name in (try? fileManager.contentsOfDirectory(atPath: directory.path)) ?? [] {
                if let data = fileManager.contents(atPath: directory.appendingPathComponent(name).path),
                   let record = try? JSONDecoder().decode(NodeRecord.self, from: data) {
                    keys.insert(record.key)
                }
            }
        }
        return keys
    }
}
