import Foundation
import Testing
@testable import Raster

@Suite("PNG through libpng")
struct PNGTests {
    static func plotLike(colors: Int, alpha: Bool = false) -> Canvas {
        var canvas = Canvas(width: 40, height: 30, dpi: 150, background: alpha ? Color.white.withAlpha(0.5) : .white)
        for i in 0..<colors - 1 {
            let shade = Color(red: Double(i) / Double(colors), green: 0.3, blue: 1 - Double(i) / Double(colors))
            canvas.fill(Path.rectangle(Rect(x: Double(i % 40), y: Double(i / 40 % 30), width: 1, height: 1)), color: shade)
        }
        return canvas
    }

    @Test func filledRectangleChangesPixels() {
        var canvas = Canvas(width: 10, height: 10)
        canvas.fill(Path.rectangle(Rect(x: 2, y: 2, width: 5, height: 5)), color: .black)
        #expect(canvas.color(x: 4, y: 4) == .black)
        #expect(canvas.color(x: 0, y: 0) == .white)
    }

    @Test(arguments: [(2, 3, 1), (4, 3, 2), (16, 3, 4), (200, 3, 8), (300, 2, 8)])
    func roundTripKeepsPixels(colors: Int, expectedType: Int, expectedDepth: Int) throws {
        let canvas = Self.plotLike(colors: colors)
        let data = try PNGCodec.encode(canvas)
        let decoded = try PNGCodec.decode(data)
        #expect(decoded.colorType == expectedType)
        #expect(decoded.bitDepth == expectedDepth)
        #expect(decoded.width == 40 && decoded.height == 30)
        #expect(decoded.rgba == PNGCodec.straightRGBA(canvas))
    }

