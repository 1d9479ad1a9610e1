import Foundation
import Raster

extension FigureRenderer {
    /// The legend's box, placed as the axes asks; nil without labelled series.
    func legendRect(_ panel: Int) -> Rect? {
        let axes = figure.axes[panel]
        let engine = FigureLayoutEngine(figure: figure, fonts: fonts)
        guard let size = engine.legendSize(axes) else { return nil }
        let box = layout.boxes[panel]
        let inset = 0.5 * theme.legendFontSize * px
        func corner(_ placement: LegendPlacement) -> Rect {
            switch placement {
            case .upperLeft: return Rect(x: box.minX + inset, y: box.minY + inset, width: size.width, height: size.height)
            case .lowerLeft: return Rect(x: box.minX + inset, y: box.maxY - inset - size.height, width: size.width, height: size.height)
            case .lowerRight: return Rect(x: box.maxX - inset - size.width, y: box.maxY - inset - size.height, width: size.width, height: size.height)
            default: return Rect(x: box.maxX - inset - size.width, y: box.minY + inset, width: size.width, height: size.height)
            }
        }
        switch axes.legend {
        case .none: return nil
        case .upperRight, .upperLeft, .lowerLeft, .lowerRight: return corner(axes.legend)
        case .outsideRight:
            let bar = colorBarRect(panel)
            let right = bar.map { _ in engineRightOfColorBar(panel) } ?? box.maxX
            return Rect(x: right + inset, y: box.minY, width: size.width, height: size.height)
        case .below:
            let m = mapping(panel)
            var y = box.maxY + theme.majorTickLength * px
            if m.x.labels.contains(where: { !$0.isEmpty }) { y += theme.tickPad * px + maxTickLabelHeight(m.x) }
            if let label = axes.xLabel {
                let l = fonts.regular.layout(TextRun.parse(label), pixelSize: theme.fontSize * px)
                y += theme.labelPad * px + l.ascent + l.descent
            }
            return Rect(x: box.center.x - size.width / 2, y: y + inset, width: size.width, height: size.height)
        case .best:
            let candidates: [Rect] = [
                corner(.upperRight), corner(.upperLeft), corner(.lowerLeft), corner(.lowerRight),
                Rect(x: box.maxX - inset - size.width, y: box.center.y - size.height / 2, width: size.width, height: size.height),
                Rect(x: box.minX + inset, y: box.center.y - size.height / 2, width: size.width, height: size.height),
                Rect(x: box.center.x - size.width / 2, y: box.maxY - inset - size.height, width: size.width, height: size.height),
                Rect(x: box.center.x - size.width / 2, y: box.minY + inset, width: size.width, height: size.height),
                Rect(x: box.center.x - size.width / 2, y: box.center.y - size.height / 2, width: size.width, height: size.height),
            ]
            let polylines = dataPolylines(panel)
            var best = candidates[0]
            var bestBadness = Int.max
            for candidate in candidates {
                var badness = 0
                for polyline in polylines {
                    for p in polyline where candidate.contains(p) { badness += 1 }
                    for (a, b) in zip(polyline, polyline.dropFirst()) where segment(a, b, crosses: candidate) { badness += 1 }
                }
                if badness < bestBadness { best = candidate; bestBadness = badness }
            }
            return best
        }
    }

    /// The right edge of the colour bar's labels, where an outside legend starts.
    private func engineRightOfColorBar(_ panel: Int) -> Double {
        texts(panel: panel).filter { $0.role == .colorBarLabel || $0.role == .colorBarTickLabel }.map(\.box.maxX).max()
            ?? colorBarRect(panel)?.maxX ?? layout.boxes[panel].maxX
    }

    /// The data of a panel in pixels, one polyline per series.
    func dataPolylines(_ panel: Int) -> [[Point]] {
        let m = mapping(panel)
        return figure.axes[panel].series.map { series in
            series.dataPoints.compactMap { m.point($0.0, $0.1) }
        }
    }

    /// True when segment `a`–`b` passes through `rect` (Liang–Barsky clipping).
    func segment(_ a: Point, _ b: Point, crosses rect: Rect) -> Bool {
        var t0 = 0.0, t1 = 1.0
        let d = b - a
        for (p, q) in [(-d.x, a.x - rect.minX), (d.x, rect.maxX - a.x), (-d.y, a.y - rect.minY), (d.y, rect.maxY - a.y)] {
            if p == 0 { if q < 0 { return false }; continue }
            let r = q / p
            if p < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
            if t0 > t1 { return false }
        }
        return true
    }

