import Foundation
import Training

/// The kinds of node in a plan.
public enum NodeKind: String, Codable, CaseIterable, Sendable {
    case run, aggregate, figure, page
}

/// Where a run's data come from.
public struct DatasetDescriptor: Codable, Hashable, Sendable {
    public var name: String
    /// For the teacher data set.
    public var teacher: TeacherConfiguration?
    /// For file data sets: the directory, and each file's hash (only hashes enter keys).
    public var directory: String?
    public var fileHashes: [String: String]?
    public var trainLimit: Int?
    public var testLimit: Int?
}

/// One unit of work: a training run, an aggregate (figure data or the summary), a figure,
/// or a page.
public struct PlanNode: Sendable {
    public enum Payload: Sendable {
        case run(RunConfiguration, DatasetDescriptor, sweep: String)
        case figureData(FigureSpec)
        case summary
        case figure(FigureSpec)
        case page(PageFormat)
    }

    /// A readable, unique name, e.g. `run/movement/spectral/w256/lr0.5/b64/relu/s0`.
    public let id: String
    public let kind: NodeKind
    /// Ids of the nodes whose outputs this one reads.
    public let inputs: [String]
    public let payload: Payload
    /// Canonical JSON of the parameters that decide the output (part of the key).
    public let parameters: Data
    /// Files read, by name, with their content hashes (part of the key).
    public let files: [String: String]
}

/// HTML or Markdown.
public enum PageFormat: String, Codable, Sendable, CaseIterable {
    case html, markdown

    var fileName: String { self == .html ? "report.html" : "report.md" }
}

/// An experiment expanded into nodes, in dependency order.
public struct Plan: Sendable {
    public let experiment: ExperimentSpec
    public let nodes: [PlanNode]
    /// Version of the node layouts and computations; bump to recompute everything.
    public static let schemaVersion = 1

    public func node(_ id: String) -> PlanNode? { nodes.first { $0.id == id } }

    /// Runs of a sweep, by id.
    public func runs(of sweep: String) -> [PlanNode] {
        nodes.filter { if case let .run(_, _, name) = $0.payload { return name == sweep }; return false }
    }
}

/// Builds plans.
public enum Planner {
    /// The settings a plan needs besides the experiment.
    public struct Context: Sendable {
        /// A directory with CIFAR-10 or MNIST files, for experiments that use them.
        public var dataDirectory: String?
        /// Template files by name (`report.html.mustache`, …) with their contents' hashes.
        public var templateHashes: [String: String]
        /// Hash of the font file figures are drawn with.
        public var fontHash: String
        public var embedImages: Bool

