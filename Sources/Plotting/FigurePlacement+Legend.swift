import Foundation
import Raster

/// Where legends go: a corner, outside, below, or the best place inside (the one that
/// covers the fewest data points and segments, as matplotlib's `loc="best"` does).
extension FigurePlacement {
    /// The legend's box, and for the best place how much it still covers (layout moves a
    /// legend outside when every place inside covers something).
    func legendRect(_ panel: Int, texts: [PlacedText], colorBar: PlacedColorBar?, guides: [Int: PlacedGuide] = [:]) -> (rect: Rect?, badness: Int) {
        let axes = figure.axes[panel]
        guard let size = FigureLayoutEngine(figure: figure, fonts: fonts).legendSize(axes) else { return (nil, 0) }
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
        case .none: return (nil, 0)
        case .upperRight, .upperLeft, .lowerLeft, .lowerRight: return (corner(axes.legend), 0)
        case .outsideRight:
            // Right of the colour bar's labels, when there is a colour bar.
            let right = colorBar.map { bar in
                texts.filter { $0.role == .colorBarLabel || $0.role == .colorBarTickLabel }.map(\.box.maxX).max() ?? bar.rect.maxX
            } ?? box.maxX
            return (Rect(x: right + inset, y: box.minY, width: size.width, height: size.height), 0)
        case .below:
            let m = layout.mapping(panel, figure)
            var y = box.maxY + theme.majorTickLength * px
            if m.x.labels.contains(where: { !$0.isEmpty }) { y += theme.tickPad * px + maxTickLabelHeight(m.x) }
            if let label = axes.xLabel {
                let l = fonts.regular.layout(TextRun.parse(label), pixelSize: theme.fontSize * px)
                y += theme.labelPad * px + l.ascent + l.descent
            }
            return (Rect(x: box.center.x - size.width / 2, y: y + inset, width: size.width, height: size.height), 0)
        case .best:
            let candidates: [Rect] = [
                corner(.upperRight), corner(.upperLeft), corner(.lowerLeft), corner(.lowerRight),
                Rect(x: box.maxX - inset - size.width, y: box.center.y - size.height / 2, width: size.width, height: size.height),
                Rect(x: box.minX + inset, y: box.center.y - size.height / 2, width: size.width, height: size.height),
                Rect(x: box.center.x - size.width / 2, y: box.maxY - inset - size.height, width: size.width, height: size.height),
                Rect(x: box.center.x - size.width / 2, y: box.minY + inset, width: size.width, height: size.height),
                Rect(x: box.center.x - size.width / 2, y: box.center.y - size.height / 2, width: size.width, height: size.height),
            ]
            var polylines = dataPolylines(panel)
            // Reference lines and edge markers are drawn data too.
            let m = layout.mapping(panel, figure)
            for series in axes.series {
                switch series.kind {
                case .horizontalLine: if let y = series.y.first { polylines.append([Point(box.minX, m.yPixel(y)), Point(box.maxX, m.yPixel(y))]) }
                case .verticalLine: if let x = series.x.first { polylines.append([Point(m.xPixel(x), box.minY), Point(m.xPixel(x), box.maxY)]) }
                case .topEdgeMarkers: polylines.append(series.x.map { Point(m.xPixel($0), box.minY + theme.markerSize * px) })
                default: break
                }
            }
            let obstacles = guides.values.flatMap { [$0.triangleBox, $0.label.box] }
            var best = candidates[0]
            var bestBadness = Int.max
            for candidate in candidates {
                let badness = Self.coverage(of: candidate, by: polylines) + obstacles.filter { $0.intersects(candidate) }.count * 1000
                if badness < bestBadness { best = candidate; bestBadness = badness }
            }
            return (best, bestBadness)
        }
    }

    /// The labels of a legend's entries, one row each from the top of `rect`.
    func legendTexts(_ panel: Int, rect: Rect?) -> [PlacedText] {
        guard let rect else { return [] }
        let em = theme.legendFontSize * px
        var y = rect.minY + 0.4 * em
        return figure.axes[panel].series.compactMap(\.label).map { label in
            let placed = text(label, role: .legend, panel: panel, points: theme.legendFontSize,
                              at: Point(rect.minX + 0.4 * em + 2.8 * em, y), anchor: TextAnchor(.left, .top))
            y += placed.layout.ascent + placed.layout.descent + 0.5 * em
            return placed
        }
    }

    /// The data of a panel in pixels, one polyline per series.
    func dataPolylines(_ panel: Int) -> [[Point]] {
        let m = layout.mapping(panel, figure)
        return figure.axes[panel].series.map { series in series.dataPoints.compactMap { m.point($0.0, $0.1) } }
    }

    /// True when segment `a`–`b` passes through `rect` (Liang–Barsky clipping).
    static func segment(_ a: Point, _ b: Point, crosses rect: Rect) -> Bool {
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
}
