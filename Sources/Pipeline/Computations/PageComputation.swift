import Foundation
import Linalg

/// Renders a report page from the summary, the runs overview, and each figure's data,
/// measurements and PNG, through the templates.
struct PageComputation: NodeComputation {
    let format: PageFormat
    let experiment: ExperimentSpec
    let templates: TemplateSet
    let embedImages: Bool
    /// SHA-256 of the experiment file, shown in the provenance block.
    let experimentHash: String

    struct Parameters: Encodable {
        let format: PageFormat
        let title: String
        let description: String
        let name: String
        let experimentFile: String
        let figures: [FigureSpec]
        let tables: [TableSpec]
        let embedImages: Bool
        let quick: Bool
    }

    var parameters: Parameters {
        Parameters(format: format, title: experiment.title, description: experiment.description, name: experiment.name,
                   experimentFile: experimentFile, figures: experiment.figures, tables: experiment.tables,
                   embedImages: embedImages, quick: experiment.isQuick)
    }

    var experimentFile: String { URL(fileURLWithPath: experiment.path).lastPathComponent }
    var files: [String: String] { templates.hashes.merging(["experiment": experimentHash]) { a, _ in a } }
    var reportFiles: [(path: String, artifact: Artifact)] { [(format.artifact.rawValue, format.artifact)] }

    /// The nodes a page reads.
    var inputs: [NodeID] {
        [.summary, .runsOverview] + experiment.figures.flatMap { [NodeID.figureData($0.id), .figure($0.id)] }
    }

    func compute(_ inputs: ComputationInputs) throws -> ComputationOutput {
        let summary = try inputs.decode(Summary.self, .summary, .summary)
        let overview = try inputs.decode(RunsOverview.self, .runsOverview, .runsOverview)
        let figures = try experiment.figures.map { spec in
            PageRenderer.FigureRef(spec: spec, data: try inputs.decode(FigureData.self, .figureData(spec.id), .figureData),
                                   measurements: try inputs.decode(Measurements.self, .figureData(spec.id), .measurements),
                                   png: try inputs.artifact(.figure(spec.id), .png))
        }
        let provenance = PageRenderer.Provenance(
            experimentFile: experimentFile, experimentHash: experimentHash,
            blasKernel: overview.blasKernels.isEmpty ? BLASRuntime.kernel : overview.blasKernels.joined(separator: ", "),
            threads: overview.threads ?? BLASRuntime.threads, runs: overview.runs, divergedRuns: overview.divergedRuns,
            date: PageRenderer.provenanceDate())
        let page = try PageRenderer.render(format: format, experiment: experiment, summary: summary, figures: figures,
                                           provenance: provenance, templates: templates, embedImages: embedImages)
        return ComputationOutput([format.artifact: Data(page.utf8)])
    }
}
