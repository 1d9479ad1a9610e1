import ArgumentParser
import Benchmarks
import Foundation
import Linalg

/// `spectral-report bench sgemm`: single-precision product throughput under the kernel in
/// force, and optionally under OpenBLAS's generic fallback for comparison.
struct BenchSgemmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sgemm",
        abstract: "Time square single-precision products (cblas_sgemm, or the kernel --products names).",
        discussion: """
            With --compare-generic the same measurement is repeated in a child process that \
            runs OpenBLAS's generic Prescott kernel, and the speed-up is printed.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Matrix size n (n × n products).")
    var size: Int = 1024

    @Option(help: "Seconds to spend timing (at least 5 products are timed).")
    var seconds: Double = 1

    @Flag(help: "Also measure OpenBLAS's generic Prescott kernel and print the ratio.")
    var compareGeneric = false

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    mutating func validate() throws {
        guard (1...16384).contains(size) else {
            throw ValidationError("--size must be between 1 and 16384, got \(size)")
        }
        guard seconds > 0, seconds <= 600 else {
            throw ValidationError("--seconds must be in (0, 600], got \(seconds)")
        }
    }

    func run() throws {
        global.apply()
        let measurement = SgemmBenchmark.measure(
            m: size, n: size, k: size, minimumSeconds: seconds, kernel: global.products ?? .openBLAS)
        var report = SgemmReport(
            size: size, threads: BLASRuntime.threads, kernel: BLASRuntime.kernel,
            gflops: measurement.gflops, msPerProduct: measurement.secondsPerProduct * 1e3,
            genericGflops: nil, speedupOverGeneric: nil)
        if compareGeneric {
            let generic = try measureGenericKernel()
            report.genericGflops = generic.gflops
            report.speedupOverGeneric = measurement.gflops / generic.gflops
        }
        if json {
            try Output.json(report)
        } else {
            print(String(format: "sgemm %d×%d, %d threads, kernel %@: %.1f GFLOP/s (%.2f ms per product)",
                         size, size, report.threads, report.kernel, report.gflops, report.msPerProduct))
            if let genericGflops = report.genericGflops, let ratio = report.speedupOverGeneric {
                print(String(format: "generic kernel Prescott: %.1f GFLOP/s; speed-up %.2f×",
                             genericGflops, ratio))
            }
        }
    }

    /// Runs this benchmark again in a child process pinned to the generic kernel.
    private func measureGenericKernel() throws -> SgemmReport {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = [
            "bench", "sgemm", "--size", String(size), "--seconds", String(seconds),
            "--threads", String(global.resolvedThreads), "--json",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_CORETYPE"] = "Prescott"
        environment[BLASRuntime.reexecMarkerVariable] = nil
        environment[BLASRuntime.simulateFallbackVariable] = nil
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw RuntimeFailure("the generic-kernel measurement failed (exit code \(process.terminationStatus))")
        }
        return try JSONDecoder().decode(SgemmReport.self, from: data)
    }
}

/// What `bench sgemm --json` prints.
struct SgemmReport: Codable {
    var size: Int
    var threads: Int
    var kernel: String
    var gflops: Double
    var msPerProduct: Double
    var genericGflops: Double?
    var speedupOverGeneric: Double?

    enum CodingKeys: String, CodingKey {
        case size, threads, kernel, gflops
        case msPerProduct = "ms_per_product"
        case genericGflops = "generic_gflops"
        case speedupOverGeneric = "speedup_over_generic"
    }
}
