import Foundation
import TOMLKit
import Training

/// Reads and validates experiment files. Everything is checked before anything runs: a
/// problem gives one `InputError` naming the file, the line and the key.
enum ExperimentLoader {
    static let topKeys = ["title", "description", "templates", "parametrizations", "defaults", "sweeps", "figures", "tables", "quick"]
    static let sweepListKeys = SweepAxis.listKeys
    static let figureKeys = ["id", "kind", "sweep", "title", "caption", "layers"]
    static let tableKeys = ["id", "kind", "caption"]
    /// Ids that name other nodes of a plan (`aggregate/summary`, `aggregate/runs`).
    static let reservedIDs = ["summary", "runs"]
    /// Experiment files are small; a larger one is a mistake, not an experiment.
    static let maximumFileBytes = 1 << 20
    /// The memory one run may need at most: this share of the machine's.
    static let memoryShare = 0.8

    /// Loads `path`; with `quick`, applies the file's `[quick]` overrides; with `data`, every
    /// sweep trains on that file data set.
    static func load(path: String, quick: Bool = false, data: FileDataSet? = nil) throws -> ExperimentSpec {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(file: path, message: "experiment file not found")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maximumFileBytes else {
            throw InputError(file: path, message: "is \(size) bytes; experiment files are limited to \(maximumFileBytes / 1024) KiB")
        }
        let bytes: Data
        do { bytes = try RegularFile.read(path, limit: maximumFileBytes) } catch let failure as RegularFile.Failure {
            throw InputError(file: path, message: "cannot read the experiment file: \(failure.problem)")
        }
        guard let text = String(data: bytes, encoding: .utf8), !text.contains("\0") else {
            throw InputError(file: path, message: "not a text file (the contents are not UTF-8 TOML)")
        }
        return try parse(text: text, path: path, quick: quick, data: data)
    }

