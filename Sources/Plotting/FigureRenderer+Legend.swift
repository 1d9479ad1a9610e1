import Foundation
import Raster

/// Drawing legends and colour bars where layout placed them.
extension FigureRenderer {
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
        guard let rect = layout.legends[panel] else { return }
        let em = theme.legendFontSize * px
        let frame = roundedRectangle(rect, radius: 0.2 * em)
        surface.fill(frame, color: theme.background.withAlpha(0.8))
        surface.stroke(frame, color: Color(hex: 0xCCCCCC), style: StrokeStyle(width: 1 * px, join: .round))
        let entries = figure.axes[panel].series.filter { $0.label != nil }
        for (series, placed) in zip(entries, layout.legendTexts[panel]) {
            let center = placed.point.y + (placed.layout.ascent + placed.layout.descent) / 2
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
        }
    }

    func drawColorBar<S: Surface>(_ panel: Int, on surface: inout S) {
        guard let bar = figure.axes[panel].colorBar, let placed = layout.placedColorBars[panel] else { return }
        let rect = placed.rect, ticks = placed.ticks
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
