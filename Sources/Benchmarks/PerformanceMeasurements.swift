import Foundation

/// What `bench report` measured: the numbers of `docs/performance.md`'s section for the CPU
/// at hand. Every field is a measurement of this run (or a count from the experiment's plan).
public struct PerformanceMeasurements: Codable, Sendable {
    public var cpu: CPUKind
    /// `YYYY-MM-DD` (UTC) of the measurement.
    public var date: String
    /// `spectral-report`'s version and the commit it was built from, when known.
    public var tool: String
    public var commit: String?
    public var blasKernel: String
    /// The product kernels of the runs (`--products`' value in force).
    public var products: String
    /// Threads of the commands timed (`--threads`).
    public var threads: Int
    /// The square-sgemm speed the FLOP bound uses (OpenBLAS, `sgemmSize`², `threads`).
    public var sgemmSize: Int
    public var sgemmGFLOPs: Double
    public var report: ReportTiming?
    public var steps: [StepTiming]
    public var transfer: TransferTiming?
    public var figure: FigureTiming?
    /// PyTorch's and matplotlib's versions as their scripts printed them.
    public var peerVersions: [String]

    public init(cpu: CPUKind, date: String, tool: String, commit: String?, blasKernel: String, products: String, threads: Int,
                sgemmSize: Int, sgemmGFLOPs: Double, report: ReportTiming? = nil, steps: [StepTiming] = [],
                transfer: TransferTiming? = nil, figure: FigureTiming? = nil, peerVersions: [String] = []) {
        self.cpu = cpu
        self.date = date
        self.tool = tool
        self.commit = commit
        self.blasKernel = blasKernel
        self.products = products
        self.threads = threads
        self.sgemmSize = sgemmSize
        self.sgemmGFLOPs = sgemmGFLOPs
        self.report = report
        self.steps = steps
        self.transfer = transfer
        self.figure = figure
        self.peerVersions = peerVersions
    }

    /// A whole report: cold into an empty cache, then rerun with nothing changed.
    public struct ReportTiming: Codable, Sendable {
        /// The experiment file and preset, e.g. `experiments/spectral-condition.toml --quick`.
        public var experiment: String
        public var quick: Bool
        public var nodes: Int
        public var runs: Int
        /// The experiment's estimated floating-point work (`Plan.estimatedRunFlops`).
        public var flops: Double
        public var coldSeconds: Double
        public var warmSeconds: [Double]

        public init(experiment: String, quick: Bool, nodes: Int, runs: Int, flops: Double, coldSeconds: Double, warmSeconds: [Double]) {
            self.experiment = experiment
            self.quick = quick
            self.nodes = nodes
            self.runs = runs
            self.flops = flops
            self.coldSeconds = coldSeconds
            self.warmSeconds = warmSeconds
        }
    }

    /// `bench train` at one width against `docs/pytorch-train-step.py`, alternated.
    public struct StepTiming: Codable, Sendable {
        public var input: Int
        public var width: Int
        public var batch: Int
        public var oursMilliseconds: [Double]
        /// Empty when PyTorch was not run.
        public var peerMilliseconds: [Double]

        public init(input: Int, width: Int, batch: Int, oursMilliseconds: [Double] = [], peerMilliseconds: [Double] = []) {
            self.input = input
            self.width = width
            self.batch = batch
            self.oursMilliseconds = oursMilliseconds
            self.peerMilliseconds = peerMilliseconds
        }
    }

    /// The learning-rate-transfer sweep, cold (`run --only run/transfer/` into an empty cache),
    /// against `docs/pytorch-transfer-sweep.py` with the figure's evaluations and with the final
    /// loss only, alternated.
    public struct TransferTiming: Codable, Sendable {
        public var runs: Int
        public var oursSeconds: [Double] = []
        public var peerSeconds: [Double] = []
        public var peerFinalOnlySeconds: [Double] = []

        public init(runs: Int) { self.runs = runs }
    }

    /// `bench plot`'s reference figure against `docs/matplotlib-reference-figure.py`, alternated.
    public struct FigureTiming: Codable, Sendable {
        public var oursMilliseconds: [Double] = []
        public var peerMilliseconds: [Double] = []

        public init() {}
    }
}
