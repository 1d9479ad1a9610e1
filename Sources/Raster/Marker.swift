import Foundation

/// Plot markers as paths centred on a point.
public enum Marker: String, CaseIterable, Codable, Sendable {
    case circle, square, triangleUp = "triangle-up", triangleDown = "triangle-down", diamond, plus, cross, star

    /// True for markers drawn as closed shapes (filled, with an edge); `plus` and `cross`
    /// are open strokes.
    public var isClosed: Bool { self != .plus && self != .cross }

    /// The marker's path of overall size `size` pixels (the circle's diameter) at `center`.
    public func path(size: Double, at center: Point) -> Path {
        let r = size / 2
        func polygon(_ unit: [(Double, Double)]) -> Path {
            Path.polygon(unit.map { Point(center.x + $0.0 * r, center.y + $0.1 * r) })
        }
        switch self {
        case .circle:
            return Path.circle(center: center, radius: r)
        case .square:
            let s = r * 0.886  // equal area with the circle, as matplotlib does
            return Path.rectangle(Rect(x: center.x - s, y: center.y - s, width: 2 * s, height: 2 * s))
        case .triangleUp:
            return polygon([(0, -1), (0.866, 0.5), (-0.866, 0.5)])
        case .triangleDown:
            return polygon([(0, 1), (-0.866, -0.5), (0.866, -0.5)])
        case .diamond:
            return polygon([(0, -1), (0.7, 0), (0, 1), (-0.7, 0)])
        case .plus:
            var path = Path()
            path.move(to: Point(center.x - r, center.y)); path.line(to: Point(center.x + r, center.y))
            path.move(to: Point(center.x, center.y - r)); path.line(to: Point(center.x, center.y + r))
            return path
        case .cross:
            let d = r * 0.7071
            var path = Path()
            path.move(to: Point(center.x - d, center.y - d)); path.line(to: Point(center.x + d, center.y + d))
            path.move(to: Point(center.x - d, center.y + d)); path.line(to: Point(center.x + d, center.y - d))
            return path
        case .star:
            let points = (0..<10).map { i -> (Double, Double) in
                let angle = -Double.pi / 2 + Double(i) * Double.pi / 5
                let radius = i % 2 == 0 ? 1.0 : 0.382
                return (radius * cos(angle), radius * sin(angle))
            }
            return polygon(points)
        }
    }
}

/// The coverage of a shape in a small block of pixels, computed once and stamped often.
struct CoverageStamp: Sendable {
    let width: Int
    let height: Int
    /// Canvas position of the block's top-left pixel, relative to the marker centre's pixel.
    let offset: Int
    let values: [Float]
}

/// Marker stamps by shape, size, edge width and quarter-pixel offset of the centre. Plots
/// draw the same marker hundreds of times; stamping its coverage is much cheaper than
/// flattening, stroking and rasterizing it each time, and a quarter pixel of position is
/// invisible.
final class MarkerStampCache: @unchecked Sendable {
    struct Key: Hashable {
        let marker: Marker
        let size: Int, edgeWidth: Int
        let subX: Int, subY: Int
    }
    private var stamps: [Key: (fill: CoverageStamp?, edge: CoverageStamp?)] = [:]
    private let lock = NSLock()

    func stamps(for key: Key) -> (fill: CoverageStamp?, edge: CoverageStamp?) {
        lock.lock()
        if let found = stamps[key] { lock.unlock(); return found }
        lock.unlock()
        let made = Self.make(key)
        lock.lock()
        stamps[key] = made
        lock.unlock()
        return made
    }

    private static func make(_ key: Key) -> (fill: CoverageStamp?, edge: CoverageStamp?) {
        let size = Double(key.size) / 64, edgeWidth = Double(key.edgeWidth) / 64
        let half = size / 2 + max(edgeWidth, 1) + 2
        let offset = Int(half.rounded(.up))
        let extent = 2 * offset + 2
        let center = Point(Double(offset) + Double(key.subX) / 4, Double(offset) + Double(key.subY) / 4)
        let path = key.marker.path(size: size, at: center)
        func stamp(_ polylines: [Polyline], scale: Float = 1) -> CoverageStamp {
            var rasterizer = CoverageRasterizer()
            rasterizer.reset(width: extent, height: extent)
            rasterizer.add(polylines)
            var values = [Float](repeating: 0, count: extent * extent)
            rasterizer.drain(rule: .nonZero) { row, first, coverage in
                for i in 0..<coverage.count { values[row * extent + first + i] = coverage[i] * scale }
            }
            return CoverageStamp(width: extent, height: extent, offset: offset, values: values)
        }
        let polylines = Flattener.flatten(path)
        // Edges under 1 px are drawn 1 px wide and fainter, as strokes are.
        let strokeWidth = key.marker.isClosed ? edgeWidth : max(edgeWidth, 1)
        let edgeScale = Float(min(strokeWidth, 1))
        let style = StrokeStyle(width: max(strokeWidth, 1), cap: .butt, join: .miter)
        let edge = strokeWidth > 0 ? stamp(Stroker.outline(polylines, style: style), scale: edgeScale) : nil
        return (key.marker.isClosed ? stamp(polylines) : nil, edge)
    }
}

extension Canvas {
    /// Draws `marker` at `center`: closed markers filled with `fill` and outlined with
    /// `edge`; open ones stroked with `edge`. The centre is placed to a quarter pixel.
    public mutating func drawMarker(_ marker: Marker, at center: Point, size: Double, fill: Color, edge: Color, edgeWidth: Double) {
        guard center.x.isFinite, center.y.isFinite, size > 0, size < 4096 else { return }
        var ix = Int(center.x.rounded(.down)), iy = Int(center.y.rounded(.down))
        var subX = Int(((center.x - Double(ix)) * 4).rounded()), subY = Int(((center.y - Double(iy)) * 4).rounded())
        if subX == 4 { subX = 0; ix += 1 }
        if subY == 4 { subY = 0; iy += 1 }
        let key = MarkerStampCache.Key(
            marker: marker, size: Int((size * 64).rounded()), edgeWidth: Int((max(edgeWidth, 0) * 64).rounded()),
            subX: subX, subY: subY)
        let stamps = markerStamps.stamps(for: key)
        if let stamp = stamps.fill, marker.isClosed { self.stamp(stamp, x: ix, y: iy, color: fill) }
        if let stamp = stamps.edge, edge.alpha > 0 { self.stamp(stamp, x: ix, y: iy, color: edge) }
    }

    mutating func stamp(_ stamp: CoverageStamp, x: Int, y: Int, color: Color) {
        let left = x - stamp.offset, top = y - stamp.offset
        stamp.values.withUnsafeBufferPointer { values in
            for row in 0..<stamp.height {
                let span = UnsafeBufferPointer(rebasing: values[(row * stamp.width)..<((row + 1) * stamp.width)])
                blendSpan(row: top + row, firstColumn: left, coverage: span, color: color)
            }
        }
    }
}
