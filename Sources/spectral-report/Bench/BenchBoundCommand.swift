import ArgumentParser
import Benchmarks
import Foundation
import Linalg
import Pipeline

/// `spectral-report bench bound`: the FLOP bound of an experiment's report — its estimated
/// floating-point work over the square-sgemm speed measured here — and, given the report's
/// measured wall time, how far above the bound it is.
struct BenchBoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bound",
        abstract: "Print an experiment's estimated FLOP count and its time at this machine's square-sgemm speed (the FLOP bound).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var experiment: ExperimentOptions

    @Option(help: "Matrix size of the square sgemm that sets the speed.")
    var size: Int = 2048

    @Option(help: ArgumentHelp("The report's measured wall time, to print its ratio to the bound.", valueName: "seconds"))
    var measured: Double?

    mutating func validate() throws {
        guard (64...8192).contains(size) else { throw ValidationError("--size must be between 64 and 8192, got \(size)") }
        if let measured, !(measured > 0) { throw ValidationError("--measured must be positive, got \(measured)") }
    }

    func run() throws {
        global.apply()
        let sessions = try experiment.sessions()
        let flops = sessions.reduce(0.0) { $0 + $1.plan.estimatedRunFlops }
        let runs = sessions.reduce(0) { $0 + $1.plan.runs.count }
        let sgemm = SgemmBenchmark.measure(m: size, n: size, k: size, minimumSeconds: 2, kernel: .openBLAS)
        let bound = flops / (sgemm.gflops * 1e9)
        let names = sessions.map(\.plan.experiment.name).joined(separator: ", ")
        print(String(format: "%@%@: %d runs, %.2f TFLOP estimated (training steps, evaluations, probe passes, Lanczos norms)",
                     names, experiment.quick ? " (quick)" : "", runs, flops / 1e12))
        print(String(format: "square sgemm %d², %d threads, OpenBLAS %@: %.1f GFLOP/s → FLOP bound %.1f s",
                     size, BLASRuntime.threads, BLASRuntime.kernel, sgemm.gflops, bound))
        if let measured {
            print(String(format: "measured %.1f s = %.2f × the FLOP bound", measured, measured / bound))
        }
    }
}
