import Foundation
import Raster

/// A slope guide placed by layout: its triangle in pixels and its label.
struct PlacedGuide: Sendable {
    /// The corner at the start of the run, the corner under (or over) the end, and the end.
    let triangle: [Point]
    let label: PlacedText
    /// The triangle's bounding box.
    var triangleBox: Rect { triangle.reduce(Rect.empty) { $0.union(Rect(x: $1.x, y: $1.y, width: 0, height: 0)) } }
}

/// A marker on the edge of an axes where a point left the limits.
struct EdgeMark: Sendable {
    let point: Point
    let marker: Marker
    let color: Color
}

/// Slope guides, clipped-point marks and edge-marker counts: placed where they hide no
/// data and stay inside the axes.
extension FigurePlacement {
    /// The guides of a panel, by series index, each where it covers no data (or the least).
    /// A guide that finds no free place at its run tries half the run (in log space).
    func guides(_ panel: Int, avoiding legend: Rect? = nil) -> [Int: PlacedGuide] {
        let axes = figure.axes[panel]
        let m = layout.mapping(panel, figure)
        guard axes.xScale.isLog, axes.yScale.isLog else { return [:] }
        let box = m.box
        let polylines = dataPolylines(panel)
        var taken: [Rect] = legend.map { [$0] } ?? []
        var result: [Int: PlacedGuide] = [:]
        for (index, series) in axes.series.enumerated() {
            guard case let .slopeGuide(slope, requestedRun, label) = series.kind else { continue }
            var run = max(requestedRun, 1.0001)
            let decade = (axes.xScale.forward(run) - axes.xScale.forward(1)) / (m.x.high - m.x.low) * box.width
            // A guide never takes more than half the panel's width.
            if decade > 0.5 * box.width { run = pow(run, 0.5 * box.width / decade) }
            let text = self.text(label, role: .annotation, panel: panel, points: theme.tickLabelSize * 0.9, at: .init(0, 0),
                                 anchor: TextAnchor(.left, .center), color: series.color)
            var best: (guide: PlacedGuide, badness: Int, distance: Double)?
            for candidateRun in [run, run.squareRoot()] {
                let found = bestGuide(slope: slope, run: candidateRun, text: text, mapping: m, axes: axes, polylines: polylines, taken: taken)
                if let found, best == nil || found.badness < best!.badness { best = found }
                if best?.badness == 0 { break }
            }
            if let best {
                result[index] = best.guide
                taken.append(best.guide.triangleBox)
                taken.append(best.guide.label.box)
            }
        }
        return result
    }

    /// The best place for one guide: fully inside the axes, covering the least data (what
    /// it covers itself counts a hundred times what its margin covers), near the curves.
    func bestGuide(slope: Double, run: Double, text: PlacedText, mapping m: PanelMapping, axes: Axes, polylines: [[Point]],
                   taken: [Rect]) -> (guide: PlacedGuide, badness: Int, distance: Double)? {
        let box = m.box
        let em = theme.tickLabelSize * px
        let clearance = 0.6 * em
        let width = (axes.xScale.forward(run) - axes.xScale.forward(1)) / (m.x.high - m.x.low) * box.width
        let rise = (axes.yScale.forward(pow(run, slope)) - axes.yScale.forward(1)) / (m.y.high - m.y.low) * box.height
        guard width.isFinite, rise.isFinite, width > 2 else { return nil }
        let inside = box.insetBy(2 * px)
        func fits(_ r: Rect) -> Bool { r.minX >= inside.minX && r.maxX <= inside.maxX && r.minY >= inside.minY && r.maxY <= inside.maxY }
        var best: (guide: PlacedGuide, badness: Int, distance: Double)?
        let columns = 16, rows = 20
        for i in 0...columns {
            for j in 0...rows {
                let ax = box.minX + Double(i) / Double(columns) * box.width
                let ay = box.minY + Double(j) / Double(rows) * box.height
                let a = Point(ax, ay), b = Point(ax + width, ay), c = Point(ax + width, ay - rise)
                let triangleBox = Rect(minX: a.x, minY: min(b.y, c.y), maxX: b.x, maxY: max(b.y, c.y))
                guard fits(triangleBox) else { continue }
                // The label right of the vertical leg, or left of the start.
                let labelPlaces = [
                    (Point(b.x + 0.3 * em, (b.y + c.y) / 2), TextAnchor(.left, .center)),
                    (Point(a.x - 0.3 * em, a.y), TextAnchor(.right, .center)),
                ]
                for (point, anchor) in labelPlaces {
                    let labelBox = Canvas.textBox(text.layout, at: point, angle: 0, anchor: anchor)
                    guard fits(labelBox) else { continue }
                    var badness = 0
                    for region in [triangleBox, labelBox] {
                        badness += 100 * Self.coverage(of: region, by: polylines) + Self.coverage(of: region.insetBy(-clearance), by: polylines)
                        badness += taken.filter { $0.intersects(region.insetBy(-clearance / 2)) }.count * 10_000
                    }
                    // Near the curves, to compare slopes by eye, but not on them.
                    let gap = Self.distance(from: triangleBox.union(labelBox), to: polylines)
                    let distance = abs(gap - 2.5 * em)
                    if best == nil || badness < best!.badness || (badness == best!.badness && distance < best!.distance) {
                        let label = PlacedText(role: .annotation, panel: text.panel, runs: text.runs, layout: text.layout, pixelSize: text.pixelSize,
                                               bold: false, point: point, angle: 0, anchor: anchor, color: text.color)
                        best = (PlacedGuide(triangle: [a, b, c], label: label), badness, distance)
                    }
                }
            }
        }
        return best
    }

