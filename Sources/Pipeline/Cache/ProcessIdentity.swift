import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Who owns a temporary folder: host, boot, PID namespace and process. A folder may be
/// reaped as abandoned only by a process that can prove its owner dead: same host, same
/// boot and same PID namespace (so the PID means the same process), and no such process.
/// A cache shared across cluster nodes or containers is never cleaned by guesswork.
struct ProcessIdentity: Equatable, Sendable {
    var host: String
    var boot: String
    var pidNamespace: String
    var pid: Int32

    /// The running process.
    static let current: ProcessIdentity = {
        func sanitized(_ text: String) -> String {
            let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.")
            let kept = String(text.filter { allowed.contains($0) }.prefix(40))
            return kept.isEmpty ? "unknown" : kept
        }
        let boot = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)) ?? "unknown"
        let namespace = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid")) ?? "unknown"
        return ProcessIdentity(host: sanitized(ProcessInfo.processInfo.hostName),
                               boot: sanitized(String(boot.replacingOccurrences(of: "-", with: "").prefix(12))),
                               pidNamespace: sanitized(namespace), pid: ProcessInfo.processInfo.processIdentifier)
    }()

    /// `host_boot_namespace_pid`, a file-name component (no '_' inside the parts).
    var tag: String { [host, boot, pidNamespace, String(pid)].map { $0.replacingOccurrences(of: "_", with: "") }.joined(separator: "_") }

    init(host: String, boot: String, pidNamespace: String, pid: Int32) {
        self.host = host
        self.boot = boot
        self.pidNamespace = pidNamespace
        self.pid = pid
    }

    /// Parses a tag; nil for anything else (such a folder is reaped only by age).
    init?(tag: Substring) {
        let parts = tag.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 4, let pid = Int32(parts[3]) else { return nil }
        self.init(host: String(parts[0]), boot: String(parts[1]), pidNamespace: String(parts[2]), pid: pid)
    }

    /// True only when this process can tell for certain that the owner has exited.
    func isProvablyDead(seenFrom observer: ProcessIdentity = .current) -> Bool {
        guard host == observer.host, pidNamespace == observer.pidNamespace, pid != observer.pid else { return false }
        if boot != observer.boot { return host != "unknown" && boot != "unknown" }  // rebooted since
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}
