/// A subpath turned into straight segments.
public struct Polyline: Equatable, Sendable {
    public var points: [Point]
    /// True when the subpath was closed (the last point connects back to the first).
    public var isClosed: Bool
}

/// Turns curves into straight segments within a distance tolerance.
///
/// A Bézier curve deviates from the chords of `n` uniform parameter steps by at most
/// `M / (8n²)`, where `M` bounds its second derivative: `2·|p0 − 2p1 + p2|` for a quadratic,
/// `6·max(|p0 − 2p1 + p2|, |p1 − 2p2 + p3|)` for a cubic. So `n = ⌈√(M / (8·tolerance))⌉`
/// segments keep every point of the curve within `tolerance` of the polyline.
public enum Flattener {
    /// The default tolerance, in pixels.
    public static let defaultTolerance = 0.1

    /// The subpaths of `path` as polylines. Subpaths are kept even when they have one point,
    /// so that the stroker can draw round or square caps on zero-length segments.
    public static func flatten(_ path: Path, tolerance: Double = defaultTolerance) -> [Polyline] {
        var result: [Polyline] = []
        var points: [Point] = []
        func finish(closed: Bool) {
            if !points.isEmpty { result.append(Polyline(points: points, isClosed: closed)) }
            points = []
        }
        let tol = max(tolerance, 1e-6)
        for element in path.elements {
            switch element {
            case let .move(p):
                finish(closed: false)
                points = [p]
            case let .line(p):
                points.append(p)
            case let .quad(c, p):
                let p0 = points.last ?? c
                let dd = (p0 - 2 * c + p).length
                let n = segmentCount(secondDerivativeBound: 2 * dd, tolerance: tol)
                for i in 1...n {
                    let t = Double(i) / Double(n), u = 1 - t
                    points.append(u * u * p0 + 2 * u * t * c + t * t * p)
                }
            case let .cubic(c1, c2, p):
                let p0 = points.last ?? c1
                let dd = max((p0 - 2 * c1 + c2).length, (c1 - 2 * c2 + p).length)
                let n = segmentCount(secondDerivativeBound: 6 * dd, tolerance: tol)
                for i in 1...n {
                    let t = Double(i) / Double(n), u = 1 - t
                    points.append(u * u * u * p0 + 3 * u * u * t * c1 + 3 * u * t * t * c2 + t * t * t * p)
                }
            case .close:
                let start = points.first
                if let start, let last = points.last, last != start { points.append(start) }
                finish(closed: true)
                if let start { points = [] ; _ = start }
            }
        }
        finish(closed: false)
        return result
    }

    static func segmentCount(secondDerivativeBound m: Double, tolerance: Double) -> Int {
        guard m.isFinite, m > 0 else { return 1 }
        return min(10_000, max(1, Int((m / (8 * tolerance)).squareRoot().rounded(.up))))
    }
}
