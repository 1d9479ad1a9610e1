import Foundation
import Testing
@testable import Pipeline

/// The run-time record the index reads: written and read back, refused when damaged.
@Suite("Index run times: the record")
struct SiteIndexRunTimeTests {
    static func output() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("runtime-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aRecordIsReadBackAndADamagedOneIsNot() throws {
        let output = try Self.output()
        defer { try? FileManager.default.removeItem(at: output) }
        let record = SiteIndexRunTime(trainingSeconds: 134.2, runs: 265, runsTrainedNow: 12, lastRunSeconds: 9.5)
        try record.write(output: output, report: "spectral-condition")
        #expect(SiteIndexRunTime.read(output: output, report: "spectral-condition") == record)
        #expect(record.text == "run time: 2 min 14 s of training (265 runs, each timed when it was trained); last run 9.5 s, 12 runs trained then")
        #expect(SiteIndexRunTime.read(output: output, report: "other") == nil)
        let file = SiteIndexRunTime.url(output: output, report: "spectral-condition")
        for damaged in ["{\"runs\": 1", "{\"training_seconds\": -1, \"runs\": 1, \"runs_trained_now\": 0, \"last_run_seconds\": 1}",
                        "{\"training_seconds\": 1e300, \"runs\": 1, \"runs_trained_now\": 0, \"last_run_seconds\": 1}",
                        String(repeating: " ", count: SiteIndexRunTime.maximumBytes + 1)] {
            try Data(damaged.utf8).write(to: file)
            #expect(SiteIndexRunTime.read(output: output, report: "spectral-condition") == nil, "\(damaged.prefix(40))")
        }
    }

    @Test func durationsReadAsAPersonWritesThem() {
        #expect(SiteIndexRunTime.duration(0.577) == "0.6 s" && SiteIndexRunTime.duration(42.4) == "42 s")
        #expect(SiteIndexRunTime.duration(134.2) == "2 min 14 s" && SiteIndexRunTime.duration(3 * 3600 + 65) == "3 h 01 min")
    }
}
