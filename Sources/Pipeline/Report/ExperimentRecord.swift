import Foundation

/// `data/experiment.json`: the experiment as it was run — every sweep's lists and the value
/// of every run setting after defaults, presets and sweep overrides — so that a report can
/// be compared with another (`spectral-report compare`) and listed in a site index.
public struct ExperimentRecord: Codable, Sendable, Equatable {
    /// One sweep: its lists and its settings (TOML key → value as plain text). The lists
    /// of rates, batch sizes and activations are `null` when the sweep does not vary them
    /// (the single value is then its setting).
    public struct Sweep: Codable, Sendable, Equatable {
        public var name: String
        public var parametrizations: [String]
        public var widths: [Int]
        @ExplicitNull public var learningRates: [Double]?
        @ExplicitNull public var batchSizes: [Int]?
        @ExplicitNull public var activations: [String]?
        public var runs: Int
        public var settings: [String: String]

        enum CodingKeys: String, CodingKey {
            case name, parametrizations, widths, learningRates = "learning_rates", batchSizes = "batch_sizes", activations, runs, settings
        }
    }

    /// One figure: what it shows and from which sweep.
    public struct Figure: Codable, Sendable, Equatable {
        public var id: String
        public var kind: String
        public var sweep: String
        public var title: String
    }

    public var name: String
    public var title: String
    public var experimentFile: String
    public var experimentSHA256: String
    /// `full` or `quick`.
    public var preset: String
    public var sweeps: [Sweep]
    public var figures: [Figure]

    enum CodingKeys: String, CodingKey {
        case name, title, experimentFile = "experiment_file", experimentSHA256 = "experiment_sha256", preset, sweeps, figures
    }

    /// The record of `experiment`; `runsPerSweep` counts each sweep's planned runs.
    init(_ experiment: ExperimentSpec, experimentHash: String, runsPerSweep: [String: Int]) {
        name = experiment.name
        title = experiment.title
        experimentFile = URL(fileURLWithPath: experiment.path).lastPathComponent
        experimentSHA256 = experimentHash
        preset = experiment.isQuick ? "quick" : "full"
        sweeps = experiment.sweeps.map { sweep in
            let s = sweep.settings
            return Sweep(name: sweep.name, parametrizations: sweep.parametrizations.map(\.rawValue), widths: sweep.widths,
                         learningRates: sweep.learningRates, batchSizes: sweep.batchSizes,
                         activations: sweep.activations?.map(\.rawValue), runs: runsPerSweep[sweep.name] ?? 0,
                         settings: RunSettings.values(of: s))
        }
        figures = experiment.figures.map { Figure(id: $0.id, kind: $0.kind.rawValue, sweep: $0.sweep, title: $0.title ?? $0.id) }
    }
}

extension RunSettings {
    /// Every setting of the settings table with its value in `settings`, as plain text.
    static func values(of settings: RunSettings) -> [String: String] {
        Dictionary(uniqueKeysWithValues: table.map { ($0.key, $0.value(settings)) })
    }
}
