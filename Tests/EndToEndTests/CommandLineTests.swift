import Foundation
import Testing

@Suite("The built binary: help, version, kernel selection, argument errors")
struct CommandLineTests {
    @Test func helpListsUsage() throws {
        let result = try Binary.run(["--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("USAGE: spectral-report"))
    }

    @Test func settingsPrintsTheReferenceTheDocsCarry() throws {
        let result = try Binary.run(["settings"])
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("| key | type | default | meaning |"))
        #expect(result.standardOutput.contains("| `learning_rate` | number > 0 | 0.5 |"))
        #expect(try Binary.run(["--help"]).standardOutput.contains("settings"))
    }

    @Test func versionNamesToolBLASKernelAndThreads() throws {
        let result = try Binary.run(["--version"])
        #expect(result.status == 0)
        let text = result.standardOutput
        #expect(text.contains("spectral-report 0."))
        #expect(text.contains("OpenBLAS 0."))
        #expect(text.contains("kernel "))
        #expect(["avx512", "avx2", "portable"].contains { text.contains("products: \($0) kernel (bit-stable on x86-64 with AVX2+FMA)") })
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
        #expect(result.standardError.hasPrefix("error: "))
    }
}

@Suite("bench train")
struct BenchTrainTests {
    @Test func jsonReportsStepTimeAndThroughput() throws {
        let result = try Binary.run(["bench", "train", "--input", "64", "--width", "32", "--batch", "16", "--steps", "3", "--threads", "1", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect((object?["ms_per_step"] as? Double ?? 0) > 0)
        #expect((object?["gflops"] as? Double ?? 0) > 0)
        #expect((object?["sgemm_bound_ms_per_step"] as? Double ?? 0) > 0)
        #expect(object?["parameters"] as? Int == 64 * 32 + 32 * 32 + 32 * 10)
        #expect(["avx512", "avx2", "openblas"].contains(object?["forward_products"] as? String ?? ""))
    }

    @Test(arguments: ["portable", "openblas"])
    func forwardProductKernelsEveryCPURunsCanBeChosen(kernel: String) throws {
        let result = try Binary.run(["bench", "train", "--input", "16", "--width", "16", "--batch", "8", "--steps", "2",
                                     "--threads", "1", "--products", kernel, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect(object?["forward_products"] as? String == kernel)
    }

    @Test func memoryModeReportsPeakAndBudget() throws {
        let result = try Binary.run(["bench", "train", "--input", "32", "--width", "16", "--batch", "8", "--steps", "2", "--memory", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect((object?["peak_bytes"] as? Int ?? 0) > 0)
        #expect((object?["budget_bytes"] as? Int ?? 0) > 0)
    }

    @Test(arguments: [["--width", "0"], ["--depth", "0"], ["--batch", "-3"], ["--classes", "1"], ["--steps", "0"], ["--products", "bogus"]])
    func badSizesExitWithCodeTwo(arguments: [String]) throws {
        let result = try Binary.run(["bench", "train", "--input", "8"] + arguments)
        #expect(result.status == 2, "\(result.standardError)")
        #expect(result.standardError.hasPrefix("error: "))
    }
}
