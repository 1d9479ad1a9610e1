import Foundation
import Testing
import TestSupport

/// `bench bound`: an experiment's estimated FLOP count against the measured sgemm speed.
@Suite("bench bound on the built binary")
struct BenchBoundTests {
    @Test func printsTheFlopCountTheBoundAndTheRatio() throws {
        let folder = try RunCommandTests.folder()
        let path = try RunCommandTests.write(TinyExperiment.toml(), in: folder)
        let result = try Binary.run(["bench", "bound", path, "--size", "128", "--threads", "1", "--measured", "2"])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(result.standardOutput)")
        // The tiny experiment's 6 runs and the 3 of its prescribed standard-fixed scheme.
        #expect(lines.first?.hasPrefix("tiny: 9 runs, ") == true, "\(lines)")
        #expect(lines.dropFirst().first?.contains("GFLOP/s → FLOP bound") == true, "\(lines)")
        #expect(lines.last?.hasPrefix("measured 2.0 s = ") == true, "\(lines)")
        let bad = try Binary.run(["bench", "bound", path, "--measured", "-1"])
        #expect(bad.status != 0 && bad.standardError.contains("--measured"))
    }
}
