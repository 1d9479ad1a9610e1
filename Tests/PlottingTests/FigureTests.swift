import Benchmarks
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Plotting
@testable import Raster

enum Fixtures {
    static let fonts: FigureFonts = {
        let regular = try! TrueTypeFont(path: try! FontLocator.locate())
        return FigureFonts(regular: regular, bold: try? TrueTypeFont(path: try! FontLocator.locate(bold: true)))
    }()

    /// A figure using every feature: log and linear axes, shared y, bands, error bars,
    /// slope triangle, reference lines, annotation, a diverged line, a colour bar.
    static func everything(legend: LegendPlacement = .best, theme: Theme = .default) -> Figure {
        var figure = Figure(width: 9, height: 3.5, dpi: 100, rows: 1, columns: 2, sharedY: false, theme: theme)
        figure.title = "Feature movement after one step"
        var left = Axes()
        left.title = "spectral"
        left.xLabel = "width n"
        left.yLabel = "‖Δh‖ / ‖h‖"
        left.xScale = .log(base: 2)
        left.yScale = .log(base: 10)
        let widths = (6...12).map { pow(2, Double($0)) }
        left.band(x: widths, lower: widths.map { 0.5 * pow($0, -0.5) }, upper: widths.map { 0.9 * pow($0, -0.5) }, color: Colormap.tab10[0])
        left.plot(x: widths, y: widths.map { 0.7 * pow($0, -0.5) }, label: "ntk", marker: .circle)
        left.plot(x: widths, y: widths.map { _ in 0.05 }, label: "spectral", marker: .square)
        left.plot(x: widths, y: [0.01, 0.02, 0.05, .nan, 0.3, .infinity, 2], label: "standard (diverged)", marker: .triangleUp, marksDivergence: true)
        left.errorBars(x: widths, y: widths.map { _ in 0.05 }, lower: widths.map { _ in 0.04 }, upper: widths.map { _ in 0.06 }, color: Colormap.tab10[1])
        left.slopeTriangle(at: 512, 0.012, slope: 0.5, text: "slope ½")
        left.horizontalLine(0.1, label: "reference")
        left.legend = legend
        figure[0, 0] = left
        var right = Axes()
        right.title = "loss vs step"
        right.xLabel = "step"
        right.yLabel = "train loss"
        right.yLimits = 0...2.5
        let bar = ColorBar(colormap: .viridis, low: 64, high: 4096, scale: .log(base: 2), label: "width")
        for w in [64.0, 256, 1024, 4096] {
            let steps = (0..<50).map(Double.init)
            right.plot(x: steps, y: steps.map { 2.3 * exp(-$0 / (10 + log2(w))) }, color: bar.color(for: w))
        }
        right.verticalLine(25)
        right.annotate("warm-up ends", x: 25, y: 2.2)
        right.colorBar = bar
        figure[0, 1] = right
        return figure
    }
}

@Suite("Figures: layout, backends, data")
struct FigureTests {
    /// No two text or legend boxes overlap, and everything stays on the canvas.
    func checkLayout(_ figure: Figure) {
        let layout = figure.layout(fonts: Fixtures.fonts)
        let canvas = Rect(x: 0, y: 0, width: Double(figure.pixelWidth), height: Double(figure.pixelHeight))
        let texts = layout.elements.filter { $0.role != .axes && $0.role != .legend }
        for e in layout.elements where e.role != .axes {
            #expect(e.box.minX >= -0.5 && e.box.minY >= -0.5 && e.box.maxX <= canvas.maxX + 0.5 && e.box.maxY <= canvas.maxY + 0.5,
                    "\(e.role) of panel \(e.panel) leaves the canvas: \(e.box)")
        }
        for (i, a) in texts.enumerated() {
            for b in texts[(i + 1)...] {
                #expect(!a.box.insetBy(0.5).intersects(b.box.insetBy(0.5)), "\(a.role) (\(a.panel)) overlaps \(b.role) (\(b.panel))")
            }
            // Text never runs into another panel's plotting area.
            for axes in layout.elements where axes.role == .axes && axes.panel != a.panel {
                #expect(!a.box.insetBy(0.5).intersects(axes.box), "\(a.role) of panel \(a.panel) overlaps panel \(axes.panel)")
            }
        }
        for (panel, legend) in layout.legends.enumerated() {
            guard let legend else { continue }
            for t in texts { #expect(!legend.insetBy(0.5).intersects(t.box), "legend of panel \(panel) overlaps \(t.role)") }
        }
    }

