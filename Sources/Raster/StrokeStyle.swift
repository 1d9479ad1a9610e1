/// How the ends of open strokes look.
public enum LineCap: String, Sendable, CaseIterable {
    case butt, round, square
}

/// How strokes turn corners.
public enum LineJoin: String, Sendable, CaseIterable {
    case miter, round, bevel
}

/// The geometry of a stroke, in pixels.
public struct StrokeStyle: Equatable, Sendable {
    public var width: Double
    public var cap: LineCap
    public var join: LineJoin
    /// A miter longer than `miterLimit × width` becomes a bevel.
    public var miterLimit: Double
    /// Alternating on and off lengths; empty for a solid line.
    public var dashes: [Double]
    /// How far into the dash pattern the stroke starts.
    public var dashOffset: Double
    /// Moves axis-aligned polylines so their edges fall on pixel boundaries, which makes
    /// 1 px spines, ticks and grid lines crisp.
    public var snapsToPixels: Bool

    public init(
        width: Double, cap: LineCap = .butt, join: LineJoin = .miter, miterLimit: Double = 4,
        dashes: [Double] = [], dashOffset: Double = 0, snapsToPixels: Bool = false
    ) {
        self.width = width
        self.cap = cap
        self.join = join
        self.miterLimit = miterLimit
        self.dashes = dashes
        self.dashOffset = dashOffset
        self.snapsToPixels = snapsToPixels
    }
}
