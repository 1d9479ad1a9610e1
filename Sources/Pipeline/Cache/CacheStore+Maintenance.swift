import Foundation

/// Checking, listing, cleaning and collecting the store: everything `cache verify`, `cache
/// gc` and the start of a run do besides reading and writing entries.
extension CacheStore {
    /// What a look at one entry folder found.
    enum EntryCheck {
        case valid(Manifest)
        case absent
        case invalid(String)
        /// The entry could not be read (permissions, I/O): not known to be damaged.
        case unreadable(String)
    }

    /// Checks an entry folder completely: a readable manifest naming this key, exactly the
    /// files it lists, each matching its hash, and the artifacts it requires (as the
    /// computation declared them when it was stored) and `requiring` (what the reader needs).
    func check(_ directory: URL, key: String, requiring: Set<String> = []) -> EntryCheck {
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory.path, isDirectory: &isDirectory) else { return .absent }
        guard isDirectory.boolValue else { return .invalid("is a file, not an entry folder") }
        let manifestURL = directory.appendingPathComponent("manifest.json")
        var exists = stat()
        guard lstat(manifestURL.path, &exists) == 0 else {
            if errno == ENOENT { return .invalid("has no manifest") }
            return .unreadable("cannot be read (\(String(cString: strerror(errno))))")
        }
        let data: Data
        do { data = try Data(contentsOf: manifestURL) } catch {
            return .unreadable("has a manifest that cannot be read (\(Self.reason(error)))")
        }
        guard let manifest = try? JSONDecoder().decode(Manifest.self, from: data) else { return .invalid("has an unreadable manifest") }
        guard manifest.key == key else { return .invalid("has a manifest for another key") }
        let listing: [String]
        do { listing = try fileManager.contentsOfDirectory(atPath: directory.path) } catch {
            return .unreadable("cannot be listed (\(Self.reason(error)))")
        }
        let present = Set(listing.filter { $0 != "manifest.json" })
        guard present == Set(manifest.artifacts.keys) else {
            let extra = present.subtracting(manifest.artifacts.keys).sorted(), missing = Set(manifest.artifacts.keys).subtracting(present).sorted()
            return .invalid("of \(manifest.node) lists other files than it holds (missing: \(missing.joined(separator: ", ")); unlisted: \(extra.joined(separator: ", ")))")
        }
        if let lacking = manifest.missing(present: present, requiring: requiring) { return .invalid(lacking) }
        for (name, hash) in manifest.artifacts.sorted(by: { $0.key < $1.key }) {
            let file = directory.appendingPathComponent(name)
            // An entry holds regular files only: a link could point anywhere, and what it
            // points to can change after the check.
            var status = stat()
            if lstat(file.path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
                return .invalid("artifact \(name) of \(manifest.node) is not a regular file")
            }
            guard let actual = ContentHash.sha256(file: file.path) else {
                if access(file.path, R_OK) != 0 && errno != ENOENT {
                    return .unreadable("artifact \(name) of \(manifest.node) cannot be read (\(String(cString: strerror(errno))))")
                }
                return .invalid("artifact \(name) of \(manifest.node) cannot be read")
            }
            guard actual == hash else {
                return .invalid("artifact \(name) of \(manifest.node) does not match its hash")
            }
        }
        return .valid(manifest)
    }

    /// What `verify` found.
    public struct VerifyReport: Sendable {
        public var verified = 0
        /// One line per damaged entry or stray file (removed unless `removalFailures` names it).
        public var problems: [String] = []
        /// Problem (as in `problems`) → why it could not be removed; it is still there.
        public var removalFailures: [String: String] = [:]
        /// Entries or folders that could not be read, with the reason: not known to be
        /// damaged, so left alone.
        public var unreadable: [String] = []
        /// Whether everything checked out: nothing damaged, nothing unreadable.
        public var isClean: Bool { problems.isEmpty && unreadable.isEmpty }
    }

    /// Visits every folder and file under `objects/`, keeps whole valid entries and removes
    /// everything else (with `dryRun`, only reports it). What it cannot read or remove it
    /// reports as such, with the reason.
    public func verify(dryRun: Bool = false) -> VerifyReport {
        var report = VerifyReport()
        let objects = root.appendingPathComponent("objects")
        func reject(_ url: URL, _ problem: String) {
            report.problems.append(problem)
            if !dryRun, let failure = removeWhole(url) { report.removalFailures[problem] = failure }
        }
        func list(_ url: URL, _ name: String) -> [String] {
            do { return try fileManager.contentsOfDirectory(atPath: url.path).sorted() } catch {
                if (error as? CocoaError)?.code != .fileReadNoSuchFile { report.unreadable.append("\(name) cannot be listed (\(Self.reason(error)))") }
                return []
            }
        }
        for prefix in list(objects, "objects") {
            let prefixURL = objects.appendingPathComponent(prefix)
            if (try? fileManager.attributesOfItem(atPath: prefixURL.path)[.type] as? FileAttributeType) == .typeSymbolicLink {
                reject(prefixURL, "objects/\(prefix) is a symbolic link, not a key prefix folder")
                continue
            }
            var isDirectory: ObjCBool = false
            _ = fileManager.fileExists(atPath: prefixURL.path, isDirectory: &isDirectory)
            guard isDirectory.boolValue, prefix.count == 2, CacheKey.isValid(prefix + String(repeating: "0", count: 62)) else {
                reject(prefixURL, "objects/\(prefix) is not a key prefix folder")
                continue
            }
            for name in list(prefixURL, "objects/\(prefix)") {
                let url = prefixURL.appendingPathComponent(name)
                guard CacheKey.isValid(name), name.hasPrefix(prefix) else {
                    reject(url, "objects/\(prefix)/\(name) is not named by a key")
                    continue
                }
                switch check(url, key: name) {
                case .valid: report.verified += 1
                case .absent: break
                case let .invalid(problem): reject(url, "entry \(name.prefix(12)) \(problem)")
                case let .unreadable(reason): report.unreadable.append("entry \(name.prefix(12)) \(reason)")
                }
            }
        }
        // Node records point at entries; a damaged one is removed (the next run records the
        // node anew), an unreadable one is left alone. Hidden files are temporaries.
        let nodes = root.appendingPathComponent("nodes")
        for experiment in list(nodes, "nodes") where !experiment.hasPrefix(".") {
            let directory = nodes.appendingPathComponent(experiment)
            for name in list(directory, "nodes/\(experiment)") where !name.hasPrefix(".") {
                let url = directory.appendingPathComponent(name)
                guard let data = fileManager.contents(atPath: url.path) else {
                    report.unreadable.append("node record nodes/\(experiment)/\(name) cannot be read")
                    continue
                }
                if (try? JSONDecoder().decode(NodeRecord.self, from: data)).map({ CacheKey.isValid($0.key) }) != true {
                    reject(url, "node record nodes/\(experiment)/\(name) is damaged (not a node record)")
                }
            }
        }
        return report
    }

    /// An entry's manifest, read without checking the artifacts' hashes; nil when missing
    /// or unreadable.
    public func manifest(_ key: String) -> Manifest? {
        guard CacheKey.isValid(key), let data = fileManager.contents(atPath: entryURL(key).appendingPathComponent("manifest.json").path),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data), manifest.key == key else { return nil }
        return manifest
    }

    /// Every valid entry's manifest, by key (read without checking hashes).
    public func manifests() -> [Manifest] {
        let objects = root.appendingPathComponent("objects")
        var result: [Manifest] = []
        for prefix in (try? fileManager.contentsOfDirectory(atPath: objects.path)) ?? [] {
            for key in (try? fileManager.contentsOfDirectory(atPath: objects.appendingPathComponent(prefix).path)) ?? [] {
                guard CacheKey.isValid(key), key.hasPrefix(prefix) else { continue }
                let url = entryURL(key).appendingPathComponent("manifest.json")
                if let data = fileManager.contents(atPath: url.path), let manifest = try? JSONDecoder().decode(Manifest.self, from: data),
                   manifest.key == key {
                    result.append(manifest)
                }
            }
        }
        return result.sorted { $0.key < $1.key }
    }

    /// Bytes an entry takes on disk.
    public func size(of key: String) -> Int {
        guard CacheKey.isValid(key) else { return 0 }
        let directory = entryURL(key)
        return ((try? fileManager.contentsOfDirectory(atPath: directory.path)) ?? []).reduce(0) { total, name in
            total + ((try? fileManager.attributesOfItem(atPath: directory.appendingPathComponent(name).path)[.size] as? Int) ?? 0)
        }
    }

    /// Every valid key recorded for any experiment (what `gc --unreferenced` keeps).
    public func recordedKeys() -> Set<String> {
        let nodes = root.appendingPathComponent("nodes")
        var keys = Set<String>()
        for experiment in (try? fileManager.contentsOfDirectory(atPath: nodes.path)) ?? [] {
            let directory = nodes.appendingPathComponent(experiment)
            for name in (try? fileManager.contentsOfDirectory(atPath: directory.path)) ?? [] {
                if let data = fileManager.contents(atPath: directory.appendingPathComponent(name).path),
                   let record = try? JSONDecoder().decode(NodeRecord.self, from: data), CacheKey.isValid(record.key) {
                    keys.insert(record.key)
                }
            }
        }
        return keys
    }

    /// What to collect.
    public struct CollectionPolicy: Sendable {
        public var unreferenced = false
        public var olderThanDays: Double?
        public var maximumMegabytes: Double?
        public init() {}
    }

    /// What a collection removed, and what it could not.
    public struct CollectionResult: Sendable {
        /// Keys removed (with `dryRun`: that would be).
        public var removed: [String] = []
        /// Bytes they took.
        public var bytes = 0
        /// Keys that could not be removed, with the reason; they are still there, whole.
        public var failures: [(key: String, reason: String)] = []
        /// What could not be read (a folder that cannot be listed, a manifest or node
        /// record that cannot be read or decoded): such entries are neither counted nor
        /// removed, and with `unreferenced` nothing is removed at all, since which entries
        /// an unreadable record references is unknown.
        public var unreadable: [String] = []
    }

    /// What collection could not read; empty when every folder, manifest and (with
    /// `records`) node record of the store was read. Hidden files are another process's
    /// temporaries and are passed over.
    func unreadableParts(records: Bool) -> [String] {
        var problems: [String] = []
        func list(_ url: URL, _ name: String) -> [String] {
            do { return try fileManager.contentsOfDirectory(atPath: url.path).filter { !$0.hasPrefix(".") }.sorted() } catch {
                if (error as? CocoaError)?.code != .fileReadNoSuchFile { problems.append("\(name) cannot be listed (\(Self.reason(error)))") }
                return []
            }
        }
        let objects = root.appendingPathComponent("objects")
        for prefix in list(objects, "objects") {
            for key in list(objects.appendingPathComponent(prefix), "objects/\(prefix)") where CacheKey.isValid(key) && key.hasPrefix(prefix) {
                let manifest = entryURL(key).appendingPathComponent("manifest.json").path
                if fileManager.fileExists(atPath: manifest) && fileManager.contents(atPath: manifest) == nil {
                    problems.append("entry \(key.prefix(12)): its manifest cannot be read")
                }
            }
        }
        guard records else { return problems }
        let nodes = root.appendingPathComponent("nodes")
        for experiment in list(nodes, "nodes") {
            let directory = nodes.appendingPathComponent(experiment)
            for name in list(directory, "nodes/\(experiment)") {
                let record = fileManager.contents(atPath: directory.appendingPathComponent(name).path)
                    .flatMap { try? JSONDecoder().decode(NodeRecord.self, from: $0) }
                if record.map({ CacheKey.isValid($0.key) }) != true { problems.append("node record nodes/\(experiment)/\(name) is unreadable or damaged") }
            }
        }
        return problems
    }

    /// Removes (with `dryRun`, lists) the entries the policy names, each whole or not at all.
    public func collectGarbage(_ policy: CollectionPolicy, dryRun: Bool) -> CollectionResult {
        var result = CollectionResult()
        result.unreadable = unreadableParts(records: policy.unreferenced)
        if policy.unreferenced && !result.unreadable.isEmpty { return result }
        var manifests = manifests()
        var doomed = Set<String>()
        if policy.unreferenced {
            let kept = recordedKeys()
            doomed.formUnion(manifests.map(\.key).filter { !kept.contains($0) })
        }
        if let days = policy.olderThanDays {
            let limit = Date().timeIntervalSince1970 - days * 86_400
            doomed.formUnion(manifests.filter { $0.created < limit }.map(\.key))
        }
        if let maximum = policy.maximumMegabytes {
            manifests.sort { $0.created > $1.created }
            var total = 0.0
            for manifest in manifests where !doomed.contains(manifest.key) {
                total += Double(size(of: manifest.key)) / 1_048_576
                if total > maximum { doomed.insert(manifest.key) }
            }
        }
        for key in doomed.sorted() {
            let bytes = size(of: key)
            if !dryRun, let failure = remove(key) {
                result.failures.append((key, failure))
                continue
            }
            result.removed.append(key)
            result.bytes += bytes
        }
        return result
    }
}

