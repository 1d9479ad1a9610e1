import Training

/// What a sweep's settings make of its runs before the sweep's lists pick each run's point:
/// the training configuration, the data set, and the number of seeds. Every row of
/// `RunSettings.table` writes its value here (`SettingDefinition.reach`), and the planner
/// builds each run from a recipe, so a setting reaches training and the run's key from its
/// row alone.
struct RunRecipe: Sendable {
    /// What the run trains with; the planner then sets its width, parametrization, seed and
    /// the points of the sweep's lists, and the recorded steps.
    var configuration = RunConfiguration(
        architecture: MLPArchitecture(inputDimension: 0, width: 0, depth: 0, classes: 0),
        parametrization: .standard, learningRate: 0, batchSize: 0, steps: 0)
    /// The data set the runs ask for.
    var data = DataRequest()
    /// Runs per point of the sweep, seeded 0, 1, ….
    var seeds = 0

    /// The data set a sweep's runs ask for: the synthetic teacher (all of it), or a file
    /// data set from `--data-dir` (its name and how many examples to take).
    struct DataRequest: Sendable {
        var name = ""
        var inputDimension = 0
        var classes = 0
        var trainExamples = 0
        var testExamples = 0
        /// Seeds the teacher data set.
        var seed = 0

        var teacher: TeacherConfiguration {
            TeacherConfiguration(inputDimension: inputDimension, classes: classes, trainExamples: trainExamples,
                                 testExamples: testExamples, seed: UInt64(seed))
        }
    }

    /// The recipe `settings` make: every row of the table applied in order.
    init(_ settings: RunSettings) {
        for setting in RunSettings.table { setting.reach(settings, &self) }
    }
}
