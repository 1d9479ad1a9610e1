import Plotting
import Raster

/// The numbers behind one figure, computed from runs and cached; `FigureBuilder` draws them.
struct FigureData: Codable, Sendable, Equatable {
    public var id: String
    public var rows: Int
    public var columns: Int
    public var sharedY: Bool
    public var panels: [PanelData]
    /// Panels with the same number share y limits (rows a reader compares), when not all do.
    public var yLimitGroups: [Int]? = nil
}

/// An axis scale as figure data names it.
enum AxisScale: String, Codable, Sendable {
    case linear, log2, log10

    /// The plotting library's scale.
    var scale: Scale {
        switch self {
        case .linear: return .linear
        case .log2: return .log(base: 2)
        case .log10: return .log(base: 10)
        }
    }
}

/// One panel of a figure.
struct PanelData: Codable, Sendable, Equatable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xScale: AxisScale
    public var yScale: AxisScale
    public var series: [SeriesData]
    /// A reference slope triangle, if any.
    public var slopeTriangle: Double?
    /// The series the guide's slope is the theory's for (`h_{2}`), named on the guide.
    public var slopeTriangleFor: String? = nil
    /// A colour bar over widths (log₂), when series are coloured by width.
    public var colorBarRange: [Double]?
    public var colorBarLabel: String?
    public var legend: Bool
    /// Dashed grey lines across the panel at a value of x or y, labelled in the legend.
    public var referenceLines: [ReferenceLine]? = nil
    /// Points far outside the bulk (a near-diverged final loss) stay out of the y limits
    /// and are marked on the edge, so they do not flatten the rest.
    public var clipsOutliers: Bool? = nil
}

/// A line across a panel: `x = value` (vertical) or `y = value` (horizontal).
struct ReferenceLine: Codable, Sendable, Equatable {
    enum Axis: String, Codable, Sendable { case x, y }
    public var axis: Axis
    public var value: Double
    public var label: String
}

/// One curve of a panel: points, with an optional band between `lower` and `upper`.
struct SeriesData: Codable, Sendable, Equatable {
    public var label: String?
    /// Index into the tab10 cycle, or nil when coloured by `colorValue`.
    public var colorIndex: Int?
    /// A value on the colour bar (a width).
    public var colorValue: Double?
    public var x: [Double]
    public var y: [Double]
    public var lower: [Double]?
    public var upper: [Double]?
    public var marker: Marker?
    public var style: LineStyle
    public var diverged: Bool
    /// The marker's size in points; nil for the default.
    public var markerSize: Double? = nil
}
