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
    /// value, removed from) this process's environment.
    static func run(
        _ arguments: [String], environment: [String: String?] = [:],
        currentDirectory: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = url
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
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self))
    }
}
