import Foundation
import Testing
import TestSupport

/// Runs killed at random moments, stopped by the signals a cluster sends, and racing each
/// other on one cache must still end in whole entries and the same bytes as one quiet run.
@Suite("Faults: signals, kills and concurrent runs on one cache", .serialized)
struct FaultCampaignTests {
    static let experiment = TinyExperiment.toml(title: "Faults", steps: 200, widths: [8, 16, 32, 64, 128, 256], seeds: 2)
    static let environment: [String: String?] = ["SOURCE_DATE_EPOCH": "1700000000"]
    static let reportFiles = ["report.html", "report.md", "figures/feature-movement.png", "figures/feature-movement.svg",
                              "data/feature-movement.csv", "data/summary.json"]

    static func workspace() throws -> (folder: URL, experiment: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faults-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("faults.toml").path
        try Data(experiment.utf8).write(to: URL(fileURLWithPath: path))
        return (folder, path)
    }

    /// The report of one uninterrupted run at one thread, alone in its own cache.
    static let reference: [String: Data] = {
        let (folder, path) = try! workspace()
        let result = try! Binary.run(["run", path, "--output", folder.appendingPathComponent("out").path, "--quiet", "--threads", "1"],
                                     environment: environment)
        precondition(result.status == 0, result.standardError)
        return report(folder.appendingPathComponent("out"))
    }()

    static func report(_ output: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        for file in reportFiles { files[file] = FileManager.default.contents(atPath: output.appendingPathComponent("faults/\(file)").path) }
        return files
    }

    /// Starts the binary; its standard error is read on a thread of its own from the start,
    /// so a child that writes a lot never blocks on a full pipe.
    static func start(_ arguments: [String]) throws -> (Process, Binary.Drain) {
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_DATE_EPOCH"] = "1700000000"
        environment["OPENBLAS_CORETYPE"] = nil
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return (process, Binary.Drain(errors))
    }

    /// The seed of the random kill times: `SPECTRAL_REPORT_FAULT_SEED` when set (to replay a
    /// failure), else a fresh one; either way it is logged and named in every failure.
    static func faultSeed() -> UInt64 {
        if let text = ProcessInfo.processInfo.environment["SPECTRAL_REPORT_FAULT_SEED"], let seed = UInt64(text) { return seed }
        var system = SystemRandomNumberGenerator()
        return system.next()
    }

    /// SplitMix64: a small generator whose sequence a seed fixes.
    struct ReplayableGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func entries(_ cache: URL) -> Int {
        ((FileManager.default.enumerator(atPath: cache.appendingPathComponent("objects").path)?.allObjects as? [String]) ?? [])
            .filter { $0.hasSuffix("manifest.json") }.count
    }

    @Test(arguments: [(SIGTERM, Int32(143), "SIGTERM"), (SIGHUP, Int32(129), "SIGHUP"), (SIGINT, Int32(130), "SIGINT")])
    func aSignalStopsCleanlyAndTheRerunResumes(signal: Int32, status: Int32, name: String) throws {
        let (folder, path) = try Self.workspace()
        let output = folder.appendingPathComponent("out")
        let (process, errors) = try Self.start(["run", path, "--output", output.path, "--quiet", "--threads", "1"])
        let deadline = Date().addingTimeInterval(60)
        while Self.entries(output.appendingPathComponent(".cache")) < 2 && process.isRunning && Date() < deadline { usleep(20_000) }
        let interrupted = process.isRunning
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        let message = errors.wait()
        #expect(interrupted, "the run finished before the signal")
        if interrupted {
            #expect(process.terminationStatus == status, "\(message)")
            #expect(message.contains("interrupted by \(name)"), "\(message)")
        }
        // Its own temporaries are gone, and every entry is whole.
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent(".cache/tmp").path).isEmpty)
        let verify = try Binary.run(["cache", "verify", "--cache-dir", output.appendingPathComponent(".cache").path])
        #expect(verify.status == 0, "\(verify.standardOutput)")
        let resumed = try Binary.run(["run", path, "--output", output.path, "--quiet", "--threads", "2"], environment: Self.environment)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(Self.report(output) == Self.reference)
    }

    @Test func twentyRandomKillsEndInTheSameBytes() throws {
        let (folder, path) = try Self.workspace()
        let output = folder.appendingPathComponent("out")
        let seed = Self.faultSeed()
        print("fault campaign: kill times from seed \(seed) (replay with SPECTRAL_REPORT_FAULT_SEED=\(seed))")
        var generator = ReplayableGenerator(state: seed)
        var statuses: [Int32] = []
        for trial in 0..<20 {
            let threads = trial % 2 == 0 ? "1" : "2"
            let (process, errors) = try Self.start(["run", path, "--output", output.path, "--quiet", "--threads", threads])
            usleep(UInt32.random(in: 50_000...700_000, using: &generator))
            let signal = [SIGKILL, SIGTERM, SIGINT][trial % 3]
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            let message = errors.wait()
            statuses.append(process.terminationStatus)
            // Whatever the moment, no process ever sees a damaged entry.
            #expect([0, 9, 130, 143].contains(process.terminationStatus) || process.terminationReason == .uncaughtSignal,
                    "seed \(seed), trial \(trial): status \(process.terminationStatus): \(message)")
        }
        let verify = try Binary.run(["cache", "verify", "--cache-dir", output.appendingPathComponent(".cache").path])
        #expect(verify.status == 0 && verify.standardOutput.contains(" 0 corrupt"), "seed \(seed): \(verify.standardOutput)")
        let final = try Binary.run(["run", path, "--output", output.path, "--json", "--threads", "2"], environment: Self.environment)
        #expect(final.status == 0, "seed \(seed): \(final.standardError)")
        #expect(Self.report(output) == Self.reference, "seed \(seed)")
    }

    @Test func threeRunsAndAForcedRunShareOneCache() throws {
        let (folder, path) = try Self.workspace()
        let cache = folder.appendingPathComponent("cache").path
        let launches = (0..<4).map { i -> [String] in
            ["run", path, "--output", folder.appendingPathComponent("out\(i)").path, "--cache-dir", cache, "--quiet",
             "--threads", i % 2 == 0 ? "1" : "2"] + (i == 3 ? ["--force"] : [])
        }
        let processes = try launches.map { try Self.start($0) }
        for (process, errors) in processes {
            process.waitUntilExit()
            let message = errors.wait()
            #expect(process.terminationStatus == 0, "\(message)")
        }
        for i in 0..<4 { #expect(Self.report(folder.appendingPathComponent("out\(i)")) == Self.reference, "out\(i)") }
        let verify = try Binary.run(["cache", "verify", "--cache-dir", cache])
        #expect(verify.status == 0)
    }
}
