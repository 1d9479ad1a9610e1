import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs in progress hold the cache, so that `gc` leaves their entries alone: a run's fresh
/// entries are recorded as referenced only as each finishes, and its inputs must stay until
/// they are read. One lock file, `locks/in-use`, made once (a hold writes nothing): runs take
/// it shared, `gc` exclusive and without waiting.
extension CacheStore {
    /// A shared hold on the cache by a run in progress; released when it is deallocated.
    public final class Use: @unchecked Sendable {
        private let descriptor: Int32
        init(descriptor: Int32) { self.descriptor = descriptor }
        deinit { close(descriptor) }
    }

    var inUseLockPath: String { root.appendingPathComponent("locks").appendingPathComponent("in-use").path }

    /// Holds the cache for a run: `gc` removes nothing while any run holds it (a run's fresh
    /// entries are not yet recorded as referenced, and its inputs must stay until read). Waits
    /// while a `gc` is removing. Nil when locks are unavailable (the run goes on).
    public func beginUse() -> Use? {
        // Read-only when it cannot be opened for writing: a lock needs only a descriptor, and
        // gc opens the same file the same way, so the two always meet.
        var descriptor = open(inUseLockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        if descriptor < 0 && errno == ENOENT {
            // A cache made before it had a locks/ folder.
            try? fileManager.createDirectory(at: root.appendingPathComponent("locks"), withIntermediateDirectories: true)
            descriptor = open(inUseLockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        }
        if descriptor < 0 { descriptor = open(inUseLockPath, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else { return nil }
        while flock(descriptor, LOCK_SH) != 0 {
            if errno != EINTR { close(descriptor); return nil }
        }
        return Use(descriptor: descriptor)
    }

    /// Whether maintenance may remove entries now.
    public enum MaintenanceHold {
        /// No run holds the cache; runs that start wait until `use` is released (nil when
        /// the cache has no lock file and none can be made: then no run can hold it either).
        case exclusive(Use?)
        /// A run holds the cache.
        case busy
    }

    /// For maintenance that removes entries: an exclusive hold, unless a run holds the
    /// cache (checked without waiting).
    public func holdForMaintenance() -> MaintenanceHold {
        var descriptor = open(inUseLockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        if descriptor < 0 { descriptor = open(inUseLockPath, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else { return .exclusive(nil) }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            let busy = errno == EWOULDBLOCK
            close(descriptor)
            return busy ? .busy : .exclusive(nil)
        }
        return .exclusive(Use(descriptor: descriptor))
    }
}
