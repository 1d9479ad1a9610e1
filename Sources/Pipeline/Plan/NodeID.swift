import Training

/// A node's name in a plan, readable and unique: `run/movement/spectral/w256/lr0.5/b64/relu/s0`,
/// `aggregate/feature-movement`, `aggregate/summary`, `figure/feature-movement`, `page/html`.
///
/// Ids are made only by the factories here, so every place that names a node agrees. An id
/// begins with its node's kind (the plan checks it).
public struct NodeID: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// The id as text.
    public let rawValue: String

    private init(_ rawValue: String) { self.rawValue = rawValue }

    /// A training run of `sweep`.
    public static func run(sweep: String, parametrization: Parametrization, width: Int, learningRate: Double,
                           batch: Int, activation: Activation, seed: Int) -> NodeID {
        NodeID("run/\(sweep)/\(parametrization.rawValue)/w\(width)/lr\(NumberFormat.identifier(learningRate))/b\(batch)/\(activation.rawValue)/s\(seed)")
    }

    /// The figure data and measurements of figure `figure`.
    public static func figureData(_ figure: String) -> NodeID { NodeID("aggregate/\(figure)") }
    /// The summary: exponents, transfer and verdicts.
    public static let summary = NodeID("aggregate/summary")
    /// What the report says of the runs: how many, how many diverged, on which kernels.
    public static let runsOverview = NodeID("aggregate/runs")
    /// The per-layer diagnosis.
    public static let diagnosis = NodeID("aggregate/diagnosis")
    /// `data/README.md`, the data dictionary.
    public static let dataDictionary = NodeID("page/data-dictionary")
    /// `data/experiment.json`, the experiment as it was run.
    public static let experimentRecord = NodeID("page/experiment")
    /// The drawn figure `figure`.
    public static func figure(_ figure: String) -> NodeID { NodeID("figure/\(figure)") }
    /// A report page.
    public static func page(_ format: PageFormat) -> NodeID { NodeID("page/\(format.rawValue)") }

    /// The kind the id names (its first part).
    public var kind: NodeKind? { NodeKind(rawValue: String(rawValue.prefix { $0 != "/" })) }

    public var description: String { rawValue }

    public static func < (a: NodeID, b: NodeID) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A file a node stores in its cache entry.
enum Artifact: String, Codable, CaseIterable, Sendable {
    case runResult = "result.json"
    case figureData = "data.json"
    case measurements = "measurements.json"
    case summary = "summary.json"
    case runsOverview = "runs.json"
    /// The per-layer diagnosis.
    case diagnosis = "diagnosis.json"
    /// The prescriptions, verified (stored by the diagnosis node).
    case prescriptions = "prescriptions.json"
    /// Every measurement of every run, in long form.
    case runsTable = "runs.csv"
    /// A figure's data in long form.
    case table = "table.csv"
    /// `data/README.md`.
    case dataDictionary = "README.md"
    /// `data/experiment.json`.
    case experimentRecord = "experiment.json"
    /// `data/experiment.toml`, a copy of the experiment file as run.
    case experimentFile = "experiment.toml"
    case png = "figure.png"
    case svg = "figure.svg"
    /// Each panel of a figure alone, as PNG and SVG (a `FileBundle`).
    case panels = "panels.json"
    case csv = "figure.csv"
    case html = "report.html"
    case markdown = "report.md"
}
