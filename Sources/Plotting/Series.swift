import Foundation
import Raster

/// Line dash styles.
public enum LineStyle: String, Codable, Equatable, Sendable {
    case solid, dashed, dotted, dashDot = "dash-dot", none

    /// The dash pattern in multiples of the line width (matplotlib's scaled patterns).
    var pattern: [Double] {
        switch self {
        case .solid, .none: return []
        case .dashed: return [3.7, 1.6]
        case .dotted: return [1, 1.65]
        case .dashDot: return [6.4, 1.6, 1, 1.6]
        }
    }
}

/// One thing drawn in an axes.
public struct Series: Sendable {
    public enum Kind: Sendable {
        /// A polyline through the points; NaN or infinite values break it.
        case line
        /// Markers only.
        case scatter
        /// A shaded region between `lower` and `upper`.
        case band(lower: [Double], upper: [Double])
        /// Vertical error bars from `lower` to `upper` at each point.
        case errorBars(lower: [Double], upper: [Double])
        /// A horizontal line across the axes at `y` (the first value).
        case horizontalLine
        /// A vertical line across the axes at `x` (the first value).
        case verticalLine
        /// A slope triangle in log-log space: legs at the point, `slope` its exponent.
        case slopeTriangle(slope: Double, text: String)
        /// Text at the point, in markup.
        case annotation(text: String)
        /// Markers along the top edge of the axes at each `x` (points that left the plot,
        /// such as diverged runs); they do not enter the limits. `pointLabels`, when given,
        /// are drawn beside each marker (how many curves a marker stands for).
        case topEdgeMarkers
        /// A slope guide in log-log space, `run` its factor in x: layout places it where no
        /// data passes (and the legend is not), inside the axes, with `text` beside it. It
        /// does not enter the limits.
        case slopeGuide(slope: Double, run: Double, text: String)
    }

    public var kind: Kind
    public var x: [Double]
    public var y: [Double]
    /// The legend entry, in markup; nil keeps the series out of the legend.
    public var label: String?
    public var color: Color
    public var lineWidth: Double?
    public var lineStyle: LineStyle
    public var marker: Marker?
    public var markerSize: Double?
    /// Opacity for bands; 1 for other kinds.
    public var alpha: Double
    /// Marks the last finite point with a cross (a diverged run).
    public var marksDivergence: Bool
    /// Per-point colours for scatter plots coloured by a continuous value.
    public var pointColors: [Color]?
    /// Per-point texts (for top-edge markers: the count each marker stands for).
    public var pointLabels: [String]?

    public init(kind: Kind, x: [Double], y: [Double], label: String? = nil, color: Color, lineWidth: Double? = nil,
                lineStyle: LineStyle = .solid, marker: Marker? = nil, markerSize: Double? = nil, alpha: Double = 1,
                marksDivergence: Bool = false, pointColors: [Color]? = nil, pointLabels: [String]? = nil) {
        self.kind = kind
        self.x = x
        self.y = y
        self.label = label
        self.color = color
        self.lineWidth = lineWidth
        self.lineStyle = lineStyle
        self.marker = marker
        self.markerSize = markerSize
        self.alpha = alpha
        self.marksDivergence = marksDivergence
        self.pointColors = pointColors
        self.pointLabels = pointLabels
    }

    /// The points that count for automatic limits and legend placement.
    var dataPoints: [(Double, Double)] {
        switch kind {
        case .horizontalLine, .verticalLine, .annotation, .topEdgeMarkers, .slopeGuide: return []
        case let .slopeTriangle(slope, _):
            guard x.count >= 2, let y0 = y.first else { return [] }
            return [(x[0], y0), (x[1], y0 * pow(x[1] / x[0], slope))]
        case let .band(lower, upper), let .errorBars(lower, upper):
            return Array(zip(x, lower)) + Array(zip(x, upper)) + Array(zip(x, y))
        case .line, .scatter:
            return Array(zip(x, y))
        }
    }
}
