import Training

/// Every setting a training run is made of, resolved: built-in defaults (the initial values
/// here) under the experiment's `[defaults]`, the quick preset and each sweep's own keys.
///
/// The TOML keys, their types, ranges, documentation and the way each reaches a run are in
/// `RunSettings.table`, which drives parsing, validation, preset merging, the settings
/// reference (`docs/experiment-file.md`) and the recipe every run is built from
/// (`RunRecipe`). Adding a setting is a stored property here (its default) plus one row of
/// the table; a setting that needs a new field of `RunConfiguration` adds that field too.
public struct RunSettings: Codable, Hashable, Sendable {
    public var dataset = "teacher"
    public var inputDimension = 64
    public var classes = 10
    public var depth = 3
    public var activation = Activation.relu
    public var loss = Loss.crossEntropy
    public var optimizer = OptimizerKind.sgd
    public var momentum = 0.0
    public var weightDecay = 0.0
    public var learningRate = 0.5
    public var batch = 64
    public var steps = 100
    public var seeds = 3
    public var initGain = 1.0
    public var baseWidth = 64
    public var biases = false
    public var trainExamples = 2048
    public var testExamples = 512
    public var dataSeed = 0
    public var probeSize = 64
    public var evaluationSize = 512
    public var fixedBatch = false
    /// Steps at which metrics are recorded (the last step is always added); nil for the
    /// default schedule.
    public var metricSteps: [Int]?
    public var weightMetrics = true

    public init() {}

    /// The data sets a sweep can train on.
    public static let datasets = ["teacher", "cifar10", "mnist", "fashion-mnist"]

    /// The settings table: TOML key, type and range (checked in the engine's single
    /// precision), what the setting means, and how its value reaches a run (`reaches`:
    /// where it goes in the recipe the planner builds every run from, and so into the
    /// run's key). A test changes each setting in turn and checks that the runs' keys change.
    static let table: [SettingDefinition] = [
        .choice("dataset", \.dataset, datasets, "where examples come from: the synthetic teacher, or files given with `--data-dir`") { $1.data.name = $0 },
        .integer("input_dimension", \.inputDimension, RunLimits.inputDimension, "inputs per example (set from the data with `--data-dir`)") {
            $1.configuration.architecture.inputDimension = $0
            $1.data.inputDimension = $0
        },
        .integer("classes", \.classes, RunLimits.classes, "output classes") {
            $1.configuration.architecture.classes = $0
            $1.data.classes = $0
        },
        .integer("depth", \.depth, RunLimits.depth, "weight matrices (hidden layers + 1)") { $1.configuration.architecture.depth = $0 },
        .named("activation", \.activation, "the nonlinearity") { $1.configuration.architecture.activation = $0 },
        .named("loss", \.loss, "the training loss") { $1.configuration.loss = $0 },
        .named("optimizer", \.optimizer, "the optimizer") { $1.configuration.optimizer.kind = $0 },
        .number("momentum", \.momentum, .fraction, "SGD momentum") { $1.configuration.optimizer.momentum = Float($0) },
        .number("weight_decay", \.weightDecay, .nonNegative, "L2 weight decay λ, added to the gradient as λ·W") { $1.configuration.optimizer.weightDecay = Float($0) },
        .number("learning_rate", \.learningRate, .positive, "the base rate each parametrization scales per layer") { $1.configuration.learningRate = Float($0) },
        .integer("batch", \.batch, RunLimits.batch, "examples per step") { $1.configuration.batchSize = $0 },
        .integer("steps", \.steps, RunLimits.steps, "optimizer steps") { $1.configuration.steps = $0 },
        .integer("seeds", \.seeds, RunLimits.seeds, "runs per configuration, seeded 0, 1, …") { $1.seeds = $0 },
        .number("init_gain", \.initGain, .positive, "multiplies every initial weight") { $1.configuration.initGain = Float($0) },
        .integer("base_width", \.baseWidth, RunLimits.baseWidth, "the width at which `mup` coincides with `standard`") { $1.configuration.baseWidth = $0 },
        .flag("biases", \.biases, "whether layers have biases") { $1.configuration.architecture.biases = $0 },
        .integer("train_examples", \.trainExamples, RunLimits.examples, "training examples (the first ones of a file data set)") { $1.data.trainExamples = $0 },
        .integer("test_examples", \.testExamples, RunLimits.examples, "test examples") { $1.data.testExamples = $0 },
        .integer("data_seed", \.dataSeed, RunLimits.dataSeed, "seeds the teacher data set") { $1.data.seed = $0 },
        .integer("probe_size", \.probeSize, RunLimits.probeSize, "training rows on which features are measured") { $1.configuration.probeSize = $0 },
        .integer("evaluation_size", \.evaluationSize, RunLimits.examples, "training rows on which the training loss is measured") { $1.configuration.evaluationSize = $0 },
        .flag("fixed_batch", \.fixedBatch, "every step uses the same batch (as the `mup` coordinate check does)") { $1.configuration.fixedBatch = $0 },
        .integerList("metric_steps", \.metricSteps, RunLimits.steps, "steps at which metrics are recorded, with the training loss at each and the test set at the end (default: the steps the sweep's figures read, losses only where read; 0–3 then ~8 per decade for a sweep no figure reads)") {
            $1.configuration.metricSteps = $0  // the planner adds the last step, or derives the schedule
        },
        .flag("weight_metrics", \.weightMetrics, "whether snapshots compute spectral norms of weights and updates") { $1.configuration.recordsWeightMetrics = $0 },
    ]

    /// The TOML keys of the table.
    static var keys: [String] { table.map(\.key) }

    /// `self` with `overrides` applied in order.
    func applying(_ overrides: SettingOverrides) -> RunSettings {
        var settings = self
        for override in overrides.entries { override.apply(&settings) }
        return settings
    }
}

/// Parsed setting values of one table of an experiment file, to apply over other settings.
struct SettingOverrides {
    struct Entry {
        let key: String
        let apply: (inout RunSettings) -> Void
    }
    var entries: [Entry] = []
}
