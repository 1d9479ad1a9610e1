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

    /// A node named `name` of `kind`, for a computation that declares its own id beside
    /// itself (`extension NodeID { static let x = NodeID.node(.aggregate, "x") }`).
    static func node(_ kind: NodeKind, _ name: String) -> NodeID { NodeID("\(kind.rawValue)/\(name)") }

    public var description: String { rawValue }

    public static func < (a: NodeID, b: NodeID) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