        public init(dataDirectory: String? = nil, templateHashes: [String: String], fontHash: String, embedImages: Bool = false) {
            self.dataDirectory = dataDirectory
            self.templateHashes = templateHashes
            self.fontHash = fontHash
            self.embedImages = embedImages
        }
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    /// Expands sweeps into runs and adds figure data, the summary, figures and pages.
    public static func plan(_ experiment: ExperimentSpec, context: Context) throws -> Plan {
        var nodes: [PlanNode] = []
        var seen = Set<String>()
        var descriptors: [String: DatasetDescriptor] = [:]
        for sweep in experiment.sweeps {
            let s = sweep.settings
            let descriptor = try dataset(for: s, sweep: sweep.name, experiment: experiment, context: context, cache: &descriptors)
            let rates = sweep.learningRates ?? [s.learningRate ?? 0.5]
            let batches = sweep.batchSizes ?? [s.batch ?? 64]
            let activations = sweep.activations ?? [s.activation ?? .relu]
            for parametrization in sweep.parametrizations {
                for width in sweep.widths {
                    for rate in rates {
                        for batch in batches {
                            for activation in activations {
                                for seed in 0..<(s.seeds ?? 1) {
                                    var configuration = RunConfiguration(
                                        architecture: MLPArchitecture(
                                            inputDimension: s.inputDimension ?? 64, width: width, depth: s.depth ?? 3,
                                            classes: s.classes ?? 10, activation: activation, biases: s.biases ?? false),
                                        parametrization: parametrization,
                                        optimizer: OptimizerConfiguration(kind: s.optimizer ?? .sgd, momentum: Float(s.momentum ?? 0), weightDecay: Float(s.weightDecay ?? 0)),
                                        learningRate: Float(rate), initGain: Float(s.initGain ?? 1), baseWidth: s.baseWidth ?? 64,
                                        loss: s.loss ?? .crossEntropy, batchSize: batch, steps: s.steps ?? 100, seed: UInt64(seed),
                                        fixedBatch: s.fixedBatch ?? false, probeSize: s.probeSize ?? 64, evaluationSize: 512,
                                        metricSteps: s.metricSteps.map { Array(Set($0 + [s.steps ?? 100])).sorted() })
                                    configuration.recordsWeightMetrics = s.weightMetrics ?? true
                                    let id = "run/\(sweep.name)/\(parametrization.rawValue)/w\(width)/lr\(number(rate))/b\(batch)/\(activation.rawValue)/s\(seed)"
                                    guard seen.insert(id).inserted else { continue }
                                    struct RunParameters: Encodable { let configuration: RunConfiguration; let dataset: DatasetDescriptor }
                                    var keyed = descriptor
                                    keyed.directory = nil  // where the files are does not matter, what they hold does
                                    nodes.append(PlanNode(
                                        id: id, kind: .run, inputs: [], payload: .run(configuration, descriptor, sweep: sweep.name),
                                        parameters: try ContentHash.canonicalJSON(RunParameters(configuration: configuration, dataset: keyed)),
                                        files: descriptor.fileHashes ?? [:]))
                                }
                            }
                        }
                    }
                }
            }
        }
        let runIDs = { (sweep: String) in nodes.filter { if case let .run(_, _, name) = $0.payload { return name == sweep }; return false }.map(\.id) }
        var figureNodes: [PlanNode] = []
        for figure in experiment.figures {
            figureNodes.append(PlanNode(
                id: "aggregate/\(figure.id)", kind: .aggregate, inputs: runIDs(figure.sweep), payload: .figureData(figure),
                parameters: try ContentHash.canonicalJSON(figure), files: [:]))
        }
        struct SummaryParameters: Encodable { let tables: [TableSpec]; let figures: [FigureSpec] }
        nodes += figureNodes
        nodes.append(PlanNode(
            id: "aggregate/summary", kind: .aggregate, inputs: figureNodes.map(\.id), payload: .summary,
            parameters: try ContentHash.canonicalJSON(SummaryParameters(tables: experiment.tables, figures: experiment.figures)), files: [:]))
        for figure in experiment.figures {
            nodes.append(PlanNode(
                id: "figure/\(figure.id)", kind: .figure, inputs: ["aggregate/\(figure.id)"], payload: .figure(figure),
                parameters: try ContentHash.canonicalJSON(figure), files: ["font": context.fontHash]))
        }
        struct PageParameters: Encodable {
            let format: PageFormat; let title: String; let description: String; let name: String
            let figures: [FigureSpec]; let tables: [TableSpec]; let embedImages: Bool; let quick: Bool
        }
        for format in PageFormat.allCases {
            let parameters = PageParameters(
                format: format, title: experiment.title, description: experiment.description, name: experiment.name,
                figures: experiment.figures, tables: experiment.tables, embedImages: format == .html && context.embedImages,
                quick: experiment.isQuick)
            nodes.append(PlanNode(
                id: "page/\(format.rawValue)", kind: .page,
                inputs: ["aggregate/summary"] + experiment.figures.map { "figure/\($0.id)" }, payload: .page(format),
                parameters: try ContentHash.canonicalJSON(parameters), files: context.templateHashes))
        }
        return Plan(experiment: experiment, nodes: nodes)
    }

    /// The data set a sweep trains on: the teacher, or files from the data directory.
    static func dataset(for s: RunSettings, sweep: String, experiment: ExperimentSpec, context: Context, cache: inout [String: DatasetDescriptor]) throws -> DatasetDescriptor {
        let name = s.dataset ?? "teacher"
        if name == "teacher" {
            let teacher = TeacherConfiguration(
                inputDimension: s.inputDimension ?? 64, classes: s.classes ?? 10,
                trainExamples: s.trainExamples ?? 2048, testExamples: s.testExamples ?? 512, seed: UInt64(s.dataSeed ?? 0))
            return DatasetDescriptor(name: name, teacher: teacher)
        }
        if let known = cache[name] { return known }
        guard let directory = context.dataDirectory else {
            throw InputError(file: experiment.path, key: "sweeps.\(sweep).dataset",
                             message: "data set '\(name)' needs its files: pass --data-dir DIR")
        }
        let files: [String]
        if name == "cifar10" {
            let base = FileManager.default.fileExists(atPath: directory + "/cifar-10-batches-bin/test_batch.bin") ? directory + "/cifar-10-batches-bin" : directory
            files = (1...5).map { "\(base)/data_batch_\($0).bin" } + ["\(base)/test_batch.bin"]
        } else {
            files = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"].map { stem in
                let raw = "\(directory)/\(stem)"
                return FileManager.default.fileExists(atPath: raw) ? raw : raw + ".gz"
            }
        }
        var hashes: [String: String] = [:]
        for file in files {
            guard let hash = ContentHash.sha256(file: file) else {
                throw InputError(file: file, message: "data file for '\(name)' is missing or unreadable (from --data-dir \(directory))")
            }
            hashes[URL(fileURLWithPath: file).lastPathComponent] = hash
        }
        let descriptor = DatasetDescriptor(name: name, directory: directory, fileHashes: hashes,
                                           trainLimit: s.trainExamples, testLimit: s.testExamples)
        cache[name] = descriptor
        return descriptor
    }
}
