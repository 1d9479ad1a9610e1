import AtomicWrite
import CSystemInfo
import Foundation
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
/// work twice. A `CACHEDIR.TAG` marks the folder as a cache (backup tools skip it), and no
/// maintenance command touches a folder that is not one.
///
/// It is the on-disk `ArtifactStore`: it knows nothing about node kinds, and checks an entry
/// against what its manifest declares (the artifacts listed, and those required).
public final class CacheStore: ArtifactStore, @unchecked Sendable {
    public let root: URL
    let fileManager = FileManager.default
    /// Receives warnings (once each), e.g. that the filesystem has no locks.
    public var onWarning: @Sendable (String) -> Void = { _ in }
    private let warningLock = NSLock()
    private var warned = Set<String>()

    /// What the store knows of an entry.
    public typealias Manifest = StoreManifest
    /// The outcome of a lookup.
    public typealias Lookup = StoreLookup
    /// What a node's key was made of the last time it was computed.
    public typealias NodeRecord = Pipeline.NodeRecord

    /// The cache folder's path.
    public var location: String { root.path }

    static let subfolders = ["objects", "tmp", "locks", "nodes"]
    static let tagName = "CACHEDIR.TAG"
    static let tagContents = """
        Signature: 8a477f597d28d172789f06886806bc55
        # This file marks a spectral-report cache (https://bford.info/cachedir/).

        """

    /// Opens the cache at `root`, creating it when the folder is missing or empty.
    /// - Throws: `InputError` when `root` is a file, or a folder with other contents.
    public init(root: URL) throws {
        self.root = root
        switch try Self.inspect(root) {
        case .cache: break
        case .absentOrEmpty:
            do {
                for sub in Self.subfolders {
                    try fileManager.createDirectory(at: root.appendingPathComponent(sub), withIntermediateDirectories: true)
                }
            } catch {
                throw InputError(file: root.path, message: "cannot create the cache here (\(Self.reason(error)))")
            }
        }
        let tag = root.appendingPathComponent(Self.tagName)
        if !fileManager.fileExists(atPath: tag.path) { try? AtomicFile.write(Data(Self.tagContents.utf8), to: tag) }
    }

    /// Opens an existing cache for maintenance without writing anything; nil when `root` is
    /// missing or empty (there is nothing to maintain).
    /// - Throws: `InputError` when `root` is not a cache.
    public static func existing(at root: URL) throws -> CacheStore? {
        guard try inspect(root) == .cache else { return nil }
        return CacheStore(existing: root)
    }

    /// Opens the cache at `root` for reading only: nothing is created, and a missing cache
    /// reads as empty (`--dry-run`).
    /// - Throws: `InputError` when `root` is not a cache.
    public static func forReading(at root: URL) throws -> CacheStore {
        _ = try inspect(root)
        return CacheStore(existing: root)
    }

    private init(existing root: URL) { self.root = root }

    enum Kind { case cache, absentOrEmpty }

