/// Everything that decides a training run's numbers (together with the data set).
public struct RunConfiguration: Codable, Hashable, Sendable {
    public var architecture: MLPArchitecture
    /// Written as its name; an experiment's own parametrization adds `parametrizationScheme`.
    public var parametrization: Parametrization {
        didSet { parametrizationScheme = parametrization.builtin == nil ? parametrization.scheme : nil }
    }
    /// The definition of a parametrization an experiment defined (nil for a built-in one),
    /// so that it enters the run's key.
    public private(set) var parametrizationScheme: ParametrizationScheme?
    public var optimizer: OptimizerConfiguration
    /// The base learning rate η that the parametrization scales per layer.
    public var learningRate: Float
    /// The init gain g.
    public var initGain: Float
    /// The base width n₀ of `mup` (ignored by the other parametrizations).
    public var baseWidth: Int
    public var loss: Loss
    public var batchSize: Int
    /// Number of optimizer steps.
    public var steps: Int
    /// Seeds initialisation and batch order (the data set has its own seed).
    public var seed: UInt64
    /// When true every step uses the same batch (as the `mup` coordinate check does).
    public var fixedBatch: Bool
    /// Rows of the training set on which features are measured (the first ones).
    public var probeSize: Int
    /// Rows of the training set on which the training loss is measured.
    public var evaluationSize: Int
    /// A batch loss above this (or not finite) ends the run as diverged.
    public var divergenceThreshold: Double
    /// Steps at which metrics are recorded; nil for `MetricSchedule.default(steps:)`.
    public var metricSteps: [Int]?
    /// Recorded steps at which losses are evaluated, for runs whose readers are known: the
    /// training loss on the evaluation rows at these steps and at the last one, and never the
    /// test set. nil evaluates the training loss at every recorded step and the test set at
    /// the last. At large widths an evaluation costs several training steps.
    public var lossSteps: [Int]?
    /// When false, snapshots record losses, RMS values and feature movement but skip the
    /// spectral norms of weight movement and updates (much cheaper at large widths).
    public var recordsWeightMetrics: Bool = true

    public init(
        architecture: MLPArchitecture, parametrization: Parametrization,
        optimizer: OptimizerConfiguration = OptimizerConfiguration(), learningRate: Float,
        initGain: Float = 1, baseWidth: Int = 64, loss: Loss = .crossEntropy, batchSize: Int,
        steps: Int, seed: UInt64 = 0, fixedBatch: Bool = false, probeSize: Int = 64,
        evaluationSize: Int = 512, divergenceThreshold: Double = 1e4, metricSteps: [Int]? = nil,
        lossSteps: [Int]? = nil
    ) {
        self.architecture = architecture
        self.parametrization = parametrization
        parametrizationScheme = parametrization.builtin == nil ? parametrization.scheme : nil
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.initGain = initGain
        self.baseWidth = baseWidth
        self.loss = loss
        self.batchSize = batchSize
        self.steps = steps
        self.seed = seed
        self.fixedBatch = fixedBatch
        self.probeSize = probeSize
        self.evaluationSize = evaluationSize
        self.divergenceThreshold = divergenceThreshold
        self.metricSteps = metricSteps
        self.lossSteps = lossSteps
    }

    /// This configuration without what decides only when and what is recorded: two runs with
    /// the same trajectory take the same steps, as far as the shorter goes.
    public var trajectory: RunConfiguration {
        var stripped = self
        stripped.steps = 0
        stripped.metricSteps = nil
        stripped.lossSteps = nil
        return stripped
    }

    /// Whether this run and `other` can be trained as one (`Trainer.run(family:)`): they
    /// differ at most in `steps`, `metricSteps` and `lossSteps`, and neither records weight
    /// metrics, which change how a recorded step is taken (its update is formed apart to be
    /// measured, which rounds differently from the fused step).
    public func sharesTrajectory(with other: RunConfiguration) -> Bool {
        !recordsWeightMetrics && !other.recordsWeightMetrics && trajectory == other.trajectory
    }

