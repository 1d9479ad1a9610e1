import Foundation

/// Where the anchor point lies on a piece of text.
public struct TextAnchor: Equatable, Sendable {
    public enum Horizontal: Sendable { case left, center, right }
    public enum Vertical: Sendable { case baseline, center, top, bottom }
    public var horizontal: Horizontal
    public var vertical: Vertical

    public init(_ horizontal: Horizontal = .left, _ vertical: Vertical = .baseline) {
        self.horizontal = horizontal
        self.vertical = vertical
    }

    /// The anchor's offset from the baseline start of `layout`, in unrotated pixels (y down).
    public func offset(in layout: TextLayout) -> Point {
        let x: Double
        switch horizontal {
        case .left: x = 0
        case .center: x = layout.advance / 2
        case .right: x = layout.advance
        }
        let y: Double
        switch vertical {
        case .baseline: y = 0
        case .top: y = -layout.ascent
        case .bottom: y = layout.descent
        case .center: y = (layout.descent - layout.ascent) / 2
        }
        return Point(x, y)
    }
}

/// Glyph outlines flattened at one pixel size, shared across drawings.
final class GlyphRasterCache: @unchecked Sendable {
    private var entries: [Int: [Polyline]] = [:]
    private let lock = NSLock()

    func polylines(font: TrueTypeFont, glyph: Int, pixelSize: Double) -> [Polyline] {
        // Sizes are quantised to 1/64 px, far below anything visible.
        let key = glyph &* 1_000_003 &+ Int((pixelSize * 64).rounded())
        lock.lock()
        if let cached = entries[key] { lock.unlock(); return cached }
        lock.unlock()
        let unit = pixelSize / Double(font.unitsPerEm)
        let path = font.outline(of: glyph).path.applying(.scale(unit, -unit))
        let polylines = Flattener.flatten(path, tolerance: 0.1)
        lock.lock()
        entries[key] = polylines
        lock.unlock()
        return polylines
    }
}

extension Canvas {
    /// Draws laid-out text with its anchor at `point`, turned `angle` degrees
    /// counter-clockwise (90 reads bottom to top, as y-axis labels do).
    public mutating func draw(_ layout: TextLayout, font: TrueTypeFont, at point: Point, angle: Double = 0, anchor: TextAnchor = TextAnchor(), color: Color) {
        let offset = anchor.offset(in: layout)
        let radians = angle * .pi / 180
        let cosine = cos(radians), sine = sin(radians)
        // On screen (y down) a counter-clockwise turn maps (x, y) to (x·c + y·s, −x·s + y·c).
        func place(_ p: Point) -> Point {
            let x = p.x - offset.x, y = p.y - offset.y
            return Point(point.x + x * cosine + y * sine, point.y - x * sine + y * cosine)
        }
        let cache = font.rasterCache
        var polylines: [Polyline] = []
        for glyph in layout.glyphs {
            for polyline in cache.polylines(font: font, glyph: glyph.glyph, pixelSize: glyph.pixelSize) {
                polylines.append(Polyline(points: polyline.points.map { place($0 + glyph.origin) }, isClosed: true))
            }
        }
        fill(polylines, color: color, rule: .nonZero)
    }

    /// Lays out `runs` at `points` typographic points and draws them (see `draw(_:font:at:…)`).
    /// - Returns: the layout, for measuring.
    @discardableResult
    public mutating func drawText(_ runs: [TextRun], font: TrueTypeFont, points: Double, at point: Point, angle: Double = 0, anchor: TextAnchor = TextAnchor(), color: Color = .black) -> TextLayout {
        let layout = font.layout(runs, pixelSize: points * pixelsPerPoint)
        draw(layout, font: font, at: point, angle: angle, anchor: anchor, color: color)
        return layout
    }

    /// The bounding box on the canvas of `layout` drawn as `draw(_:font:at:angle:anchor:)`
    /// would draw it: the advance × (ascent + descent) box, turned.
    public static func textBox(_ layout: TextLayout, at point: Point, angle: Double = 0, anchor: TextAnchor = TextAnchor()) -> Rect {
        let offset = anchor.offset(in: layout)
        let radians = angle * .pi / 180
        let cosine = cos(radians), sine = sin(radians)
        let corners = [Point(0, -layout.ascent), Point(layout.advance, -layout.ascent), Point(0, layout.descent), Point(layout.advance, layout.descent)]
        var box = Rect.empty
        for c in corners {
            let x = c.x - offset.x, y = c.y - offset.y
            let p = Point(point.x + x * cosine + y * sine, point.y - x * sine + y * cosine)
            box = box.union(Rect(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y))
        }
        return box
    }
}