    /// The distance from `rect` to the nearest drawn segment or point (0 when they meet).
    static func distance(from rect: Rect, to polylines: [[Point]]) -> Double {
        func toRect(_ p: Point) -> Double {
            let dx = max(rect.minX - p.x, 0, p.x - rect.maxX), dy = max(rect.minY - p.y, 0, p.y - rect.maxY)
            return (dx * dx + dy * dy).squareRoot()
        }
        var nearest = Double.infinity
        for polyline in polylines {
            for p in polyline { nearest = min(nearest, toRect(p)) }
            for (a, b) in zip(polyline, polyline.dropFirst()) {
                if segment(a, b, crosses: rect) { return 0 }
                // Sampled: exact enough for choosing among places.
                for k in 1..<8 { nearest = min(nearest, toRect(a + (b - a) * (Double(k) / 8))) }
            }
        }
        return nearest
    }

    /// How much of the data a region covers: the points inside it and the segments that
    /// cross it.
    static func coverage(of region: Rect, by polylines: [[Point]]) -> Int {
        var count = 0
        for polyline in polylines {
            for p in polyline where region.contains(p) { count += 1 }
            for (a, b) in zip(polyline, polyline.dropFirst()) where segment(a, b, crosses: region) { count += 1 }
        }
        return count
    }

    /// Triangles on the edge where a point of a panel with `clipsOutliers` left the limits.
    func clippedMarks(_ panel: Int) -> [EdgeMark] {
        let axes = figure.axes[panel]
        guard axes.clipsOutliers else { return [] }
        let m = layout.mapping(panel, figure)
        let inset = theme.markerSize * px * 0.7
        var marks: [EdgeMark] = []
        for series in axes.series {
            switch series.kind {
            case .line, .scatter: break
            default: continue
            }
            for (x, y) in zip(series.x, series.y) where x.isFinite && y.isFinite {
                let fy = m.y.scaleFraction(y, axes.yScale), fx = m.x.scaleFraction(x, axes.xScale)
                guard fx >= 0, fx <= 1, fy.isFinite else { continue }
                if fy > 1 { marks.append(EdgeMark(point: Point(m.xPixel(x), m.box.minY + inset), marker: .triangleUp, color: series.color)) }
                if fy < 0 { marks.append(EdgeMark(point: Point(m.xPixel(x), m.box.maxY - inset), marker: .triangleDown, color: series.color)) }
            }
        }
        return marks
    }

    /// The counts beside top-edge markers, by series index.
    func edgeMarkerTexts(_ panel: Int) -> [Int: [PlacedText]] {
        let m = layout.mapping(panel, figure)
        var result: [Int: [PlacedText]] = [:]
        for (index, series) in figure.axes[panel].series.enumerated() {
            guard case .topEdgeMarkers = series.kind, let labels = series.pointLabels else { continue }
            let size = (series.markerSize ?? theme.markerSize) * px * 1.3
            result[index] = zip(series.x, labels).compactMap { x, label in
                guard !label.isEmpty, m.x.scaleFraction(x, m.xScale).isFinite else { return nil }
                return text(label, role: .annotation, panel: panel, points: theme.tickLabelSize * 0.9,
                            at: Point(m.xPixel(x) + size * 0.6, m.box.minY + size * 0.6), anchor: TextAnchor(.left, .center), color: series.color)
            }
        }
        return result
    }
}
