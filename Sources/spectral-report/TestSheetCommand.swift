import ArgumentParser
import Benchmarks
import Foundation
import Pipeline
import Raster

/// `spectral-report test-sheet`: renders the rasterizer's test sheet to a PNG.
struct TestSheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-sheet",
        abstract: "Render shapes, caps, joins, dashes, hairlines, markers and text to a PNG for inspection."
    )

    @OptionGroup var fonts: FontOptions
    @Option(help: "The PNG file to write.") var out: String = "test-sheet.png"
    @Option(help: "Resolution in dots per inch (the sheet is 8 × 6 in).") var dpi: Double = 150

    mutating func validate() throws {
        guard dpi >= 10, dpi <= 1200 else { throw ValidationError("--dpi must be between 10 and 1200, got \(dpi)") }
    }

    func run() throws {
        try OutputFile.check(out, option: "--out")
        let (regular, bold) = try fonts.load()
        let canvas = TestSheet.render(font: regular, boldFont: bold, dpi: dpi)
        let url = URL(fileURLWithPath: out)
        do { try PNGCodec.write(canvas, to: url) } catch let error as PNGError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        print("wrote \(out) (\(canvas.width)×\(canvas.height) px)")
    }
}
