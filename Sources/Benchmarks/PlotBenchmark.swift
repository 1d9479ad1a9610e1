import Foundation
import Linalg
import Plotting
import Raster
import Training
/// The reference figure of `docs/reference-figure.md` and its timing.
public enum PlotBenchmark {
    /// Widths 2⁶…2¹² and movements with slopes +½, −½ and 0: three log-log panels sharing
    /// y, base-2 x axes, four series of seven points with circle markers per panel, titles,
    /// axis labels, grid, legend and superscript tick labels; 12 × 3.6 in at 150 dpi.
    public static func referenceFigure() -> Figure {
        var figure = Figure(width: 12, height: 3.6, dpi: 150, rows: 1, columns: 3, sharedY: true)
        let widths = (6...12).map { pow(2, Double($0)) }
        let panels: [(String, Double)] = [("standard", 0.5), ("ntk", -0.5), ("spectral", 0)]
        for (column, (name, slope)) in panels.enumerated() {
            var axes = Axes()
            axes.title = name
            axes.xScale = .log(base: 2)
            axes.yScale = .log(base: 10)
            axes.xLabel = "width n"
            if column == 0 { axes.yLabel = "‖Δh‖ / ‖h‖" }
            for (k, layer) in ["layer 1", "layer 2", "layer 3", "logits"].enumerated() {
                let scale = 0.08 * pow(1.8, Double(k))
                let ys = widths.map { scale * pow($0 / 64, slope) * (1 + 0.04 * sin($0 + Double(k))) }
                axes.plot(x: widths, y: ys, label: layer, marker: .circle, theme: figure.theme)
            }
            figure[0, column] = axes
        }
        return figure
    }

    public struct Report: Codable, Sendable {
        /// Median milliseconds per figure over the renders, PNG encoding included.
        public var msPerFigure: Double
        public var pngBytes: Int
        public var renders: Int
        public var width: Int
        public var height: Int

        enum CodingKeys: String, CodingKey {
            case msPerFigure = "ms_per_figure", pngBytes = "png_bytes", renders, width, height
        }
    }

    /// Renders the reference figure `renders` times (after one warm-up) and reports the
    /// median time and the PNG size.
    public static func run(fonts: FigureFonts, renders: Int = 20) throws -> (report: Report, png: Data) {
        let figure = referenceFigure()
        var png = try figure.renderPNG(fonts: fonts)
        var times: [Double] = []
        for _ in 0..<max(renders, 1) {
            let start = DispatchTime.now().uptimeNanoseconds
            png = try figure.renderPNG(fonts: fonts)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-6)
        }
        times.sort()
        let median = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
        return (Report(msPerFigure: median, pngBytes: png.count, renders: times.count, width: figure.pixelWidth, height: figure.pixelHeight), png)
    }
}
