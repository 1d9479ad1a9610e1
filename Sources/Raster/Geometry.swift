import Foundation

/// A point or vector in pixels (x right, y down) or in any user space.
public struct Point: Equatable, Hashable, Sendable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    public static func + (a: Point, b: Point) -> Point { Point(a.x + b.x, a.y + b.y) }
    public static func - (a: Point, b: Point) -> Point { Point(a.x - b.x, a.y - b.y) }
    public static func * (a: Point, s: Double) -> Point { Point(a.x * s, a.y * s) }
    public static func * (s: Double, a: Point) -> Point { Point(a.x * s, a.y * s) }

    /// Euclidean length.
    public var length: Double { (x * x + y * y).squareRoot() }
    /// The vector scaled to length 1 (zero stays zero).
    public var normalized: Point {
        let l = length
        return l > 0 ? Point(x / l, y / l) : self
    }
    /// The vector turned 90° (counter-clockwise in y-up terms).
    public var perpendicular: Point { Point(-y, x) }

    public func dot(_ other: Point) -> Double { x * other.x + y * other.y }
    public func cross(_ other: Point) -> Double { x * other.y - y * other.x }
}

/// An axis-aligned rectangle.
public struct Rect: Equatable, Sendable {
    public var minX: Double, minY: Double, maxX: Double, maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.init(minX: x, minY: y, maxX: x + width, maxY: y + height)
    }

    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }
    public var isEmpty: Bool { !(maxX > minX && maxY > minY) }
    public var center: Point { Point((minX + maxX) / 2, (minY + maxY) / 2) }

    /// True for `Rect.empty`-like rectangles that hold no point at all (a single point or a
    /// line is not null, though it is empty).
    public var isNull: Bool { !(minX <= maxX && minY <= maxY) }

    /// The smallest rectangle holding both.
    public func union(_ other: Rect) -> Rect {
        if isNull { return other }
        if other.isNull { return self }
        return Rect(minX: min(minX, other.minX), minY: min(minY, other.minY), maxX: max(maxX, other.maxX), maxY: max(maxY, other.maxY))
    }

    /// The overlap of both (empty when they do not meet).
    public func intersection(_ other: Rect) -> Rect {
        Rect(minX: max(minX, other.minX), minY: max(minY, other.minY), maxX: min(maxX, other.maxX), maxY: min(maxY, other.maxY))
    }

    /// True when the two overlap with positive area.
    public func intersects(_ other: Rect) -> Bool { !intersection(other).isEmpty }

    /// The rectangle grown by `d` on every side.
    public func insetBy(_ d: Double) -> Rect { Rect(minX: minX + d, minY: minY + d, maxX: maxX - d, maxY: maxY - d) }

    public func contains(_ p: Point) -> Bool { p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY }

    /// A rectangle that holds nothing, the neutral element of `union`.
    public static let empty = Rect(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)
}

/// An affine map `p ↦ (a·x + c·y + tx, b·x + d·y + ty)`.
public struct AffineTransform: Equatable, Sendable {
    public var a, b, c, d, tx, ty: Double

    public init(a: Double, b: Double, c: Double, d: Double, tx: Double, ty: Double) {
        self.a = a; self.b = b; self.c = c; self.d = d; self.tx = tx; self.ty = ty
    }

    public static let identity = AffineTransform(a: 1, b: 0, c: 0, d: 1, tx: 0, ty: 0)

    public static func translation(_ x: Double, _ y: Double) -> AffineTransform {
        AffineTransform(a: 1, b: 0, c: 0, d: 1, tx: x, ty: y)
    }

    public static func scale(_ sx: Double, _ sy: Double) -> AffineTransform {
        AffineTransform(a: sx, b: 0, c: 0, d: sy, tx: 0, ty: 0)
    }

    /// Rotation by `radians`; with y pointing down a positive angle turns clockwise on screen.
    public static func rotation(_ radians: Double) -> AffineTransform {
        let cosine = cos(radians), sine = sin(radians)
        return AffineTransform(a: cosine, b: sine, c: -sine, d: cosine, tx: 0, ty: 0)
    }

    /// `self` applied after `first`.
    public func concatenating(_ first: AffineTransform) -> AffineTransform {
        AffineTransform(
            a: a * first.a + c * first.b, b: b * first.a + d * first.b,
            c: a * first.c + c * first.d, d: b * first.c + d * first.d,
            tx: a * first.tx + c * first.ty + tx, ty: b * first.tx + d * first.ty + ty)
    }

    public func apply(_ p: Point) -> Point { Point(a * p.x + c * p.y + tx, b * p.x + d * p.y + ty) }

    /// The largest factor by which the map stretches a length (for flattening tolerance).
    public var maximumScale: Double {
        let s1 = (a * a + b * b).squareRoot(), s2 = (c * c + d * d).squareRoot()
        return max(s1, s2)
    }
}