    @Test(arguments: LegendPlacement.allCases)
    func layoutDoesNotOverlapWithEveryLegendPlacement(placement: LegendPlacement) {
        let figure = Fixtures.everything(legend: placement)
        checkLayout(figure)
        let layout = figure.layout(fonts: Fixtures.fonts)
        if placement == .none { #expect(layout.legends[0] == nil) } else { #expect(layout.legends[0] != nil) }
        #expect(layout.colorBars[1] != nil)
        let canvas = figure.render(fonts: Fixtures.fonts)
        #expect(canvas.width == 900 && canvas.height == 350)
    }

    @Test func paperThemeAndReferenceFigureLayOutCleanly() {
        checkLayout(Fixtures.everything(theme: .paper))
        checkLayout(PlotBenchmark.referenceFigure())
        var grid = Figure(width: 8, height: 6, dpi: 80, rows: 2, columns: 2, sharedX: true, sharedY: true)
        for r in 0..<2 {
            for c in 0..<2 {
                grid[r, c].plot(x: [1, 2, 3], y: [1e5, 3e5, 2e5], label: "series")
                grid[r, c].title = "panel \(r),\(c)"
                grid[r, c].xLabel = "x"
                grid[r, c].yLabel = "y"
            }
        }
        checkLayout(grid)
        let layout = grid.layout(fonts: Fixtures.fonts)
        // Shared axes: inner tick labels are hidden.
        #expect(layout.xTicks[0].labels.allSatisfy(\.isEmpty) && !layout.xTicks[2].labels.allSatisfy(\.isEmpty))
        #expect(layout.yTicks[1].labels.allSatisfy(\.isEmpty) && !layout.yTicks[0].labels.allSatisfy(\.isEmpty))
    }

    @Test func bestLegendAvoidsTheData() {
        var figure = Figure(width: 5, height: 4, dpi: 80)
        var axes = Axes()
        let x = (0..<50).map(Double.init)
        axes.plot(x: x, y: x.map { 10 - $0 / 5 }, label: "falling")  // data along the top-left to bottom-right diagonal
        axes.plot(x: x, y: x.map { 10 - $0 / 5 + 0.5 }, label: "also falling")
        figure[0, 0] = axes
        let layout = figure.layout(fonts: Fixtures.fonts)
        let legend = try! #require(layout.legends[0])
        let box = layout.boxes[0]
        // The empty corner is the upper right.
        #expect(legend.center.x > box.center.x && legend.center.y < box.center.y)
    }

    @Test func nanBreaksLinesAndDivergenceIsMarked() {
        var figure = Figure(width: 3, height: 2, dpi: 100)
        figure.axes[0].plot(x: [1, 2, 3, 4, 5], y: [1, 2, .nan, 4, 5], color: .black)
        figure.axes[0].legend = .none
        figure.axes[0].majorGrid = false
        let canvas = figure.render(fonts: Fixtures.fonts)
        let layout = figure.layout(fonts: Fixtures.fonts)
        let box = layout.boxes[0]
        // Halfway between x = 2 and x = 4 nothing is drawn (the gap at NaN).
        let gapX = Int(box.minX + (3 - layout.xTicks[0].low) / (layout.xTicks[0].high - layout.xTicks[0].low) * box.width)
        let dark = (Int(box.minY) + 2..<Int(box.maxY) - 2).filter { canvas.pixels[($0 * canvas.width + gapX) * 4] < 200 }
        #expect(dark.isEmpty)
        // A diverged series puts a cross at its last finite point; the SVG shows both cases.
        var diverged = Figure(width: 3, height: 2, dpi: 100)
        diverged.axes[0].plot(x: [1, 2, 3], y: [1, 2, .infinity], marksDivergence: true)
        let svg = diverged.renderSVG(fonts: Fixtures.fonts)
        #expect(svg.contains(Colormap.tab10[3].hexString))
    }

    @Test func svgIsWellFormedAndDeterministic() throws {
        let figure = Fixtures.everything()
        let svg = figure.renderSVG(fonts: Fixtures.fonts)
        #expect(svg == figure.renderSVG(fonts: Fixtures.fonts))
        #expect(svg.hasPrefix("<?xml"))
        #expect(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""))
        #expect(svg.contains("‖Δh‖ / ‖h‖"))
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "SVG does not parse: \(String(describing: parser.parserError))")
        // Text from users is escaped.
        var hostile = Figure(width: 3, height: 2, dpi: 72)
        hostile.axes[0].title = "<script>alert('x') & \"y\"</script>"
        hostile.axes[0].plot(x: [1, 2], y: [1, 2])
        let escaped = hostile.renderSVG(fonts: Fixtures.fonts)
        #expect(!escaped.contains("<script>"))
        #expect(XMLParser(data: Data(escaped.utf8)).parse())
    }

    @Test func pngIsDeterministicAndSmall() throws {
        let figure = PlotBenchmark.referenceFigure()
        let a = try figure.renderPNG(fonts: Fixtures.fonts), b = try figure.renderPNG(fonts: Fixtures.fonts)
        #expect(a == b)
        // Encoded from its bands unjoined, the figure is the file its joined canvas gives.
        #expect(a == (try PNGCodec.encode(figure.render(fonts: Fixtures.fonts), options: Figure.pngOptions)))
        #expect(a.count < 52_000, "\(a.count) bytes")
        let decoded = try PNGCodec.decode(a)
        #expect(decoded.width == 1800 && decoded.height == 540)
    }

    @Test func csvHoldsEverySeries() {
        let csv = Fixtures.everything().csv()
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "panel,series,kind,x,y,lower,upper")
        #expect(lines.contains { $0.hasPrefix("1,ntk,line,64.0,") })
        #expect(lines.contains { $0.contains(",band,") })
        #expect(lines.contains { $0.contains("line-diverged") && $0.contains(",nan,") })
        #expect(lines.contains { $0.contains("error-bars") })
        #expect(lines.filter { $0.hasPrefix("2,") }.count == 200)
    }

    @Test func colorBarMapsValuesAcrossItsScale() {
        let bar = ColorBar(colormap: .viridis, low: 64, high: 4096, scale: .log(base: 2))
        #expect(bar.color(for: 64) == Colormap.viridis.color(at: 0))
        #expect(bar.color(for: 4096) == Colormap.viridis.color(at: 1))
        #expect(bar.color(for: 512) == Colormap.viridis.color(at: 0.5))
        #expect(Colormap.viridis.color(at: 0).hexString == "#440154")
    }
}
