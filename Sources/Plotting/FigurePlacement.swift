import Foundation
import Raster

/// The second half of layout: with boxes and ticks fixed, places every text, legend and
/// colour bar, once, into the `FigureLayout` the renderer draws.
struct FigurePlacement {
    let figure: Figure
    let fonts: FigureFonts
    let layout: FigureLayout
    var theme: Theme { figure.theme }
    var px: Double { figure.dpi / 72 }

    /// The complete layout.
    func place() -> FigureLayout {
        var result = layout
        let panels = figure.axes.indices
        result.placedColorBars = panels.map(colorBar)
        result.panelTexts = panels.map { texts(panel: $0, colorBar: result.placedColorBars[$0]) }
        // Legends first, then the guides in what space is left: a guide is smaller and fits
        // in more places.
        let legends = panels.map { legendRect($0, texts: result.panelTexts[$0], colorBar: result.placedColorBars[$0]) }
        result.legends = legends.map(\.rect)
        result.legendBadness = legends.map(\.badness)
        result.guides = panels.map { guides($0, avoiding: result.legends[$0]) }
        result.clippedMarks = panels.map(clippedMarks)
        result.edgeMarkerTexts = panels.map(edgeMarkerTexts)
        result.legendTexts = panels.map { legendTexts($0, rect: result.legends[$0]) }
        result.seriesTexts = panels.map(seriesTexts)
        result.figureTitle = figureTitle()
        return result
    }

    func text(_ markup: String, role: LayoutRole, panel: Int, points: Double, at point: Point, angle: Double = 0,
              anchor: TextAnchor, bold: Bool = false, color: Color? = nil) -> PlacedText {
        let runs = TextRun.parse(markup)
        let size = points * px
        return PlacedText(role: role, panel: panel, runs: runs, layout: fonts.font(bold: bold).layout(runs, pixelSize: size),
                          pixelSize: size, bold: bold, point: point, angle: angle, anchor: anchor, color: color)
    }

    func maxTickLabelHeight(_ ticks: AxisTicks) -> Double {
        ticks.labels.filter { !$0.isEmpty }.map { l -> Double in
            let m = fonts.regular.layout(TextRun.parse(l), pixelSize: theme.tickLabelSize * px)
            return m.ascent + m.descent
        }.max() ?? 0
    }

    func maxTickLabelWidth(_ ticks: AxisTicks) -> Double {
        ticks.labels.filter { !$0.isEmpty }.map { fonts.regular.layout(TextRun.parse($0), pixelSize: theme.tickLabelSize * px).advance }.max() ?? 0
    }

    // MARK: Texts around the axes

    func texts(panel: Int, colorBar: PlacedColorBar?) -> [PlacedText] {
        let axes = figure.axes[panel]
        let m = layout.mapping(panel, figure)
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
        if let bar = axes.colorBar, let colorBar {
            let rect = colorBar.rect, ticks = colorBar.ticks
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

    func colorBar(_ panel: Int) -> PlacedColorBar? {
        guard let bar = figure.axes[panel].colorBar else { return nil }
        let box = layout.boxes[panel]
        let engine = FigureLayoutEngine(figure: figure, fonts: fonts)
        let rect = Rect(x: box.maxX + theme.fontSize * px, y: box.minY, width: engine.colorBarWidth(boxHeight: box.height), height: box.height)
        return PlacedColorBar(rect: rect, ticks: engine.colorBarTicks(bar, length: rect.height))
    }

    func figureTitle() -> PlacedText? {
        guard let title = figure.title else { return nil }
        let pad = theme.layoutPad * theme.fontSize * px
        return text(title, role: .figureTitle, panel: -1, points: theme.figureTitleSize,
                    at: Point(Double(figure.pixelWidth) / 2, pad), anchor: TextAnchor(.center, .top))
    }

    // MARK: Texts drawn with series

    /// Labels of slope triangles and annotations, placed from the data they point at.
    func seriesTexts(_ panel: Int) -> [Int: PlacedText] {
        let m = layout.mapping(panel, figure)
        var result: [Int: PlacedText] = [:]
        for (index, series) in figure.axes[panel].series.enumerated() {
            switch series.kind {
            case let .slopeTriangle(slope, label):
                guard series.x.count >= 2, let y0 = series.y.first else { continue }
                let x0 = series.x[0], x1 = series.x[1]
                let y1 = y0 * pow(x1 / x0, slope)
                guard m.point(x0, y0) != nil, let b = m.point(x1, y0), let c = m.point(x1, y1) else { continue }
                result[index] = text(label, role: .annotation, panel: panel, points: theme.tickLabelSize * 0.9,
                                     at: Point(b.x + 0.3 * theme.fontSize * px, (b.y + c.y) / 2), anchor: TextAnchor(.left, .center),
                                     color: series.color)
            case let .annotation(label):
                guard let x = series.x.first, let y = series.y.first, let p = m.point(x, y) else { continue }
                result[index] = text(label, role: .annotation, panel: panel, points: theme.tickLabelSize, at: p,
                                     anchor: TextAnchor(.left, .bottom), color: series.color)
            default:
                continue
            }
        }
        return result
    }
}
