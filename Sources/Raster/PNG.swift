import AtomicWrite
import CPNGShim
import Foundation

/// A PNG that could not be written or read.
public struct PNGError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// PNG encoding and decoding through libpng.
///
/// Files are byte-deterministic: no `tIME` chunk, a fixed `Software` text, `pHYs` from the
/// canvas dpi. The colour type is chosen from the pixels: an exact indexed palette (1, 2, 4
/// or 8 bits) when there are at most 256 distinct colours, otherwise RGB when every pixel is
/// opaque and RGBA when not.
public enum PNGCodec {
    /// How to store the colours.
    public enum ColorMode: Sendable {
        /// Palette if it is exact, else RGB or RGBA.
        case automatic
        case rgb, rgba
        /// An exact palette when there are at most 256 colours; otherwise the 256 most
        /// frequent colours, every other colour replaced by its nearest among them. For
        /// figures, whose rare colours are a few blended edge pixels, this keeps files about
        /// three times smaller than RGB at no visible cost.
        case quantizedPalette
    }

    public struct Options: Sendable {
        /// zlib level, 0–9.
        public var compressionLevel: Int = 6
        public var colorMode: ColorMode = .automatic
        public var software: String = "spectral-report"
        /// Row filters for RGB and RGBA images, as a libpng mask; 0 lets libpng choose
        /// per row among all five (smallest files, slowest). Palettes are never filtered.
        public var filters: Int32 = 0
        /// zlib strategy: 0 default, 1 filtered, 2 Huffman only, 3 run-length.
        public var strategy: Int32 = 0
        public init(compressionLevel: Int = 6, colorMode: ColorMode = .automatic) {
            self.compressionLevel = compressionLevel
            self.colorMode = colorMode
        }
    }

    /// A decoded image: unpremultiplied 8-bit RGBA, and what the file stored.
    public struct DecodedImage: Sendable {
        public let width: Int
        public let height: Int
        public let rgba: [UInt8]
        /// PNG colour type of the file: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA.
        public let colorType: Int
        public let bitDepth: Int
    }

    /// The canvas's pixels, unpremultiplied, as RGBA bytes (the same array, uncopied, when
    /// every pixel is opaque).
    /// The number of distinct colours of `canvas` when an exact palette holds them (at
    /// most 256), nil otherwise.
    public static func exactPaletteSize(_ canvas: Canvas) -> Int? {
        Palette.build(rgba: straightRGBA(canvas)).map { $0.colors.count }
    }

    static func straightRGBA(_ canvas: Canvas) -> [UInt8] {
        if canvas.isOpaque { return canvas.pixels }
        let opaque = canvas.pixels.withUnsafeBufferPointer { p in
            var all = true
            for i in Swift.stride(from: 3, to: p.count, by: 4) where p[i] != 255 { all = false; break }
            return all
        }
        if opaque { return canvas.pixels }
        var out = canvas.pixels
        out.withUnsafeMutableBufferPointer { p in
            for i in Swift.stride(from: 0, to: p.count, by: 4) {
                let a = p[i + 3]
                if a == 255 || a == 0 { continue }
                let scale = 255 / Float(a)
                p[i] = UInt8(min(255, Float(p[i]) * scale + 0.5))
                p[i + 1] = UInt8(min(255, Float(p[i + 1]) * scale + 0.5))
                p[i + 2] = UInt8(min(255, Float(p[i + 2]) * scale + 0.5))
            }
        }
        return out
    }

    /// Encodes `canvas` as PNG bytes.
    public static func encode(_ canvas: Canvas, options: Options = Options()) throws -> Data {
        let rgba = straightRGBA(canvas)
        return try encode(rgba: rgba, width: canvas.width, height: canvas.height, dpi: canvas.dpi, options: options)
    }

    /// Encodes an image given as horizontal bands of equal width, stacked top to bottom, as
    /// `encode(_:)` encodes the joined image (the same bytes), without joining them for a
    /// quantized palette: each band is counted and indexed on a thread of its own.
    public static func encode(bands: [Canvas], options: Options = Options()) throws -> Data {
        guard let first = bands.first, bands.count > 1 else {
            guard let only = bands.first else { throw PNGError(description: "cannot encode an image of no bands") }
            return try encode(only, options: options)
        }
        guard bands.allSatisfy({ $0.width == first.width }) else {
            throw PNGError(description: "bands of different widths cannot be stacked")
        }
        return try encode(rgbaBands: bands.map(straightRGBA), width: first.width, height: bands.reduce(0) { $0 + $1.height },
                          dpi: first.dpi, options: options)
    }

    /// Encodes unpremultiplied RGBA bytes as PNG.
    public static func encode(rgba: [UInt8], width: Int, height: Int, dpi: Double, options: Options = Options()) throws -> Data {
        try encode(rgbaBands: [rgba], width: width, height: height, dpi: dpi, options: options)
    }

