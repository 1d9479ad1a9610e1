import Foundation

/// A table in long form ("tidy" data): named columns, one row per observation, written as
/// CSV for pandas, R or a spreadsheet. Column names and meanings live in `Column`, which
/// the data dictionary (`data/README.md`) is written from.
struct LongTable: Equatable, Sendable {
    /// A column: its name, unit and meaning.
    struct Column: Equatable, Sendable {
        let name: String
        let meaning: String

        static let run = Column(name: "run", meaning: "the run's node id, unique per configuration and seed")
        static let sweep = Column(name: "sweep", meaning: "the sweep of the experiment file the run belongs to")
        static let parametrization = Column(name: "parametrization", meaning: "standard, ntk, spectral, spectral-normalized or mup")
        static let optimizer = Column(name: "optimizer", meaning: "sgd or adam")
        static let width = Column(name: "width", meaning: "hidden width n")
        static let depth = Column(name: "depth", meaning: "number of weight matrices")
        static let learningRate = Column(name: "learning_rate", meaning: "the base learning rate η the parametrization scales per layer")
        static let batch = Column(name: "batch", meaning: "examples per step")
        static let activation = Column(name: "activation", meaning: "relu, tanh, gelu or linear")
        static let seed = Column(name: "seed", meaning: "the run's seed")
        static let step = Column(name: "step", meaning: "optimizer steps taken when measured (0: at initialisation)")
        static let lastStep = Column(name: "last_step", meaning: "the last step of a bin of steps that starts at `step`")
        static let layer = Column(name: "layer", meaning: "1-based index l of W_l and h_l (the output layer is `depth`); empty for quantities of the whole network")
        static let quantity = Column(name: "quantity", meaning: "what was measured (see the quantities below)")
        static let value = Column(name: "value", meaning: "the measured value")
        static let status = Column(name: "status", meaning: "completed, or \(Divergence.description)")
        static let mean = Column(name: "mean", meaning: "mean over seeds; empty when a seed has no finite value")
        static let minimum = Column(name: "min", meaning: "smallest finite value over seeds")
        static let maximum = Column(name: "max", meaning: "largest finite value over seeds")
        static let seeds = Column(name: "n_seeds", meaning: "seeds with a finite value")
        static let diverged = Column(name: "diverged", meaning: "seeds whose value is missing or not finite (diverged runs)")
        static let best = Column(name: "best", meaning: "true for the learning rate with the lowest mean loss at this width and step")
    }

    var columns: [Column]
    var rows: [[Cell]] = []

    /// A cell: text, an integer, a number (the shortest text of its single-precision value,
    /// `Float32Text`; empty when not finite)
    /// or nothing.
    enum Cell: Equatable, Sendable {
        case text(String), integer(Int), number(Double), flag(Bool), empty

        var csv: String {
            switch self {
            case let .text(text):
                return text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
            case let .integer(value): return String(value)
            case let .number(value): return Float32Text.text(value)
            case let .flag(value): return value ? "true" : "false"
            case .empty: return ""
            }
        }
    }

    mutating func append(_ row: [Cell]) {
        precondition(row.count == columns.count, "a row of \(row.count) cells for \(columns.count) columns")
        rows.append(row)
    }

    /// CSV with a header row, LF line ends.
    var csv: String {
        ([columns.map(\.name).joined(separator: ",")] + rows.map { $0.map(\.csv).joined(separator: ",") }).joined(separator: "\n") + "\n"
    }
}

/// Seed statistics of one group of runs, as figure tables write them.
struct SeedStatistics {
    let mean: Double
    let minimum: Double
    let maximum: Double
    let finite: Int
    let missing: Int

    init(_ values: [Double?]) {
        let finite = values.compactMap { $0 }.filter(\.isFinite)
        self.finite = finite.count
        missing = values.count - finite.count
        mean = missing == 0 ? Statistics.mean(finite) : .nan
        minimum = finite.min() ?? .nan
        maximum = finite.max() ?? .nan
    }

    var cells: [LongTable.Cell] { [.number(mean), .number(minimum), .number(maximum), .integer(finite), .integer(missing)] }
    static let columns: [LongTable.Column] = [.mean, .minimum, .maximum, .seeds, .diverged]
}