    /// Whether the snapshot at `step` evaluates the training loss.
    public func evaluatesTrainingLoss(at step: Int) -> Bool {
        step == steps || lossSteps?.contains(step) ?? true
    }

    /// Whether the snapshot at `step` evaluates the test set.
    public func evaluatesTestSet(at step: Int) -> Bool {
        step == steps && lossSteps == nil
    }

    /// The steps at which metrics are recorded, sorted, within `0...steps`.
    public var resolvedMetricSteps: [Int] {
        let steps = self.steps
        return Array(Set((metricSteps ?? MetricSchedule.default(steps: steps)).filter { (0...steps).contains($0) } + [0])).sorted()
    }

    /// The per-layer scalings of this configuration.
    public var scalings: [LayerScaling] {
        architecture.layerShapes.map {
            (parametrizationScheme ?? parametrization.scheme).scaling(
                for: $0, optimizer: optimizer.kind, baseLearningRate: learningRate,
                gain: initGain, baseWidth: baseWidth)
        }
    }

    /// Checks every value, so that training never traps on a bad configuration.
    /// - Throws: `ConfigurationError` naming the first bad field.
    public func validate(against dataset: Dataset? = nil) throws {
        func require(_ condition: Bool, _ field: String, _ problem: String) throws {
            if !condition { throw ConfigurationError(field: field, problem: problem) }
        }
        let a = architecture
        func within(_ value: Int, _ range: ClosedRange<Int>, _ field: String) throws {
            try require(range.contains(value), field, "must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
        try within(a.inputDimension, RunLimits.inputDimension, "input_dimension")
        try within(a.width, RunLimits.width, "width")
        try within(a.depth, RunLimits.depth, "depth")
        try within(a.classes, RunLimits.classes, "classes")
        try require(learningRate.isFinite && learningRate > 0, "learning_rate", "must be a positive number, got \(learningRate)")
        try require(initGain.isFinite && initGain > 0, "init_gain", "must be a positive number, got \(initGain)")
        try within(baseWidth, RunLimits.baseWidth, "base_width")
        try within(batchSize, RunLimits.batch, "batch")
        try within(steps, RunLimits.steps, "steps")
        try within(probeSize, RunLimits.probeSize, "probe_size")
        try within(evaluationSize, RunLimits.examples, "evaluation_size")
        try require(divergenceThreshold > 0, "divergence_threshold", "must be positive")
        let o = optimizer
        try require(o.momentum >= 0 && o.momentum < 1, "momentum", "must be in [0, 1), got \(o.momentum)")
        try require(o.weightDecay >= 0 && o.weightDecay.isFinite, "weight_decay", "must be ≥ 0, got \(o.weightDecay)")
        try require(o.beta1 >= 0 && o.beta1 < 1 && o.beta2 >= 0 && o.beta2 < 1, "beta", "Adam's betas must be in [0, 1)")
        try require(o.epsilon > 0, "epsilon", "must be positive")
        if let dataset {
            try require(dataset.inputDimension == a.inputDimension, "input_dimension",
                        "is \(a.inputDimension) but the data set \(dataset.name) has \(dataset.inputDimension) inputs")
            try require(dataset.classes == a.classes, "classes",
                        "is \(a.classes) but the data set \(dataset.name) has \(dataset.classes) classes")
            try require(dataset.trainLabels.count >= batchSize, "batch",
                        "is \(batchSize) but the data set has only \(dataset.trainLabels.count) training examples")
        }
    }
}

/// A configuration value out of range, naming the field.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let field: String
    public let problem: String
    public var description: String { "\(field) \(problem)" }
}

/// When metrics are recorded.
public enum MetricSchedule {
    /// Steps 0, 1, 2, 3, then about eight steps per decade, then the last step.
    public static func `default`(steps: Int) -> [Int] {
        var result = [0, 1, 2, 3].filter { $0 <= steps }
        var next = 4.0
        while Int(next) < steps {
            if Int(next) != result.last { result.append(Int(next)) }
            next = max(next + 1, (next * 1.33).rounded())
        }
        if result.last != steps { result.append(steps) }
        return result
    }
}