    func roundedRectangle(_ r: Rect, radius: Double) -> Path {
        var path = Path()
        path.move(to: Point(r.minX + radius, r.minY))
        path.line(to: Point(r.maxX - radius, r.minY))
        path.addArc(center: Point(r.maxX - radius, r.minY + radius), rx: radius, ry: radius, from: -.pi / 2, to: 0)
        path.line(to: Point(r.maxX, r.maxY - radius))
        path.addArc(center: Point(r.maxX - radius, r.maxY - radius), rx: radius, ry: radius, from: 0, to: .pi / 2)
        path.line(to: Point(r.minX + radius, r.maxY))
        path.addArc(center: Point(r.minX + radius, r.maxY - radius), rx: radius, ry: radius, from: .pi / 2, to: .pi)
        path.line(to: Point(r.minX, r.minY + radius))
        path.addArc(center: Point(r.minX + radius, r.minY + radius), rx: radius, ry: radius, from: .pi, to: 1.5 * .pi)
        path.close()
        return path
    }

    func drawLegend<S: Surface>(_ panel: Int, on surface: inout S) {
        guard let rect = legendRect(panel) else { return }
        let em = theme.legendFontSize * px
        let frame = roundedRectangle(rect, radius: 0.2 * em)
        surface.fill(frame, color: theme.background.withAlpha(0.8))
        surface.stroke(frame, color: Color(hex: 0xCCCCCC), style: StrokeStyle(width: 1 * px, join: .round))
        let entries = figure.axes[panel].series.filter { $0.label != nil }
        var y = rect.minY + 0.4 * em
        for series in entries {
            let placed = text(series.label ?? "", role: .legend, panel: panel, points: theme.legendFontSize,
                              at: Point(rect.minX + 0.4 * em + 2.8 * em, y), anchor: TextAnchor(.left, .top))
            let rowHeight = placed.layout.ascent + placed.layout.descent
            let center = y + rowHeight / 2
            let handleStart = rect.minX + 0.4 * em, handleEnd = handleStart + 2.0 * em
            let width = (series.lineWidth ?? theme.lineWidth) * px
            switch series.kind {
            case .band:
                surface.fill(Path.rectangle(Rect(x: handleStart, y: center - 0.35 * em, width: 2 * em, height: 0.7 * em)), color: series.color.withAlpha(max(series.alpha, 0.3)))
            case .scatter:
                break
            default:
                let dashes = series.lineStyle.pattern.map { $0 * width }
                if series.lineStyle != .none {
                    surface.stroke(line(Point(handleStart, center), Point(handleEnd, center)), color: series.color, style: StrokeStyle(width: width, dashes: dashes))
                }
            }
            if let marker = series.marker {
                surface.marker(marker, at: Point((handleStart + handleEnd) / 2, center), size: (series.markerSize ?? theme.markerSize) * px,
                               fill: series.color, edge: series.color, edgeWidth: theme.markerEdgeWidth * px)
            }
            draw(placed, on: &surface)
            y += rowHeight + 0.5 * em
        }
    }

    func drawColorBar<S: Surface>(_ panel: Int, on surface: inout S) {
        guard let bar = figure.axes[panel].colorBar, let rect = colorBarRect(panel) else { return }
        // 64 bands: indistinguishable from a continuous ramp, and few enough colours for
        // the figure's palette.
        let steps = 64
        // Bands end on whole pixels, so neighbours abut without seams or blending.
        let left = rect.minX.rounded(), right = rect.maxX.rounded()
        for i in 0..<steps {
            let top = (rect.maxY - Double(i + 1) / Double(steps) * rect.height).rounded()
            let bottom = (rect.maxY - Double(i) / Double(steps) * rect.height).rounded()
            guard bottom > top else { continue }
            surface.fill(Path.rectangle(Rect(minX: left, minY: top, maxX: right, maxY: bottom)),
                         color: bar.colormap.color(at: (Double(i) + 0.5) / Double(steps)))
        }
        surface.stroke(Path.rectangle(rect), color: theme.textColor, style: StrokeStyle(width: theme.spineWidth * px, snapsToPixels: true))
        let ticks = FigureLayoutEngine(figure: figure, fonts: fonts).colorBarTicks(bar, length: rect.height)
        for value in ticks.major {
            let y = rect.maxY - ticks.scaleFraction(value, bar.scale) * rect.height
            surface.stroke(line(Point(rect.maxX, y), Point(rect.maxX + theme.majorTickLength * px, y)), color: theme.textColor, style: StrokeStyle(width: theme.majorTickWidth * px, snapsToPixels: true))
        }
        for value in ticks.minor {
            let y = rect.maxY - ticks.scaleFraction(value, bar.scale) * rect.height
            surface.stroke(line(Point(rect.maxX, y), Point(rect.maxX + theme.minorTickLength * px, y)), color: theme.textColor, style: StrokeStyle(width: theme.minorTickWidth * px, snapsToPixels: true))
        }
    }
}
