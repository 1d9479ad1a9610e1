/// A raster image: premultiplied 8-bit sRGB RGBA pixels, with a clip rectangle and a dpi.
///
/// Drawing composites with source-over: `out = src·coverage + dst·(1 − α_src·coverage)`
/// on premultiplied values, in sRGB space as most plotting libraries do.
public struct Canvas: Sendable {
    public let width: Int
    public let height: Int
    /// Dots per inch, used to convert points to pixels and stored in PNG files.
    public var dpi: Double
    /// Premultiplied RGBA, row after row.
    public internal(set) var pixels: [UInt8]
    /// Drawing outside this rectangle (in pixels) leaves the canvas unchanged.
    public var clip: Rect
    /// Coverage is rounded to this many levels above zero (255 by default, as 8-bit
    /// renderers do). Fewer levels (e.g. 32) leave anti-aliased edges looking the same
    /// but give each colour fewer shades, so images fit a 256-colour palette more often.
    public var coverageLevels: Int = 255
    /// True while every pixel is known to be opaque (an opaque background only ever gets
    /// composited onto), which lets PNG encoding skip scanning for transparency.
    public private(set) var isOpaque = false
    var rasterizer = CoverageRasterizer()
    /// Markers rendered once per shape, size and sub-pixel offset, then stamped.
    let markerStamps = MarkerStampCache()

