import Raster

/// Where a legend goes.
public enum LegendPlacement: String, Equatable, Sendable, CaseIterable {
    /// Inside the axes, where it hides the fewest data points (matplotlib's "best").
    case best
    case upperRight = "upper-right", upperLeft = "upper-left", lowerLeft = "lower-left", lowerRight = "lower-right"
    /// Outside the axes, to the right, or below.
    case outsideRight = "outside-right", below
    case none
}

/// A colour bar beside an axes for series coloured by a continuous value.
public struct ColorBar: Sendable {
    public var colormap: Colormap
    public var low: Double
    public var high: Double
    public var scale: Scale
    /// The label, in markup.
    public var label: String

    public init(colormap: Colormap, low: Double, high: Double, scale: Scale = .linear, label: String = "") {
        self.colormap = colormap
        self.low = low
        self.high = high
        self.scale = scale
        self.label = label
    }

    /// The colour for `value`.
    public func color(for value: Double) -> Color {
        let a = scale.forward(low), b = scale.forward(high), v = scale.forward(value)
        return colormap.color(at: b == a ? 0 : (v - a) / (b - a))
    }
}

/// One panel: scales, limits, labels, series, legend, colour bar.
public struct Axes: Sendable {
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    public var xScale: Scale = .linear
    public var yScale: Scale = .linear
    /// Fixed limits; nil for automatic limits from the data plus margins.
    public var xLimits: ClosedRange<Double>?
    public var yLimits: ClosedRange<Double>?
    public var majorGrid = true
    public var minorGrid = false
    public var legend: LegendPlacement = .best
    public var colorBar: ColorBar?
    /// Leaves points far outside the bulk of the data (in scale space, beyond three
    /// interquartile ranges past the quartiles) out of the automatic y limits, so one near-diverged value does not flatten the rest; layout marks each
    /// point it leaves out with a triangle on the edge it passed.
    public var clipsOutliers = false
    public private(set) var series: [Series] = []

    public init() {}

    var nextColor: Int { series.filter { s in if case .line = s.kind { return true }; if case .scatter = s.kind { return true }; return false }.count }

    /// Adds any series.
    public mutating func add(_ s: Series) { series.append(s) }

    /// A line through `(x, y)`, with optional markers; NaN breaks the line.
    public mutating func plot(x: [Double], y: [Double], label: String? = nil, color: Color? = nil, marker: Marker? = nil,
                              lineStyle: LineStyle = .solid, lineWidth: Double? = nil, markerSize: Double? = nil, marksDivergence: Bool = false,
                              theme: Theme = .default) {
        add(Series(kind: .line, x: x, y: y, label: label, color: color ?? theme.cycle[nextColor % theme.cycle.count],
                   lineWidth: lineWidth, lineStyle: lineStyle, marker: marker, markerSize: markerSize, marksDivergence: marksDivergence))
    }

    /// Markers at `(x, y)`, optionally coloured per point.
    public mutating func scatter(x: [Double], y: [Double], label: String? = nil, color: Color? = nil, marker: Marker = .circle,
                                 pointColors: [Color]? = nil, theme: Theme = .default) {
        add(Series(kind: .scatter, x: x, y: y, label: label, color: color ?? theme.cycle[nextColor % theme.cycle.count],
                   lineStyle: .none, marker: marker, pointColors: pointColors))
    }

    /// A shaded band between `lower` and `upper` (e.g. the spread over seeds).
    public mutating func band(x: [Double], lower: [Double], upper: [Double], color: Color, alpha: Double = 0.2, label: String? = nil) {
        add(Series(kind: .band(lower: lower, upper: upper), x: x, y: zip(lower, upper).map { ($0 + $1) / 2 }, label: label, color: color, alpha: alpha))
    }

    /// Vertical error bars.
    public mutating func errorBars(x: [Double], y: [Double], lower: [Double], upper: [Double], color: Color, label: String? = nil) {
        add(Series(kind: .errorBars(lower: lower, upper: upper), x: x, y: y, label: label, color: color, lineStyle: .solid))
    }

    /// A horizontal reference line.
    public mutating func horizontalLine(_ y: Double, color: Color = Color(hex: 0x555555), lineStyle: LineStyle = .dashed, label: String? = nil) {
        add(Series(kind: .horizontalLine, x: [], y: [y], label: label, color: color, lineWidth: 1, lineStyle: lineStyle))
    }

    /// A vertical reference line.
    public mutating func verticalLine(_ x: Double, color: Color = Color(hex: 0x555555), lineStyle: LineStyle = .dashed, label: String? = nil) {
        add(Series(kind: .verticalLine, x: [x], y: [], label: label, color: color, lineWidth: 1, lineStyle: lineStyle))
    }

    /// A reference slope triangle anchored at `(x, y)` (log-log axes), spanning a factor
    /// `run` in x, with `text` (e.g. "slope ½") beside it.
    public mutating func slopeTriangle(at x: Double, _ y: Double, slope: Double, run: Double = 2, text: String, color: Color = Color(hex: 0x333333)) {
        add(Series(kind: .slopeTriangle(slope: slope, text: text), x: [x, x * run], y: [y], color: color, lineWidth: 1))
    }

    /// Markers on the top edge of the axes at `x` (e.g. × for diverged runs), with a legend
    /// entry when `label` is given.
    public mutating func topEdgeMarkers(x: [Double], marker: Marker = .cross, label: String? = nil, color: Color, counts: [Int]? = nil) {
        let labels = counts.map { $0.map { $0 > 1 ? "×\($0)" : "" } }
        add(Series(kind: .topEdgeMarkers, x: x, y: [], label: label, color: color, lineStyle: .none, marker: marker, pointLabels: labels))
    }

    /// A slope guide (log-log axes): a triangle spanning a factor `run` in x with slope
    /// `slope`, and `text` beside it, placed by layout where no curve, band or legend is,
    /// fully inside the axes.
    public mutating func slopeGuide(slope: Double, run: Double = 4, text: String, color: Color = Color(hex: 0x333333)) {
        add(Series(kind: .slopeGuide(slope: slope, run: run, text: text), x: [], y: [], color: color, lineWidth: 1))
    }

    /// Text at a data point, in markup.
    public mutating func annotate(_ text: String, x: Double, y: Double, color: Color = .black) {
        add(Series(kind: .annotation(text: text), x: [x], y: [y], color: color))
    }
}
