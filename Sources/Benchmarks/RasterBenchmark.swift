import Foundation
import Linalg
import Plotting
import Raster
import Training
/// Measures the rasterizer: fill rate, text rate and PNG sizes of a plot-like image.
public enum RasterBenchmark {
    public struct Report: Codable, Sendable {
        /// Filled shapes (circles and triangles of 10–60 px) per second.
        public var shapesPerSecond: Double
        /// Covered pixels per second while filling them, in millions.
        public var megapixelsPerSecond: Double
        /// Glyphs laid out and drawn per second at 10 pt and 150 dpi.
        public var glyphsPerSecond: Double
        /// The plot-like image: distinct colours and encoded sizes.
        public var plotLikeColors: Int
        public var paletteBytes: Int?
        public var rgbBytes: Int
        public var rgbaBytes: Int
        public var paletteEncodeMilliseconds: Double?
        public var rgbEncodeMilliseconds: Double

        enum CodingKeys: String, CodingKey {
            case shapesPerSecond = "shapes_per_second", megapixelsPerSecond = "megapixels_per_second"
            case glyphsPerSecond = "glyphs_per_second", plotLikeColors = "plot_like_colors"
            case paletteBytes = "palette_bytes", rgbBytes = "rgb_bytes", rgbaBytes = "rgba_bytes"
            case paletteEncodeMilliseconds = "palette_encode_ms", rgbEncodeMilliseconds = "rgb_encode_ms"
        }
    }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    }

    /// Runs all measurements; each repeats until about `secondsPerMeasurement` have passed.
    public static func run(font: TrueTypeFont, secondsPerMeasurement: Double = 1) throws -> Report {
        // Fill rate.
        var canvas = Canvas(width: 1800, height: 540, dpi: 150)
        var state: UInt64 = 1
        func random() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1.0p-53
        }
        var shapes = 0
        var area = 0.0
        var fillTime = 0.0
        while fillTime < secondsPerMeasurement {
            var batch: [(Path, Double)] = []
            for _ in 0..<200 {
                let center = Point(random() * 1800, random() * 540)
                let size = 10 + random() * 50
                if random() < 0.5 {
                    batch.append((Path.circle(center: center, radius: size / 2), Double.pi * size * size / 4))
                } else {
                    let a = center, b = center + Point(size, size * 0.3), c = center + Point(size * 0.2, size)
                    batch.append((Path.polygon([a, b, c]), abs((b - a).cross(c - a)) / 2))
                }
            }
            fillTime += seconds {
                for (i, (path, _)) in batch.enumerated() {
                    canvas.fill(path, color: Color(hex: [0x1F77B4, 0xFF7F0E, 0x2CA02C][i % 3], alpha: 0.7))
                }
            }
            shapes += batch.count
            area += batch.reduce(0) { $0 + $1.1 }
        }

        // Text rate.
        let line = "Feature movement ‖Δh‖ / ‖h‖ vs width n, slope ½ — 10⁻² 2⁶"
        var textCanvas = Canvas(width: 1800, height: 540, dpi: 150)
        var glyphs = 0
        var textTime = 0.0
        while textTime < secondsPerMeasurement {
            textTime += seconds {
                for row in 0..<20 {
                    let layout = textCanvas.drawText([TextRun(line)], font: font, points: 10, at: Point(10, 25 + Double(row) * 26))
                    glyphs += layout.glyphs.count
                }
            }
        }

        // PNG sizes of a plot-like image.
        let plot = plotLike(font: font)
        let colors = PNGCodec.exactPaletteSize(plot)
        var paletteData: Data?
        var paletteTime: Double?
        if colors != nil {
            paletteTime = try seconds { paletteData = try PNGCodec.encode(plot) }
        }
        var rgbData = Data()
        let rgbTime = try seconds { rgbData = try PNGCodec.encode(plot, options: .init(colorMode: .rgb)) }
        let rgbaData = try PNGCodec.encode(plot, options: .init(colorMode: .rgba))
        return Report(
            shapesPerSecond: Double(shapes) / fillTime, megapixelsPerSecond: area / fillTime / 1e6,
            glyphsPerSecond: Double(glyphs) / textTime,
            plotLikeColors: colors ?? 257, paletteBytes: paletteData?.count, rgbBytes: rgbData.count,
            rgbaBytes: rgbaData.count, paletteEncodeMilliseconds: paletteTime.map { $0 * 1e3 },
            rgbEncodeMilliseconds: rgbTime * 1e3)
    }

    /// An 1800 × 540 line plot drawn with raster primitives only: frame, ticks, tick labels
    /// and one series with markers, nothing overlapping. With `seriesColor` black the image
    /// has at most 256 colours (one anti-aliasing ramp), so an exact palette exists and the
    /// encodings can be compared; each further colour adds a ramp of its own.
    public static func plotLike(font: TrueTypeFont, seriesColor: Color = .black) -> Canvas {
        var canvas = Canvas(width: 1800, height: 540, dpi: 150)
        let frame = Rect(x: 120, y: 40, width: 1640, height: 420)
        for i in 0...8 {
            let x = frame.minX + frame.width * Double(i) / 8
            var tick = Path()
            tick.move(to: Point(x, frame.maxY)); tick.line(to: Point(x, frame.maxY + 7))
            canvas.stroke(tick, color: .black, style: StrokeStyle(width: 1.6, snapsToPixels: true))
            canvas.drawText(TextRun.parse("2^{\(i + 4)}"), font: font, points: 10, at: Point(x, frame.maxY + 10), anchor: TextAnchor(.center, .top))
        }
        canvas.stroke(Path.rectangle(frame), color: .black, style: StrokeStyle(width: 1.6, snapsToPixels: true))
        var series = Path()
        var points: [Point] = []
        for i in 0..<9 {
            let p = Point(frame.minX + 60 + (frame.width - 120) * Double(i) / 8, frame.minY + 60 + 300 * exp(-Double(i) / 3))
            points.append(p)
            if i == 0 { series.move(to: p) } else { series.line(to: p) }
        }
        let blue = seriesColor
        canvas.stroke(series, color: blue, style: StrokeStyle(width: 3.1, cap: .round, join: .round))
        for p in points { canvas.drawMarker(.square, at: p + Point(0, 40), size: 12, fill: blue, edge: blue, edgeWidth: 0) }
        canvas.drawText([TextRun("width n")], font: font, points: 10, at: Point(frame.center.x, 530), anchor: TextAnchor(.center, .bottom))
        return canvas
    }
}
