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
        for (index, panel) in data.panels.enumerated() where index < figure.axes.count {
            var axes = Axes()
            axes.title = panel.title
            axes.xLabel = panel.xLabel
            axes.yLabel = index % data.columns == 0 || !data.sharedY ? panel.yLabel : nil
            axes.xScale = panel.xScale.scale
            axes.yScale = panel.yScale.scale
            axes.legend = panel.legend ? (single ? .outsideRight : .best) : .none
            let bar = panel.colorBarRange.map { ColorBar(colormap: .viridis, low: $0[0], high: $0[1], scale: .log(base: 2), label: panel.colorBarLabel ?? "") }
            let colorScale = data.panels.compactMap(\.colorBarRange).first.map { ColorBar(colormap: .viridis, low: $0[0], high: $0[1], scale: .log(base: 2)) }
            for series in panel.series {
                let color = series.colorValue.flatMap { v in colorScale?.color(for: v) } ?? Colormap.tab10[(series.colorIndex ?? 0) % 10]
                if let lower = series.lower, let upper = series.upper, lower != upper {
                    axes.band(x: series.x, lower: lower, upper: upper, color: color, alpha: 0.15)
                }
                axes.plot(x: series.x, y: series.y, label: panel.legend ? series.label : nil, color: color,
                          marker: series.marker, lineStyle: series.style, markerSize: series.markerSize)
            }
            // Where a curve loses its value (a run diverged), a × on the top edge says so.
            let diverged = panel.series.flatMap(divergedPoints)
            if !diverged.isEmpty {
                axes.topEdgeMarkers(x: Array(Set(diverged)).sorted(), label: "diverged", color: Colormap.tab10[3])
                if axes.legend == .none { axes.legend = single ? .outsideRight : .best }
            }
            for line in panel.referenceLines ?? [] {
                // An undrawn point brings the line inside the axes' limits.
                let other = line.axis == .x ? panel.series.flatMap(\.y).first(where: { $0.isFinite }) : panel.series.flatMap(\.x).first(where: { $0.isFinite })
                if let other {
                    axes.plot(x: [line.axis == .x ? line.value : other], y: [line.axis == .y ? line.value : other], lineStyle: .none)
                }
                if line.axis == .x { axes.verticalLine(line.value, lineStyle: .dashed, label: panel.legend ? line.label : nil) }
                else { axes.horizontalLine(line.value, lineStyle: .dotted, label: panel.legend ? line.label : nil) }
            }
            if let slope = panel.slopeTriangle, let anchor = triangleAnchor(panel, slope: slope) {
                axes.slopeTriangle(at: anchor.0, anchor.1, slope: slope, run: 4, text: "theory: slope \(NumberFormat.exponent(slope))")
            }
            axes.colorBar = bar
            figure.axes[index] = axes
        }
        return figure
    }

    /// A place for the reference triangle: at the lower right of the data, under the lowest
    /// curve, so that it does not hide it.
    /// The whole guide stays below the lowest point of the data: a rising guide ends, and a
    /// falling one starts, at 0.7 of it.
    static func triangleAnchor(_ panel: PanelData, slope: Double) -> (Double, Double)? {
        let xs = panel.series.flatMap(\.x).filter { $0 > 0 && $0.isFinite }
        let ys = panel.series.flatMap(\.y).filter { $0 > 0 && $0.isFinite }
        guard let xMax = xs.max(), let xMin = xs.min(), xMax / xMin >= 8, let yMin = ys.min() else { return nil }
        // Four widths from the right edge, but never left of the data.
        return (max(xMin, xMax / 16), yMin * 0.7 / pow(4, max(slope, 0)))
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
