import Foundation
import Testing
@testable import Plotting
@testable import Raster

/// Figures compared with committed PNGs by decoded pixels. Set
/// SPECTRAL_REPORT_UPDATE_GOLDEN=1 to rewrite them after an intended change (and look at
/// them before committing).
@Suite("Figure golden images")
struct FigureGoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func compare(_ figure: Figure, name: String) throws {
        let canvas = figure.render(fonts: Fixtures.fonts)
        let url = Self.directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SPECTRAL_REPORT_UPDATE_GOLDEN"] == "1" {
            try PNGCodec.write(canvas, to: url)
        }
        let golden = try PNGCodec.decode(try Data(contentsOf: url))
        #expect(golden.width == canvas.width && golden.height == canvas.height)
        guard golden.width == canvas.width, golden.height == canvas.height else { return }
        let rendered = PNGCodec.straightRGBA(canvas)
        let differing = zip(rendered, golden.rgba).filter { abs(Int($0) - Int($1)) > 2 }.count
        #expect(Double(differing) / Double(rendered.count) < 1e-4, "\(differing) samples differ")
    }

    @Test func everythingFigure() throws { try compare(Fixtures.everything(), name: "everything.png") }
    @Test func paperTheme() throws { try compare(Fixtures.everything(legend: .outsideRight, theme: .paper), name: "paper-outside-legend.png") }
}
