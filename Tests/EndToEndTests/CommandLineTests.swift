import Foundation
import Testing

@Suite("The built binary: help, version, kernel selection, argument errors")
struct CommandLineTests {
    @Test func helpListsUsage() throws {
        let result = try Binary.run(["--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("USAGE: spectral-report"))
    }

    @Test func versionNamesToolBLASKernelAndThreads() throws {
        let result = try Binary.run(["--version"])
        #expect(result.status == 0)
        let text = result.standardOutput
        #expect(text.contains("spectral-report 0."))
        #expect(text.contains("OpenBLAS 0."))
        #expect(text.contains("kernel "))
        #expect(text.contains("threads: "))
    }

    @Test func fallbackKernelIsReplacedByReexecution() throws {
        // Makes OpenBLAS load with the generic kernel and have the program treat that as
        // OpenBLAS's own fallback: the process must re-execute with a fast kernel.
        let result = try Binary.run(
            ["--version"],
            environment: ["OPENBLAS_CORETYPE": "Prescott", "SPECTRAL_REPORT_SIMULATE_FALLBACK": "1"])
        #expect(result.status == 0)
        let features = try Binary.run(["--version"]).standardOutput
        if features.contains("avx512f avx512dq avx512bw avx512vl") || features.contains("avx2 fma") {
            #expect(result.standardOutput.contains("selected by spectral-report; OpenBLAS had chosen Prescott"))
            #expect(!result.standardOutput.contains("kernel Prescott"))
        }
    }

    @Test func userKernelSettingIsKept() throws {
        let result = try Binary.run(["--version"], environment: ["OPENBLAS_CORETYPE": "Prescott"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("kernel Prescott (OPENBLAS_CORETYPE=Prescott set by the user)"))
    }

    @Test func unknownOptionExitsWithUsageError() throws {
        let result = try Binary.run(["--no-such-option"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("no-such-option"))
    }
}

@Suite("bench sgemm")
struct BenchSgemmTests {
    @Test func jsonReportsThroughputKernelAndThreads() throws {
        let result = try Binary.run(["bench", "sgemm", "--size", "64", "--seconds", "0.01", "--threads", "1", "--json"])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect((object?["gflops"] as? Double ?? 0) > 0)
        #expect(object?["threads"] as? Int == 1)
        #expect(object?["kernel"] is String)
    }

    @Test(arguments: [["--size", "0"], ["--threads", "0"], ["--seconds", "-1"], ["--size", "ten"]])
    func badArgumentsExitWithCodeTwo(arguments: [String]) throws {
        let result = try Binary.run(["bench", "sgemm"] + arguments)
        #expect(result.status == 2)
        #expect(result.standardError.contains("Error"))
    }
}
