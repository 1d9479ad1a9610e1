import Foundation

/// A file or folder that could not be written: the path and the reason in plain words
/// (never a framework's error dump). The CLI exits with code 1.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot write \(path): \(reason)" }

    /// The reason of a Foundation or POSIX error in words: "No space left on device".
    public static func describe(_ error: Error) -> String {
        if let error = error as? OutputError { return error.reason }
        if let error = error as? POSIXError { return String(cString: strerror(error.code.rawValue)) }
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileWriteOutOfSpace: return "no space left on the device"
            case .fileWriteNoPermission: return "no permission"
            case .fileWriteVolumeReadOnly: return "the filesystem is read-only"
            case .fileWriteFileExists: return "a file of that name is in the way"
            case .fileWriteInvalidFileName: return "the name is not valid (too long?)"
            default: break
            }
        }
        return "the system refused (\(ns.localizedDescription))"
    }
}