/// Names of temporary entry folders, and which of them may be reaped.
enum Temporaries {
    /// A folder not touched for this long is abandoned whoever made it.
    static let abandonedAfter: TimeInterval = 7 * 86_400

    /// `<key prefix>-<host_boot_namespace_pid>-<uuid>`.
    static func name(for key: String) -> String {
        "\(key.prefix(16))-\(ProcessIdentity.current.tag)-\(UUID().uuidString)"
    }

    /// The owner named in a temporary folder's name.
    static func owner(of name: String) -> ProcessIdentity? {
        let parts = name.split(separator: "-", maxSplits: 2)
        guard parts.count == 3 else { return nil }
        return ProcessIdentity(tag: parts[1])
    }
}

extension CacheStore {
    /// Removes temporary folders abandoned by now (see `removeAbandonedTemporaries(now:)`).
    public func removeAbandonedTemporaries() { removeAbandonedTemporaries(now: Date()) }

    /// Removes temporary folders whose owner is provably dead (same host, boot and PID
    /// namespace, no such process), or that nobody touched for a week.
    public func removeAbandonedTemporaries(now: Date) {
        let tmp = root.appendingPathComponent("tmp")
        for name in (try? fileManager.contentsOfDirectory(atPath: tmp.path)) ?? [] {
            let url = tmp.appendingPathComponent(name)
            let modified = (try? fileManager.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? now
            if Temporaries.owner(of: name)?.isProvablyDead() == true || now.timeIntervalSince(modified) > Temporaries.abandonedAfter {
                removeInside(url)
            }
        }
    }
}