    /// Palette images are deflated in two halves on two threads: every height splits into
    /// a valid stream, the pixels survive, and `pngcheck` (the tool users check files with)
    /// finds the file sound, checksums included.
    @Test(arguments: [1, 2, 3, 31, 541])
    func twoHalfDeflateKeepsPixelsAtEveryHeight(height: Int) throws {
        for colors in [2, 16, 200] {
            var canvas = Canvas(width: 37, height: height, dpi: 150, background: .white)
            for i in 0..<colors - 1 {
                let shade = Color(red: Double(i) / Double(colors), green: 0.3, blue: 1 - Double(i) / Double(colors))
                canvas.fill(Path.rectangle(Rect(x: Double(i % 37), y: Double(i / 37 % height), width: 1, height: 1)), color: shade)
            }
            let data = try PNGCodec.encode(canvas)
            let decoded = try PNGCodec.decode(data)
            #expect(decoded.colorType == 3)
            #expect(decoded.rgba == PNGCodec.straightRGBA(canvas), "\(colors) colours, height \(height)")
            guard let pngcheck = ["/usr/bin/pngcheck", "/usr/local/bin/pngcheck"].first(where: FileManager.default.isExecutableFile) else { continue }
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("two-halves-\(height)-\(colors).png")
            try data.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: pngcheck)
            process.arguments = ["-q", file.path]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "pngcheck refused \(colors) colours at height \(height)")
        }
    }

    /// Figures hand the encoder their bands unjoined: the file must be the one the joined
    /// image gives, whatever the cut and the colour mode.
    @Test(arguments: [16, 300])
    func bandsEncodeAsTheJoinedImage(colors: Int) throws {
        for alpha in [false, true] {
            let whole = Self.plotLike(colors: colors, alpha: alpha)
            let rowBytes = whole.width * 4
            for cuts in [[0, 7, 30], [0, 1, 15, 29, 30]] {
                let bands = zip(cuts, cuts.dropFirst()).map { top, bottom in
                    Canvas(width: whole.width, height: bottom - top, dpi: whole.dpi,
                           pixels: Array(whole.pixels[top * rowBytes..<bottom * rowBytes]), isOpaque: whole.isOpaque)
                }
                for options in [PNGCodec.Options(), PNGCodec.Options(compressionLevel: 4, colorMode: .quantizedPalette)] {
                    #expect(try PNGCodec.encode(bands: bands, options: options) == PNGCodec.encode(whole, options: options),
                            "\(colors) colours, alpha \(alpha), cuts \(cuts), \(options.colorMode)")
                }
            }
        }
        #expect(throws: PNGError.self) { try PNGCodec.encode(bands: []) }
    }

    @Test func translucentImagesUseAlpha() throws {
        let canvas = Self.plotLike(colors: 300, alpha: true)
        let decoded = try PNGCodec.decode(try PNGCodec.encode(canvas))
        #expect(decoded.colorType == 6)
        #expect(decoded.rgba == PNGCodec.straightRGBA(canvas))
        // A palette with transparency keeps alpha exactly too.
        let few = Self.plotLike(colors: 5, alpha: true)
        let indexed = try PNGCodec.decode(try PNGCodec.encode(few))
        #expect(indexed.colorType == 3)
        #expect(indexed.rgba == PNGCodec.straightRGBA(few))
    }

    @Test func forcedModesRoundTrip() throws {
        let canvas = Self.plotLike(colors: 7)
        for mode in [PNGCodec.ColorMode.rgb, .rgba] {
            let decoded = try PNGCodec.decode(try PNGCodec.encode(canvas, options: .init(colorMode: mode)))
            #expect(decoded.colorType == (mode == .rgb ? 2 : 6))
            #expect(decoded.rgba == PNGCodec.straightRGBA(canvas))
        }
    }

    @Test func bytesAreDeterministicWithoutTimeAndWithPhysicalSize() throws {
        let canvas = Self.plotLike(colors: 50)
        let a = try PNGCodec.encode(canvas), b = try PNGCodec.encode(canvas)
        #expect(a == b)
        let text = String(decoding: a, as: UTF8.self)
        #expect(!text.contains("tIME"))
        #expect(text.contains("pHYs"))
        #expect(text.contains("Software"))
        #expect(text.contains("spectral-report"))
    }

    @Test func errorsAreValuesNotCrashes() throws {
        #expect(throws: PNGError.self) { try PNGCodec.decode(Data("not a png".utf8)) }
        let good = try PNGCodec.encode(Self.plotLike(colors: 3))
        #expect(throws: PNGError.self) { try PNGCodec.decode(good.prefix(good.count / 2)) }
        #expect(throws: PNGError.self) { try PNGCodec.write(Self.plotLike(colors: 3), to: URL(fileURLWithPath: "/nonexistent-dir/x.png")) }
        #expect(throws: PNGError.self) { try PNGCodec.encode(Canvas(width: 0, height: 0)) }
    }

    @Test func paletteIsSmallerThanRGB() throws {
        var canvas = Canvas(width: 600, height: 400, dpi: 100)
        // One colour on white: anti-aliasing gives at most 256 shades, so the palette is exact.
        for k in 0..<3 {
            var line = Path()
            for i in 0..<100 {
                let p = Point(20 + Double(i) * 5.6, 80 + 100 * Double(k) + 40 * sin(Double(i) / 10 + Double(k)))
                if i == 0 { line.move(to: p) } else { line.line(to: p) }
            }
            canvas.stroke(line, color: Color(hex: 0x1F77B4), style: StrokeStyle(width: 2))
        }
        let indexed = try PNGCodec.encode(canvas)
        let rgb = try PNGCodec.encode(canvas, options: .init(colorMode: .rgb))
        #expect(try PNGCodec.decode(indexed).colorType == 3)
        #expect(indexed.count < rgb.count)
    }
}

@Suite("Thumbnails")
struct ThumbnailTests {
    @Test func boxAveragesKeepThinLinesAsLightStrokes() throws {
        // 8×4 white with one black column: halved, its box is half black → mid grey.
        var rgba = [UInt8](repeating: 255, count: 8 * 4 * 4)
        for y in 0..<4 { for c in 0..<3 { rgba[(y * 8 + 3) * 4 + c] = 0 } }
        let image = PNGCodec.DecodedImage(width: 8, height: 4, rgba: rgba, colorType: 6, bitDepth: 8)
        let small = Thumbnail.make(image, width: 4)
        #expect(small.width == 4 && small.height == 2 && small.isOpaque)
        #expect(Array(small.pixels[4..<8]) == [128, 128, 128, 255])
        #expect(Array(small.pixels[0..<4]) == [255, 255, 255, 255])
        // Never scaled up.
        #expect(Thumbnail.make(image, width: 100).width == 8)
    }
}
