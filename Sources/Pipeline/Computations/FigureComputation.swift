import Foundation
import Plotting

/// Draws a figure's data as PNG and SVG, and writes its CSV.
struct FigureComputation: NodeComputation {
    let figure: FigureSpec
    let fonts: FigureFontFiles

    struct Parameters: Encodable {
        let id: String
        let title: String?
    }

    var parameters: Parameters { Parameters(id: figure.id, title: figure.title) }
    var files: [String: String] { ["font": fonts.hash] }
    var reportFiles: [(path: String, artifact: Artifact)] {
        [("figures/\(figure.id).png", .png), ("figures/\(figure.id).svg", .svg)]
    }

    func compute(_ inputs: ComputationInputs) throws -> ComputationOutput {
        let drawing = FigureBuilder.figure(try inputs.decode(FigureData.self, .figureData(figure.id), .figureData), title: figure.title)
        return ComputationOutput([
            .png: try drawing.renderPNG(fonts: fonts.fonts),
            .svg: Data(drawing.renderSVG(fonts: fonts.fonts).utf8),
        ])
    }
}
