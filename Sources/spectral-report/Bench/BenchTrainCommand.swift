import ArgumentParser
import Benchmarks
import Foundation
import Linalg
import Training

/// `spectral-report bench train`: full SGD steps of an MLP, against the sgemm ceiling.

struct BenchTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Time full SGD training steps (forward, backward, update; no metrics).",
        discussion: """
            Prints ms per step, GFLOP/s counted as 6·batch·parameters, the OpenBLAS kernel, \
            the time the step's matrix products take when each is timed alone (the \
            sgemm-bound time) and the throughput of the largest product.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Input dimension d.") var input: Int = 3072
    @Option(help: "Hidden width n.") var width: Int = 1024
    @Option(help: "Number of weight matrices.") var depth: Int = 3
    @Option(help: "Batch size.") var batch: Int = 128
    @Option(help: "Number of classes.") var classes: Int = 10
    @Option(help: "Timed steps.") var steps: Int = 50
    @Flag(help: "Instead of timing bare steps, train with every metric recorded at every step and report peak memory against 4 × parameters + activations.")
    var memory = false
    @Flag(help: "Print one JSON object instead of text.") var json = false

    mutating func validate() throws {
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
    }

    func run() throws {
        global.apply()
        var options = TrainingBenchmark.Options()
        options.architecture = MLPArchitecture(inputDimension: input, width: width, depth: depth, classes: classes, activation: .relu, biases: false)
        options.batch = batch
        options.steps = steps
        do {
            if memory { try reportMemory(options) } else { try reportSpeed(options) }
        } catch let error as ConfigurationError {
            throw ValidationError("\(Self.option(for: error.field)) \(error.problem)")
        }
    }

    /// The option that sets an architecture field (`input_dimension` is `--input`).
    static func option(for field: String) -> String {
        let options = ["input_dimension": "--input", "width": "--width", "depth": "--depth", "classes": "--classes", "batch": "--batch", "steps": "--steps"]
        return options[field] ?? "--\(field.replacingOccurrences(of: "_", with: "-"))"
    }

    private func reportMemory(_ options: TrainingBenchmark.Options) throws {
        let report = try TrainingBenchmark.measureMemoryWithMetrics(options)
        if json { return try Output.json(report) }
        let mib = { (bytes: Int) in Double(bytes) / 1_048_576 }
        print(String(format: "width %d with all metrics every step: %.1f ms per step", width, report.msPerStepWithMetrics))
        print(String(format: "peak resident %.0f MiB (%.0f MiB before the run); budget 4 × parameters + activations = %.0f MiB; parameters %.0f MiB",
                     mib(report.peakBytes), mib(report.baselineBytes), mib(report.budgetBytes), mib(report.parameterBytes)))
    }

    private func reportSpeed(_ options: TrainingBenchmark.Options) throws {
        let report = try TrainingBenchmark.run(options)
        if json {
            try Output.json(report)
        } else {
            print(String(format: "MLP %d → %d ×%d → %d, batch %d, %d parameters; OpenBLAS kernel %@, products %@, %d threads",
                         input, width, depth - 1, classes, batch, report.parameters, report.kernel,
                         report.forwardProducts, report.threads))
            print(String(format: "%.2f ms per step, %.1f GFLOP/s", report.msPerStep, report.gflops))
            print(String(format: "sgemm-bound %.2f ms per step (efficiency %.0f%%); largest product %@ at %.1f GFLOP/s",
                         report.sgemmBoundMsPerStep, report.sgemmEfficiency * 100, report.largestProduct,
                         report.largestProductGflops))
        }
    }
}
