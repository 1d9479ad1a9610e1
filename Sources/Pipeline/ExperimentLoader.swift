import Foundation
import TOMLKit
import Training

/// A parsed TOML value, detached from the parser.
indirect enum TOMLNode {
    case table([(key: String, value: TOMLNode)])
    case array([TOMLNode])
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case other(String)

    init(_ value: TOMLValueConvertible) {
        switch value.type {
        case .table: self = .table((value.table.map { Array($0) } ?? []).map { ($0.0, TOMLNode($0.1)) })
        case .array: self = .array((value.array.map { Array($0) } ?? []).map { TOMLNode($0) })
        case .string: self = .string(value.string ?? "")
        case .int: self = .int(value.int ?? 0)
        case .double: self = .double(value.double ?? 0)
        case .bool: self = .bool(value.bool ?? false)
        default: self = .other(value.type.rawValue)
        }
    }

    var typeName: String {
        switch self {
        case .table: return "a table"
        case .array: return "an array"
        case .string: return "a string"
        case .int: return "an integer"
        case .double: return "a number"
        case .bool: return "a boolean"
        case let .other(name): return "a \(name)"
        }
    }
}

/// Reads and validates experiment files. Everything is checked before anything runs: a
/// problem gives one `InputError` naming the file, the line and the key.
public enum ExperimentLoader {
    static let topKeys = ["title", "description", "templates", "defaults", "sweeps", "figures", "tables", "quick"]
    static let settingKeys = [
        "dataset", "input_dimension", "classes", "depth", "activation", "loss", "optimizer", "momentum",
        "weight_decay", "learning_rate", "batch", "steps", "seeds", "init_gain", "base_width", "biases",
        "train_examples", "test_examples", "data_seed", "probe_size", "fixed_batch", "metric_steps", "weight_metrics",
    ]
    static let sweepListKeys = ["parametrizations", "widths", "learning_rates", "batch_sizes", "activations"]
    static let figureKeys = ["id", "kind", "sweep", "title", "caption", "layers"]
    static let tableKeys = ["id", "kind", "caption"]
    static let datasets = ["teacher", "cifar10", "mnist", "fashion-mnist"]

