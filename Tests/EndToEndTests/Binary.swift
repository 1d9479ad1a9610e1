import Benchmarks
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
    /// longer is killed with its process group (a test of "never blocks" must not hang
    /// itself): the status is then -1 and standard error ends in "timed out".
    static func run(
        _ arguments: [String], timeout: Double? = nil, environment: [String: String?] = [:],
        currentDirectory: URL? = nil, executable: URL? = nil
    ) throws -> Result {
        var env: [String: String?] = [
            // The tests decide about the kernel themselves.
            "OPENBLAS_CORETYPE": nil,
            "SPECTRAL_REPORT_OPENBLAS_FALLBACK": nil,
        ]
        for (key, value) in environment { env[key] = value }
        let child = ChildProcess(executable: executable ?? url, environment: env, currentDirectory: currentDirectory)
        let result = try child.run(arguments, timeout: timeout)
        return Result(
            status: result.timedOut ? -1 : result.status,
            standardOutput: result.standardOutput,
            standardError: result.standardError + (result.timedOut ? "\ntimed out" : ""))
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