    /// Whether `root` holds a cache (its tag, or the folders of one written before tags).
    static func inspect(_ root: URL) throws -> Kind {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) else { return .absentOrEmpty }
        guard isDirectory.boolValue else { throw InputError(file: root.path, message: "is a file, not a cache folder") }
        let contents: [String]
        do { contents = try FileManager.default.contentsOfDirectory(atPath: root.path) } catch {
            throw InputError(file: root.path, message: "cannot read the cache folder (\(reason(error)))")
        }
        if contents.isEmpty { return .absentOrEmpty }
        let tag = (try? String(contentsOf: root.appendingPathComponent(tagName), encoding: .utf8)) ?? ""
        let isCache = tag.hasPrefix("Signature: 8a477f597d28d172789f06886806bc55") || Set(["objects", "nodes"]).isSubset(of: contents)
            // Another process may be creating this cache right now: only our own names in it.
            || contents.allSatisfy({ subfolders.contains($0) || $0.hasPrefix(".\(tagName).") })
        if isCache {
            // The store writes into its folders and maintenance refuses to touch what lies
            // outside the cache: a folder that is a link elsewhere would fill up for ever.
            // (A file in a folder's place is reported by the commands that read it.)
            for sub in subfolders where contents.contains(sub) {
                var status = stat()
                if lstat(root.appendingPathComponent(sub).path, &status) == 0, status.st_mode & S_IFMT == S_IFLNK {
                    throw InputError(file: root.appendingPathComponent(sub).path,
                                     message: "is a symbolic link, not a folder of this cache; refusing to use the cache (the store would write through it, and maintenance never touches what lies outside the cache)")
                }
            }
            return .cache
        }
        throw InputError(file: root.path, message: "is not a spectral-report cache (no \(tagName)); refusing to use or change it")
    }

    static func reason(_ error: Error) -> String {
        if let cocoa = error as? CocoaError, let underlying = cocoa.underlying as? POSIXError { return underlying.localizedDescription }
        return (error as NSError).localizedFailureReason ?? error.localizedDescription
    }

    func warnOnce(_ message: String) {
        let first = warningLock.withLock { warned.insert(message).inserted }
        if first { onWarning(message) }
    }

    /// The entry folder of a valid key.
    func entryURL(_ key: String) -> URL {
        precondition(CacheKey.isValid(key), "cache keys are made by NodeKeys")
        return root.appendingPathComponent("objects").appendingPathComponent(String(key.prefix(2))).appendingPathComponent(key)
    }

    /// Looks `key` up, verifying every artifact's hash and that the entry holds what its
    /// manifest requires and `requiring`; a damaged entry is removed unless `removingDamaged`
    /// is false (a status or dry run writes nothing).
    public func lookup(_ key: String, requiring: Set<String>, removingDamaged: Bool) -> Lookup {
        guard CacheKey.isValid(key) else { return .missing }
        switch check(entryURL(key), key: key, requiring: requiring) {
        case let .valid(manifest): return .hit(manifest)
        case .absent: return .missing
        case let .invalid(problem):
            if removingDamaged { removeInside(entryURL(key)) }
            return .corrupt("entry \(key.prefix(12)) \(problem)")
        case let .unreadable(reason):
            return .unreadable("entry \(key.prefix(12)) \(reason)")
        }
    }

    /// An artifact's bytes (after `lookup` verified it).
    public func artifact(_ key: String, _ name: String) -> Data? {
        guard CacheKey.isValid(key), !name.contains("/") else { return nil }
        return fileManager.contents(atPath: entryURL(key).appendingPathComponent(name).path)
    }

    /// Stores artifacts under `key` atomically. `required` names the artifacts every entry of
    /// the node holds (the manifest records them; `lookup` and `verify` check them);
    /// `meaningful` the artifacts whose bytes define the output hash (all of them when nil).
    /// With `replacing`, an existing entry is swapped for the new one in one step (a forced
    /// recomputation): readers see the old entry or the new one, never neither.
    @discardableResult
    public func store(key: String, kind: String, node: String, artifacts: [String: Data], required: Set<String> = [],
                      meaningful: [String: Data]? = nil, seconds: Double, replacing: Bool = false) throws -> Manifest {
        let temporary = root.appendingPathComponent("tmp").appendingPathComponent(Temporaries.name(for: key))
        try fileManager.createDirectory(at: temporary, withIntermediateDirectories: true)
        do {
            var hashes: [String: String] = [:]
            for (name, data) in artifacts {
                try AtomicFile.write(data, to: temporary.appendingPathComponent(name))
                hashes[name] = ContentHash.sha256(data)
            }
            let manifest = Manifest(key: key, kind: kind, node: node, artifacts: hashes, required: required.sorted(),
                                    outputHash: ContentHash.outputHash(meaningful ?? artifacts), seconds: seconds, created: Date().timeIntervalSince1970)
            try AtomicFile.write(try ContentHash.prettyJSON(manifest), to: temporary.appendingPathComponent("manifest.json"))
            let destination = entryURL(key)
            try fileManager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            if replacing, fileManager.fileExists(atPath: destination.path) {
                if sr_exchange_paths(temporary.path, destination.path) == 0 {
                    removeInside(temporary)  // now the old entry
                    return manifest
                }
                // No atomic exchange on this filesystem: move the old entry aside, then rename.
                let aside = temporary.appendingPathExtension("old")
                _ = rename(destination.path, aside.path)
                removeInside(aside)
            }
            if rename(temporary.path, destination.path) != 0 {
                // Another process stored the same key first: keep theirs.
                removeInside(temporary)
                if case let .hit(existing) = lookup(key) { return existing }
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination.path])
            }
            return manifest
        } catch {
            removeInside(temporary)
            throw error
        }
    }

    /// Runs `body` holding an exclusive lock for `key`, shared with other processes. On a
    /// filesystem without locks it says so once and runs anyway: entries stay whole (the
    /// rename is atomic), two processes may only compute the same entry twice.
    public func withLock<T>(_ key: String, _ body: () throws -> T) rethrows -> T {
        guard CacheKey.isValid(key) else { return try body() }
        let path = root.appendingPathComponent("locks").appendingPathComponent(key).path
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        var locked = false
        if descriptor >= 0 {
            while true {
                if flock(descriptor, LOCK_EX) == 0 { locked = true; break }
                if errno != EINTR { break }
            }
        }
        if !locked {
            warnOnce("warning: cannot lock files in \(root.path) (\(String(cString: strerror(errno)))); processes sharing this cache may compute the same entry twice, entries stay whole")
        }
        defer {
            if descriptor >= 0 {
                if locked { _ = flock(descriptor, LOCK_UN) }
                close(descriptor)
            }
        }
        return try body()
    }

    /// Removes an entry whole (its folder leaves `objects/` in one rename), and its lock.
    /// - Returns: nil when it is gone (or was not there), else why it could not be removed;
    ///   it is then still there, whole.
    @discardableResult
    public func remove(_ key: String) -> String? {
        guard CacheKey.isValid(key) else { return "not a key" }
        if let failure = removeWhole(entryURL(key)) { return failure }
        removeInside(root.appendingPathComponent("locks").appendingPathComponent(key))
        return nil
    }

    /// Removes `url` (inside the cache, as `removeInside` checks) in one step: it is renamed
    /// into `tmp/` first, then deleted there, so it vanishes whole or stays whole.
    /// - Returns: nil when it is gone, else the reason it is still there.
    func removeWhole(_ url: URL) -> String? {
        guard let (parent, name) = insidePath(url) else { return "refused: it is not inside the cache \(root.path)" }
        var status = stat()
        guard lstat(parent + "/" + name, &status) == 0 else { return errno == ENOENT ? nil : String(cString: strerror(errno)) }
        let tmp = root.appendingPathComponent("tmp")
        try? fileManager.createDirectory(at: tmp, withIntermediateDirectories: true)
        let stem = String(name.filter { $0.isLetter || $0.isNumber }.prefix(16))
        let aside = tmp.appendingPathComponent(Temporaries.name(for: stem.isEmpty ? "removed" : stem))
        guard rename(parent + "/" + name, aside.path) == 0 else { return String(cString: strerror(errno)) }
        if !removeInside(aside) {
            warnOnce("warning: removed entries could not all be deleted from \(tmp.path); they are out of the store and will be reaped later")
        }
        return nil
    }

    /// The resolved parent folder and name of `url` when it lies inside the cache (symbolic
    /// links resolved in the parent, not the item) and is not the cache itself.
    private func insidePath(_ url: URL) -> (parent: String, name: String)? {
        let base = root.resolvingSymlinksInPath().standardizedFileURL.path
        let parent = url.deletingLastPathComponent().resolvingSymlinksInPath().standardizedFileURL.path
        let name = url.lastPathComponent
        guard !name.isEmpty, name != ".", name != "..", parent == base || parent.hasPrefix(base + "/") else { return nil }
        return (parent, name)
    }

    /// Removes `url` only if it lies inside the cache, symbolic links resolved, and is not
    /// the cache itself; anything else is refused (and reported).
    @discardableResult
    func removeInside(_ url: URL) -> Bool {
        guard let (parent, name) = insidePath(url) else {
            warnOnce("warning: refused to remove \(url.path): it is not inside the cache \(root.path)")
            return false
        }
        guard (try? fileManager.attributesOfItem(atPath: url.path)) != nil else { return false }
        return (try? fileManager.removeItem(atPath: parent + "/" + name)) != nil
    }
}
