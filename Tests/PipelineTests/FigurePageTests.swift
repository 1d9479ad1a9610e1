import Foundation
import Testing
@testable import Pipeline
@testable import Plotting
import Raster

/// How the report draws and describes figure data: alternative text from the data, panels
/// alone for papers, and comparisons in which line style means the report only.
@Suite("Figures on the page: alt text, single panels, comparisons")
struct FigurePageTests {
    static let fonts: FigureFonts = {
        let regular = try! TrueTypeFont(path: try! FontLocator.locate())
        return FigureFonts(regular: regular, bold: try? TrueTypeFont(path: try! FontLocator.locate(bold: true)))
    }()

    static func series(_ label: String?, _ y: [Double], style: LineStyle = .solid, color: Int = 0, value: Double? = nil) -> SeriesData {
        SeriesData(label: label, colorIndex: value == nil ? color : nil, colorValue: value, x: [64, 128, 256, 512], y: y, lower: nil, upper: nil,
                   marker: .circle, style: style, diverged: false)
    }

    /// Two panels of movement curves, a guide in each.
    static let movement = FigureData(id: "movement", rows: 1, columns: 2, sharedY: true, panels: [
        PanelData(title: "standard", xLabel: "width n", yLabel: "‖Δh_l‖", xScale: .log2, yScale: .log10,
                  series: [series("h_{1}, t = 1", [0.1, 0.07, 0.05, 0.035]), series("h_{2}, t = 1", [0.1, 0.14, 0.2, 0.28], color: 1)],
                  slopeTriangle: 0.5, slopeTriangleFor: "h_{2}", colorBarRange: nil, colorBarLabel: nil, legend: true),
        PanelData(title: "spectral", xLabel: "width n", yLabel: "‖Δh_l‖", xScale: .log2, yScale: .log10,
                  series: [series("h_{1}, t = 1", [0.1, 0.1, 0.1, 0.1]), series("h_{2}, t = 1", [0.2, 0.2, 0.21, 0.2], color: 1)],
                  slopeTriangle: 0, slopeTriangleFor: "h_{2}", colorBarRange: nil, colorBarLabel: nil, legend: false),
    ])

    @Test func altTextSaysWhatEachPanelShows() {
        let alt = FigureDescription.altText(title: "Feature movement", data: Self.movement)
        #expect(alt.hasPrefix("Feature movement: 2 panels."))
        #expect(alt.contains("standard: ‖Δhₗ‖ against width n (log x and y)"))
        #expect(alt.contains("h₁, t = 1 falls from 0.1 to 0.035") && alt.contains("h₂, t = 1 rises from 0.1 to 0.28"))
        #expect(alt.contains("spectral:") && alt.contains("h₁, t = 1 stays near 0.1"))
        #expect(alt.contains("the theory's slope ½ for h₂"))
    }

    @Test func everyPanelAloneIsSizedForAPaperColumnAndKeepsTheSharedScale() throws {
        let whole = FigureBuilder.figure(Self.movement, title: "Feature movement").layout(fonts: Self.fonts)
        for index in Self.movement.panels.indices {
            let panel = FigureBuilder.panelFigure(Self.movement, panel: index, fonts: Self.fonts)
            #expect(panel.width == 3.4 && panel.height == 2.6 && panel.dpi == 300 && panel.axes.count == 1)
            let layout = panel.layout(fonts: Self.fonts)
            #expect(abs(layout.yTicks[0].low - whole.yTicks[index].low) < 1e-9 && abs(layout.yTicks[0].high - whole.yTicks[index].high) < 1e-9)
            // Alone, each panel names its curves and draws its guide off the data.
            #expect(layout.legends[0] != nil)
            let guides = layout.elements.filter { $0.role == .slopeGuide || $0.role == .slopeGuideLabel }
            #expect(guides.count == 2)
            for guide in guides { #expect(FigurePlacement.coverage(of: guide.box, by: layout.dataPolylines(0, panel)) == 0) }
        }
        #expect(FigureBuilder.panelFile("movement", 0) == "movement-1")
    }

    @Test func aComparisonPanelHasAtMostFourCurvesAndDashesMeanReportB() {
        // A best-rate panel: a style per training horizon, two parametrizations.
        let horizons = PanelData(title: "best rate vs width", xLabel: "width n", yLabel: "η*", xScale: .log2, yScale: .log2, series: [
            Self.series("standard, step 4", [1, 1, 0.5, 0.25], style: .dotted), Self.series("standard, step 40", [0.5, 0.5, 0.25, 0.125]),
            Self.series("spectral, step 4", [2, 2, 2, 2], style: .dotted, color: 1), Self.series("spectral, step 40", [2, 2, 2, 2], color: 1),
        ], slopeTriangle: nil, colorBarRange: nil, colorBarLabel: nil, legend: true)
        // Six widths coloured by value.
        let widths = PanelData(title: "standard", xLabel: "η", yLabel: "loss", xScale: .log2, yScale: .log10,
                               series: (0..<6).map { Self.series(nil, [2, 1.5, 1.2, 1.9], value: Double(64 << $0)) },
                               slopeTriangle: nil, colorBarRange: [64, 2048], colorBarLabel: "width n", legend: false)
        let a = FigureData(id: "transfer", rows: 1, columns: 2, sharedY: false, panels: [widths, horizons])
        let overlay = ComparisonFigure.overlay(a, a, nameA: "base", nameB: "half")
        for panel in overlay.panels {
            let lines = panel.series.filter { $0.style != .none && !$0.x.isEmpty }
            #expect(lines.count <= ComparisonFigure.maximumLines, "\(panel.title) draws \(lines.count) curves")
            #expect(Set(lines.map(\.style)).isSubset(of: [.solid, .dashed]), "\(panel.title): a style other than A's and B's")
        }
        let titles = overlay.panels.map(\.title)
        #expect(titles.contains("best rate vs width, step 4") && titles.contains("best rate vs width, step 40"))
        #expect(titles.contains("standard (1 of 3)") && titles.contains("standard (3 of 3)"))
        #expect(overlay.panels.filter { $0.title.hasPrefix("standard") }.count == 3)
        #expect(overlay.panels.filter { $0.series.contains { $0.label == "half" && $0.style == .dashed } }.count == 1, "one panel holds the A/B key")
    }
}
