import Foundation
import TestSupport

/// Two small rendered reports (`base`, and `half` with half the learning rate) made once
/// and copied for each test, the binary run with a time limit, and snapshots of folder trees, for
/// the tests that feed `compare`, the site index and `run` hostile report and output folders.
enum HostileSiteFixture {
    /// The experiment: the tiny one with a loss figure, `learning_rate` in its defaults.
    static func experiment(title: String, learningRate: Double = 0.5, caption: String = "Loss.") -> String {
        TinyExperiment.toml(title: title, extra: "[[figures]]\nid = \"losses\"\nkind = \"loss_curves\"\nsweep = \"movement\"\ncaption = \"\(caption)\"")
            .replacingOccurrences(of: "[defaults]\n", with: "[defaults]\nlearning_rate = \(learningRate)\n")
    }

    /// `<template>/out/base` and `<template>/out/half`, rendered once per test process.
    static let template: Result<URL, any Error> = Result {
        let folder = try RunCommandTests.folder()
        let a = try RunCommandTests.write(experiment(title: "Base"), in: folder, name: "base")
        let b = try RunCommandTests.write(experiment(title: "Half", learningRate: 0.25), in: folder, name: "half")
        let run = try Binary.run(["run", a, b, "--output", folder.appendingPathComponent("out").path, "--quiet", "--threads", "1"],
                                 environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        guard run.status == 0 else { throw FixtureError(message: "the fixture's run failed: \(run.standardError)") }
        return folder
    }

    struct FixtureError: Error, CustomStringConvertible { let message: String; var description: String { message } }

    /// A fresh copy of the fixture: its folder holds `experiments/` and `out/` (with the two
    /// reports, the index and the cache).
    static func copy() throws -> URL {
        let source = try template.get()
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-hostile-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: target)
        return target
    }

    /// Every entry under `folder`: regular files with their bytes, links with their target,
    /// folders and other entries by kind. Equal snapshots mean nothing was written.
    static func snapshot(_ folder: URL) -> [String: String] {
        var entries: [String: String] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return entries }
        while let path = enumerator.nextObject() as? String {
            let full = folder.appendingPathComponent(path).path
            var status = stat()
            guard lstat(full, &status) == 0 else { continue }
            switch status.st_mode & S_IFMT {
            case S_IFREG: entries[path] = "file \(status.st_ino) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec) " + (FileManager.default.contents(atPath: full)?.base64EncodedString() ?? "?")
            case S_IFLNK: entries[path] = "link " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?")
            case S_IFDIR: entries[path] = "folder"
            default: entries[path] = "other"
            }
        }
        return entries
    }

    /// `Binary.run` with a time limit by default: these tests feed the binary folders and
    /// files that could block it (FIFOs, full disks), and must not hang themselves.
    static func run(_ arguments: [String], timeout: Double = 120, environment: [String: String?] = [:],
                    currentDirectory: URL? = nil, executable: URL? = nil) throws -> Binary.Result {
        try Binary.run(arguments, timeout: timeout, environment: environment, currentDirectory: currentDirectory, executable: executable)
    }

    /// Standard error collected as it arrives (for tests that watch a running binary).
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var error = Data()
        func appendError(_ data: Data) { lock.withLock { error.append(data) } }
        var errorText: String { lock.withLock { String(decoding: error, as: UTF8.self) } }
    }
}
