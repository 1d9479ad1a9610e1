import Foundation

/// Plot markers as paths centred on a point.
public enum Marker: String, CaseIterable, Sendable {
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

extension Canvas {
    /// Draws `marker` at `center`: closed markers filled with `fill` and outlined with
    /// `edge`; open ones stroked with `edge`.
    public mutating func drawMarker(_ marker: Marker, at center: Point, size: Double, fill: Color, edge: Color, edgeWidth: Double) {
        let path = marker.path(size: size, at: center)
        if marker.isClosed {
            self.fill(path, color: fill)
            if edgeWidth > 0 && edge.alpha > 0 {
                stroke(path, color: edge, style: StrokeStyle(width: edgeWidth, join: .miter))
            }
        } else {
            stroke(path, color: edge, style: StrokeStyle(width: max(edgeWidth, 1), cap: .butt))
        }
    }
}
