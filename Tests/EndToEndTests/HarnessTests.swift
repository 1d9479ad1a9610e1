import Foundation
import Testing

/// The harness itself: a child that fills one pipe while the harness reads the other must
/// not hang it.
@Suite("Test harness: both pipes read at once")
struct HarnessTests {
    @Test(.timeLimit(.minutes(1)))
    func aChildThatFillsStandardErrorFirstDoesNotBlockTheHarness() throws {
        // 1 MiB to standard error before a word to standard output: reading standard output
        // to its end first would wait for ever on a child blocked on a full stderr pipe.
        let result = try Binary.run(["-c", "head -c 1048576 /dev/zero >&2; echo out; head -c 1048576 /dev/zero"],
                                    executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(result.status == 0)
        #expect(result.standardError.utf8.count == 1_048_576)
        #expect(result.standardOutput.utf8.count == 1_048_576 + 4 && result.standardOutput.hasPrefix("out\n"))
    }

    @Test(.timeLimit(.minutes(1)))
    func aDrainReadsWhileTheChildRuns() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "head -c 1048576 /dev/zero >&2"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let drain = Binary.Drain(errors)
        process.waitUntilExit()
        #expect(drain.wait().utf8.count == 1_048_576)
        #expect(process.terminationStatus == 0)
    }
}
