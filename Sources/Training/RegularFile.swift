import Foundation

/// Reads files that must be plain files: a FIFO, a device or a socket in their place is
/// refused at once instead of blocking in `open()` or reading forever. The file is opened
/// non-blocking, checked with `fstat` on the open descriptor (so a swap between check and
/// read changes nothing), and read up to a limit.
public enum RegularFile {
    /// Why a file could not be read, in words fit for an error message.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let path: String
        /// "missing", "not a regular file (a FIFO)", "too large (over 64 MB)", …
        public let problem: String
        public var description: String { "\(path): \(problem)" }
    }

    /// The bytes of the regular file at `path`, at most `limit` of them.
    /// - Throws: `Failure` for a missing file, a folder, a FIFO, device or socket, a file
    ///   this user may not read, or one larger than `limit`.
    public static func read(_ path: String, limit: Int) throws -> Data {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(path: path, problem: openProblem(errno)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Failure(path: path, problem: "cannot be read (\(String(cString: strerror(errno))))") }
        if let kind = kind(of: status.st_mode) { throw Failure(path: path, problem: "not a regular file (\(kind))") }
        guard status.st_size <= limit else { throw Failure(path: path, problem: "too large: \(status.st_size) bytes, over the limit of \(describe(size: limit))") }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, problem: "cannot be read (\(String(cString: strerror(errno))))")
            }
            if count == 0 { return data }
            data.append(contentsOf: buffer[0..<count])
            // A file that grows while it is read is held to the same limit.
            guard data.count <= limit else { throw Failure(path: path, problem: "too large: over the limit of \(describe(size: limit))") }
        }
    }

    /// What a path is when it is not a regular file (nil for a regular file or a missing
    /// one); does not follow a final symbolic link when `followingLinks` is false.
    public static func nonRegularKind(_ path: String, followingLinks: Bool = true) -> String? {
        var status = stat()
        guard (followingLinks ? stat(path, &status) : lstat(path, &status)) == 0 else { return nil }
        return kind(of: status.st_mode)
    }

    /// "a FIFO", "a folder", … for anything but a regular file.
    static func kind(of mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFLNK: return "a symbolic link"
        default: return "not a plain file"
        }
    }

    static func openProblem(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "missing"
        case EACCES, EPERM: return "cannot be read: no permission"
        case ENAMETOOLONG: return "the path is too long for this system"
        case ENOTDIR: return "missing (a part of the path is a file, not a folder)"
        case ELOOP: return "cannot be read: too many levels of symbolic links"
        default: return "cannot be read (\(String(cString: strerror(code))))"
        }
    }

    static func describe(size: Int) -> String {
        size >= 1 << 20 ? "\(size >> 20) MB" : size >= 1 << 10 ? "\(size >> 10) KB" : "\(size) bytes"
    }
}

/// `read(2)`, named apart from `RegularFile.read`.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
