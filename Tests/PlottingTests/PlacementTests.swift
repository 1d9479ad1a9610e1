import Foundation
import Testing
@testable import Plotting
@testable import Raster

/// Legends, slope guides and marks placed where the layout knows every box: none of them
/// sits on drawn data, and each stays inside its axes.
@Suite("Placement: labels and legends off the data")
struct PlacementTests {
    /// True when any segment or point of `polylines` falls in `rect`.
    static func covers(_ rect: Rect, _ polylines: [[Point]]) -> Bool {
        FigurePlacement.coverage(of: rect, by: polylines) > 0
    }

    /// Three panels of movement curves as the report draws them: four curves each, bands,
    /// a legend in the first panel and a slope guide in every panel.
    static func movementFigure() -> Figure {
        var figure = Figure(width: 13.4, height: 3.6, dpi: 100, rows: 1, columns: 3, sharedY: true)
        let widths = (6...10).map { pow(2, Double($0)) }
        let cases: [(Double, Double, Double)] = [(0.5, 0.03, -0.3), (-0.5, 0.02, -0.5), (0, 0.05, 0)]
        for (panel, (slope, base, first)) in cases.enumerated() {
            var axes = Axes()
            axes.xScale = .log(base: 2)
            axes.yScale = .log(base: 10)
            axes.title = ["standard", "ntk", "spectral"][panel]
            for (k, (scale, exponent)) in [(1.0, first), (3.0, first), (5.0, slope), (12.0, slope)].enumerated() {
                let y = widths.map { base * scale * pow($0 / 64, exponent) }
                axes.band(x: widths, lower: y.map { $0 * 0.8 }, upper: y.map { $0 * 1.25 }, color: Colormap.tab10[k / 2])
                axes.plot(x: widths, y: y, label: panel == 0 ? "h_{\(k / 2 + 1)}, t = \(k % 2 == 0 ? 1 : 10)" : nil, marker: .circle)
            }
            axes.slopeGuide(slope: slope, text: "theory for h_{2}: slope \(slope)")
            axes.legend = panel == 0 ? .best : .none
            figure.axes[panel] = axes
        }
        return figure
    }

    @Test func slopeGuidesSitInsideTheAxesAndOffTheCurves() {
        let figure = Self.movementFigure()
        let layout = figure.layout(fonts: Fixtures.fonts)
        for panel in figure.axes.indices {
            let data = layout.dataPolylines(panel, figure)
            let guides = layout.elements.filter { $0.panel == panel && ($0.role == .slopeGuide || $0.role == .slopeGuideLabel) }
            #expect(guides.count == 2, "panel \(panel) has its guide and label")
            for guide in guides {
                let box = layout.boxes[panel]
                #expect(guide.box.minX >= box.minX && guide.box.maxX <= box.maxX && guide.box.minY >= box.minY && guide.box.maxY <= box.maxY,
                        "\(guide.role) of panel \(panel) leaves its axes: \(guide.box) in \(box)")
                #expect(!Self.covers(guide.box, data), "\(guide.role) of panel \(panel) sits on the data")
                if let legend = layout.legends[panel] { #expect(!legend.intersects(guide.box), "guide of panel \(panel) under the legend") }
            }
        }
        // Guides do not widen the limits: the axes end near the data.
        let ys = figure.axes.flatMap { $0.series.flatMap { $0.dataPoints.map(\.1) } }.map { log10($0) }
        #expect(abs(layout.yTicks[0].low - (ys.min() ?? 0)) < 0.2 * ((ys.max() ?? 1) - (ys.min() ?? 0)))
    }

