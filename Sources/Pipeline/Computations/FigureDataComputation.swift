import Foundation
import Training

/// Aggregates the runs of a figure's sweep into its figure data and measurements.
struct FigureDataComputation: NodeComputation {
    let figure: FigureSpec
    let runs: [RunComputation.Input]

    /// The figure's title and caption are not read here: editing them redraws the figure
    /// or re-renders the pages only.
    struct Parameters: Encodable {
        let id: String
        let kind: FigureKind
        let sweep: String
        let layers: [Int]?
        /// The version of the figure data's format (2: y-limit groups, the guide's layer, outlier clipping).
        let format: Int
    }

    static var kind: NodeKind { .aggregate }
    var inputs: [NodeID] { runs.map(\.node) }
    var artifacts: Set<Artifact> { [.figureData, .measurements, .table] }
    var parameters: Parameters { Parameters(id: figure.id, kind: figure.kind, sweep: figure.sweep, layers: figure.layers, format: 3) }
    var reportFiles: [(path: String, artifact: Artifact)] { [("data/\(figure.id).csv", .table), ("data/\(figure.id).json", .figureData)] }

    func compute(_ inputs: ComputationInputs) throws -> ComputationOutput {
        let results = try runs.map { run in
            Aggregator.Run(configuration: run.configuration, result: try inputs.decode(RunResult.self, run.node, .runResult))
        }
        let aggregate = Aggregator.aggregate(figure, runs: results)
        return ComputationOutput([.figureData: try ContentHash.prettyJSON(aggregate.figure),
                                  .measurements: try ContentHash.prettyJSON(aggregate.measurements),
                                  .table: Data(Aggregator.table(figure, SweepRuns(runs: results)).csv.utf8)])
    }
}
