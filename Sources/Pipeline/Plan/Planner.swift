import Foundation
import Training

/// Expands an experiment into a plan: a run per point of each sweep, then per figure its
/// aggregate and its drawing, the summary, the runs overview, and the pages.
///
/// The planner only creates nodes: each node's kind, inputs, artifacts and key come from its
/// computation (`NodeComputation`), and `Plan` checks that every input exists and comes
/// before its reader. A new kind of node is one computation type and one line here.
enum Planner {
    /// The plan of `experiment`; every computation gets the resources it reads.
    /// - Throws: `InputError` when a data set's files are missing; `PlanError` when the
    ///   nodes break the plan's rules (a mistake in the program, not in the experiment).
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
                nodes.append(try PlanNode(id: run.id, computation: RunComputation(configuration: run.configuration, dataset: descriptor)))
                runsBySweep[sweep.name, default: []].append(.init(node: run.id, sweep: sweep.name, configuration: run.configuration))
            }
        }
        // The prescribed schemes, trained on the sweep they are diagnosed on like any run
        // (cached, sharded); no figure reads them, the diagnosis verifies them.
        let prescriptions = Prescriptions.plan(experiment)
        var fixedRuns: [RunComputation.Input] = []
        for planned in prescriptions {
            guard let fixed = planned.fixed, var sweep = experiment.sweep(named: planned.source.sweep) else { continue }
            let metricSteps = MetricNeeds.schedule(sweep, in: experiment), lossSteps = MetricNeeds.lossSteps(sweep, in: experiment)
            sweep.parametrizations = [fixed]
            let descriptor = try datasets.descriptor(for: sweep)
            for run in runConfigurations(of: sweep, metricSteps: metricSteps, lossSteps: lossSteps) {
                if seen.insert(run.id).inserted {
                    nodes.append(try PlanNode(id: run.id, computation: RunComputation(configuration: run.configuration, dataset: descriptor)))
                }
                fixedRuns.append(.init(node: run.id, sweep: sweep.name, configuration: run.configuration))
            }
        }
        let known = Set(runsBySweep.values.flatMap { $0.map(\.node) })
        let allRuns = experiment.sweeps.flatMap { runsBySweep[$0.name] ?? [] } + fixedRuns.filter { !known.contains($0.node) }
        for figure in experiment.figures {
            let runs = runsBySweep[figure.sweep] ?? []
            nodes.append(try PlanNode(id: .figureData(figure.id), computation: FigureDataComputation(figure: figure, runs: runs)))
        }
        nodes.append(try PlanNode(id: .runsOverview, computation: RunsOverviewComputation(runs: allRuns)))
        nodes.append(try DiagnosisComputation.node(experiment, runsBySweep: runsBySweep, prescriptions: prescriptions, fixedRuns: fixedRuns))
        let experimentHash = experiment.sourceHash.isEmpty ? ContentHash.sha256(file: experiment.path) ?? "unknown" : experiment.sourceHash
        let summary = SummaryComputation(figures: experiment.figures.map(\.id), experimentFile: URL(fileURLWithPath: experiment.path).lastPathComponent,
                                         experimentHash: experimentHash, quick: experiment.isQuick, date: resources.reportDate,
                                         dateSource: resources.reportDateSource, toolCommit: resources.toolCommit)
        nodes.append(try PlanNode(id: .summary, computation: summary))
        for figure in experiment.figures {
            nodes.append(try PlanNode(id: .figure(figure.id), computation: FigureComputation(figure: figure, fonts: resources.fonts)))
        }
        nodes.append(try PlanNode(id: .dataDictionary, computation: DataDictionaryComputation(figures: experiment.figures)))
        let record = ExperimentRecord(experiment, experimentHash: experimentHash, runsPerSweep: runsBySweep.mapValues(\.count))
        nodes.append(try PlanNode(id: .experimentRecord, computation: ExperimentRecordComputation(record: record, experimentPath: experiment.path)))
        for format in PageFormat.allCases {
            let page = PageComputation(format: format, experiment: experiment, runsPerSweep: runsBySweep.mapValues(\.count), templates: resources.templates,
                                       embedImages: format == .html && resources.embedImages,
                                       experimentHash: experimentHash, date: resources.reportDate)
            nodes.append(try PlanNode(id: .page(format), computation: page))
        }
        return try Plan(experiment: experiment, nodes: nodes)
    }

    /// A sweep's runs: one per point of the sweep (`SweepSpec.points`, the product of its
    /// axes in a fixed order), each built from the recipe the sweep's settings make
    /// (`RunRecipe`), with the point on top.
    /// - Parameter metricSteps: the steps to record (nil: the default schedule).
    /// - Parameter lossSteps: the steps besides the first and last at which the training
    ///   loss is evaluated (nil: every recorded step).
    static func runConfigurations(
        of sweep: SweepSpec, metricSteps: [Int]? = nil, lossSteps: [Int]? = nil
    ) -> [(id: NodeID, configuration: RunConfiguration)] {
        let recipe = RunRecipe(sweep.settings)
        return sweep.points.map { point in
            var configuration = recipe.configuration
            configuration.architecture.width = point.width
            configuration.architecture.activation = point.activation
            configuration.parametrization = point.parametrization
            configuration.learningRate = Float(point.learningRate)
            configuration.batchSize = point.batch
            configuration.seed = UInt64(point.seed)
            let steps = configuration.steps
            configuration.metricSteps = metricSteps ?? configuration.metricSteps.map { Array(Set($0 + [steps])).sorted() }
            configuration.lossSteps = lossSteps
            let id = NodeID.run(sweep: sweep.name, parametrization: point.parametrization, width: point.width, learningRate: point.learningRate,
                                batch: point.batch, activation: point.activation, seed: point.seed)
            return (id, configuration)
        }
    }
}
