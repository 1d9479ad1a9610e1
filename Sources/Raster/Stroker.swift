import Foundation

/// Turns stroked polylines into polygons that, filled with the nonzero rule, cover the
/// stroke: one loop per open polyline (left side forward, end cap, right side back, start
/// cap) and two loops per closed one. Inner corners pass through the vertex so that the
/// overlapping parts keep a nonzero winding.
public enum Stroker {
    /// The outline polygons of `polylines` stroked with `style` (dashes already applied).
    public static func outline(_ polylines: [Polyline], style: StrokeStyle, tolerance: Double = Flattener.defaultTolerance) -> [Polyline] {
        let halfWidth = style.width / 2
        guard halfWidth > 0, halfWidth.isFinite else { return [] }
        var result: [Polyline] = []
        for polyline in polylines {
            var points: [Point] = []
            for p in polyline.points where points.last.map({ ($0 - p).length > 1e-9 }) ?? true { points.append(p) }
            if polyline.isClosed, points.count > 2, let first = points.first, let last = points.last, (first - last).length <= 1e-9 {
                points.removeLast()
            }
            if points.count == 1 {
                result += capOnly(points[0], halfWidth: halfWidth, cap: style.cap, tolerance: tolerance)
            } else if polyline.isClosed && points.count > 2 {
                result.append(Polyline(points: side(points, closed: true, sign: 1, halfWidth: halfWidth, style: style, tolerance: tolerance), isClosed: true))
                result.append(Polyline(points: side(points, closed: true, sign: -1, halfWidth: halfWidth, style: style, tolerance: tolerance).reversed(), isClosed: true))
            } else if points.count >= 2 {
                var loop = side(points, closed: false, sign: 1, halfWidth: halfWidth, style: style, tolerance: tolerance)
                let endDirection = (points[points.count - 1] - points[points.count - 2]).normalized
                loop += cap(at: points[points.count - 1], direction: endDirection, halfWidth: halfWidth, cap: style.cap, tolerance: tolerance)
                loop += side(points, closed: false, sign: -1, halfWidth: halfWidth, style: style, tolerance: tolerance).reversed()
                let startDirection = (points[0] - points[1]).normalized
                loop += cap(at: points[0], direction: startDirection, halfWidth: halfWidth, cap: style.cap, tolerance: tolerance)
                result.append(Polyline(points: loop, isClosed: true))
            }
        }
        return result
    }

    /// One side (`sign` +1 left, −1 right, relative to the normal `(−d.y, d.x)`) of the
    /// stroke, forward, with joins at interior vertices.
    private static func side(_ p: [Point], closed: Bool, sign s: Double, halfWidth h: Double, style: StrokeStyle, tolerance: Double) -> [Point] {
        let n = p.count
        let segmentCount = closed ? n : n - 1
        func direction(_ i: Int) -> Point { (p[(i + 1) % n] - p[i]).normalized }
        var out: [Point] = []
        if !closed { out.append(p[0] + direction(0).perpendicular * (s * h)) }
        let vertices = closed ? Array(0..<n) : Array(1..<(n - 1))
        for k in vertices {
            let before = direction((k - 1 + segmentCount) % segmentCount)
            let after = direction(k % segmentCount)
            let n0 = before.perpendicular, n1 = after.perpendicular
            let a = p[k] + n0 * (s * h), b = p[k] + n1 * (s * h)
            let turn = before.cross(after)
            if abs(turn) < 1e-9 && before.dot(after) > 0 {
                out.append(a)
            } else if s * turn > 0 {
                out += [a, p[k], b]  // inner side: through the vertex
            } else {
                out.append(a)
                switch style.join {
                case .bevel:
                    break
                case .miter:
                    let sum = n0 + n1
                    let squared = sum.dot(sum)
                    if squared > 1e-12, 2 / squared.squareRoot() <= style.miterLimit {
                        out.append(p[k] + sum * (s * h * 2 / squared))
                    }
                case .round:
                    out += arc(center: p[k], radius: h, from: n0 * s, to: n1 * s, tolerance: tolerance)
                }
                out.append(b)
            }
        }
        if !closed { out.append(p[n - 1] + direction(n - 2).perpendicular * (s * h)) }
        return out
    }

    /// Points of the end cap at `point` for a stroke leaving in `direction`, from the left
    /// side to the right side (exclusive of both).
    private static func cap(at point: Point, direction d: Point, halfWidth h: Double, cap: LineCap, tolerance: Double) -> [Point] {
        let normal = d.perpendicular
        switch cap {
        case .butt: return []
        case .square: return [point + normal * h + d * h, point - normal * h + d * h]
        case .round:
            // From +normal through +d to −normal.
            let half1 = arc(center: point, radius: h, from: normal, to: d, tolerance: tolerance)
            let half2 = arc(center: point, radius: h, from: d, to: normal * -1, tolerance: tolerance)
            return half1 + [point + d * h] + half2
        }
    }