    /// Encodes unpremultiplied RGBA rows given in bands (stacked in order).
    private static func encode(rgbaBands: [[UInt8]], width: Int, height: Int, dpi: Double, options: Options) throws -> Data {
        guard width > 0, height > 0, rgbaBands.reduce(0, { $0 + $1.count }) == width * height * 4 else {
            throw PNGError(description: "cannot encode an empty image (\(width)×\(height))")
        }
        if options.colorMode == .quantizedPalette, let indexed = Palette.quantize(bands: rgbaBands, maximumCommonError: 12) {
            return try encodeIndexed(indexed, width: width, height: height, dpi: dpi, options: options)
        }
        let rgba = rgbaBands.count == 1 ? rgbaBands[0] : Array(rgbaBands.joined())
        let indexedImage: (colors: [UInt32], indices: [UInt8])?
        switch options.colorMode {
        case .automatic: indexedImage = Palette.build(rgba: rgba)
        case .quantizedPalette, .rgb, .rgba: indexedImage = nil
        }
        if let indexed = indexedImage {
            return try encodeIndexed(indexed, width: width, height: height, dpi: dpi, options: options)
        }
        let opaque = rgba.withUnsafeBufferPointer { p in
            var all = true
            for i in Swift.stride(from: 3, to: p.count, by: 4) where p[i] != 255 { all = false; break }
            return all
        }
        if opaque && options.colorMode != .rgba {
            var rgb = [UInt8](repeating: 0, count: width * height * 3)
            rgba.withUnsafeBufferPointer { source in
                rgb.withUnsafeMutableBufferPointer { target in
                    for i in 0..<(width * height) {
                        target[3 * i] = source[4 * i]; target[3 * i + 1] = source[4 * i + 1]; target[3 * i + 2] = source[4 * i + 2]
                    }
                }
            }
            return try rgb.withUnsafeBufferPointer {
                try run(width: width, height: height, colorType: 2, bitDepth: 8, pixels: $0.baseAddress!, stride: width * 3,
                        palette: nil, paletteCount: 0, alpha: nil, alphaCount: 0, dpi: dpi, options: options)
            }
        }
        return try rgba.withUnsafeBufferPointer {
            try run(width: width, height: height, colorType: 6, bitDepth: 8, pixels: $0.baseAddress!, stride: width * 4,
                    palette: nil, paletteCount: 0, alpha: nil, alphaCount: 0, dpi: dpi, options: options)
        }
    }

    /// Writes a palette image: the smallest bit depth its colours allow.
    private static func encodeIndexed(
        _ indexed: (colors: [UInt32], indices: [UInt8]), width: Int, height: Int, dpi: Double, options: Options
    ) throws -> Data {
        let depth = indexed.colors.count <= 2 ? 1 : indexed.colors.count <= 4 ? 2 : indexed.colors.count <= 16 ? 4 : 8
        let packed = Palette.pack(indexed.indices, width: width, height: height, bitDepth: depth)
        let rgb = indexed.colors.flatMap { [UInt8(($0 >> 24) & 0xFF), UInt8(($0 >> 16) & 0xFF), UInt8(($0 >> 8) & 0xFF)] }
        var alpha = indexed.colors.map { UInt8($0 & 0xFF) }
        while let last = alpha.last, last == 255 { alpha.removeLast() }
        return try packed.rows.withUnsafeBufferPointer { pixels in
            try rgb.withUnsafeBufferPointer { palette in
                try alpha.withUnsafeBufferPointer { transparency in
                    try run(width: width, height: height, colorType: 3, bitDepth: Int32(depth), pixels: pixels.baseAddress!, stride: packed.stride,
                            palette: palette.baseAddress, paletteCount: indexed.colors.count,
                            alpha: alpha.isEmpty ? nil : transparency.baseAddress, alphaCount: alpha.count, dpi: dpi, options: options)
                }
            }
        }
    }

    private static func run(
        width: Int, height: Int, colorType: Int32, bitDepth: Int32, pixels: UnsafePointer<UInt8>, stride: Int,
        palette: UnsafePointer<UInt8>?, paletteCount: Int, alpha: UnsafePointer<UInt8>?, alphaCount: Int,
        dpi: Double, options: Options
    ) throws -> Data {
        var error = [CChar](repeating: 0, count: 512)
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        let status = options.software.withCString { software in
            var o = sr_png_write_options()
            o.width = UInt32(width)
            o.height = UInt32(height)
            o.color_type = colorType
            o.bit_depth = bitDepth
            o.pixels = pixels
            o.stride = stride
            o.palette_rgb = palette
            o.palette_alpha = alpha
            o.palette_size = Int32(paletteCount)
            o.palette_alpha_count = Int32(alphaCount)
            o.compression_level = Int32(min(max(options.compressionLevel, 0), 9))
            o.filters = colorType == 3 ? 0 : options.filters
            o.strategy = options.strategy
            o.pixels_per_meter = dpi > 0 ? UInt32((dpi / 0.0254).rounded()) : 0
            o.software = software
            return sr_png_encode(&o, &output, &size, &error, error.count)
        }
        guard status == 0, let output else {
            throw PNGError(description: "PNG encoding failed: \(cString(error))")
        }
        defer { sr_png_free(output) }
        return Data(bytes: output, count: size)
    }

    /// Encodes `canvas` and writes it atomically to `url`.
    public static func write(_ canvas: Canvas, to url: URL, options: Options = Options()) throws {
        let data = try encode(canvas, options: options)
        do { try AtomicFile.write(data, to: url) } catch {
            throw PNGError(description: "cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    /// Decodes PNG bytes of any colour type and depth.
    public static func decode(_ data: Data) throws -> DecodedImage {
        var error = [CChar](repeating: 0, count: 512)
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: UInt32 = 0, height: UInt32 = 0
        var colorType: Int32 = 0, bitDepth: Int32 = 0
        let status = data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int32 in
            guard let base = bytes.bindMemory(to: UInt8.self).baseAddress else { return -1 }
            return sr_png_decode_rgba(base, bytes.count, &pixels, &width, &height, &colorType, &bitDepth, &error, error.count)
        }
        guard status == 0, let pixels else {
            throw PNGError(description: status == -1 ? "empty PNG data" : "PNG decoding failed: \(cString(error))")
        }
        defer { sr_png_free(pixels) }
        let count = Int(width) * Int(height) * 4
        return DecodedImage(
            width: Int(width), height: Int(height), rgba: Array(UnsafeBufferPointer(start: pixels, count: count)),
            colorType: Int(colorType), bitDepth: Int(bitDepth))
    }
}

/// The text of a NUL-terminated C buffer.
func cString(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
