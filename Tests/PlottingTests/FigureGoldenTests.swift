import Foundation
import Testing
import TestSupport
@testable import Plotting
@testable import Raster

/// Figures compared with committed PNGs by decoded pixels. Set
/// SPECTRAL_REPORT_UPDATE_GOLDEN=1 to rewrite them after an intended change (and look at
/// them before committing).
@Suite("Figure golden images")
struct FigureGoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func compare(_ figure: Figure, name: String) throws {
        let difference = try GoldenImage.compare(figure.render(fonts: Fixtures.fonts), name: name, directory: Self.directory)
        #expect(difference.sizeMatches, "size differs from \(name)")
        #expect(difference.fraction < 1e-4, "\(difference.differing) samples differ (largest \(difference.largest))")
    }

    @Test func everythingFigure() throws { try compare(Fixtures.everything(), name: "everything.png") }
    @Test func paperTheme() throws { try compare(Fixtures.everything(legend: .outsideRight, theme: .paper), name: "paper-outside-legend.png") }
}
