import Raster

/// Sizes and colours of everything a figure draws, in points (1/72 inch).
public struct Theme: Equatable, Sendable {
    public var fontSize: Double
    public var titleSize: Double
    public var figureTitleSize: Double
    public var tickLabelSize: Double
    public var legendFontSize: Double
    public var lineWidth: Double
    public var markerSize: Double
    public var markerEdgeWidth: Double
    public var spineWidth: Double
    public var majorTickLength: Double
    public var majorTickWidth: Double
    public var minorTickLength: Double
    public var minorTickWidth: Double
    public var tickPad: Double
    public var labelPad: Double
    public var titlePad: Double
    public var gridWidth: Double
    public var gridColor: Color
    public var minorGridColor: Color
    public var textColor: Color
    public var background: Color
    /// Space around the figure edge and between panels, in multiples of the font size
    /// (matplotlib's `tight_layout(pad=1.08)`).
    public var layoutPad: Double
    /// Fraction of the data range added on each side of automatic limits.
    public var margin: Double
    public var cycle: [Color]

    /// matplotlib's defaults: DejaVu Sans 10 pt, 1.5 pt lines, ticks outside, tab10.
    public static let `default` = Theme(
        fontSize: 10, titleSize: 12, figureTitleSize: 12, tickLabelSize: 10, legendFontSize: 10,
        lineWidth: 1.5, markerSize: 6, markerEdgeWidth: 1, spineWidth: 0.8,
        majorTickLength: 3.5, majorTickWidth: 0.8, minorTickLength: 2, minorTickWidth: 0.6,
        tickPad: 3.5, labelPad: 4, titlePad: 6, gridWidth: 0.8, gridColor: Color(hex: 0xB0B0B0),
        minorGridColor: Color(hex: 0xDDDDDD), textColor: .black, background: .white, layoutPad: 1.08,
        margin: 0.05, cycle: Colormap.tab10)

    /// A compact theme for papers: 8 pt text, thinner lines, tighter spacing.
    public static let paper = Theme(
        fontSize: 8, titleSize: 9, figureTitleSize: 10, tickLabelSize: 7, legendFontSize: 7,
        lineWidth: 1.2, markerSize: 4.5, markerEdgeWidth: 0.8, spineWidth: 0.6,
        majorTickLength: 3, majorTickWidth: 0.6, minorTickLength: 1.7, minorTickWidth: 0.5,
        tickPad: 2.5, labelPad: 3, titlePad: 4, gridWidth: 0.5, gridColor: Color(hex: 0xC8C8C8),
        minorGridColor: Color(hex: 0xE6E6E6), textColor: .black, background: .white, layoutPad: 0.8,
        margin: 0.05, cycle: Colormap.tab10)
}