    /// A canvas filled with `background`.
    public init(width: Int, height: Int, dpi: Double = 72, background: Color = .white) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.dpi = dpi
        let p = Self.premultiplied(background)
        // A background whose four bytes are equal (white, black, transparent) is one memset.
        let uniform = p.0 == p.1 && p.1 == p.2 && p.2 == p.3
        pixels = [UInt8](repeating: uniform ? p.0 : 0, count: self.width * self.height * 4)
        clip = Rect(x: 0, y: 0, width: Double(self.width), height: Double(self.height))
        if !uniform { clear(background) }
        isOpaque = background.alpha >= 1
    }

    /// A canvas over existing premultiplied RGBA pixels, e.g. bands drawn separately and
    /// stacked. `isOpaque` promises that every pixel's alpha is 255.
    /// - Precondition: `pixels.count == width × height × 4`.
    public init(width: Int, height: Int, dpi: Double, pixels: [UInt8], isOpaque: Bool) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height * 4, "pixel count does not match the canvas")
        self.width = width
        self.height = height
        self.dpi = dpi
        self.pixels = pixels
        clip = Rect(x: 0, y: 0, width: Double(width), height: Double(height))
        self.isOpaque = isOpaque
    }

    /// Pixels per typographic point (1/72 inch).
    public var pixelsPerPoint: Double { dpi / 72 }

    /// Sets every pixel to `color`, ignoring the clip.
    public mutating func clear(_ color: Color) {
        let p = Self.premultiplied(color)
        isOpaque = p.3 == 255
        pixels.withUnsafeMutableBufferPointer { buffer in
            for i in Swift.stride(from: 0, to: buffer.count, by: 4) {
                buffer[i] = p.0; buffer[i + 1] = p.1; buffer[i + 2] = p.2; buffer[i + 3] = p.3
            }
        }
    }

    static func premultiplied(_ c: Color) -> (UInt8, UInt8, UInt8, UInt8) {
        let a = min(max(c.alpha, 0), 1)
        func byte(_ v: Double) -> UInt8 { UInt8((min(max(v, 0), 1) * a * 255).rounded()) }
        return (byte(c.red), byte(c.green), byte(c.blue), UInt8((a * 255).rounded()))
    }

    /// The unpremultiplied colour of pixel `(x, y)`.
    public func color(x: Int, y: Int) -> Color {
        let i = (y * width + x) * 4
        let a = Double(pixels[i + 3]) / 255
        guard a > 0 else { return .transparent }
        return Color(
            red: Double(pixels[i]) / 255 / a, green: Double(pixels[i + 1]) / 255 / a,
            blue: Double(pixels[i + 2]) / 255 / a, alpha: a)
    }

    /// Fills `path` (in pixel coordinates) with `color`.
    /// - Parameter tolerance: how far curves may deviate from their flattened form, in pixels.
    public mutating func fill(_ path: Path, color: Color, rule: FillRule = .nonZero, tolerance: Double = Flattener.defaultTolerance) {
        fill(Flattener.flatten(path, tolerance: tolerance), color: color, rule: rule)
    }

    /// Fills already flattened polylines.
    public mutating func fill(_ polylines: [Polyline], color: Color, rule: FillRule = .nonZero) {
        guard color.alpha > 0 else { return }
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for polyline in polylines {
            for p in polyline.points {
                minX = min(minX, p.x); maxX = max(maxX, p.x)
                minY = min(minY, p.y); maxY = max(maxY, p.y)
            }
        }
        let visible = Rect(minX: minX, minY: minY, maxX: maxX, maxY: maxY).intersection(clip)
        guard !visible.isEmpty else { return }
        let x0 = max(Int(visible.minX.rounded(.down)), 0), y0 = max(Int(visible.minY.rounded(.down)), 0)
        let x1 = min(Int(visible.maxX.rounded(.up)), width), y1 = min(Int(visible.maxY.rounded(.up)), height)
        guard x1 > x0, y1 > y0 else { return }
        rasterizer.reset(width: x1 - x0, height: y1 - y0)
        let offset = Point(Double(x0), Double(y0))
        for polyline in polylines where polyline.points.count >= 2 {
            let points = polyline.points
            for i in 0..<(points.count - 1) { rasterizer.addEdge(points[i] - offset, points[i + 1] - offset) }
            if let first = points.first, let last = points.last, first != last {
                rasterizer.addEdge(last - offset, first - offset)
            }
        }
        // Moved out (not copied) so that it and the pixels can be mutated together.
        var local = CoverageRasterizer()
        swap(&local, &rasterizer)
        local.drain(rule: rule) { row, firstColumn, coverage in
            blendSpan(row: row + y0, firstColumn: x0 + firstColumn, coverage: coverage, color: color)
        }
        swap(&local, &rasterizer)
    }

    /// Composites a span of coverage values in one colour onto row `y` from column
    /// `firstColumn`, honouring the clip (pixels the clip cuts count by the share inside it).
    mutating func blendSpan(row y: Int, firstColumn: Int, coverage: UnsafeBufferPointer<Float>, color: Color) {
        guard y >= 0, y < height else { return }
        let rowClip = Float(min(Double(y + 1), clip.maxY) - max(Double(y), clip.minY))
        guard rowClip > 0 else { return }
        // Columns wholly inside the clip need no per-pixel clip arithmetic.
        let fullStart = Int(clip.minX.rounded(.up)), fullEnd = Int(clip.maxX.rounded(.down))
        let partialRow = rowClip < 1
        let clipMinX = clip.minX, clipMaxX = clip.maxX
        let source = Self.premultiplied(color)
        let sr = Float(source.0), sg = Float(source.1), sb = Float(source.2), sa = Float(source.3)
        let opaque = source.3 == 255
        let levels = Float(max(1, coverageLevels))
        let base = y * width * 4
        let width = self.width
        pixels.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<coverage.count {
                var c = coverage[i]
                if c <= 0 { continue }
                let x = firstColumn + i
                if x < 0 || x >= width { continue }
                if partialRow || x < fullStart || x >= fullEnd {
                    let columnClip = Float(min(Double(x + 1), clipMaxX) - max(Double(x), clipMinX))
                    c *= max(0, min(columnClip, 1)) * min(rowClip, 1)
                }
                // Coverage in discrete steps, as 8-bit renderers use: one colour on a plain
                // background then gives a bounded number of shades, which keeps palettes small.
                c = Float(Int(c * levels + 0.5)) / levels  // round half up, without a libm call
                if c <= 0 { continue }
                let p = base + x * 4
                if opaque && c >= 0.999 {
                    buffer[p] = source.0; buffer[p + 1] = source.1; buffer[p + 2] = source.2; buffer[p + 3] = 255
                    continue
                }
                let keep = 1 - sa / 255 * c
                buffer[p] = UInt8(min(255, sr * c + Float(buffer[p]) * keep + 0.5))
                buffer[p + 1] = UInt8(min(255, sg * c + Float(buffer[p + 1]) * keep + 0.5))
                buffer[p + 2] = UInt8(min(255, sb * c + Float(buffer[p + 2]) * keep + 0.5))
                buffer[p + 3] = UInt8(min(255, sa * c + Float(buffer[p + 3]) * keep + 0.5))
            }
        }
    }

    /// The coverage (0…1) of `path` in every pixel of a `width × height` region, for tests
    /// and masks.
    public static func coverage(of path: Path, width: Int, height: Int, rule: FillRule = .nonZero, tolerance: Double = Flattener.defaultTolerance) -> [Float] {
        var rasterizer = CoverageRasterizer()
        rasterizer.reset(width: width, height: height)
        rasterizer.add(Flattener.flatten(path, tolerance: tolerance))
        var result = [Float](repeating: 0, count: width * height)
        rasterizer.drain(rule: rule) { row, firstColumn, coverage in
            for i in 0..<coverage.count { result[row * width + firstColumn + i] = coverage[i] }
        }
        return result
    }
}
