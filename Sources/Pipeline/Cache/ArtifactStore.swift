import Foundation

/// Storage for node entries, by key: what the executor, `cache status` and the report writer
/// read and write. A store knows nothing about node kinds: an entry is a set of named
/// artifacts with a manifest, and the manifest records which artifacts the entry must hold
/// (what the computation declared), so a check needs nothing but the manifest.
///
/// `CacheStore` keeps entries on disk (shared between processes); `MemoryStore` keeps them
/// in memory, for tests.
public protocol ArtifactStore: AnyObject, Sendable {
    /// Where the store is, for messages (a folder, or a name).
    var location: String { get }

    /// Looks `key` up, verifying every artifact's hash and that the entry holds the artifacts
    /// its manifest requires and `requiring`; a damaged entry is removed unless
    /// `removingDamaged` is false (a status or dry run writes nothing).
    func lookup(_ key: String, requiring: Set<String>, removingDamaged: Bool) -> StoreLookup

    /// An entry's manifest, read without checking the artifacts; nil when there is none.
    func manifest(_ key: String) -> StoreManifest?

    /// An artifact's bytes (after `lookup` verified the entry).
    func artifact(_ key: String, _ name: String) -> Data?

    /// Stores an entry whole. `required` names the artifacts every entry of its node holds
    /// (recorded in the manifest, checked by `lookup` and `verify`); `meaningful` the
    /// artifacts whose bytes define the output hash (all when nil). With `replacing`, an
    /// existing entry is swapped for the new one in one step.
    /// - Returns: the manifest kept (another process's, when it stored the same key first).
    @discardableResult
    func store(key: String, kind: String, node: String, artifacts: [String: Data], required: Set<String>,
               meaningful: [String: Data]?, seconds: Double, replacing: Bool) throws -> StoreManifest

    /// Runs `body` holding an exclusive lock for `key` (shared with other users of the store).
    func withLock<T>(_ key: String, _ body: () throws -> T) rethrows -> T

    /// Keeps `record` as the node's last, for explaining later why it reruns.
    func record(_ record: NodeRecord, experiment: String)

    /// The last record of a node, when there is a valid one.
    func lastRecord(experiment: String, node: String) -> NodeRecord?

    /// Removes what earlier users of the store abandoned (half-written entries); before an
    /// execution.
    func removeAbandonedTemporaries()

    /// A small file the store keeps beside its entries (a calibration), by relative name
    /// (`calibration/<name>.json`); nil when there is none.
    func sideFile(_ name: String) -> Data?

    /// Keeps a side file (atomically, replacing one of the same name).
    func writeSideFile(_ data: Data, named name: String) throws
}

extension ArtifactStore {
    /// `lookup(_:requiring:removingDamaged:)` with nothing required beyond the manifest.
    public func lookup(_ key: String, removingDamaged: Bool = true) -> StoreLookup {
        lookup(key, requiring: [], removingDamaged: removingDamaged)
    }
}

/// What the store knows of an entry.
public struct StoreManifest: Codable, Sendable {
    public var key: String
    /// The node's kind and id, as labels (the store does not read them).
    public var kind: String
    public var node: String
    /// Artifact name → SHA-256.
    public var artifacts: [String: String]
    /// The artifacts the entry must hold, as its computation declared them. Absent in
    /// manifests written before the store recorded it: `verify` then checks the listed
    /// artifacts only, and a run still finds an entry lacking what its node needs damaged
    /// (`lookup(_:requiring:removingDamaged:)`).
    public var required: [String]?
    /// The hash dependents use: of the artifacts that carry meaning (timings excluded).
    public var outputHash: String
    /// Seconds the computation took, and when it was stored (for `gc`).
    public var seconds: Double
    public var created: Double

    /// The problem with an entry holding `present` (artifact names): the required artifacts
    /// (the manifest's and `requiring`) it lacks; nil when none.
    func missing(present: Set<String>, requiring: Set<String>) -> String? {
        let lacking = Set(required ?? []).union(requiring).subtracting(present)
        return lacking.isEmpty ? nil : "of \(node) lacks \(lacking.sorted().joined(separator: ", "))"
    }
}

/// The outcome of a lookup.
public enum StoreLookup {
    case hit(StoreManifest)
    case missing
    /// The entry was damaged; it has been removed (unless the lookup was told not to).
    case corrupt(String)
    /// The entry could not be read (permissions, I/O); it was left alone.
    case unreadable(String)
}

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
