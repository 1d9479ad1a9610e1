import AtomicWrite
import CSystemInfo
import Foundation
import Training

/// Writes a whole folder at once: the new contents are built in a hidden sibling and
/// swapped in with one rename, so a reader (or a full disk, or a kill) sees the old folder
/// or the new one, never half of each. When every file already holds the bytes it would
/// get, nothing is written at all.
enum FolderReplacement {
    /// Removes the staging folders of `folder` (`.<name>.<maker>.<id>.tmp`) whose maker is
    /// provably dead: a run killed while it wrote the report leaves one behind.
    static func removeAbandonedStaging(of folder: URL) {
        let parent = folder.deletingLastPathComponent(), prefix = ".\(folder.lastPathComponent)."
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            let middle = name.dropFirst(prefix.count).dropLast(".tmp".count)
            guard let dot = middle.lastIndex(of: "."), let maker = ProcessIdentity(tag: middle[..<dot]), maker.isProvablyDead() else { continue }
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    /// Makes `folder` hold `files` (paths relative to it).
    /// - Parameters:
    ///   - keepingOthers: carry regular files of the old folder that `files` does not name
    ///     into the new one (a report written with `--only` keeps the rest of its files);
    ///     otherwise the new folder holds exactly `files`.
    /// - Returns: whether anything was written.
    /// - Throws: `OutputError` with the path and the reason; the old folder is then untouched
    ///   and no temporary is left behind.
    @discardableResult
    static func replace(_ folder: URL, with files: [(path: String, data: Data)], keepingOthers: Bool) throws -> Bool {
        let manager = FileManager.default
        let existing = entryKind(folder.path)
        if existing == .file { throw OutputError(path: folder.path, reason: "it is a file, not a folder") }
        if existing == .directory, files.allSatisfy({ holds(folder.appendingPathComponent($0.path), $0.data) }),
           keepingOthers || Set(listFiles(folder)) == Set(files.map(\.path)) {
            return false
        }
        let parent = folder.deletingLastPathComponent()
        do { try manager.createDirectory(at: parent, withIntermediateDirectories: true) } catch {
            throw OutputError(path: parent.path, reason: OutputError.describe(error))
        }
        removeAbandonedStaging(of: folder)
        let temporary = parent.appendingPathComponent(".\(folder.lastPathComponent).\(ProcessIdentity.current.tag).\(UUID().uuidString.prefix(8)).tmp")
        do {
            try manager.createDirectory(at: temporary, withIntermediateDirectories: false)
            let named = Set(files.map(\.path))
            // Folders the new files need: an old file standing where one of them goes, or
            // under a new file's name, is not carried over.
            let folders = Set(files.flatMap { file in
                file.path.split(separator: "/").dropLast().indices.map { file.path.split(separator: "/")[...$0].joined(separator: "/") }
            })
            func conflicts(_ path: String) -> Bool {
                let parts = path.split(separator: "/")
                return folders.contains(path) || parts.indices.dropLast().contains { named.contains(parts[...$0].joined(separator: "/")) }
            }
            if keepingOthers && existing == .directory {
                for path in listFiles(folder) where !named.contains(path) && !conflicts(path) {
                    let target = temporary.appendingPathComponent(path)
                    try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                    if link(folder.appendingPathComponent(path).path, target.path) != 0 {
                        try manager.copyItem(at: folder.appendingPathComponent(path), to: target)
                    }
                }
            }
            for (path, data) in files {
                let target = temporary.appendingPathComponent(path)
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try AtomicFile.write(data, to: target)
            }
            try swapIn(temporary, at: folder, existing: existing)
            return true
        } catch {
            try? manager.removeItem(at: temporary)
            throw OutputError(path: folder.path, reason: OutputError.describe(error))
        }
    }

    /// Puts the finished `temporary` at `folder`: a rename where nothing stands, else an
    /// atomic exchange (or, where the filesystem has none, the old folder moved aside
    /// first) and the old one removed. Another process that puts the same folder in place
    /// meanwhile is not an error: the last one wins, and each is whole.
    static func swapIn(_ temporary: URL, at folder: URL, existing: EntryKind) throws {
        let manager = FileManager.default
        var existing = existing
        for _ in 0..<8 {
            if existing == .absent {
                if rename(temporary.path, folder.path) == 0 { return }
                guard errno == EEXIST || errno == ENOTEMPTY else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                existing = entryKind(folder.path)
                continue
            }
            if sr_exchange_paths(temporary.path, folder.path) == 0 {
                try? manager.removeItem(at: temporary)  // now the old folder (or the link that stood there)
                return
            }
            if errno == ENOENT { existing = .absent; continue }
            // No atomic exchange on this filesystem: move the old folder aside, then rename.
            let aside = temporary.appendingPathExtension("old")
            guard rename(folder.path, aside.path) == 0 else {
                if errno == ENOENT { existing = .absent; continue }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            if rename(temporary.path, folder.path) == 0 {
                try? manager.removeItem(at: aside)
                return
            }
            let code = errno
            _ = rename(aside.path, folder.path)
            guard code == EEXIST || code == ENOTEMPTY else { throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO) }
            existing = entryKind(folder.path)
        }
        throw OutputError(path: folder.path, reason: "other processes kept replacing it")
    }

    enum EntryKind { case absent, directory, link, file }

    /// What stands at `path`, without following a final symbolic link.
    static func entryKind(_ path: String) -> EntryKind {
        var status = stat()
        guard lstat(path, &status) == 0 else { return .absent }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFLNK: return .link
        default: return .file
        }
    }

    /// Whether the regular file at `url` holds exactly `data` (a FIFO or device never does,
    /// and is not opened for reading in a way that could block).
    static func holds(_ url: URL, _ data: Data) -> Bool {
        (try? RegularFile.read(url.path, limit: data.count)) == data
    }

    /// The regular files under `folder`, as relative paths; symbolic links are not followed.
    static func listFiles(_ folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            if entryKind(folder.appendingPathComponent(path).path) == .file,
               RegularFile.nonRegularKind(folder.appendingPathComponent(path).path, followingLinks: false) == nil {
                files.append(path)
            }
        }
        return files
    }
}