    /// Parses experiment text; `path` names it in errors and gives the experiment's name.
    static func parse(text original: String, path: String, quick: Bool = false, data: FileDataSet? = nil) throws -> ExperimentSpec {
        // TOML allows CRLF line ends (Windows editors write them): read and hash as LF.
        let text = original.replacingOccurrences(of: "\r\n", with: "\n")
        try refuseControlCharacters(text, path: path)
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw InputError(file: path, line: error.source.begin.line, message: "TOML syntax error: \(error.description)")
        } catch {
            throw InputError(file: path, message: "TOML syntax error: \(error)")
        }
        let reader = ExperimentReader(path: path, locator: KeyLocator(source: text))
        // Both presets are read, so a value the quick preset overrides is checked too.
        var full = try experiment(TOMLNode(root), reader: reader, quick: false, data: data)
        var quickSpec = try experiment(TOMLNode(root), reader: reader, quick: true, data: data)
        let hash = ContentHash.sha256(Data(text.utf8))
        (full.sourceHash, quickSpec.sourceHash) = (hash, hash)
        return quick ? quickSpec : full
    }

    /// The experiment with or without the quick preset.
    static func experiment(_ root: TOMLNode, reader: ExperimentReader, quick: Bool, data: FileDataSet? = nil) throws -> ExperimentSpec {
        let top = try reader.table(root, "", allowed: topKeys)
        func value(_ key: String) -> TOMLNode? { top.first { $0.key == key }?.value }
        guard let titleNode = value("title") else { throw InputError(file: reader.path, key: "title", message: "missing required key 'title'") }
        let title = try reader.string(titleNode, "title")
        let description = try value("description").map { try reader.string($0, "description") } ?? ""
        let templates = try value("templates").map { try reader.string($0, "templates") }

        // The quick preset: [quick.defaults] and [quick.sweeps.NAME].
        var quickDefaults: ExperimentReader.Entries = []
        var quickSweeps: [String: ExperimentReader.Entries] = [:]
        if let quickNode = value("quick") {
            for (key, node) in try reader.table(quickNode, "quick", allowed: ["defaults", "sweeps"]) {
                if key == "defaults" { quickDefaults = try reader.table(node, "quick.defaults", allowed: RunSettings.keys) }
                if key == "sweeps" {
                    for (name, sweepNode) in try reader.table(node, "quick.sweeps", allowed: sweepNames(value("sweeps"))) {
                        quickSweeps[name] = try reader.table(sweepNode, "quick.sweeps.\(name)", allowed: sweepListKeys + RunSettings.keys)
                    }
                }
            }
        }

        let defaultEntries = try value("defaults").map { try reader.table($0, "defaults", allowed: RunSettings.keys) } ?? []
        var defaults = RunSettings().applying(try reader.settings(defaultEntries, "defaults"))
        if quick { defaults = defaults.applying(try reader.settings(quickDefaults, "quick.defaults")) }

        let defined = try ParametrizationDefinitions.read(value("parametrizations"), reader: reader)
        var sweeps: [SweepSpec] = []
        if let sweepsNode = value("sweeps") {
            guard case let .table(entries) = sweepsNode else {
                throw reader.fail("sweeps", "must be a table of named sweeps, found \(sweepsNode.typeName)")
            }
            for (name, node) in entries {
                _ = try reader.identifier(.string(name), "sweeps.\(name)")
                sweeps.append(try sweep(name: name, node, reader: reader, defaults: defaults, parametrizations: defined,
                                        quickOverride: quick ? quickSweeps[name] : nil, data: data))
            }
        }
        sweeps.sort { $0.name < $1.name }

        var ids = Set<String>()
        let figures = try elements(value("figures"), "figures", reader: reader, allowed: figureKeys, ids: &ids) { fields, prefix, id in
            let kind = try reader.named(fields.required("kind"), "\(prefix).kind", FigureKind.self, all: FigureKind.allCases)
            let sweepName = try reader.string(fields.required("sweep"), "\(prefix).sweep")
            guard sweeps.contains(where: { $0.name == sweepName }) else {
                throw reader.fail("\(prefix).sweep", "no sweep named '\(sweepName)'\(Suggestion.hint(for: sweepName, in: sweeps.map(\.name)))")
            }
            let layers = try fields["layers"].map { try reader.array($0, "\(prefix).layers").map { try reader.int($0, "\(prefix).layers", RunLimits.depth) } }
            // A layer the sweep's network does not have would draw every series as diverged.
            if let layers, let depth = sweeps.first(where: { $0.name == sweepName })?.settings.depth, let missing = layers.first(where: { $0 > depth }) {
                throw reader.fail("\(prefix).layers", "layer \(missing) does not exist: sweep '\(sweepName)' has depth \(depth), so its layers are 1…\(depth)\(quick ? " (in the quick preset)" : "")")
            }
            return FigureSpec(id: id, kind: kind, sweep: sweepName, title: try fields["title"].map { try reader.string($0, "\(prefix).title") },
                              caption: try fields["caption"].map { try reader.string($0, "\(prefix).caption") } ?? "", layers: layers)
        }
        let tables = try elements(value("tables"), "tables", reader: reader, allowed: tableKeys, ids: &ids) { fields, prefix, id in
            TableSpec(id: id, kind: try reader.named(fields.required("kind"), "\(prefix).kind", TableSpec.Kind.self, all: TableSpec.Kind.allCases),
                      caption: try fields["caption"].map { try reader.string($0, "\(prefix).caption") } ?? "")
        }
        let name = URL(fileURLWithPath: reader.path).deletingPathExtension().lastPathComponent
        return ExperimentSpec(path: reader.path, name: name, title: title, description: description, templates: templates,
                              defaults: defaults, sweeps: sweeps, figures: figures, tables: tables, isQuick: quick)
    }

    static func sweep(name: String, _ node: TOMLNode, reader: ExperimentReader, defaults: RunSettings,
                      parametrizations defined: [Parametrization] = [], quickOverride: ExperimentReader.Entries?,
                      data: FileDataSet? = nil) throws -> SweepSpec {
        let prefix = "sweeps.\(name)"
        var entries = try reader.table(node, prefix, allowed: sweepListKeys + RunSettings.keys)
        if let quickOverride {
            let quickKeys = Set(quickOverride.map(\.key))
            entries = entries.filter { !quickKeys.contains($0.key) } + quickOverride
        }
        var parametrizations: [Parametrization]?, widths: [Int]?
        var rates: [Double]?, batches: [Int]?, activations: [Activation]?
        for (key, value) in entries {
            guard let axis = SweepAxis(listKey: key) else { continue }
            let k = "\(prefix).\(key)"
            switch axis {
            case .parametrization: parametrizations = try reader.array(value, k).map { try reader.parametrization($0, k, defined: defined) }
            case .width: widths = try reader.array(value, k).map { try reader.int($0, k, RunLimits.width) }
            case .learningRate: rates = try reader.array(value, k).map { try reader.singlePrecision($0, k, .positive) }
            case .batch: batches = try reader.array(value, k).map { try reader.int($0, k, RunLimits.batch) }
            case .activation: activations = try reader.array(value, k).map { try reader.named($0, k, Activation.self, all: Activation.allCases) }
            case .seed: break  // not a list: the setting `seeds` counts them
            }
        }
        guard let widths else { throw reader.fail(prefix, "missing required key 'widths'") }
        let own = try reader.settings(entries.filter { RunSettings.keys.contains($0.key) }, prefix)
        let settings = defaults.applying(own)
        let sweep = SweepSpec(name: name, parametrizations: parametrizations ?? [.spectral], widths: widths,
                              learningRates: rates, batchSizes: batches, activations: activations,
                              settings: data.map { $0.applied(to: settings) } ?? settings)
        // The key the batch comes from: the sweep's list, its own setting, or the defaults.
        let batchKey = batches != nil ? "\(prefix).batch_sizes" : entries.contains { $0.key == "batch" } ? "\(prefix).batch" : "defaults.batch"
        try checkFeasible(sweep, reader: reader, batchKey: batchKey, data: data)
        return sweep
    }

    /// What can be known before training: every batch fits the training set (of the
    /// teacher, or of the file data set `data` the runs will train on), and every run fits
    /// in this machine's memory.
    static func checkFeasible(_ sweep: SweepSpec, reader: ExperimentReader, batchKey: String, data: FileDataSet? = nil) throws {
        let s = sweep.settings
        let batches = sweep.runBatchSizes
        if let data {
            let examples = min(s.trainExamples, data.available)
            if let batch = batches.first(where: { $0 > examples }) {
                throw reader.fail(batchKey, "batch \(batch) is larger than the \(examples) training examples of \(data.directory)")
            }
        } else if s.dataset == "teacher", let batch = batches.first(where: { $0 > s.trainExamples }) {
            throw reader.fail(batchKey, "batch \(batch) is larger than train_examples = \(s.trainExamples)")
        }
        let available = Double(ProcessInfo.processInfo.physicalMemory) * memoryShare
        for width in sweep.widths.sorted(by: >) {
            let bytes = RunLimits.estimatedBytes(inputDimension: s.inputDimension, width: width, depth: s.depth, classes: s.classes,
                                                 batch: batches.max() ?? s.batch, optimizer: s.optimizer, momentum: s.momentum > 0,
                                                 trainExamples: s.trainExamples, testExamples: s.testExamples,
                                                 probe: s.probeSize, evaluation: s.evaluationSize)
            if bytes > available {
                let gib = { (b: Double) in String(format: "%.1f GiB", b / 1_073_741_824) }
                throw reader.fail("sweeps.\(sweep.name).widths",
                                  "a run at width \(width) (depth \(s.depth), input dimension \(s.inputDimension), \(s.trainExamples + s.testExamples) examples) needs about \(gib(bytes)); this machine has \(gib(Double(ProcessInfo.processInfo.physicalMemory)))")
            }
            break  // the widest run needs the most
        }
    }

    /// Control characters have no place in an experiment file: raw ones (but tab and line
    /// ends), and escapes of them that the TOML parser would pass on (or cut a string at).
    static func refuseControlCharacters(_ text: String, path: String) throws {
        let escape = try! NSRegularExpression(pattern: #"\\(u00(0[0-8]|0[bBcCeEfF]|1[0-9a-fA-F]|7[fF])|U0000(0[0-8]|0[bBcCeEfF]|1[0-9a-fA-F]|7[fF]))"#)
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            let raw = line.unicodeScalars.first { ($0.value < 0x20 && $0 != "\t" && $0 != "\r") || $0.value == 0x7F }
            let escaped = escape.firstMatch(in: String(line), range: NSRange(line.startIndex..., in: line))
            if raw != nil || escaped != nil {
                let what = raw.map { String(format: "U+%04X", $0.value) } ?? "an escaped control character"
                throw InputError(file: path, line: index + 1, message: "\(what) is not allowed in an experiment file")
            }
        }
    }

    /// The fields of one `[[figures]]` or `[[tables]]` element.
    struct Fields {
        let entries: ExperimentReader.Entries
        let prefix: String
        let reader: ExperimentReader
        subscript(key: String) -> TOMLNode? { entries.first { $0.key == key }?.value }
        func required(_ key: String) throws -> TOMLNode {
            guard let node = self[key] else { throw reader.fail(prefix, "missing required key '\(key)'") }
            return node
        }
    }

    /// Reads an array of tables with unique, file-safe ids (shared across figures and tables).
    static func elements<T>(_ node: TOMLNode?, _ name: String, reader: ExperimentReader, allowed: [String], ids: inout Set<String>,
                            _ make: (Fields, String, String) throws -> T) throws -> [T] {
        guard let node else { return [] }
        var result: [T] = []
        for (index, element) in try reader.array(node, name).enumerated() {
            let prefix = "\(name)[\(index)]"
            let fields = Fields(entries: try reader.table(element, prefix, allowed: allowed), prefix: prefix, reader: reader)
            let id = try reader.identifier(fields.required("id"), "\(prefix).id")
            guard !reservedIDs.contains(id) else { throw reader.fail("\(prefix).id", "'\(id)' is reserved: choose another id") }
            guard ids.insert(id).inserted else { throw reader.fail("\(prefix).id", "duplicate id '\(id)'") }
            result.append(try make(fields, prefix, id))
        }
        return result
    }

    static func sweepNames(_ node: TOMLNode?) -> [String] {
        guard case let .table(entries)? = node else { return [] }
        return entries.map(\.key)
    }
}
