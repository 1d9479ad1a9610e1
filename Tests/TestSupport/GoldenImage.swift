import Foundation
import Raster

/// Compares rendered images with golden PNGs by decoded pixels (never by bytes, which
/// depend on the encoder).
public enum GoldenImage {
    /// How a rendering differs from its golden image.
    public struct Difference: Sendable {
        public var sizeMatches: Bool
        /// Samples (RGBA channels) that differ by more than the tolerance.
        public var differing: Int
        public var largest: Int
        public var samples: Int
        /// The fraction of samples that differ.
        public var fraction: Double { samples == 0 ? 1 : Double(differing) / Double(samples) }
    }

    /// Compares `canvas` with `directory/name`; with `SPECTRAL_REPORT_UPDATE_GOLDEN=1` the
    /// golden file is rewritten first.
    public static func compare(_ canvas: Canvas, name: String, directory: URL, tolerance: Int = 2) throws -> Difference {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SPECTRAL_REPORT_UPDATE_GOLDEN"] == "1" {
            try PNGCodec.write(canvas, to: url)
        }
        let golden = try PNGCodec.decode(try Data(contentsOf: url))
        guard golden.width == canvas.width, golden.height == canvas.height else {
            return Difference(sizeMatches: false, differing: 0, largest: 0, samples: 0)
        }
        // A lossless RGBA round trip gives the canvas's straight (unpremultiplied) samples.
        let rendered = try PNGCodec.decode(try PNGCodec.encode(canvas, options: .init(colorMode: .rgba))).rgba
        var differing = 0, largest = 0
        for (a, b) in zip(rendered, golden.rgba) {
            let d = abs(Int(a) - Int(b))
            largest = max(largest, d)
            if d > tolerance { differing += 1 }
        }
        return Difference(sizeMatches: true, differing: differing, largest: largest, samples: rendered.count)
    }
}
