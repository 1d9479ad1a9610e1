import Foundation
import Training

/// Expands an experiment into a plan: a run per point of each sweep, then per figure its
/// aggregate and its drawing, the summary, the runs overview, and the pages.
enum Planner {
    /// A number as ids and tables write it: integers without a decimal point.
    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    /// The plan of `experiment`; every computation gets the resources it reads.
    /// - Throws: `InputError` when a data set's files are missing.
    public static func plan(_ experiment: ExperimentSpec, resources: PlanResources) throws -> Plan {
        var nodes: [PlanNode] = []
        var runsBySweep: [String: [RunComputation.Input]] = [:]
        var seen = Set<NodeID>()
        var datasets = DatasetDescriptors(dataDirectory: resources.dataDirectory, experimentPath: experiment.path)
        for sweep in experiment.sweeps {
            let descriptor = try datasets.descriptor(for: sweep)
            for run in runConfigurations(of: sweep, metricSteps: MetricNeeds.schedule(sweep, in: experiment),
                                         lossSteps: MetricNeeds.lossSteps(sweep, in: experiment)) {
                guard seen.insert(run.id).inserted else { continue }
                nodes.append(try PlanNode(id: run.id, kind: .run,
                                          computation: RunComputation(configuration: run.configuration, dataset: descriptor)))
                runsBySweep[sweep.name, default: []].append(.init(node: run.id, sweep: sweep.name, configuration: run.configuration))
            }
        }
        let allRuns = experiment.sweeps.flatMap { runsBySweep[$0.name] ?? [] }
        for figure in experiment.figures {
            let runs = runsBySweep[figure.sweep] ?? []
            nodes.append(try PlanNode(id: .figureData(figure.id), kind: .aggregate, inputs: runs.map(\.node),
                                      computation: FigureDataComputation(figure: figure, runs: runs)))
        }
        nodes.append(try PlanNode(id: .runsOverview, kind: .aggregate, inputs: allRuns.map(\.node), computation: RunsOverviewComputation(runs: allRuns)))
        nodes.append(try DiagnosisComputation.node(experiment, runsBySweep: runsBySweep))
        let experimentHash = ContentHash.sha256(file: experiment.path) ?? "unknown"
        let summary = SummaryComputation(figures: experiment.figures.map(\.id), experimentFile: URL(fileURLWithPath: experiment.path).lastPathComponent,
                                         experimentHash: experimentHash, quick: experiment.isQuick)
        nodes.append(try PlanNode(id: .summary, kind: .aggregate, inputs: summary.inputs, computation: summary))
        for figure in experiment.figures {
            nodes.append(try PlanNode(id: .figure(figure.id), kind: .figure, inputs: [.figureData(figure.id)],
                                      computation: FigureComputation(figure: figure, fonts: resources.fonts)))
        }
        nodes.append(try PlanNode(id: .dataDictionary, kind: .page, computation: DataDictionaryComputation(figures: experiment.figures)))
        let record = ExperimentRecord(experiment, experimentHash: experimentHash, runsPerSweep: runsBySweep.mapValues(\.count))
        nodes.append(try PlanNode(id: .experimentRecord, kind: .page, computation: ExperimentRecordComputation(record: record, experimentPath: experiment.path)))
        for format in PageFormat.allCases {
            let page = PageComputation(format: format, experiment: experiment, runsPerSweep: runsBySweep.mapValues(\.count), templates: resources.templates,
                                       embedImages: format == .html && resources.embedImages,
                                       experimentHash: experimentHash)
            nodes.append(try PlanNode(id: .page(format), kind: .page, inputs: page.inputs, computation: page))
        }
        return Plan(experiment: experiment, nodes: nodes)
    }

    /// A sweep's runs: the product of its lists, in a fixed order.
    /// - Parameter metricSteps: the steps to record (nil: the default schedule).
    /// - Parameter lossSteps: the steps besides the first and last at which the training
    ///   loss is evaluated (nil: every recorded step).
    static func runConfigurations(
        of sweep: SweepSpec, metricSteps: [Int]? = nil, lossSteps: [Int]? = nil
    ) -> [(id: NodeID, configuration: RunConfiguration)] {
        let s = sweep.settings
        var result: [(NodeID, RunConfiguration)] = []
        for parametrization in sweep.parametrizations {
            for width in sweep.widths {
                for rate in sweep.learningRates ?? [s.learningRate] {
                    for batch in sweep.batchSizes ?? [s.batch] {
                        for activation in sweep.activations ?? [s.activation] {
                            for seed in 0..<s.seeds {
                                var configuration = RunConfiguration(
                                    architecture: MLPArchitecture(inputDimension: s.inputDimension, width: width, depth: s.depth,
                                                                  classes: s.classes, activation: activation, biases: s.biases),
                                    parametrization: parametrization,
                                    optimizer: OptimizerConfiguration(kind: s.optimizer, momentum: Float(s.momentum), weightDecay: Float(s.weightDecay)),
                                    learningRate: Float(rate), initGain: Float(s.initGain), baseWidth: s.baseWidth,
                                    loss: s.loss, batchSize: batch, steps: s.steps, seed: UInt64(seed),
                                    fixedBatch: s.fixedBatch, probeSize: s.probeSize, evaluationSize: s.evaluationSize,
                                    metricSteps: metricSteps ?? s.metricSteps.map { Array(Set($0 + [s.steps])).sorted() },
                                    lossSteps: lossSteps)
                                configuration.recordsWeightMetrics = s.weightMetrics
                                let id = NodeID.run(sweep: sweep.name, parametrization: parametrization, width: width, learningRate: rate,
                                                    batch: batch, activation: activation, seed: seed)
                                result.append((id, configuration))
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}

/// The data set each sweep trains on: the teacher, or hashed files from the data folder.
struct DatasetDescriptors {
    let dataDirectory: String?
    let experimentPath: String
    /// File data sets are hashed once per plan.
    private var known: [String: DatasetDescriptor] = [:]

    init(dataDirectory: String?, experimentPath: String) {
        self.dataDirectory = dataDirectory
        self.experimentPath = experimentPath
    }

    mutating func descriptor(for sweep: SweepSpec) throws -> DatasetDescriptor {
        let s = sweep.settings
        if s.dataset == "teacher" {
            let teacher = TeacherConfiguration(inputDimension: s.inputDimension, classes: s.classes, trainExamples: s.trainExamples,
                                               testExamples: s.testExamples, seed: UInt64(s.dataSeed))
            return DatasetDescriptor(name: s.dataset, teacher: teacher)
        }
        if let descriptor = known[s.dataset] { return descriptor }
        guard let directory = dataDirectory else {
            throw InputError(file: experimentPath, key: "sweeps.\(sweep.name).dataset",
                             message: "data set '\(s.dataset)' needs its files: pass --data-dir DIR")
        }
        var hashes: [String: String] = [:]
        for file in DatasetSource.files(of: s.dataset, in: directory) {
            guard let hash = ContentHash.sha256(file: file) else {
                throw InputError(file: file, message: "data file for '\(s.dataset)' is missing or unreadable (from --data-dir \(directory))")
            }
            hashes[URL(fileURLWithPath: file).lastPathComponent] = hash
        }
        let descriptor = DatasetDescriptor(name: s.dataset, directory: directory, fileHashes: hashes,
                                           trainLimit: s.trainExamples, testLimit: s.testExamples)
        known[s.dataset] = descriptor
        return descriptor
    }
}
