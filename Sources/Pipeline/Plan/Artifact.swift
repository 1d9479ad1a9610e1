/// A file a node stores in its cache entry, by the name it has there.
///
/// A struct rather than an enum so that a new computation declares its own artifacts beside
/// itself (`extension Artifact { static let runCount = Artifact("run-count.txt") }`).
struct Artifact: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    let rawValue: String

    init(rawValue: String) { self.rawValue = rawValue }
    init(_ rawValue: String) { self.rawValue = rawValue }

    init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    var description: String { rawValue }

    static let runResult = Artifact("result.json")
    static let figureData = Artifact("data.json")
    static let measurements = Artifact("measurements.json")
    static let summary = Artifact("summary.json")
    static let runsOverview = Artifact("runs.json")
    /// The per-layer diagnosis.
    static let diagnosis = Artifact("diagnosis.json")
    /// The prescriptions, verified (stored by the diagnosis node).
    static let prescriptions = Artifact("prescriptions.json")
    /// Every measurement of every run, in long form.
    static let runsTable = Artifact("runs.csv")
    /// A figure's data in long form.
    static let table = Artifact("table.csv")
    /// `data/README.md`.
    static let dataDictionary = Artifact("README.md")
    /// `data/experiment.json`.
    static let experimentRecord = Artifact("experiment.json")
    /// `data/experiment.toml`, a copy of the experiment file as run.
    static let experimentFile = Artifact("experiment.toml")
    static let png = Artifact("figure.png")
    static let svg = Artifact("figure.svg")
    /// Each panel of a figure alone, as PNG and SVG (a `FileBundle`).
    static let panels = Artifact("panels.json")
    static let csv = Artifact("figure.csv")
    static let html = Artifact("report.html")
    static let markdown = Artifact("report.md")
}
