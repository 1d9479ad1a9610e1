import Foundation
import Linalg
import Plotting
import Raster
import Training
/// Times full SGD steps (forward, backward, update; no metrics) and compares them with the
/// time their matrix products take alone.
public enum TrainingBenchmark {
    /// What to time.
    public struct Options: Sendable {
        /// The model: `mup`'s reference MLP 3072 → 1024 → 1024 → 10 with ReLU, no biases.
        public var architecture = MLPArchitecture(inputDimension: 3072, width: 1024, depth: 3, classes: 10, activation: .relu, biases: false)
        public var batch = 128
        /// Timed steps (after `warmupSteps` untimed ones).
        public var steps = 50
        public var warmupSteps = 3

        public init() {}
    }

    /// The measurements, as `bench train --json` prints them.
    public struct Report: Codable, Sendable {
        public var msPerStep: Double
        /// `6 · batch · parameters` per step, in 10⁹ per second.
        public var gflops: Double
        public var parameters: Int
        /// The sum over the step's products of each one timed alone: the time a step would
        /// take if everything but `sgemm` were free.
        public var sgemmBoundMsPerStep: Double
        /// `sgemmBoundMsPerStep / msPerStep`; 1 means no overhead outside `sgemm`.
        public var sgemmEfficiency: Double
        /// GFLOP/s of the step's largest product timed alone.
        public var largestProductGflops: Double
        public var largestProduct: String
        public var kernel: String
        /// The kernel of the forward products (`ProductKernel`).
        public var forwardProducts: String
        public var threads: Int
        public var width: Int
        public var batch: Int

        enum CodingKeys: String, CodingKey {
            case msPerStep = "ms_per_step", gflops, parameters
            case sgemmBoundMsPerStep = "sgemm_bound_ms_per_step"
            case sgemmEfficiency = "sgemm_efficiency"
            case largestProductGflops = "largest_product_gflops"
            case largestProduct = "largest_product"
            case kernel, threads, width, batch
            case forwardProducts = "forward_products"
        }
    }

    /// Runs the benchmark.
    /// - Throws: `ConfigurationError` for sizes out of range.
    public static func run(_ options: Options) throws -> Report {
        let architecture = options.architecture
        let configuration = RunConfiguration(
            architecture: architecture, parametrization: .standard, learningRate: 1e-3,
            batchSize: options.batch, steps: options.steps)
        try configuration.validate()
        var generator = SeededGenerator(seed: 0, stream: "bench")
        var model = try MLP(architecture: architecture, scalings: configuration.scalings, generator: &generator)
        let input = Matrix.gaussian(rows: options.batch, columns: architecture.inputDimension, std: 1, using: &generator)
        let labels = (0..<options.batch).map { Int32($0 % architecture.classes) }
        var workspace = Workspace(architecture: architecture, batchSize: options.batch)
        var gradients = Gradients(architecture: architecture)
        let mode = MLP.BackwardMode.applySGD(learningRates: configuration.scalings.map(\.learningRate))

        var times: [Double] = []
        for step in 0..<(options.warmupSteps + options.steps) {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = model.trainingPass(
                input: input, labels: labels[...], loss: .crossEntropy,
                workspace: &workspace, gradients: &gradients, mode: mode)
            if step >= options.warmupSteps {
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
            }
        }
        let secondsPerStep = times.sorted()[times.count / 2]

        // The products of one step, each timed alone (identical shapes timed once).
        struct Product: Hashable { let m, n, k: Int; let transposeA, transposeB: Bool; let beta: Float }
        var products: [Product] = []
        for (l, shape) in architecture.layerShapes.enumerated() {
            products.append(Product(m: options.batch, n: shape.fanOut, k: shape.fanIn, transposeA: false, transposeB: true, beta: 0))
            if l > 0 { products.append(Product(m: options.batch, n: shape.fanIn, k: shape.fanOut, transposeA: false, transposeB: false, beta: 0)) }
            products.append(Product(m: shape.fanOut, n: shape.fanIn, k: options.batch, transposeA: true, transposeB: false, beta: 1))
        }
        var timed: [Product: SgemmBenchmark.Measurement] = [:]
        for product in products where timed[product] == nil {
            timed[product] = SgemmBenchmark.measure(
                m: product.m, n: product.n, k: product.k, transposeA: product.transposeA,
                transposeB: product.transposeB, beta: product.beta, minimumSeconds: 0.2)
        }
        let bound = products.reduce(0.0) { $0 + timed[$1]!.secondsPerProduct }
        let largest = products.max { $0.m * $0.n * $0.k < $1.m * $1.n * $1.k }!
        let parameters = architecture.parameterCount
        return Report(
            msPerStep: secondsPerStep * 1e3,
            gflops: 6 * Double(options.batch) * Double(parameters) / secondsPerStep / 1e9,
            parameters: parameters,
            sgemmBoundMsPerStep: bound * 1e3,
            sgemmEfficiency: bound / secondsPerStep,
            largestProductGflops: timed[largest]!.gflops,
            largestProduct: "\(largest.m)×\(largest.k) · \(largest.k)×\(largest.n)",
            kernel: BLASRuntime.kernel, forwardProducts: ProductKernel.current.rawValue, threads: BLASRuntime.threads,
            width: architecture.width, batch: options.batch)
    }
}

extension TrainingBenchmark {
    /// Peak memory of a run that records every metric at every step.
    public struct MemoryReport: Codable, Sendable {
        /// Resident memory before the run started (runtime, libraries), in bytes.
        public var baselineBytes: Int
        /// Peak resident memory of the process, in bytes.
        public var peakBytes: Int
        /// 4 × parameters + activations (pre-activations, activations and their gradients
        /// for the batch), in bytes: the budget the run should stay within.
        public var budgetBytes: Int
        public var parameterBytes: Int
        public var msPerStepWithMetrics: Double

        enum CodingKeys: String, CodingKey {
            case baselineBytes = "baseline_bytes", peakBytes = "peak_bytes", budgetBytes = "budget_bytes"
            case parameterBytes = "parameter_bytes", msPerStepWithMetrics = "ms_per_step_with_metrics"
        }
    }

    /// Trains `options.steps` steps on teacher data, recording all metrics at every step,
    /// and reports the process's peak resident memory against the budget.
    public static func measureMemoryWithMetrics(_ options: Options) throws -> MemoryReport {
        let baseline = peakResidentBytes()
        let architecture = options.architecture
        let dataset = TeacherConfiguration(
            inputDimension: architecture.inputDimension, classes: architecture.classes,
            trainExamples: max(2 * options.batch, 256), testExamples: 128, seed: 0).makeDataset()
        let configuration = RunConfiguration(
            architecture: architecture, parametrization: .spectral, learningRate: 0.1,
            batchSize: options.batch, steps: options.steps, probeSize: 64, evaluationSize: 128,
            metricSteps: Array(0...options.steps))
        let result = try Trainer.run(configuration, dataset: dataset)
        let parameterBytes = architecture.parameterCount * MemoryLayout<Float>.size
        let activationBytes = 3 * options.batch * architecture.layerShapes.reduce(0) { $0 + $1.fanOut } * MemoryLayout<Float>.size
        return MemoryReport(
            baselineBytes: baseline, peakBytes: peakResidentBytes(),
            budgetBytes: 4 * parameterBytes + activationBytes, parameterBytes: parameterBytes,
            msPerStepWithMetrics: result.timing.totalSeconds / Double(max(options.steps, 1)) * 1e3)
    }

    /// The process's peak resident set size so far.
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024  // kilobytes on Linux
    }
}
