import ArgumentParser
import Benchmarks
import Foundation
import Raster

/// `spectral-report bench raster`: fill rate, text rate and PNG sizes.
struct BenchRasterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raster",
        abstract: "Measure the rasterizer: fill rate, glyphs per second at 10 pt / 150 dpi, palette vs RGB PNG sizes."
    )

    @OptionGroup var fonts: FontOptions
    @Option(help: "Seconds per measurement.") var seconds: Double = 1
    @Flag(help: "Print one JSON object instead of text.") var json = false

    mutating func validate() throws {
        guard seconds > 0, seconds <= 600 else { throw ValidationError("--seconds must be in (0, 600], got \(seconds)") }
    }

    func run() throws {
        let (font, _) = try fonts.load()
        let report = try RasterBenchmark.run(font: font, secondsPerMeasurement: seconds)
        if json {
            return try Output.json(report)
        }
        print(String(format: "fills: %.0f shapes/s (circles and triangles of 10–60 px), %.0f Mpixel/s covered", report.shapesPerSecond, report.megapixelsPerSecond))
        print(String(format: "text: %.0f glyphs/s at 10 pt, 150 dpi (layout + kerning + fill)", report.glyphsPerSecond))
        print("plot-like 1800×540 image: \(report.plotLikeColors > 256 ? "more than 256" : String(report.plotLikeColors)) colours")
        if let palette = report.paletteBytes, let ms = report.paletteEncodeMilliseconds {
            print(String(format: "  palette PNG %d bytes (%.1f ms); RGB %d bytes (%.1f ms), %.2f× larger; RGBA %d bytes",
                         palette, ms, report.rgbBytes, report.rgbEncodeMilliseconds, Double(report.rgbBytes) / Double(palette), report.rgbaBytes))
        } else {
            print(String(format: "  RGB PNG %d bytes (%.1f ms); RGBA %d bytes", report.rgbBytes, report.rgbEncodeMilliseconds, report.rgbaBytes))
        }
    }
}
