import Foundation

/// Renders a report page from the summary, the runs overview, and each figure's data,
/// measurements and PNG, through the templates.
struct PageComputation: NodeComputation {
    /// What a page shows of the experiment (its key's parameters, and what it renders).
    struct Content: Encodable {
        let format: PageFormat
        let title, description, name, experimentFile: String
        let figures: [FigureSpec]
        let tables: [TableSpec]
        let sweeps: [PageTables.SweepLine]
        let embedImages, quick: Bool
        /// The provenance date (`PlanResources.reportDate`).
        let date: String
        /// The shape of the context the templates get (`PageContext.version`): in the key, so
        /// a page rendered from unchanged custom templates is rendered again when it changes.
        var context = PageContext.version
    }

    let parameters: Content
    let templates: TemplateSet
    /// SHA-256 of the experiment file, shown in the provenance block.
    let experimentHash: String

    init(format: PageFormat, experiment: ExperimentSpec, runsPerSweep: [String: Int], templates: TemplateSet, embedImages: Bool, experimentHash: String,
         date: String) {
        parameters = Content(format: format, title: experiment.title, description: experiment.description, name: experiment.name,
                             experimentFile: URL(fileURLWithPath: experiment.path).lastPathComponent, figures: experiment.figures,
                             tables: experiment.tables, sweeps: experiment.sweeps.map { PageTables.SweepLine($0, runs: runsPerSweep[$0.name] ?? 0) },
                             embedImages: embedImages, quick: experiment.isQuick, date: date)
        self.templates = templates
        self.experimentHash = experimentHash
    }

    static var kind: NodeKind { .page }
    var artifacts: Set<Artifact> { [parameters.format.artifact] }
    var files: [String: String] { templates.hashes.merging(["experiment": experimentHash]) { a, _ in a } }
    var reportFiles: [(path: String, artifact: Artifact)] { [(parameters.format.artifact.rawValue, parameters.format.artifact)] }

    /// The nodes a page reads.
    var inputs: [NodeID] {
        [.summary, .runsOverview] + parameters.figures.flatMap { [NodeID.figureData($0.id), .figure($0.id)] }
    }

    func compute(_ inputs: ComputationInputs) throws -> ComputationOutput {
        let summary = try inputs.decode(Summary.self, .summary, .summary)
        let overview = try inputs.decode(RunsOverview.self, .runsOverview, .runsOverview)
        let figures = try parameters.figures.map { spec in
            PageRenderer.FigureRef(spec: spec, data: try inputs.decode(FigureData.self, .figureData(spec.id), .figureData),
                                   measurements: try inputs.decode(Measurements.self, .figureData(spec.id), .measurements),
                                   png: try inputs.artifact(.figure(spec.id), .png))
        }
        let provenance = PageRenderer.Provenance(
            experimentFile: parameters.experimentFile, experimentHash: experimentHash,
            // The kernels the runs used, as they recorded them (this machine's is not an input).
            blasKernel: overview.blasKernels.isEmpty ? "none (no training runs)" : overview.blasKernels.joined(separator: ", "),
            runs: overview.runs, divergedRuns: overview.divergedRuns,
            date: parameters.date,
            // Read from the summary, whose key holds them.
            dateSource: summary.provenance?.dateSource ?? "rendered", toolCommit: summary.provenance?.toolCommit)
        let page = try PageRenderer.render(parameters, summary: summary, figures: figures, provenance: provenance, templates: templates)
        return ComputationOutput([parameters.format.artifact: Data(page.utf8)])
    }
}
