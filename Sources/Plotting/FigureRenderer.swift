import Foundation
import Raster

/// A piece of text placed by layout.
struct PlacedText {
    let role: LayoutRole
    let panel: Int
    let runs: [TextRun]
    let layout: TextLayout
    let pixelSize: Double
    let bold: Bool
    let point: Point
    let angle: Double
    let anchor: TextAnchor

    var box: Rect { Canvas.textBox(layout, at: point, angle: angle, anchor: anchor) }
}

/// Draws a laid-out figure.
struct FigureRenderer {
    let figure: Figure
    let fonts: FigureFonts
    let layout: FigureLayout
    var theme: Theme { figure.theme }
    var px: Double { figure.dpi / 72 }

    func text(_ markup: String, role: LayoutRole, panel: Int, points: Double, at point: Point, angle: Double = 0, anchor: TextAnchor, bold: Bool = false) -> PlacedText {
        let runs = TextRun.parse(markup)
        let size = points * px
        return PlacedText(role: role, panel: panel, runs: runs, layout: fonts.font(bold: bold).layout(runs, pixelSize: size),
                          pixelSize: size, bold: bold, point: point, angle: angle, anchor: anchor)
    }

    /// Maps data to pixels inside a panel.
    struct Mapping {
        let box: Rect
        let x: AxisTicks
        let y: AxisTicks
        let xScale: Scale
        let yScale: Scale

        func point(_ dx: Double, _ dy: Double) -> Point? {
            let fx = x.scaleFraction(dx, xScale), fy = y.scaleFraction(dy, yScale)
            guard fx.isFinite, fy.isFinite else { return nil }
            return Point(box.minX + fx * box.width, box.maxY - fy * box.height)
        }
        func xPixel(_ v: Double) -> Double { box.minX + x.scaleFraction(v, xScale) * box.width }
        func yPixel(_ v: Double) -> Double { box.maxY - y.scaleFraction(v, yScale) * box.height }
    }

    func mapping(_ panel: Int) -> Mapping {
        Mapping(box: layout.boxes[panel], x: layout.xTicks[panel], y: layout.yTicks[panel],
                xScale: figure.axes[panel].xScale, yScale: figure.axes[panel].yScale)
    }

    // MARK: Placement of text, legends and colour bars

    func maxTickLabelHeight(_ ticks: AxisTicks) -> Double {
        ticks.labels.filter { !$0.isEmpty }.map { l -> Double in
            let m = fonts.regular.layout(TextRun.parse(l), pixelSize: theme.tickLabelSize * px)
            return m.ascent + m.descent
        }.max() ?? 0
    }

    func maxTickLabelWidth(_ ticks: AxisTicks) -> Double {
        ticks.labels.filter { !$0.isEmpty }.map { fonts.regular.layout(TextRun.parse($0), pixelSize: theme.tickLabelSize * px).advance }.max() ?? 0
    }

    func texts(panel: Int) -> [PlacedText] {
        let axes = figure.axes[panel]
        let m = mapping(panel)
        let box = m.box
        let tickOut = theme.majorTickLength * px, pad = theme.tickPad * px, labelPad = theme.labelPad * px
        var result: [PlacedText] = []
        for (value, label) in zip(m.x.major, m.x.labels) where !label.isEmpty {
            result.append(text(label, role: .xTickLabel, panel: panel, points: theme.tickLabelSize,
                               at: Point(m.xPixel(value), box.maxY + tickOut + pad), anchor: TextAnchor(.center, .top)))
        }
        for (value, label) in zip(m.y.major, m.y.labels) where !label.isEmpty {
            result.append(text(label, role: .yTickLabel, panel: panel, points: theme.tickLabelSize,
                               at: Point(box.minX - tickOut - pad, m.yPixel(value)), anchor: TextAnchor(.right, .center)))
        }
        let xTickBand = tickOut + (m.x.labels.contains { !$0.isEmpty } ? pad + maxTickLabelHeight(m.x) : 0)
        let yTickBand = tickOut + (m.y.labels.contains { !$0.isEmpty } ? pad + maxTickLabelWidth(m.y) : 0)
        if let label = axes.xLabel {
            result.append(text(label, role: .xLabel, panel: panel, points: theme.fontSize,
                               at: Point(box.center.x, box.maxY + xTickBand + labelPad), anchor: TextAnchor(.center, .top)))
        }
        if let label = axes.yLabel {
            result.append(text(label, role: .yLabel, panel: panel, points: theme.fontSize,
                               at: Point(box.minX - yTickBand - labelPad, box.center.y), angle: 90, anchor: TextAnchor(.center, .bottom)))
        }
        if let title = axes.title {
            result.append(text(title, role: .title, panel: panel, points: theme.titleSize,
                               at: Point(box.center.x, box.minY - theme.titlePad * px), anchor: TextAnchor(.center, .bottom)))
        }
        if let annotation = m.y.annotation {
            result.append(text(annotation, role: .annotation, panel: panel, points: theme.tickLabelSize,
                               at: Point(box.minX, box.minY - pad), anchor: TextAnchor(.left, .bottom)))
        }
        if let annotation = m.x.annotation {
            result.append(text(annotation, role: .annotation, panel: panel, points: theme.tickLabelSize,
                               at: Point(box.maxX, box.maxY + xTickBand + labelPad), anchor: TextAnchor(.right, .top)))
        }
        if let bar = axes.colorBar, let rect = colorBarRect(panel) {
            let ticks = FigureLayoutEngine(figure: figure, fonts: fonts).colorBarTicks(bar, length: rect.height)
            var widest = 0.0
            for (value, label) in zip(ticks.major, ticks.labels) where !label.isEmpty {
                let y = rect.maxY - ticks.scaleFraction(value, bar.scale) * rect.height
                let placed = text(label, role: .colorBarTickLabel, panel: panel, points: theme.tickLabelSize,
                                  at: Point(rect.maxX + tickOut + pad, y), anchor: TextAnchor(.left, .center))
                widest = max(widest, placed.layout.advance)
                result.append(placed)
            }
            if !bar.label.isEmpty {
                result.append(text(bar.label, role: .colorBarLabel, panel: panel, points: theme.fontSize,
                                   at: Point(rect.maxX + tickOut + pad + widest + labelPad, rect.center.y), angle: 90, anchor: TextAnchor(.center, .top)))
            }
        }
        return result
    }

