import Foundation

/// Makes `summary.json` from every figure's measurements.
struct SummaryComputation: NodeComputation {
    /// Figure ids, in the experiment's order.
    let figures: [String]

    var parameters: [String] { figures }
    var reportFiles: [(path: String, artifact: Artifact)] { [("data/summary.json", .summary)] }

    func compute(_ inputs: ComputationInputs) throws -> ComputationOutput {
        let measurements = try figures.map { try inputs.decode(Measurements.self, .figureData($0), .measurements) }
        return ComputationOutput([.summary: try ContentHash.prettyJSON(Summary.make(measurements: measurements))])
    }
}
