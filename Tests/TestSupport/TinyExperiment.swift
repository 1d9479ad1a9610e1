/// The tiny experiment the pipeline and end-to-end tests run: a second or so in a debug
/// build.
public enum TinyExperiment {
    /// Its TOML: `extra` is appended (more figures, tables).
    public static func toml(title: String = "Tiny", description: String = "", steps: Int = 2, widths: [Int] = [8, 16, 32],
                            seeds: Int = 1, extra: String = "") -> String {
        """
        title = "\(title)"
        description = "\(description)"

        [defaults]
        input_dimension = 8
        classes = 3
        depth = 3
        steps = \(steps)
        seeds = \(seeds)
        batch = 16
        train_examples = 64
        test_examples = 32
        probe_size = 16
        metric_steps = [0, 1]

        [sweeps.movement]
        parametrizations = ["standard", "spectral"]
        widths = \(widths)

        [[figures]]
        id = "feature-movement"
        kind = "feature_movement"
        sweep = "movement"
        caption = "Feature movement."
        \(extra)
        """
    }
}