    /// Loads `path`; with `quick`, applies the file's `[quick]` overrides.
    public static func load(path: String, quick: Bool = false) throws -> ExperimentSpec {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(file: path, message: "experiment file not found")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, message: "cannot read the experiment file")
        }
        guard let text = String(data: data, encoding: .utf8), !text.contains("\0") else {
            throw InputError(file: path, message: "not a text file (the contents are not UTF-8 TOML)")
        }
        return try parse(text: text, path: path, quick: quick)
    }

    /// Parses experiment text; `path` names it in errors and gives the experiment's name.
    public static func parse(text: String, path: String, quick: Bool = false) throws -> ExperimentSpec {
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw InputError(file: path, line: error.source.begin.line, message: "TOML syntax error: \(error.description)")
        } catch {
            throw InputError(file: path, message: "TOML syntax error: \(error)")
        }
        let reader = Reader(path: path, locator: KeyLocator(source: text))
        return try reader.experiment(TOMLNode(root), quick: quick)
    }

    /// Walks the tree with the file and line locator at hand.
    struct Reader {
        let path: String
        let locator: KeyLocator

        func fail(_ key: String, _ message: String) -> InputError {
            InputError(file: path, line: locator.line(of: key), key: key, message: message)
        }

        func table(_ node: TOMLNode, _ key: String, allowed: [String]) throws -> [(key: String, value: TOMLNode)] {
            guard case let .table(entries) = node else { throw fail(key, "must be a table, found \(node.typeName)") }
            for entry in entries where !allowed.contains(entry.key) {
                let full = key.isEmpty ? entry.key : "\(key).\(entry.key)"
                throw fail(full, "unknown key\(Suggestion.hint(for: entry.key, in: allowed))")
            }
            return entries
        }

        func string(_ node: TOMLNode, _ key: String) throws -> String {
            guard case let .string(s) = node else { throw fail(key, "must be a string, found \(node.typeName)") }
            return s
        }

        func int(_ node: TOMLNode, _ key: String, _ range: ClosedRange<Int>) throws -> Int {
            guard case let .int(v) = node else { throw fail(key, "must be an integer, found \(node.typeName)") }
            guard range.contains(v) else { throw fail(key, "must be between \(range.lowerBound) and \(range.upperBound), got \(v)") }
            return v
        }

        func double(_ node: TOMLNode, _ key: String, positive: Bool = false, atLeastZero: Bool = false, below: Double? = nil) throws -> Double {
            let v: Double
            switch node {
            case let .int(i): v = Double(i)
            case let .double(d): v = d
            default: throw fail(key, "must be a number, found \(node.typeName)")
            }
            guard v.isFinite else { throw fail(key, "must be a finite number") }
            if positive && !(v > 0) { throw fail(key, "must be positive, got \(v)") }
            if atLeastZero && v < 0 { throw fail(key, "must not be negative, got \(v)") }
            if let below, !(v < below) { throw fail(key, "must be below \(below), got \(v)") }
            return v
        }

        func bool(_ node: TOMLNode, _ key: String) throws -> Bool {
            guard case let .bool(b) = node else { throw fail(key, "must be true or false, found \(node.typeName)") }
            return b
        }

        func array(_ node: TOMLNode, _ key: String) throws -> [TOMLNode] {
            guard case let .array(items) = node else { throw fail(key, "must be an array, found \(node.typeName)") }
            guard !items.isEmpty else { throw fail(key, "must not be empty") }
            return items
        }

        func named<T: RawRepresentable>(_ node: TOMLNode, _ key: String, _ type: T.Type, all: [T]) throws -> T where T.RawValue == String {
            let name = try string(node, key)
            guard let value = T(rawValue: name) else {
                throw fail(key, "unknown value '\(name)'\(Suggestion.hint(for: name, in: all.map(\.rawValue)))")
            }
            return value
        }

        func identifier(_ node: TOMLNode, _ key: String) throws -> String {
            let id = try string(node, key)
            let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-_")
            guard let first = id.unicodeScalars.first, CharacterSet.lowercaseLetters.union(.decimalDigits).contains(first),
                  id.count <= 64, id.unicodeScalars.allSatisfy(allowed.contains) else {
                throw fail(key, "'\(id)' is not a safe file name: use 1–64 lower-case letters, digits, '-' and '_', starting with a letter or digit")
            }
            return id
        }

        func settings(_ entries: [(key: String, value: TOMLNode)], _ prefix: String) throws -> RunSettings {
            var s = RunSettings()
            for (key, value) in entries {
                let k = "\(prefix).\(key)"
                switch key {
                case "dataset":
                    let name = try string(value, k)
                    guard datasets.contains(name) else { throw fail(k, "unknown data set '\(name)'\(Suggestion.hint(for: name, in: datasets))") }
                    s.dataset = name
                case "input_dimension": s.inputDimension = try int(value, k, 1...100_000)
                case "classes": s.classes = try int(value, k, 2...1000)
                case "depth": s.depth = try int(value, k, 1...16)
                case "activation": s.activation = try named(value, k, Activation.self, all: Activation.allCases)
                case "loss": s.loss = try named(value, k, Loss.self, all: Loss.allCases)
                case "optimizer": s.optimizer = try named(value, k, OptimizerKind.self, all: OptimizerKind.allCases)
                case "momentum": s.momentum = try double(value, k, atLeastZero: true, below: 1)
                case "weight_decay": s.weightDecay = try double(value, k, atLeastZero: true)
                case "learning_rate": s.learningRate = try double(value, k, positive: true)
                case "batch": s.batch = try int(value, k, 1...65536)
                case "steps": s.steps = try int(value, k, 0...1_000_000)
                case "seeds": s.seeds = try int(value, k, 1...100)
                case "init_gain": s.initGain = try double(value, k, positive: true)
                case "base_width": s.baseWidth = try int(value, k, 1...65536)
                case "biases": s.biases = try bool(value, k)
                case "train_examples": s.trainExamples = try int(value, k, 1...10_000_000)
                case "test_examples": s.testExamples = try int(value, k, 1...10_000_000)
                case "data_seed": s.dataSeed = try int(value, k, 0...Int(Int32.max))
                case "probe_size": s.probeSize = try int(value, k, 1...65536)
                case "fixed_batch": s.fixedBatch = try bool(value, k)
                case "metric_steps": s.metricSteps = try array(value, k).map { try int($0, k, 0...1_000_000) }
                case "weight_metrics": s.weightMetrics = try bool(value, k)
                default: break
                }
            }
            return s
        }

        func sweep(name: String, _ node: TOMLNode, defaults: RunSettings, quickOverride: [(key: String, value: TOMLNode)]?) throws -> SweepSpec {
            let prefix = "sweeps.\(name)"
            let allowed = sweepListKeys + settingKeys
            var entries = try table(node, prefix, allowed: allowed)
            if let quickOverride {
                let quickKeys = Set(quickOverride.map(\.key))
                entries = entries.filter { !quickKeys.contains($0.key) } + quickOverride
            }
            var parametrizations: [Parametrization]?, widths: [Int]?
            var rates: [Double]?, batches: [Int]?, activations: [Activation]?
            for (key, value) in entries {
                let k = "\(prefix).\(key)"
                switch key {
                case "parametrizations": parametrizations = try array(value, k).map { try named($0, k, Parametrization.self, all: Parametrization.allCases) }
                case "widths": widths = try array(value, k).map { try int($0, k, 1...16384) }
                case "learning_rates": rates = try array(value, k).map { try double($0, k, positive: true) }
                case "batch_sizes": batches = try array(value, k).map { try int($0, k, 1...65536) }
                case "activations": activations = try array(value, k).map { try named($0, k, Activation.self, all: Activation.allCases) }
                default: break
                }
            }
            guard let widths else { throw fail(prefix, "missing required key 'widths'") }
            let own = try settings(entries.filter { settingKeys.contains($0.key) }, prefix)
            return SweepSpec(name: name, parametrizations: parametrizations ?? [.spectral], widths: widths,
                             learningRates: rates, batchSizes: batches, activations: activations,
                             settings: defaults.overridden(by: own))
        }

        func experiment(_ root: TOMLNode, quick: Bool) throws -> ExperimentSpec {
            let top = try table(root, "", allowed: topKeys)
            func value(_ key: String) -> TOMLNode? { top.first { $0.key == key }?.value }
            guard let titleNode = value("title") else { throw InputError(file: path, key: "title", message: "missing required key 'title'") }
            let title = try string(titleNode, "title")
            let description = try value("description").map { try string($0, "description") } ?? ""
            let templates = try value("templates").map { try string($0, "templates") }

            // The quick preset: [quick.defaults] and [quick.sweeps.NAME].
            var quickDefaults: [(key: String, value: TOMLNode)] = []
            var quickSweeps: [String: [(key: String, value: TOMLNode)]] = [:]
            if let quickNode = value("quick") {
                let entries = try table(quickNode, "quick", allowed: ["defaults", "sweeps"])
                for (key, node) in entries {
                    if key == "defaults" { quickDefaults = try table(node, "quick.defaults", allowed: settingKeys) }
                    if key == "sweeps" {
                        for (name, sweepNode) in try table(node, "quick.sweeps", allowed: sweepNames(value("sweeps"))) {
                            quickSweeps[name] = try table(sweepNode, "quick.sweeps.\(name)", allowed: sweepListKeys + settingKeys)
                        }
                    }
                }
            }

            var defaultEntries = try value("defaults").map { try table($0, "defaults", allowed: settingKeys) } ?? []
            var defaults = RunSettings.builtIn.overridden(by: try settings(defaultEntries, "defaults"))
            if quick {
                defaultEntries = quickDefaults
                defaults = defaults.overridden(by: try settings(quickDefaults, "quick.defaults"))
            } else {
                _ = try settings(quickDefaults, "quick.defaults")  // validated even when unused
            }

            var sweeps: [SweepSpec] = []
            if let sweepsNode = value("sweeps") {
                guard case let .table(entries) = sweepsNode else { throw fail("sweeps", "must be a table of named sweeps, found \(sweepsNode.typeName)") }
                for (name, node) in entries {
                    _ = try identifier(.string(name), "sweeps.\(name)")
                    let full = try sweep(name: name, node, defaults: defaults, quickOverride: quick ? quickSweeps[name] : nil)
                    sweeps.append(full)
                    if !quick, quickSweeps[name] != nil {
                        _ = try sweep(name: name, node, defaults: defaults, quickOverride: quickSweeps[name])
                    }
                }
            }
            sweeps.sort { $0.name < $1.name }

            var figures: [FigureSpec] = []
            var ids = Set<String>()
            if let figuresNode = value("figures") {
                for (index, node) in try array(figuresNode, "figures").enumerated() {
                    let prefix = "figures[\(index)]"
                    let entries = try table(node, prefix, allowed: figureKeys)
                    func field(_ key: String) -> TOMLNode? { entries.first { $0.key == key }?.value }
                    guard let idNode = field("id") else { throw fail(prefix, "missing required key 'id'") }
                    let id = try identifier(idNode, "\(prefix).id")
                    guard ids.insert(id).inserted else { throw fail("\(prefix).id", "duplicate id '\(id)'") }
                    guard let kindNode = field("kind") else { throw fail(prefix, "missing required key 'kind'") }
                    let kind = try named(kindNode, "\(prefix).kind", FigureKind.self, all: FigureKind.allCases)
                    guard let sweepNode = field("sweep") else { throw fail(prefix, "missing required key 'sweep'") }
                    let sweepName = try string(sweepNode, "\(prefix).sweep")
                    guard sweeps.contains(where: { $0.name == sweepName }) else {
                        throw fail("\(prefix).sweep", "no sweep named '\(sweepName)'\(Suggestion.hint(for: sweepName, in: sweeps.map(\.name)))")
                    }
                    let layers = try field("layers").map { try array($0, "\(prefix).layers").map { try int($0, "\(prefix).layers", 1...16) } }
                    figures.append(FigureSpec(
                        id: id, kind: kind, sweep: sweepName,
                        title: try field("title").map { try string($0, "\(prefix).title") },
                        caption: try field("caption").map { try string($0, "\(prefix).caption") } ?? "", layers: layers))
                }
            }
            var tables: [TableSpec] = []
            if let tablesNode = value("tables") {
                for (index, node) in try array(tablesNode, "tables").enumerated() {
                    let prefix = "tables[\(index)]"
                    let entries = try table(node, prefix, allowed: tableKeys)
                    func field(_ key: String) -> TOMLNode? { entries.first { $0.key == key }?.value }
                    guard let idNode = field("id") else { throw fail(prefix, "missing required key 'id'") }
                    let id = try identifier(idNode, "\(prefix).id")
                    guard ids.insert(id).inserted else { throw fail("\(prefix).id", "duplicate id '\(id)'") }
                    guard let kindNode = field("kind") else { throw fail(prefix, "missing required key 'kind'") }
                    tables.append(TableSpec(
                        id: id, kind: try named(kindNode, "\(prefix).kind", TableSpec.Kind.self, all: TableSpec.Kind.allCases),
                        caption: try field("caption").map { try string($0, "\(prefix).caption") } ?? ""))
                }
            }
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            return ExperimentSpec(path: path, name: name, title: title, description: description, templates: templates,
                                  defaults: defaults, sweeps: sweeps, figures: figures, tables: tables, isQuick: quick)
        }

        func sweepNames(_ node: TOMLNode?) -> [String] {
            guard case let .table(entries)? = node else { return [] }
            return entries.map(\.key)
        }
    }
}
