import Foundation
import Raster

/// Draws a laid-out figure. Every position comes from the `FigureLayout`; the renderer only
/// strokes, fills and sets text.
struct FigureRenderer {
    let figure: Figure
    let layout: FigureLayout
    var theme: Theme { figure.theme }
    var px: Double { figure.dpi / 72 }

    // MARK: Drawing

    func draw<S: Surface>(on surface: inout S) {
        for panel in figure.axes.indices { drawPanel(panel, on: &surface) }
        if let title = layout.figureTitle { draw(title, on: &surface) }
    }

    func draw<S: Surface>(_ placed: PlacedText, on surface: inout S) {
        surface.text(placed.layout, runs: placed.runs, pixelSize: placed.pixelSize, bold: placed.bold, at: placed.point,
                     angle: placed.angle, anchor: placed.anchor, color: placed.color ?? theme.textColor)
    }

    func line(_ a: Point, _ b: Point) -> Path {
        var path = Path()
        path.move(to: a)
        path.line(to: b)
        return path
    }

    func drawPanel<S: Surface>(_ panel: Int, on surface: inout S) {
        let axes = figure.axes[panel]
        let m = layout.mapping(panel, figure)
        let box = m.box
        surface.setClip(box)
        // Grid under the data.
        if axes.minorGrid {
            for v in m.x.minor { surface.stroke(line(Point(m.xPixel(v), box.minY), Point(m.xPixel(v), box.maxY)), color: theme.minorGridColor, style: StrokeStyle(width: theme.gridWidth * 0.6 * px, snapsToPixels: true)) }
            for v in m.y.minor { surface.stroke(line(Point(box.minX, m.yPixel(v)), Point(box.maxX, m.yPixel(v))), color: theme.minorGridColor, style: StrokeStyle(width: theme.gridWidth * 0.6 * px, snapsToPixels: true)) }
        }
        if axes.majorGrid {
            let style = StrokeStyle(width: theme.gridWidth * px, snapsToPixels: true)
            for v in m.x.major { surface.stroke(line(Point(m.xPixel(v), box.minY), Point(m.xPixel(v), box.maxY)), color: theme.gridColor, style: style) }
            for v in m.y.major { surface.stroke(line(Point(box.minX, m.yPixel(v)), Point(box.maxX, m.yPixel(v))), color: theme.gridColor, style: style) }
        }
        // Bands first, then everything else in order.
        for series in axes.series {
            if case .band = series.kind { drawSeries(series, label: nil, mapping: m, on: &surface) }
        }
        for (index, series) in axes.series.enumerated() {
            if case .band = series.kind { continue }
            drawSeries(series, label: layout.seriesTexts[panel][index], mapping: m, on: &surface)
            if let guide = layout.guides[panel][index] {
                let (a, b, c) = (guide.triangle[0], guide.triangle[1], guide.triangle[2])
                surface.fill(Path.polygon([a, b, c]), color: series.color.withAlpha(0.08))
                surface.stroke(Path.polygon([a, b, c]), color: series.color, style: StrokeStyle(width: (series.lineWidth ?? 1) * px, join: .miter))
                draw(guide.label, on: &surface)
            }
            for placed in layout.edgeMarkerTexts[panel][index] ?? [] { draw(placed, on: &surface) }
        }
        surface.setClip(nil)
        for mark in layout.clippedMarks[panel] {
            surface.marker(mark.marker, at: mark.point, size: theme.markerSize * px, fill: theme.background, edge: mark.color, edgeWidth: 1.2 * px)
        }

        // Spines and ticks.
        let spine = StrokeStyle(width: theme.spineWidth * px, cap: .square, snapsToPixels: true)
        surface.stroke(Path.rectangle(box), color: theme.textColor, style: spine)
        let major = StrokeStyle(width: theme.majorTickWidth * px, snapsToPixels: true)
        let minor = StrokeStyle(width: theme.minorTickWidth * px, snapsToPixels: true)
        let majorLength = theme.majorTickLength * px, minorLength = theme.minorTickLength * px
        for v in m.x.major { surface.stroke(line(Point(m.xPixel(v), box.maxY), Point(m.xPixel(v), box.maxY + majorLength)), color: theme.textColor, style: major) }
        for v in m.x.minor { surface.stroke(line(Point(m.xPixel(v), box.maxY), Point(m.xPixel(v), box.maxY + minorLength)), color: theme.textColor, style: minor) }
        for v in m.y.major { surface.stroke(line(Point(box.minX, m.yPixel(v)), Point(box.minX - majorLength, m.yPixel(v))), color: theme.textColor, style: major) }
        for v in m.y.minor { surface.stroke(line(Point(box.minX, m.yPixel(v)), Point(box.minX - minorLength, m.yPixel(v))), color: theme.textColor, style: minor) }

        for placed in layout.panelTexts[panel] { draw(placed, on: &surface) }
        drawLegend(panel, on: &surface)
        drawColorBar(panel, on: &surface)
    }

