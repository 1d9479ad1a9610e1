import Foundation
import Raster

/// Ticks of one axis of one panel.
public struct AxisTicks: Sendable {
    /// Limits in scale space (log of values on log axes).
    public var low: Double
    public var high: Double
    /// Major tick values inside the limits, and their labels (markup, empty when hidden).
    public var major: [Double]
    public var labels: [String]
    public var minor: [Double]
    /// `×10^{k}` or `+1e3`, shown at the end of the axis.
    public var annotation: String?
    public var showsLabels: Bool
}

/// What a laid-out element is, for tests and for drawing.
public enum LayoutRole: String, Sendable {
    case axes, title, xLabel, yLabel, xTickLabel, yTickLabel, annotation, legend, colorBar, colorBarLabel, colorBarTickLabel, figureTitle, slopeGuide, slopeGuideLabel
}

/// A box placed by layout.
public struct LayoutElement: Sendable {
    public let role: LayoutRole
    public let panel: Int
    public let box: Rect
}

/// A piece of text placed by layout, in the colour it is drawn in (nil: the theme's).
struct PlacedText: Sendable {
    let role: LayoutRole
    let panel: Int
    let runs: [TextRun]
    let layout: TextLayout
    let pixelSize: Double
    let bold: Bool
    let point: Point
    let angle: Double
    let anchor: TextAnchor
    var color: Color? = nil

    var box: Rect { Canvas.textBox(layout, at: point, angle: angle, anchor: anchor) }
}

/// A colour bar placed by layout: its rectangle and ticks.
struct PlacedColorBar: Sendable {
    let rect: Rect
    let ticks: AxisTicks
}

/// The result of layout: everything the renderer draws, placed. Drawing computes no
/// positions of its own, so every band of a figure draws the same placements.
public struct FigureLayout: Sendable {
    public var boxes: [Rect]
    public var xTicks: [AxisTicks]
    public var yTicks: [AxisTicks]
    /// Legend boxes per panel (nil when there is none).
    public var legends: [Rect?] = []
    /// Colour bar rectangles per panel.
    public var colorBars: [Rect?] { placedColorBars.map { $0?.rect } }

    /// Texts of each panel around its axes (ticks, labels, title, annotations, colour bar).
    var panelTexts: [[PlacedText]] = []
    /// Labels drawn with a series (slope triangles, annotations), by panel and series index.
    var seriesTexts: [[Int: PlacedText]] = []
    /// Legend entry labels, by panel, in the order of the labelled series.
    var legendTexts: [[PlacedText]] = []
    var placedColorBars: [PlacedColorBar?] = []
    var figureTitle: PlacedText?
    /// Slope guides, by panel and series index.
    var guides: [[Int: PlacedGuide]] = []
    /// Marks where points left the limits of panels that clip outliers.
    var clippedMarks: [[EdgeMark]] = []
    /// Counts beside top-edge markers, by panel and series index.
    var edgeMarkerTexts: [[Int: [PlacedText]]] = []
    /// For panels whose legend goes to the best place: how much data the chosen place
    /// still covers (0 when it covers none).
    var legendBadness: [Int] = []

    init(boxes: [Rect], xTicks: [AxisTicks], yTicks: [AxisTicks]) {
        self.boxes = boxes
        self.xTicks = xTicks
        self.yTicks = yTicks
    }

    /// Every laid-out box with what it is, for tests and overlap checks.
    public var elements: [LayoutElement] {
        var elements: [LayoutElement] = []
        for panel in boxes.indices {
            elements.append(LayoutElement(role: .axes, panel: panel, box: boxes[panel]))
            for placed in panelTexts[panel] { elements.append(LayoutElement(role: placed.role, panel: panel, box: placed.box)) }
            if let legend = legends[panel] { elements.append(LayoutElement(role: .legend, panel: panel, box: legend)) }
            if let bar = colorBars[panel] { elements.append(LayoutElement(role: .colorBar, panel: panel, box: bar)) }
            if panel < guides.count {
                for guide in guides[panel].values.sorted(by: { $0.triangleBox.minX < $1.triangleBox.minX }) {
                    elements.append(LayoutElement(role: .slopeGuide, panel: panel, box: guide.triangleBox))
                    elements.append(LayoutElement(role: .slopeGuideLabel, panel: panel, box: guide.label.box))
                }
            }
        }
        if let figureTitle { elements.append(LayoutElement(role: .figureTitle, panel: -1, box: figureTitle.box)) }
        return elements
    }

    /// The drawn data of a panel in pixels, one polyline per series (lines, markers, bands,
    /// error bars), for tests that check that nothing sits on the data.
    public func dataPolylines(_ panel: Int, _ figure: Figure) -> [[Point]] {
        let m = mapping(panel, figure)
        return figure.axes[panel].series.map { series in series.dataPoints.compactMap { m.point($0.0, $0.1) } }
    }

    /// Data-to-pixel mapping of a panel.
    func mapping(_ panel: Int, _ figure: Figure) -> PanelMapping {
        PanelMapping(box: boxes[panel], x: xTicks[panel], y: yTicks[panel], xScale: figure.axes[panel].xScale, yScale: figure.axes[panel].yScale)
    }
}

/// Maps data to pixels inside a panel.
struct PanelMapping {
    let box: Rect
    let x: AxisTicks
    let y: AxisTicks
    let xScale: Scale
    let yScale: Scale

    func point(_ dx: Double, _ dy: Double) -> Point? {
        let fx = x.scaleFraction(dx, xScale), fy = y.scaleFraction(dy, yScale)
        guard fx.isFinite, fy.isFinite else { return nil }
        return Point(box.minX + fx * box.width, box.maxY - fy * box.height)
    }
    func xPixel(_ v: Double) -> Double { box.minX + x.scaleFraction(v, xScale) * box.width }
    func yPixel(_ v: Double) -> Double { box.maxY - y.scaleFraction(v, yScale) * box.height }
}

extension AxisTicks {
    /// Where `value` falls between the limits, 0 at the low end and 1 at the high end.
    func scaleFraction(_ value: Double, _ scale: Scale) -> Double {
        high == low ? 0.5 : (scale.forward(value) - low) / (high - low)
    }
}

