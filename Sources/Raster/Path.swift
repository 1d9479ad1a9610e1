import Foundation

/// A vector path: subpaths of lines, quadratic and cubic Bézier curves, optionally closed.
public struct Path: Equatable, Sendable {
    /// One drawing instruction.
    public enum Element: Equatable, Sendable {
        case move(Point)
        case line(Point)
        case quad(Point, Point)
        case cubic(Point, Point, Point)
        case close
    }

    public private(set) var elements: [Element] = []
    private var current = Point(0, 0)
    private var subpathStart = Point(0, 0)
    private var hasCurrentPoint = false

    public init() {}

    public var isEmpty: Bool { elements.isEmpty }

    /// Starts a new subpath at `p`.
    public mutating func move(to p: Point) {
        elements.append(.move(p))
        current = p
        subpathStart = p
        hasCurrentPoint = true
    }

    /// A straight line to `p` (starting a subpath there if none is open).
    public mutating func line(to p: Point) {
        guard hasCurrentPoint else { return move(to: p) }
        elements.append(.line(p))
        current = p
    }

    /// A quadratic Bézier curve with control point `c` to `p`.
    public mutating func quad(to p: Point, control c: Point) {
        guard hasCurrentPoint else { return move(to: p) }
        elements.append(.quad(c, p))
        current = p
    }

    /// A cubic Bézier curve with control points `c1`, `c2` to `p`.
    public mutating func cubic(to p: Point, control1 c1: Point, control2 c2: Point) {
        guard hasCurrentPoint else { return move(to: p) }
        elements.append(.cubic(c1, c2, p))
        current = p
    }

    /// Closes the current subpath with a line back to its start.
    public mutating func close() {
        guard hasCurrentPoint, let last = elements.last, last != .close else { return }
        elements.append(.close)
        current = subpathStart
    }

    /// Appends every element of `other`.
    public mutating func append(_ other: Path) {
        for element in other.elements {
            switch element {
            case let .move(p): move(to: p)
            case let .line(p): line(to: p)
            case let .quad(c, p): quad(to: p, control: c)
            case let .cubic(c1, c2, p): cubic(to: p, control1: c1, control2: c2)
            case .close: close()
            }
        }
    }

    /// The path with every point mapped by `transform`.
    public func applying(_ transform: AffineTransform) -> Path {
        var result = Path()
        for element in elements {
            switch element {
            case let .move(p): result.move(to: transform.apply(p))
            case let .line(p): result.line(to: transform.apply(p))
            case let .quad(c, p): result.quad(to: transform.apply(p), control: transform.apply(c))
            case let .cubic(c1, c2, p):
                result.cubic(to: transform.apply(p), control1: transform.apply(c1), control2: transform.apply(c2))
            case .close: result.close()
            }
        }
        return result
    }

    /// A rectangle that holds every point of the path, control points included.
    public var controlBounds: Rect {
        var bounds = Rect.empty
        func add(_ p: Point) { bounds = bounds.union(Rect(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y)) }
        for element in elements {
            switch element {
            case let .move(p), let .line(p): add(p)
            case let .quad(c, p): add(c); add(p)
            case let .cubic(c1, c2, p): add(c1); add(c2); add(p)
            case .close: break
            }
        }
        return bounds
    }
}

extension Path {
    /// An axis-aligned rectangle, clockwise on screen.
    public static func rectangle(_ r: Rect) -> Path {
        var path = Path()
        path.move(to: Point(r.minX, r.minY))
        path.line(to: Point(r.maxX, r.minY))
        path.line(to: Point(r.maxX, r.maxY))
        path.line(to: Point(r.minX, r.maxY))
        path.close()
        return path
    }

    /// A closed polygon through `points`.
    public static func polygon(_ points: [Point]) -> Path {
        var path = Path()
        guard let first = points.first else { return path }
        path.move(to: first)
        for p in points.dropFirst() { path.line(to: p) }
        path.close()
        return path
    }

    /// An ellipse with radii `rx`, `ry` around `center`.
    public static func ellipse(center: Point, rx: Double, ry: Double) -> Path {
        var path = Path()
        path.addArc(center: center, rx: rx, ry: ry, from: 0, to: 2 * .pi, startNewSubpath: true)
        path.close()
        return path
    }

    /// A circle of `radius` around `center`.
    public static func circle(center: Point, radius: Double) -> Path {
        ellipse(center: center, rx: radius, ry: radius)
    }

    /// Adds an elliptical arc from angle `start` to `end` (radians, increasing clockwise on
    /// screen since y points down), as cubic Béziers of at most 45° each: the radial error
    /// is below 5·10⁻⁶ of the radius.
    public mutating func addArc(
        center: Point, rx: Double, ry: Double, from start: Double, to end: Double, startNewSubpath: Bool = false
    ) {
        let sweep = end - start
        let pieces = max(1, Int((abs(sweep) / (.pi / 4)).rounded(.up)))
        let step = sweep / Double(pieces)
        let k = 4.0 / 3.0 * tan(step / 4)
        func point(_ angle: Double) -> Point { Point(center.x + rx * cos(angle), center.y + ry * sin(angle)) }
        func tangent(_ angle: Double) -> Point { Point(-rx * sin(angle), ry * cos(angle)) }
        if startNewSubpath || !hasCurrentPointForArc { move(to: point(start)) } else { line(to: point(start)) }
        for i in 0..<pieces {
            let a0 = start + Double(i) * step, a1 = a0 + step
            cubic(to: point(a1), control1: point(a0) + tangent(a0) * k, control2: point(a1) - tangent(a1) * k)
        }
    }

    private var hasCurrentPointForArc: Bool {
        guard let last = elements.last else { return false }
        return last != .close
    }
}