    /// Draws one series; `label` is its placed text (slope triangles and annotations).
    func drawSeries<S: Surface>(_ series: Series, label placed: PlacedText?, mapping m: PanelMapping, on surface: inout S) {
        let width = (series.lineWidth ?? theme.lineWidth) * px
        let markerSize = (series.markerSize ?? theme.markerSize) * px
        let dashes = series.lineStyle.pattern.map { $0 * width }
        let style = StrokeStyle(width: width, cap: dashes.isEmpty ? .round : .butt, join: .round, dashes: dashes)
        switch series.kind {
        case .line, .scatter:
            var path = Path()
            var penDown = false
            var lastFinite: Point?
            for (x, y) in zip(series.x, series.y) {
                guard x.isFinite, y.isFinite, let p = m.point(x, y) else { penDown = false; continue }
                if penDown { path.line(to: p) } else { path.move(to: p); penDown = true }
                lastFinite = p
            }
            if case .line = series.kind, series.lineStyle != .none { surface.stroke(path, color: series.color, style: style) }
            if let marker = series.marker {
                for (i, (x, y)) in zip(series.x, series.y).enumerated() {
                    guard x.isFinite, y.isFinite, let p = m.point(x, y) else { continue }
                    let color = series.pointColors.flatMap { i < $0.count ? $0[i] : nil } ?? series.color
                    surface.marker(marker, at: p, size: markerSize, fill: color, edge: color, edgeWidth: theme.markerEdgeWidth * px)
                }
            }
            if series.marksDivergence, let last = lastFinite {
                surface.marker(.cross, at: last, size: markerSize * 1.6, fill: Colormap.tab10[3], edge: Colormap.tab10[3], edgeWidth: 2 * px)
            }
        case let .band(lower, upper):
            var top: [Point] = [], bottom: [Point] = []
            func flush() {
                if top.count >= 2 { surface.fill(Path.polygon(top + bottom.reversed()), color: series.color.withAlpha(series.alpha)) }
                top = []; bottom = []
            }
            for (i, x) in series.x.enumerated() where i < lower.count && i < upper.count {
                guard let a = m.point(x, lower[i]), let b = m.point(x, upper[i]) else { flush(); continue }
                bottom.append(a); top.append(b)
            }
            flush()
        case let .errorBars(lower, upper):
            let cap = markerSize / 2
            for (i, x) in series.x.enumerated() where i < lower.count && i < upper.count {
                guard let a = m.point(x, lower[i]), let b = m.point(x, upper[i]) else { continue }
                var path = line(a, b)
                path.move(to: Point(a.x - cap, a.y)); path.line(to: Point(a.x + cap, a.y))
                path.move(to: Point(b.x - cap, b.y)); path.line(to: Point(b.x + cap, b.y))
                surface.stroke(path, color: series.color, style: StrokeStyle(width: width * 0.8))
            }
        case .horizontalLine:
            guard let y = series.y.first, m.y.scaleFraction(y, m.yScale).isFinite else { return }
            surface.stroke(line(Point(m.box.minX, m.yPixel(y)), Point(m.box.maxX, m.yPixel(y))), color: series.color, style: style)
        case .verticalLine:
            guard let x = series.x.first, m.x.scaleFraction(x, m.xScale).isFinite else { return }
            surface.stroke(line(Point(m.xPixel(x), m.box.minY), Point(m.xPixel(x), m.box.maxY)), color: series.color, style: style)
        case let .slopeTriangle(slope, _):
            guard series.x.count >= 2, let y0 = series.y.first else { return }
            let x0 = series.x[0], x1 = series.x[1]
            let y1 = y0 * pow(x1 / x0, slope)
            guard let a = m.point(x0, y0), let b = m.point(x1, y0), let c = m.point(x1, y1) else { return }
            surface.fill(Path.polygon([a, b, c]), color: series.color.withAlpha(0.08))
            surface.stroke(Path.polygon([a, b, c]), color: series.color, style: StrokeStyle(width: width, join: .miter))
            if let placed { draw(placed, on: &surface) }
        case .annotation:
            if let placed { draw(placed, on: &surface) }
        case .slopeGuide:
            break  // drawn from its placement
        case .topEdgeMarkers:
            let size = markerSize * 1.3
            for x in series.x where m.x.scaleFraction(x, m.xScale).isFinite {
                surface.marker(series.marker ?? .cross, at: Point(m.xPixel(x), m.box.minY + size * 0.6), size: size,
                               fill: series.color, edge: series.color, edgeWidth: 1.5 * px)
            }
        }
    }
}
