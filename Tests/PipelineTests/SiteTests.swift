import Foundation
import Plotting
import Testing
@testable import Pipeline
@testable import Training

/// The pieces of `compare`, the index and `watch` that need no training.
@Suite("Comparisons, overlays and the input watcher")
struct SiteTests {
    static func record(_ edit: (inout ExperimentSpec) -> Void = { _ in }) throws -> ExperimentRecord {
        let root = try PipelineFixtures.workspace()
        var spec = try ExperimentLoader.load(path: root.appendingPathComponent("experiments/tiny.toml").path)
        edit(&spec)
        return ExperimentRecord(spec, experimentHash: "h", runsPerSweep: [:])
    }

    @Test func settingsDiffNamesEachChangedSettingOncePerSweep() throws {
        let a = try Self.record()
        let rate = try Self.record { $0.sweeps[0].settings.learningRate = 0.25 }
        #expect(ReportComparison.settingChanges(a, rate) == [.init(key: "sweeps.movement.learning_rate", a: "0.5", b: "0.25")])
        // A rate list the sweep varies stands for the setting: compared as lists, once.
        let list = try Self.record { $0.sweeps[0].learningRates = [0.5, 1] }
        #expect(ReportComparison.settingChanges(a, list) == [.init(key: "sweeps.movement.learning_rates", a: "[0.5]", b: "[0.5, 1]")])
        let noSweep = try Self.record { $0.sweeps[0].name = "other" }
        #expect(ReportComparison.settingChanges(a, noSweep).map(\.key) == ["sweeps.movement", "sweeps.other"])
        #expect(ReportComparison.settingChanges(a, a).isEmpty)
    }

    static func exponent(_ p: Parametrization, slope: Double, ci: Double, step: Int = 1) -> WidthExponent {
        WidthExponent(parametrization: p, optimizer: .sgd, quantity: .featureMovement, layer: 2, step: step, slope: slope, ci95: ci, theory: 0)
    }

    @Test func exponentsPairByStepRoleAndFlagMovesBeyondTheirIntervals() {
        let rows = ReportComparison.exponentRows(
            [Self.exponent(.spectral, slope: 0, ci: 0.03), Self.exponent(.standard, slope: 0.4, ci: 0.05, step: 20)],
            [Self.exponent(.standard, slope: 0.41, ci: 0.05, step: 10), Self.exponent(.spectral, slope: 0.2, ci: 0.03), Self.exponent(.ntk, slope: -0.5, ci: 0.1)])
        // The paper's order; the final steps (20 and 10) pair up.
        #expect(rows.map(\.parametrization) == ["standard", "ntk", "spectral"])
        #expect(rows[0].step == "final" && rows[0].difference == 0.01 && !rows[0].beyondIntervals)
        #expect(rows[1].a == nil && rows[1].difference == nil)
        #expect(rows[2].beyondIntervals && rows[2].difference == 0.2)
    }

    static func series(_ label: String, style: LineStyle = .solid) -> SeriesData {
        SeriesData(label: label, colorIndex: 0, colorValue: nil, x: [1, 2], y: [1, 2], lower: [0.5, 1], upper: [2, 3],
                   marker: nil, style: style, diverged: false)
    }

    @Test func overlayDrawsASolidAndBDashedWithALegendNamingBoth() {
        let panel = PanelData(title: "spectral", xLabel: "x", yLabel: "y", xScale: .log2, yScale: .log10, series: [Self.series("h1", style: .dashed)],
                              slopeTriangle: nil, colorBarRange: nil, colorBarLabel: nil, legend: true)
        var other = panel
        other.title = "ntk"
        let a = FigureData(id: "f", rows: 1, columns: 1, sharedY: false, panels: [panel])
        let b = FigureData(id: "f", rows: 1, columns: 2, sharedY: false, panels: [panel, other])
        let overlay = ComparisonFigure.overlay(a, b, nameA: "base", nameB: "half")
        #expect(overlay.panels.map(\.title) == ["spectral", "ntk"] && overlay.columns == 2 && overlay.rows == 1)
        let first = overlay.panels[0]
        #expect(first.series.map(\.style) == [.solid, .dashed, .solid, .dashed])
        #expect(first.series.map(\.label) == ["h1", nil, "base", "half"])
        #expect(first.series.allSatisfy { $0.lower == nil && $0.upper == nil })
        // B's own panel says that A has none.
        #expect(overlay.panels[1].series.compactMap(\.label).contains("base (no panel)"))
        #expect(overlay.shapeProblem == nil)
    }

    @Test func malformedFigureDataIsNamedByKey() {
        var series = Self.series("s")
        series.y = [1]
        let panel = PanelData(title: "", xLabel: "", yLabel: "", xScale: .linear, yScale: .linear, series: [series],
                              slopeTriangle: nil, colorBarRange: [4, 2], colorBarLabel: nil, legend: false)
        #expect(FigureData(id: "f", rows: 1, columns: 1, sharedY: false, panels: [panel]).shapeProblem?.key == "panels[0].colorBarRange")
        var fixed = panel
        fixed.colorBarRange = nil
        #expect(FigureData(id: "f", rows: 1, columns: 1, sharedY: false, panels: [fixed]).shapeProblem?.key == "panels[0].series[0].y")
        #expect(FigureData(id: "f", rows: 0, columns: 1, sharedY: false, panels: []).shapeProblem?.key == "rows")
    }

    @Test func watcherSeesEditsRenamesAndNewFilesInAFolder() throws {
        let root = try PipelineFixtures.workspace()
        let file = root.appendingPathComponent("experiments/tiny.toml")
        var watcher = InputWatcher(paths: [file.path, root.appendingPathComponent("experiments").path])
        #expect(watcher.changes().isEmpty)
        try Data("edited = 1\n".utf8).write(to: file)  // a new size
        #expect(watcher.changes() == [file.path])
        #expect(watcher.changes().isEmpty)
        // Saved through a temporary file and renamed over: a new inode.
        let temporary = root.appendingPathComponent("experiments/.tiny.toml.swp")
        try Data("edited = 2\n".utf8).write(to: temporary)
        _ = rename(temporary.path, file.path)
        #expect(watcher.changes() == [file.path])
        try Data("x".utf8).write(to: root.appendingPathComponent("experiments/new.toml"))
        #expect(watcher.changes() == [root.appendingPathComponent("experiments").path])
    }
}
