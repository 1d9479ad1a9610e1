import Foundation

/// A program run to its end with its output captured and its wall time measured, for the
/// benchmarks that time whole commands (`bench report`).
public struct ChildProcess: Sendable {
    /// What one run of a program gave.
    public struct Result: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
        /// Wall-clock seconds from start to exit.
        public var seconds: Double
    }

    public var executable: URL
    /// Entries added to (or, with a nil value, removed from) this process's environment.
    public var environment: [String: String?]

    public init(executable: URL, environment: [String: String?] = [:]) {
        self.executable = executable
        self.environment = environment
    }

    /// Runs the program with `arguments` and waits for it.
    /// - Throws: when it cannot be started.
    public func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let start = DispatchTime.now().uptimeNanoseconds
        try process.run()
        let (outData, errData) = Self.readBoth(out, err)
        process.waitUntilExit()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        return Result(status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
                      standardError: String(decoding: errData, as: UTF8.self), seconds: seconds)
    }

    /// Reads two pipes to their ends at once (reading one first would block for ever once the
    /// child fills the other's buffer).
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
