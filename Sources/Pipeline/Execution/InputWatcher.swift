import Foundation

/// Notices when files change by polling their inode, size and modification time (and a
/// folder's listing): no kernel support needed, and it sees every way editors save —
/// in place, or a new file renamed over the old one.
public struct InputWatcher: Sendable {
    /// The paths watched.
    public private(set) var paths: [String] = []
    private var fingerprints: [String: String] = [:]

    public init(paths: [String]) { watch(paths) }

    /// Watches `paths` from now on (their present state is the baseline).
    public mutating func watch(_ paths: [String]) {
        var seen = Set<String>()
        self.paths = paths.filter { seen.insert($0).inserted }
        fingerprints = Dictionary(uniqueKeysWithValues: self.paths.map { ($0, Self.fingerprint($0)) })
    }

    /// The paths that changed since the last look (or since `watch`).
    public mutating func changes() -> [String] {
        var changed: [String] = []
        for path in paths {
            let now = Self.fingerprint(path)
            if fingerprints[path] != now {
                changed.append(path)
                fingerprints[path] = now
            }
        }
        return changed
    }

    /// What identifies a file's present state; for a folder, the names in it (not its
    /// time, which every save through a temporary file changes).
    static func fingerprint(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "missing" }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }
            return "folder " + names.sorted().joined(separator: "/")
        }
        return "\(info.st_ino) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }
}
