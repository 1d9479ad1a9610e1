import Foundation
import Plotting
import Raster

/// Draws figure data with the plotting library.
enum FigureBuilder {
    /// The figure for `data`, sized for a report page.
    public static func figure(_ data: FigureData, title: String?) -> Figure {
        // A lone panel keeps its legend outside, where it cannot hide the curves.
        let single = data.rows == 1 && data.columns == 1
        let width = min(4.2 * Double(data.columns) + 0.8 + (single ? 1.8 : 0), 15)
        let height = 3.3 * Double(data.rows) + (title == nil ? 0 : 0.3)
        var figure = Figure(width: width, height: height, dpi: 150, rows: data.rows, columns: data.columns, sharedY: data.sharedY)
        figure.title = title
        figure.yLimitGroups = data.yLimitGroups
        let colorScale = data.panels.compactMap(\.colorBarRange).first
        for (index, panel) in data.panels.enumerated() where index < figure.axes.count {
            var axes = self.axes(panel, colorScale: colorScale, colorBar: panel.colorBarRange, legend: panel.legend ? (single ? .outsideRight : .best) : .none)
            axes.yLabel = index % data.columns == 0 || !data.sharedY ? panel.yLabel : nil
            figure.axes[index] = axes
        }
        return figure
    }

    /// The number of panels `data` draws (one file each under `panelFile`).
    static func panelCount(_ data: FigureData) -> Int { min(data.panels.count, max(data.rows, 1) * max(data.columns, 1)) }

    /// `figures/<id>-<k>`: the file name, without extension, of panel `k` (from 1).
    static func panelFile(_ id: String, _ index: Int) -> String { "\(id)-\(index + 1)" }

    /// One panel alone, sized for a column of a two-column paper (3.4 × 2.6 inches, paper
    /// theme, 300 dpi), with its legend and, when its curves are coloured by width, its
    /// colour bar. Panels that share y limits in the whole figure keep those limits.
    static func panelFigure(_ data: FigureData, panel index: Int, fonts: FigureFonts) -> Figure {
        let whole = figure(data, title: nil)
        let panel = data.panels[index]
        var figure = Figure(width: 3.4, height: 2.6, dpi: 300, theme: .paper)
        let colorScale = data.panels.compactMap(\.colorBarRange).first
        let coloured = panel.series.contains { $0.colorValue != nil }
        // Every panel shows its legend alone, since the whole figure's legend is elsewhere.
        var axes = self.axes(panel, colorScale: colorScale, colorBar: coloured ? colorScale : nil, legend: .best, labelsAll: true)
        axes.yLabel = panel.yLabel
        if data.sharedY || data.yLimitGroups != nil {
            let layout = whole.layout(fonts: fonts)
            let ticks = layout.yTicks[index]
            let scale = axes.yScale
            let low = scale.inverse(ticks.low), high = scale.inverse(ticks.high)
            if low.isFinite, high.isFinite, high > low { axes.yLimits = low...high }
        }
        figure.axes[0] = axes
        return figure
    }

    /// One panel's axes: its series (coloured by width on `colorScale` or from the tab10
    /// cycle), bands, diverged runs, reference lines and slope guide.
    static func axes(_ panel: PanelData, colorScale: [Double]?, colorBar: [Double]?, legend: LegendPlacement, labelsAll: Bool = false) -> Axes {
        var axes = Axes()
        axes.title = panel.title
        axes.xLabel = panel.xLabel
        axes.yLabel = panel.yLabel
        axes.xScale = panel.xScale.scale
        axes.yScale = panel.yScale.scale
        axes.clipsOutliers = panel.clipsOutliers ?? false
        let showsLegend = panel.legend || labelsAll
        axes.legend = showsLegend ? legend : .none
        let scale = colorScale.map { ColorBar(colormap: .widths, low: $0[0], high: $0[1], scale: .log(base: 2)) }
        for series in panel.series {
            let color = series.colorValue.flatMap { v in scale?.color(for: v) } ?? Colormap.tab10[(series.colorIndex ?? 0) % 10]
            if let lower = series.lower, let upper = series.upper, lower != upper {
                axes.band(x: series.x, lower: lower, upper: upper, color: color, alpha: 0.15)
            }
            axes.plot(x: series.x, y: series.y, label: showsLegend ? series.label : nil, color: color,
                      marker: series.marker, lineStyle: series.style, markerSize: series.markerSize)
        }
        // Where curves lose their value (runs diverged), a × on the top edge says so, with
        // the number of curves it stands for when more than one.
        let diverged = panel.series.flatMap(divergedPoints)
        if !diverged.isEmpty {
            let places = Array(Set(diverged)).sorted()
            axes.topEdgeMarkers(x: places, label: "diverged", color: Colormap.tab10[3], counts: places.map { x in diverged.filter { $0 == x }.count })
            if axes.legend == .none { axes.legend = legend == .none ? .best : legend }
        }
        let ys = panel.series.flatMap(\.y).filter { $0.isFinite && (!panel.yScale.scale.isLog || $0 > 0) }
        for line in panel.referenceLines ?? [] {
            // A horizontal line far from the data would squash it: it is left out.
            if line.axis == .y, !near(line.value, ys, scale: panel.yScale.scale) { continue }
            // An undrawn point brings the line inside the axes' limits.
            let other = line.axis == .x ? panel.series.flatMap(\.y).first(where: { $0.isFinite }) : panel.series.flatMap(\.x).first(where: { $0.isFinite })
            if let other {
                axes.plot(x: [line.axis == .x ? line.value : other], y: [line.axis == .y ? line.value : other], lineStyle: .none)
            }
            if line.axis == .x { axes.verticalLine(line.value, lineStyle: .dashed, label: showsLegend ? line.label : nil) }
            else { axes.horizontalLine(line.value, lineStyle: .dotted, label: showsLegend ? line.label : nil) }
        }
        if let slope = panel.slopeTriangle, panel.series.flatMap(\.x).filter({ $0 > 0 && $0.isFinite }).count >= 2 {
            let layer = panel.slopeTriangleFor.map { " for \($0)" } ?? ""
            axes.slopeGuide(slope: slope, run: 4, text: "theory\(layer): slope \(NumberFormat.exponent(slope))")
        }
        if let colorBar {
            axes.colorBar = ColorBar(colormap: .widths, low: colorBar[0], high: colorBar[1], scale: .log(base: 2), label: panel.colorBarLabel ?? "width n")
        }
        return axes
    }

    /// True when `value` lies within the span of `values` beyond their range on either
    /// side (in scale space), so drawing it does not squash them.
    static func near(_ value: Double, _ values: [Double], scale: Scale) -> Bool {
        let mapped = values.map(scale.forward).filter(\.isFinite)
        let v = scale.forward(value)
        guard let low = mapped.min(), let high = mapped.max(), v.isFinite else { return true }
        let span = max(high - low, scale.isLog ? 0.5 : abs(high) * 0.1)
        return v >= low - span && v <= high + span
    }

    /// The first x of every stretch where a series has no finite value after having had
    /// one (or from its start): where runs diverged.
    static func divergedPoints(_ series: SeriesData) -> [Double] {
        var points: [Double] = []
        var previousFinite = true
        for (x, y) in zip(series.x, series.y) {
            let finite = y.isFinite
            if !finite && previousFinite && x.isFinite { points.append(x) }
            previousFinite = finite
        }
        return points
    }
}
