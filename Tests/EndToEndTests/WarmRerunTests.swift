import Foundation
import Testing
import TestSupport

/// A rerun with nothing changed writes nothing; what a page shows that does not come from
/// its inputs (the date) is in its key; predictions come from the runs themselves.
@Suite("Warm reruns: nothing written, keys hold everything a page reads, predictions learned from runs", .serialized)
struct WarmRerunTests {
    static func workspace(_ text: String = TinyExperiment.toml()) throws -> (folder: URL, experiment: String, output: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("warm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("tiny.toml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (folder, path, folder.appendingPathComponent("out"))
    }

    /// Paths under `folder` (files and folders) modified after `marker` (as `find -newer`).
    static func newer(than marker: URL, in folder: URL) throws -> [String] {
        let result = try Binary.run([folder.path, "-newer", marker.path], executable: URL(fileURLWithPath: "/usr/bin/find"))
        #expect(result.status == 0, "\(result.standardError)")
        return result.standardOutput.split(separator: "\n").map(String.init).sorted()
    }

    @Test func aWarmRerunWritesNothingInTheOutputOrTheCache() throws {
        let (folder, path, output) = try Self.workspace()
        let environment: [String: String?] = ["SOURCE_DATE_EPOCH": "1700000000"]
        let cold = try Binary.run(["run", path, "--output", output.path, "--quiet"], environment: environment)
        #expect(cold.status == 0, "\(cold.standardError)")
        let marker = folder.appendingPathComponent("marker")
        try Data().write(to: marker)
        // mtimes have a resolution the marker must be behind.
        usleep(20_000)
        let warm = try Binary.run(["run", path, "--output", output.path, "--json"], environment: environment)
        #expect(warm.status == 0, "\(warm.standardError)")
        #expect(warm.standardOutput.contains("\"executed\" : 0"), "\(warm.standardOutput)")
        #expect(try Self.newer(than: marker, in: output) == [], "a warm rerun wrote these")
        // Neither does a dry run or a status.
        _ = try Binary.run(["run", path, "--output", output.path, "--dry-run"], environment: environment)
        _ = try Binary.run(["cache", "status", path, "--output", output.path], environment: environment)
        #expect(try Self.newer(than: marker, in: output) == [])
    }

    @Test func anotherSourceDateEpochRedatesTheSummaryAndPagesOnly() throws {
        let (_, path, output) = try Self.workspace()
        let first = try Binary.run(["run", path, "--output", output.path, "--quiet"], environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(first.status == 0, "\(first.standardError)")
        let second = try Binary.run(["run", path, "--output", output.path, "--json"], environment: ["SOURCE_DATE_EPOCH": "1800000000"])
        #expect(second.status == 0, "\(second.standardError)")
        // Only the summary and the two pages rerun; training and figures come from the cache.
        #expect(second.standardOutput.contains("\"run\" : 0") || !second.standardOutput.contains("\"run\" :"), "\(second.standardOutput)")
        #expect(second.standardOutput.contains("\"executed\" : 3"), "\(second.standardOutput)")
        for file in ["report.html", "report.md", "data/summary.json"] {
            let text = try String(contentsOf: output.appendingPathComponent("tiny/\(file)"), encoding: .utf8)
            #expect(text.contains("2027-01-15T08:00:00Z"), "\(file) keeps the old date")
            #expect(!text.contains("2023-11-14T22:13:20Z"), "\(file)")
        }
        // Without SOURCE_DATE_EPOCH the date is today's (UTC), and in the key too.
        let unset = try Binary.run(["run", path, "--output", output.path, "--quiet"], environment: ["SOURCE_DATE_EPOCH": nil])
        #expect(unset.status == 0, "\(unset.standardError)")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let today = formatter.string(from: Date())
        let summary = try String(contentsOf: output.appendingPathComponent("tiny/data/summary.json"), encoding: .utf8)
        #expect(summary.contains("\"date\" : \"\(today)\"") || summary.contains("\"date\":\"\(today)\""), "\(summary.prefix(800))")
    }

    @Test func aMachineThatHasRunSomethingPredictsTheNextRun() throws {
        let (_, path, output) = try Self.workspace()
        let fresh = try Binary.run(["run", path, "--output", output.path, "--dry-run"])
        #expect(fresh.standardOutput.contains("no predicted time"), "\(fresh.standardOutput)")
        #expect(fresh.standardOutput.contains("any run teaches it"), "\(fresh.standardOutput)")
        let cold = try Binary.run(["run", path, "--output", output.path, "--quiet"], environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(cold.status == 0, "\(cold.standardError)")
        // Another seed count: new runs, which the learned rates predict (default --jobs).
        let more = TinyExperiment.toml(seeds: 2)
        try Data(more.utf8).write(to: URL(fileURLWithPath: path))
        let dry = try Binary.run(["run", path, "--output", output.path, "--dry-run"])
        #expect(dry.status == 0, "\(dry.standardError)")
        #expect(!dry.standardOutput.contains("no predicted time"), "\(dry.standardOutput)")
        #expect(dry.standardOutput.contains("predicted "), "\(dry.standardOutput)")
        let json = try Binary.run(["run", path, "--output", output.path, "--dry-run", "--json"])
        #expect(json.standardOutput.contains("\"predicted_seconds\""), "\(json.standardOutput.prefix(400))")
        // The learned timings are the cache's alone: the report of the first run is the same
        // bytes as one made in a cache that never learned anything.
        let (_, otherPath, otherOutput) = try Self.workspace()
        let other = try Binary.run(["run", otherPath, "--output", otherOutput.path, "--quiet"], environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(other.status == 0)
        let rerun = try Binary.run(["run", path, "--output", output.path, "--quiet"], environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(rerun.status == 0)
        try Data(TinyExperiment.toml().utf8).write(to: URL(fileURLWithPath: path))
        let back = try Binary.run(["run", path, "--output", output.path, "--quiet"], environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(back.status == 0)
        for file in ["report.html", "report.md", "data/summary.json", "figures/feature-movement.png"] {
            #expect(FileManager.default.contents(atPath: output.appendingPathComponent("tiny/\(file)").path)
                    == FileManager.default.contents(atPath: otherOutput.appendingPathComponent("tiny/\(file)").path), "\(file)")
        }
    }
}
