import Foundation

/// Makes `summary.json` from every figure's measurements, with the provenance of the runs.
struct SummaryComputation: NodeComputation {
    /// Figure ids, in the experiment's order.
    let figures: [String]
    let experimentFile: String
    let experimentHash: String
    let quick: Bool
    /// The provenance date (`PlanResources.reportDate`).
    let date: String
    /// Where the date came from, and the tool's commit (`PlanResources`).
    let dateSource: String
    let toolCommit: String?

    struct Parameters: Encodable {
        let figures: [String]
        let experimentFile: String, experimentHash: String
        let quick: Bool
        let date: String
        let dateSource: String
        let toolCommit: String?
    }

    var parameters: Parameters {
        Parameters(figures: figures, experimentFile: experimentFile, experimentHash: experimentHash, quick: quick, date: date,
                   dateSource: dateSource, toolCommit: toolCommit)
    }
    static var kind: NodeKind { .aggregate }
    var artifacts: Set<Artifact> { [.summary] }
    var reportFiles: [(path: String, artifact: Artifact)] { [("data/summary.json", .summary)] }
    var inputs: [NodeID] { figures.map { .figureData($0) } + [.runsOverview, .diagnosis] }

    func compute(_ inputs: ComputationInputs) throws -> ComputationOutput {
        let measurements = try figures.map { try inputs.decode(Measurements.self, .figureData($0), .measurements) }
        let overview = try inputs.decode(RunsOverview.self, .runsOverview, .runsOverview)
        let provenance = Summary.Provenance(
            toolVersion: ToolInfo.version, experimentFile: experimentFile, experimentSHA256: experimentHash,
            date: date, blasKernels: overview.blasKernels, preset: quick ? "quick" : "full",
            runs: overview.runs, divergedRuns: overview.divergedRuns,
            dateSource: dateSource, toolCommit: toolCommit)
        let diagnosis = try inputs.decode([LayerDiagnosis].self, .diagnosis, .diagnosis)
        let prescriptions = try inputs.decode([Prescription].self, .diagnosis, .prescriptions)
        return ComputationOutput([.summary: try ContentHash.prettyJSON(Summary.make(measurements: measurements, diagnosis: diagnosis,
                                                                                    prescriptions: prescriptions, provenance: provenance))])
    }
}
