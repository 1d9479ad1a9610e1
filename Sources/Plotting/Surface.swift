import Foundation
import Raster

/// What figures draw on: the raster canvas or an SVG document. Coordinates are pixels,
/// y down.
public protocol Surface {
    mutating func fill(_ path: Path, color: Color)
    mutating func stroke(_ path: Path, color: Color, style: StrokeStyle)
    /// Draws laid-out text; `runs` and `pixelSize` are what `layout` was made from.
    mutating func text(_ layout: TextLayout, runs: [TextRun], pixelSize: Double, bold: Bool, at point: Point, angle: Double, anchor: TextAnchor, color: Color)
    mutating func marker(_ marker: Marker, at center: Point, size: Double, fill: Color, edge: Color, edgeWidth: Double)
    /// Restricts later drawing to `rect` (nil: the whole figure).
    mutating func setClip(_ rect: Rect?)
}

/// The fonts a figure uses.
public struct FigureFonts: Sendable {
    public let regular: TrueTypeFont
    public let bold: TrueTypeFont?

    public init(regular: TrueTypeFont, bold: TrueTypeFont? = nil) {
        self.regular = regular
        self.bold = bold
    }

    func font(bold: Bool) -> TrueTypeFont { bold ? (self.bold ?? regular) : regular }
}

/// Draws onto a `Canvas` that may hold only a band of the figure: `origin` is the figure
/// position of the canvas's top-left pixel, and everything is shifted by it.
public struct CanvasSurface: Surface {
    public var canvas: Canvas
    let fonts: FigureFonts
    let origin: Point
    private let shift: Raster.AffineTransform

    public init(canvas: Canvas, fonts: FigureFonts, origin: Point = Point(0, 0)) {
        self.canvas = canvas
        self.fonts = fonts
        self.origin = origin
        shift = Raster.AffineTransform.translation(-origin.x, -origin.y)
    }

    private var shifted: Bool { origin.x != 0 || origin.y != 0 }

    public mutating func fill(_ path: Path, color: Color) {
        canvas.fill(shifted ? path.applying(shift) : path, color: color)
    }
    public mutating func stroke(_ path: Path, color: Color, style: StrokeStyle) {
        canvas.stroke(shifted ? path.applying(shift) : path, color: color, style: style)
    }
    public mutating func text(_ layout: TextLayout, runs: [TextRun], pixelSize: Double, bold: Bool, at point: Point, angle: Double, anchor: TextAnchor, color: Color) {
        canvas.draw(layout, font: fonts.font(bold: bold), at: point - origin, angle: angle, anchor: anchor, color: color)
    }
    public mutating func marker(_ marker: Marker, at center: Point, size: Double, fill: Color, edge: Color, edgeWidth: Double) {
        canvas.drawMarker(marker, at: center - origin, size: size, fill: fill, edge: edge, edgeWidth: edgeWidth)
    }
    public mutating func setClip(_ rect: Rect?) {
        let whole = Rect(x: 0, y: 0, width: Double(canvas.width), height: Double(canvas.height))
        guard let rect else { canvas.clip = whole; return }
        canvas.clip = Rect(minX: rect.minX - origin.x, minY: rect.minY - origin.y, maxX: rect.maxX - origin.x, maxY: rect.maxY - origin.y).intersection(whole)
    }
}