    @Test func aLegendWithNoFreePlaceInsideGoesOutside() {
        // Six crossing curves fill the panel: no place inside is free.
        var figure = Figure(width: 5, height: 3.5, dpi: 100)
        var axes = Axes()
        let x = (0...20).map(Double.init)
        for k in 0..<6 {
            axes.plot(x: x, y: x.map { sin($0 / 3 + Double(k)) + Double(k) * 0.1 }, label: "curve \(k)")
        }
        axes.legend = .best
        figure.axes[0] = axes
        let layout = figure.layout(fonts: Fixtures.fonts)
        let legend = try! #require(layout.legends[0])
        #expect(!Self.covers(legend, layout.dataPolylines(0, figure)))
        #expect(legend.minX >= layout.boxes[0].maxX, "the legend is right of the axes")
        // A legend with room inside stays inside, off the data: here the curves fill the
        // lower half only.
        var roomy = Figure(width: 5, height: 3.5, dpi: 100)
        var lower = Axes()
        lower.plot(x: x, y: x.map { 0.1 * $0 }, label: "rising")
        lower.plot(x: x, y: x.map { 2 - 0.1 * $0 }, label: "falling")
        lower.plot(x: [0, 20], y: [6, 6], lineStyle: .none)
        lower.legend = .best
        roomy.axes[0] = lower
        let inside = roomy.layout(fonts: Fixtures.fonts)
        let first = try! #require(inside.legends[0])
        #expect(inside.boxes[0].contains(first.center))
        #expect(!Self.covers(first, inside.dataPolylines(0, roomy)))
    }

    @Test func oneOutlierDoesNotFlattenTheRestAndIsMarked() {
        var figure = Figure(width: 5, height: 3.5, dpi: 100)
        var axes = Axes()
        axes.yScale = .log(base: 10)
        axes.clipsOutliers = true
        let x = (0..<9).map { pow(2, Double($0)) }
        axes.plot(x: x, y: [2.3, 2.2, 2.0, 1.6, 1.2, 1.0, 1.1, 1.5, 2.1])
        axes.plot(x: x, y: [2.3, 2.1, 1.9, 1.4, 1.0, 0.9, 1.3, 1.9, 1667])
        figure.axes[0] = axes
        let layout = figure.layout(fonts: Fixtures.fonts)
        #expect(layout.yTicks[0].high < log10(10), "the axis ends near the basin, not at 1667")
        #expect(layout.clippedMarks[0].count == 1)
        if let mark = layout.clippedMarks[0].first {
            #expect(mark.marker == .triangleUp && layout.boxes[0].contains(mark.point))
        }
        // Without the option the point stays in the limits.
        axes.clipsOutliers = false
        figure.axes[0] = axes
        #expect(figure.layout(fonts: Fixtures.fonts).yTicks[0].high > log10(1000))
        #expect(FigureLayoutEngine.withoutOutliers([1, 2, 3]) == [1, 2, 3], "too few values to call one an outlier")
    }

    @Test func panelsOfOneGroupShareTheirYLimits() {
        var figure = Figure(width: 8, height: 6, dpi: 80, rows: 2, columns: 2)
        for (panel, scale) in [1.0, 100, 10, 1000].enumerated() {
            var axes = Axes()
            axes.plot(x: [1, 2, 3], y: [1, 2, 3].map { $0 * scale })
            figure.axes[panel] = axes
        }
        figure.yLimitGroups = [0, 1, 0, 1]
        let layout = figure.layout(fonts: Fixtures.fonts)
        #expect(layout.yTicks[0].low == layout.yTicks[2].low && layout.yTicks[0].high == layout.yTicks[2].high)
        #expect(layout.yTicks[1].high == layout.yTicks[3].high && layout.yTicks[1].high != layout.yTicks[0].high)
        // Every panel keeps its tick labels.
        #expect(layout.yTicks.allSatisfy { $0.labels.contains { !$0.isEmpty } })
    }

    @Test func edgeMarkersCountTheCurvesTheyStandFor() {
        var figure = Figure(width: 5, height: 3.5, dpi: 100)
        var axes = Axes()
        axes.plot(x: [1, 2, 3], y: [1, 2, 3])
        axes.topEdgeMarkers(x: [2, 3], label: "diverged", color: Colormap.tab10[3], counts: [5, 1])
        figure.axes[0] = axes
        let layout = figure.layout(fonts: Fixtures.fonts)
        let texts = layout.edgeMarkerTexts[0][1] ?? []
        #expect(texts.count == 1 && texts.first?.runs.map(\.text).joined() == "×5")
    }

    @Test func theWidthColormapKeepsContrastOnWhite() {
        // Relative luminance below that of mid-grey: every width's curve stays visible.
        for t in stride(from: 0.0, through: 1.0, by: 0.125) {
            let c = Colormap.widths.color(at: t)
            let luminance = 0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue
            #expect(luminance < 0.62, "colour at \(t) is too pale: \(c)")
        }
        #expect(Colormap.viridis.color(at: 1).green > 0.85, "viridis itself ends pale yellow")
    }
}