    func colorBarRect(_ panel: Int) -> Rect? {
        guard figure.axes[panel].colorBar != nil else { return nil }
        let box = layout.boxes[panel]
        let width = FigureLayoutEngine(figure: figure, fonts: fonts).colorBarWidth(boxHeight: box.height)
        return Rect(x: box.maxX + theme.fontSize * px, y: box.minY, width: width, height: box.height)
    }

    func figureTitle() -> PlacedText? {
        guard let title = figure.title else { return nil }
        let pad = theme.layoutPad * theme.fontSize * px
        return text(title, role: .figureTitle, panel: -1, points: theme.figureTitleSize,
                    at: Point(Double(figure.pixelWidth) / 2, pad), anchor: TextAnchor(.center, .top))
    }

    func collectElements(into result: inout FigureLayout) {
        var elements: [LayoutElement] = []
        var legends: [Rect?] = []
        var bars: [Rect?] = []
        for panel in figure.axes.indices {
            elements.append(LayoutElement(role: .axes, panel: panel, box: layout.boxes[panel]))
            for placed in texts(panel: panel) { elements.append(LayoutElement(role: placed.role, panel: panel, box: placed.box)) }
            let legend = legendRect(panel)
            legends.append(legend)
            if let legend { elements.append(LayoutElement(role: .legend, panel: panel, box: legend)) }
            let bar = colorBarRect(panel)
            bars.append(bar)
            if let bar { elements.append(LayoutElement(role: .colorBar, panel: panel, box: bar)) }
        }
        if let title = figureTitle() { elements.append(LayoutElement(role: .figureTitle, panel: -1, box: title.box)) }
        result.elements = elements
        result.legends = legends
        result.colorBars = bars
    }

    // MARK: Drawing

    func draw<S: Surface>(on surface: inout S) {
        for panel in figure.axes.indices { drawPanel(panel, on: &surface) }
        if let title = figureTitle() { draw(title, on: &surface) }
    }

    func draw<S: Surface>(_ placed: PlacedText, on surface: inout S, color: Color? = nil) {
        surface.text(placed.layout, runs: placed.runs, pixelSize: placed.pixelSize, bold: placed.bold, at: placed.point,
                     angle: placed.angle, anchor: placed.anchor, color: color ?? theme.textColor)
    }

    func line(_ a: Point, _ b: Point) -> Path {
        var path = Path()
        path.move(to: a)
        path.line(to: b)
        return path
    }

    func drawPanel<S: Surface>(_ panel: Int, on surface: inout S) {
        let axes = figure.axes[panel]
        let m = mapping(panel)
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
        for series in axes.series { if case .band = series.kind { drawSeries(series, panel: panel, mapping: m, on: &surface) } }
        for series in axes.series { if case .band = series.kind { continue }; drawSeries(series, panel: panel, mapping: m, on: &surface) }
        surface.setClip(nil)

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

        for placed in texts(panel: panel) { draw(placed, on: &surface) }
        drawLegend(panel, on: &surface)
        drawColorBar(panel, on: &surface)
    }

    func drawSeries<S: Surface>(_ series: Series, panel: Int, mapping m: Mapping, on surface: inout S) {
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
        case let .slopeTriangle(slope, label):
            guard series.x.count >= 2, let y0 = series.y.first else { return }
            let x0 = series.x[0], x1 = series.x[1]
            let y1 = y0 * pow(x1 / x0, slope)
            guard let a = m.point(x0, y0), let b = m.point(x1, y0), let c = m.point(x1, y1) else { return }
            surface.fill(Path.polygon([a, b, c]), color: series.color.withAlpha(0.08))
            surface.stroke(Path.polygon([a, b, c]), color: series.color, style: StrokeStyle(width: width, join: .miter))
            let placed = text(label, role: .annotation, panel: panel, points: theme.tickLabelSize * 0.9,
                              at: Point(b.x + 0.3 * theme.fontSize * px, (b.y + c.y) / 2), anchor: TextAnchor(.left, .center))
            draw(placed, on: &surface, color: series.color)
        case let .annotation(label):
            guard let x = series.x.first, let y = series.y.first, let p = m.point(x, y) else { return }
            let placed = text(label, role: .annotation, panel: panel, points: theme.tickLabelSize, at: p, anchor: TextAnchor(.left, .bottom))
            draw(placed, on: &surface, color: series.color)
        }
    }
}
