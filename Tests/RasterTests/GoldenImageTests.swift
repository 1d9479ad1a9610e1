import Benchmarks
import Foundation
import Testing
import TestSupport
@testable import Raster

/// Renders compared with committed PNGs by decoded pixels, with a tolerance for tiny
/// numeric differences (not for visible changes). Set SPECTRAL_REPORT_UPDATE_GOLDEN=1 to
/// rewrite the files after an intended change, then look at them before committing.
@Suite("Golden images")
struct GoldenImageTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func compare(_ canvas: Canvas, name: String) throws {
        let difference = try GoldenImage.compare(canvas, name: name, directory: Self.directory)
        #expect(difference.sizeMatches, "size differs from \(name)")
        #expect(difference.fraction < 1e-4, "\(difference.differing) samples differ by more than 2 (largest \(difference.largest))")
    }

    @Test func testSheet() throws {
        let font = try TrueTypeFont(path: try FontLocator.locate())
        let bold = try? TrueTypeFont(path: try FontLocator.locate(bold: true))
        try compare(TestSheet.render(font: font, boldFont: bold, dpi: 72), name: "test-sheet-72dpi.png")
    }

    @Test func shapesWithoutText() throws {
        var canvas = Canvas(width: 64, height: 48, dpi: 72)
        canvas.fill(Path.circle(center: Point(20.3, 20.7), radius: 12.2), color: Color(hex: 0x1F77B4))
        var line = Path()
        line.move(to: Point(5, 40)); line.line(to: Point(30, 10)); line.line(to: Point(60, 44))
        canvas.stroke(line, color: Color(hex: 0xFF7F0E, alpha: 0.8), style: StrokeStyle(width: 3, cap: .round, join: .round))
        canvas.drawMarker(.star, at: Point(48, 14), size: 14, fill: Color(hex: 0xD62728), edge: .black, edgeWidth: 0.7)
        try compare(canvas, name: "shapes.png")
    }
}
