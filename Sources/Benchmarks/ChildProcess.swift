import Foundation

/// A program run to its end with its output captured and its wall time measured, for the
/// benchmarks that time whole commands (`bench report`) and for the end-to-end tests. The
/// program starts in a process group of its own, so a time limit or a `ChildStopper` ends it
/// together with whatever it started.
public struct ChildProcess: Sendable {
    /// What one run of a program gave.
    public struct Result: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
        /// Wall-clock seconds from start to exit.
        public var seconds: Double
        /// Whether the run outlived its time limit and was killed (its status is then the kill's).
        public var timedOut: Bool
    }

    /// Thrown instead of a result when a `ChildStopper` stopped the run (or had stopped before it).
    public struct Stopped: Error, CustomStringConvertible {
        public var signal: Int32
        public var description: String { "stopped by signal \(signal)" }
    }

    public var executable: URL
    /// Entries added to (or, with a nil value, removed from) this process's environment.
    public var environment: [String: String?]
    public var currentDirectory: URL?
    /// Ends the running program (and its process group) from another thread, e.g. a signal handler.
    public var stopper: ChildStopper?

    public init(executable: URL, environment: [String: String?] = [:], currentDirectory: URL? = nil, stopper: ChildStopper? = nil) {
        self.executable = executable
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.stopper = stopper
    }

    /// Runs the program with `arguments` and waits for it. With a `timeout` (seconds), a run
    /// that takes longer has its process group killed and comes back with `timedOut` set.
    /// - Throws: when it cannot be started; `Stopped` when the stopper ended it.
    public func run(_ arguments: [String], timeout: Double? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let signal = stopper?.stoppedBy { throw Stopped(signal: signal) }
        let start = DispatchTime.now().uptimeNanoseconds
        try process.run()
        let pid = process.processIdentifier
        stopper?.started(pid)
        final class Flag: @unchecked Sendable { var isSet = false }
        let timedOut = Flag(), finished = DispatchSemaphore(value: 0)
        if let timeout {
            Thread.detachNewThread {
                if finished.wait(timeout: .now() + timeout) == .timedOut {
                    timedOut.isSet = true
                    Self.killGroup(of: pid)
                }
            }
        }
        let (outData, errData) = Self.readBoth(out, err)
        process.waitUntilExit()
        finished.signal()
        stopper?.finished(pid)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        if let signal = stopper?.stoppedBy { throw Stopped(signal: signal) }
        return Result(status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
                      standardError: String(decoding: errData, as: UTF8.self), seconds: seconds, timedOut: timedOut.isSet)
    }

    /// Kills (SIGKILL) the process group `pid` leads, or `pid` alone when it leads none.
    static func killGroup(of pid: pid_t) {
        if getpgid(pid) == pid { kill(-pid, SIGKILL) } else { kill(pid, SIGKILL) }
    }

    /// Reads two pipes to their ends at once: reading one to its end first would block for
    /// ever when the child fills the other pipe's buffer (64 KiB) and waits for it to drain.
    static func readBoth(_ first: Pipe, _ second: Pipe) -> (Data, Data) {
        final class Box: @unchecked Sendable { var data = Data() }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let handle = second.fileHandleForReading
        Thread.detachNewThread {
            box.data = handle.readDataToEndOfFile()
            done.signal()
        }
        let firstData = first.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        return (firstData, box.data)
    }
}

/// Ends the child a `ChildProcess` is running from any thread (a signal handler, say): its
/// process group is killed at once, and every later run is refused.
public final class ChildStopper: @unchecked Sendable {
    private let lock = NSLock()
    private var running: pid_t?
    private var signal: Int32?

    public init() {}

    /// The signal `stop` was given, once it was called.
    public var stoppedBy: Int32? { lock.withLock { signal } }

    /// Kills the running child's process group (if any) and refuses every later run.
    public func stop(signal number: Int32) {
        lock.withLock {
            if signal == nil { signal = number }
            if let running { ChildProcess.killGroup(of: running) }
        }
    }

    func started(_ pid: pid_t) {
        lock.withLock {
            running = pid
            if signal != nil { ChildProcess.killGroup(of: pid) }
        }
    }

    func finished(_ pid: pid_t) {
        lock.withLock { if running == pid { running = nil } }
    }
}
