import Foundation
import Plotting

/// Draws a figure's data as PNG and SVG, and writes its CSV.
struct FigureComputation: NodeComputation {
    let figure: FigureSpec
    let fonts: FigureFontFiles

    struct Parameters: Encodable {
        let id: String
        let title: String?
        /// The version of what the node draws (2: every panel alone too).
        let format: Int
    }

    var parameters: Parameters { Parameters(id: figure.id, title: figure.title, format: 2) }
    static var kind: NodeKind { .figure }
    var inputs: [NodeID] { [.figureData(figure.id)] }
    var artifacts: Set<Artifact> { [.png, .svg, .panels] }
    var files: [String: String] { ["font": fonts.hash] }
    var reportFiles: [(path: String, artifact: Artifact)] {
        [("figures/\(figure.id).png", .png), ("figures/\(figure.id).svg", .svg)]
    }
    /// `figures/<id>-<k>.png|svg`: each panel alone, sized for a paper's column.
    var reportBundles: [(folder: String, artifact: Artifact)] { [("figures", .panels)] }

    func compute(_ inputs: ComputationInputs) throws -> ComputationOutput {
        let data = try inputs.decode(FigureData.self, .figureData(figure.id), .figureData)
        let drawing = FigureBuilder.figure(data, title: figure.title)
        var panels: [String: Data] = [:]
        for index in 0..<FigureBuilder.panelCount(data) {
            let panel = FigureBuilder.panelFigure(data, panel: index, fonts: fonts.fonts)
            let name = FigureBuilder.panelFile(figure.id, index)
            panels[name + ".png"] = try panel.renderPNG(fonts: fonts.fonts)
            panels[name + ".svg"] = Data(panel.renderSVG(fonts: fonts.fonts).utf8)
        }
        return ComputationOutput([
            .png: try drawing.renderPNG(fonts: fonts.fonts),
            .svg: Data(drawing.renderSVG(fonts: fonts.fonts).utf8),
            .panels: try FileBundle(files: panels).encoded(),
        ])
    }
}
