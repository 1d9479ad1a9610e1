import Training

/// A named sweep: the product of its lists, with run settings on top of the defaults.
public struct SweepSpec: Codable, Hashable, Sendable {
    public var name: String
    public var parametrizations: [Parametrization]
    public var widths: [Int]
    public var learningRates: [Double]?
    public var batchSizes: [Int]?
    public var activations: [Activation]?
    public var settings: RunSettings

    // A list a sweep gives overrides the single setting it varies (`learning_rates` over
    // `learning_rate`, …): the values its runs take, here and nowhere else.

    /// The base learning rates of the sweep's runs: `learning_rates`, else `learning_rate`.
    public var runLearningRates: [Double] { learningRates ?? [settings.learningRate] }
    /// The batch sizes of the sweep's runs: `batch_sizes`, else `batch`.
    public var runBatchSizes: [Int] { batchSizes ?? [settings.batch] }
    /// The activations of the sweep's runs: `activations`, else `activation`.
    public var runActivations: [Activation] { activations ?? [settings.activation] }
}

/// A figure in the report.
public struct FigureSpec: Codable, Hashable, Sendable {
    public var id: String
    public var kind: FigureKind
    public var sweep: String
    public var title: String?
    public var caption: String
    /// Which hidden layers (1-based `l` of `h_l`) to show; nil for all hidden layers.
    public var layers: [Int]?
}

/// A table in the report.
public struct TableSpec: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// Measured width exponents against theory, with verdicts.
        case exponents
        /// The best learning rate per width and parametrization.
        case learningRateTransfer = "lr_transfer"
    }
    public var id: String
    public var kind: Kind
    public var caption: String
}

/// An experiment file, validated.
public struct ExperimentSpec: Sendable {
    /// The file it came from and its stem (the output folder's name).
    public var path: String
    public var name: String
    public var title: String
    public var description: String
    /// A template folder named by the experiment, relative to its file.
    public var templates: String?
    public var defaults: RunSettings
    public var sweeps: [SweepSpec]
    public var figures: [FigureSpec]
    public var tables: [TableSpec]
    /// Whether the quick preset was applied.
    public var isQuick: Bool
    /// SHA-256 of the file's text with line endings normalised to LF, so a file saved with
    /// CRLF hashes as the same file saved with LF (empty for a spec not read from text).
    public var sourceHash: String = ""

    public func sweep(named name: String) -> SweepSpec? { sweeps.first { $0.name == name } }
}