    /// Interior points of the shorter circular arc from unit vector `u` to `v`.
    private static func arc(center: Point, radius: Double, from u: Point, to v: Point, tolerance: Double) -> [Point] {
        let start = atan2(u.y, u.x)
        var sweep = atan2(v.y, v.x) - start
        if sweep > .pi { sweep -= 2 * .pi }
        if sweep < -.pi { sweep += 2 * .pi }
        // Chord error r(1 − cos(θ/2)) ≤ tolerance.
        let maxStep = 2 * acos(max(-1, min(1, 1 - tolerance / max(radius, 1e-9))))
        let steps = max(1, Int((abs(sweep) / max(maxStep, 1e-3)).rounded(.up)))
        return (1..<steps).map { i in
            let angle = start + sweep * Double(i) / Double(steps)
            return center + Point(cos(angle), sin(angle)) * radius
        }
    }

    /// A lone point: a disc or a square for round or square caps, nothing for butt caps.
    private static func capOnly(_ p: Point, halfWidth h: Double, cap: LineCap, tolerance: Double) -> [Polyline] {
        switch cap {
        case .butt: return []
        case .square:
            return [Polyline(points: [p + Point(-h, -h), p + Point(h, -h), p + Point(h, h), p + Point(-h, h)], isClosed: true)]
        case .round:
            return Flattener.flatten(Path.circle(center: p, radius: h), tolerance: tolerance)
        }
    }

    /// Cuts polylines into the "on" pieces of a dash pattern (lengths in pixels).
    public static func dash(_ polylines: [Polyline], pattern: [Double], offset: Double) -> [Polyline] {
        let pattern = pattern.map { max($0, 0) }
        let period = pattern.reduce(0, +)
        guard !pattern.isEmpty, period > 0, pattern.count % 2 == 0 || pattern.count == 1 else { return polylines }
        let full = pattern.count == 1 ? [pattern[0], pattern[0]] : pattern
        var result: [Polyline] = []
        for polyline in polylines {
            var points = polyline.points
            if polyline.isClosed, let first = points.first, points.last != first { points.append(first) }
            guard points.count >= 2 else { continue }
            // Position in the pattern.
            var index = 0
            var remaining = full[0]
            var phase = offset.truncatingRemainder(dividingBy: period)
            if phase < 0 { phase += period }
            while phase > 0 {
                if phase >= remaining { phase -= remaining; index = (index + 1) % full.count; remaining = full[index] }
                else { remaining -= phase; phase = 0 }
            }
            var current: [Point] = index % 2 == 0 ? [points[0]] : []
            for i in 0..<(points.count - 1) {
                var a = points[i]
                let b = points[i + 1]
                var segment = (b - a).length
                while segment > 0 {
                    if remaining >= segment {
                        remaining -= segment
                        if index % 2 == 0 { current.append(b) }
                        segment = 0
                    } else {
                        let cut = a + (b - a).normalized * remaining
                        segment -= remaining
                        a = cut
                        if index % 2 == 0 {
                            current.append(cut)
                            result.append(Polyline(points: current, isClosed: false))
                            current = []
                        } else {
                            current = [cut]
                        }
                        index = (index + 1) % full.count
                        remaining = full[index]
                    }
                }
            }
            if index % 2 == 0, current.count >= 2 { result.append(Polyline(points: current, isClosed: false)) }
        }
        return result
    }
}

extension Canvas {
    /// Strokes `path` (pixel coordinates) with `color` and `style`.
    ///
    /// Strokes thinner than 1 px are drawn 1 px wide with their opacity scaled by the width,
    /// so hairlines fade instead of vanishing or breaking into blotches.
    public mutating func stroke(_ path: Path, color: Color, style: StrokeStyle, tolerance: Double = Flattener.defaultTolerance) {
        var polylines = Flattener.flatten(path, tolerance: tolerance)
        var style = style
        var color = color
        if style.width < 1 {
            color = color.withAlpha(color.alpha * max(style.width, 0))
            style.width = 1
        }
        if style.snapsToPixels { polylines = polylines.map { PixelSnapping.snap($0, lineWidth: style.width) } }
        if !style.dashes.isEmpty { polylines = Stroker.dash(polylines, pattern: style.dashes, offset: style.dashOffset) }
        fill(Stroker.outline(polylines, style: style, tolerance: tolerance), color: color, rule: .nonZero)
    }
}

/// Moves axis-aligned lines onto the pixel grid.
public enum PixelSnapping {
    /// The coordinate nearest `value` at which a line of `lineWidth` pixels covers whole
    /// pixels: a pixel centre for odd widths, a pixel edge for even ones.
    public static func snap(_ value: Double, lineWidth: Double) -> Double {
        let rounded = max(1, lineWidth.rounded())
        if Int(rounded) % 2 == 1 { return (value - 0.5).rounded() + 0.5 }
        return value.rounded()
    }

    /// Snaps every point of a polyline whose segments are all horizontal or vertical;
    /// other polylines are returned unchanged.
    public static func snap(_ polyline: Polyline, lineWidth: Double) -> Polyline {
        let p = polyline.points
        let axisAligned = zip(p, p.dropFirst()).allSatisfy { abs($0.x - $1.x) < 1e-9 || abs($0.y - $1.y) < 1e-9 }
        guard axisAligned else { return polyline }
        return Polyline(points: p.map { Point(snap($0.x, lineWidth: lineWidth), snap($0.y, lineWidth: lineWidth)) }, isClosed: polyline.isClosed)
    }
}
