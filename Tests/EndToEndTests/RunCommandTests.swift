import Foundation
import Testing
import TestSupport

/// `spectral-report run` on the built binary: exit codes, caching across processes,
/// interruption, reproducibility.
@Suite("run and cache on the built binary", .serialized)
struct RunCommandTests {
    static func experiment(steps: Int = 2, widths: [Int] = [8, 16, 32], seeds: Int = 1) -> String {
        TinyExperiment.toml(title: "Tiny end-to-end", steps: steps, widths: widths, seeds: seeds)
    }

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("experiments"), withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, in folder: URL, name: String = "tiny") throws -> String {
        let path = folder.appendingPathComponent("experiments/\(name).toml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func json(_ result: Binary.Result) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any] ?? [:]
    }

    static let environment: [String: String?] = ["SOURCE_DATE_EPOCH": "1700000000"]

    /// Waits (at most a minute) until the cache under `output` holds `count` entries.
    static func waitForCacheEntries(_ count: Int, in output: String) {
        let cache = URL(fileURLWithPath: output + "/.cache/objects")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let entries = (FileManager.default.enumerator(atPath: cache.path)?.allObjects as? [String])?.filter { $0.hasSuffix("manifest.json") }.count ?? 0
            if entries >= count { return }
            usleep(20_000)
        }
    }

    @Test func coldWarmAndJSONSummary() throws {
        let folder = try Self.folder()
        let path = try Self.write(Self.experiment(), in: folder)
        let output = folder.appendingPathComponent("out").path
        let cold = try Binary.run(["run", path, "--output", output, "--json", "--threads", "1"], environment: Self.environment)
        #expect(cold.status == 0, "\(cold.standardError)")
        let summary = try Self.json(cold)
        #expect(summary["nodes"] as? Int == 18)  // 6 runs, standard-fixed's 3, figure data, summary, runs overview, diagnosis, figure, 2 pages, data dictionary, experiment record
        #expect((summary["executed_by_kind"] as? [String: Int])?["run"] == 9)
        #expect((summary["outputs"] as? [String])?.contains { $0.hasSuffix("report.html") } == true)
        let warm = try Self.json(try Binary.run(["run", path, "--output", output, "--json", "--threads", "1"], environment: Self.environment))
        #expect(warm["executed"] as? Int == 0 && warm["cached"] as? Int == 18)
        // The provenance date is in the summary's and pages' keys: the same SOURCE_DATE_EPOCH.
        let status = try Binary.run(["cache", "status", path, "--output", output], environment: Self.environment)
        #expect(status.status == 0 && status.standardOutput.contains("18 fresh"))
        let dry = try Binary.run(["run", path, "--output", output, "--dry-run"])
        #expect(dry.status == 0 && dry.standardOutput.contains("fresh"))
        let verify = try Binary.run(["cache", "verify", "--cache-dir", output + "/.cache"])
        #expect(verify.status == 0 && verify.standardOutput.contains("0 corrupt"))
        let gc = try Binary.run(["cache", "gc", "--cache-dir", output + "/.cache", "--unreferenced"])
        #expect(gc.status == 0 && gc.standardOutput.contains("removed 0 entries"))
    }

    @Test(arguments: [
        ("title = \"x\"\n[defaults\n", "tiny.toml:2"),
        ("title = \"x\"\n[defaults]\nsteeps = 3\n", "did you mean 'steps'"),
        ("title = \"x\"\n[sweeps.a]\nwidths = [-64]\n", "sweeps.a.widths"),
        ("", "title"),
    ])
    func badExperimentsExitTwoAndWriteNothing(text: String, expected: String) throws {
        let folder = try Self.folder()
        let path = try Self.write(text, in: folder)
        let output = folder.appendingPathComponent("out")
        let result = try Binary.run(["run", path, "--output", output.path])
        #expect(result.status == 2, "\(result.standardError)")
        #expect(result.standardError.contains(expected), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func threadsAndJobsGiveByteIdenticalFolders() throws {
        let folder = try Self.folder()
        let path = try Self.write(Self.experiment(steps: 30, widths: [8, 16, 32, 64, 128, 256], seeds: 2), in: folder)
        var listings: [[String: Data]] = []
        for (index, arguments) in [["--threads", "1"], ["--threads", "2"], ["--jobs", "2", "--threads", "2"]].enumerated() {
            let output = folder.appendingPathComponent("out\(index)")
            let result = try Binary.run(["run", path, "--output", output.path, "--json"] + arguments, environment: Self.environment)
            #expect(result.status == 0, "\(result.standardError)")
            let summary = try Self.json(result)
            #expect(summary["threads"] as? Int == Int(arguments.last!) && (summary["blas_kernel"] as? String)?.isEmpty == false)
            var files: [String: Data] = [:]
            let report = output.appendingPathComponent("tiny")
            for case let name as String in FileManager.default.enumerator(atPath: report.path)?.allObjects ?? [] {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: report.appendingPathComponent(name).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    files[name] = FileManager.default.contents(atPath: report.appendingPathComponent(name).path)
                }
            }
            listings.append(files)
        }
        #expect(listings[0].count >= 6 && listings[0] == listings[1] && listings[1] == listings[2])
    }

    @Test func onlyBuildsTheNamedNodeAndWhatItNeeds() throws {
        let folder = try Self.folder()
        let text = TinyExperiment.toml(title: "Only", extra: "[[figures]]\nid = \"losses\"\nkind = \"loss_curves\"\nsweep = \"movement\"")
        let path = try Self.write(text, in: folder)
        let output = folder.appendingPathComponent("out")
        let result = try Binary.run(["run", path, "--output", output.path, "--json", "--threads", "1", "--only", "figure/losses"])
        #expect(result.status == 0, "\(result.standardError)")
        let summary = try Self.json(result)
        let kinds = summary["executed_by_kind"] as? [String: Int]
        #expect(kinds?["run"] == 6 && kinds?["aggregate"] == 1 && kinds?["figure"] == 1 && kinds?["page"] == 0, "\(String(describing: kinds))")
        let files = Set((summary["outputs"] as? [String] ?? []).map { URL(fileURLWithPath: $0).lastPathComponent })
        // The figure whole and each of its two panels alone.
        #expect(files == ["losses.png", "losses.svg", "losses-1.png", "losses-1.svg", "losses-2.png", "losses-2.svg", "losses.csv", "losses.json"])
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("tiny/report.html").path))
    }

    @Test func garbageMissingFilesAndBadArguments() throws {
        let folder = try Self.folder()
        let garbage = folder.appendingPathComponent("experiments/garbage.toml")
        try Data((0..<512).map { UInt8(($0 * 7919) % 256) }).write(to: garbage)
        let output = folder.appendingPathComponent("out")
        for arguments in [["run", garbage.path], ["run", folder.appendingPathComponent("missing.toml").path],
                          ["run", garbage.path, "--jobs", "0"], ["run", garbage.path, "--shard", "5/4"]] {
            let result = try Binary.run(arguments + ["--output", output.path])
            #expect(result.status == 2, "\(arguments): \(result.standardError)")
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
    }

    @Test func twoProcessesShareOneCacheWithoutDuplicatedWork() throws {
        let folder = try Self.folder()
        let path = try Self.write(Self.experiment(steps: 20, widths: [8, 16, 32, 64, 128]), in: folder)
        let output = folder.appendingPathComponent("out").path
        let arguments = ["run", path, "--output", output, "--json", "--threads", "1"]
        final class Box: @unchecked Sendable {
            var results: [Binary.Result?] = [nil, nil]
            let lock = NSLock()
        }
        let box = Box()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let result = try? Binary.run(arguments, environment: Self.environment)
            box.lock.lock(); box.results[i] = result; box.lock.unlock()
        }
        let results = box.results
        let summaries = try results.map { try Self.json(try #require($0)) }
        #expect(results.allSatisfy { $0?.status == 0 })
        let runsExecuted = summaries.compactMap { ($0["executed_by_kind"] as? [String: Int])?["run"] }.reduce(0, +)
        #expect(runsExecuted == 15, "runs executed by both processes: \(runsExecuted)")
        let verify = try Binary.run(["cache", "verify", "--cache-dir", output + "/.cache"])
        #expect(verify.status == 0)
    }

    @Test func killedRunResumesAndMatchesAnUninterruptedOne() throws {
        let text = Self.experiment(steps: 300, widths: [8, 16, 32, 64, 128, 256, 512], seeds: 2)
        let folder = try Self.folder()
        let path = try Self.write(text, in: folder)
        let output = folder.appendingPathComponent("out").path
        // Start, let some runs finish, then kill -9.
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["run", path, "--output", output, "--quiet", "--threads", "1"]
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_DATE_EPOCH"] = "1700000000"
        process.environment = environment
        try process.run()
        Self.waitForCacheEntries(2, in: output)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // (On a very fast machine the run may finish before the kill; the checks below hold either way.)
        let resumed = try Binary.run(["run", path, "--output", output, "--json", "--threads", "1"], environment: Self.environment)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let summary = try Self.json(resumed)
        #expect((summary["cached"] as? Int ?? 0) >= 2)
        // An uninterrupted run elsewhere writes the same bytes.
        let other = try Self.folder()
        let otherPath = try Self.write(text, in: other)
        let otherOutput = other.appendingPathComponent("out").path
        #expect(try Binary.run(["run", otherPath, "--output", otherOutput, "--quiet", "--threads", "1"], environment: Self.environment).status == 0)
        for file in ["report.html", "report.md", "figures/feature-movement.png", "figures/feature-movement.svg", "data/feature-movement.csv", "data/summary.json"] {
            let a = FileManager.default.contents(atPath: "\(output)/tiny/\(file)")
            let b = FileManager.default.contents(atPath: "\(otherOutput)/tiny/\(file)")
            #expect(a != nil && a == b, "\(file) differs")
        }
    }

    @Test func ctrlCStopsCleanlyAndKeepsFinishedNodes() throws {
        let folder = try Self.folder()
        let path = try Self.write(Self.experiment(steps: 300, widths: [8, 16, 32, 64, 128, 256, 512], seeds: 3), in: folder)
        let output = folder.appendingPathComponent("out").path
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["run", path, "--output", output, "--quiet", "--threads", "1"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        Self.waitForCacheEntries(2, in: output)
        let interrupted = process.isRunning
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(interrupted, "the run finished before it could be interrupted; give it more work")
        if interrupted { #expect(process.terminationStatus == 130) }
        let resumed = try Self.json(try Binary.run(["run", path, "--output", output, "--json", "--threads", "1"]))
        #expect((resumed["cached"] as? Int ?? 0) >= 2)
        #expect(resumed["failed"] as? Int == 0)
        #expect(FileManager.default.fileExists(atPath: output + "/tiny/report.html"))
    }
}
