import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A failure as one plain line: the system's words for an I/O error ("File too large",
/// "No space left on device"), with the file when known, never a Foundation error dump.
public enum FailureMessage {
    public static func describe(_ error: Error) -> String {
        if let input = error as? InputError { return input.description }
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        let ns = error as NSError
        let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        let prefix = path.map { "\($0): " } ?? ""
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return prefix + String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return prefix + String(cString: strerror(Int32(ns.code))) }
        if ns.domain == NSCocoaErrorDomain, let reason = ns.localizedFailureReason { return prefix + reason }
        return "\(error)"
    }
}
