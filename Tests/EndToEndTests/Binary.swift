import Foundation

/// Runs the built `spectral-report` binary, which SwiftPM puts beside the test bundle.
enum Binary {
    struct Result {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    static var url: URL {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            bundleDirectory.appendingPathComponent("spectral-report"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("spectral-report"),
            URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
                .deletingLastPathComponent().appendingPathComponent("spectral-report"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? candidates[0]
    }

    /// Runs the binary with `arguments`; `environment` entries are added to (or, with a nil
    /// value, removed from) this process's environment. With a `timeout`, a run that takes
    /// longer is killed (a test of "never blocks" must not hang itself): the status is then
    /// -1 and standard error ends in "timed out".
    static func run(
        _ arguments: [String], timeout: Double? = nil, environment: [String: String?] = [:],
        currentDirectory: URL? = nil, executable: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? url
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        // The tests decide about the kernel themselves.
        env["OPENBLAS_CORETYPE"] = nil
        env["SPECTRAL_REPORT_OPENBLAS_FALLBACK"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        final class Flag: @unchecked Sendable { var isSet = false }
        let timedOut = Flag(), finished = DispatchSemaphore(value: 0)
        if let timeout {
            let pid = process.processIdentifier
            Thread.detachNewThread {
                if finished.wait(timeout: .now() + timeout) == .timedOut {
                    timedOut.isSet = true
                    kill(pid, SIGKILL)
                }
            }
        }
        let (outData, errData) = readBoth(out, err)
        process.waitUntilExit()
        finished.signal()
        return Result(
            status: timedOut.isSet ? -1 : process.terminationStatus,
            standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self) + (timedOut.isSet ? "\ntimed out" : ""))
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

    /// Reads a pipe to its end on a thread of its own; `wait()` returns what it read.
    final class Drain: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)
        init(_ pipe: Pipe) {
            let handle = pipe.fileHandleForReading
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }
        /// Everything the pipe carried (blocks until its writers closed it).
        func wait() -> String {
            done.wait()
            done.signal()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
