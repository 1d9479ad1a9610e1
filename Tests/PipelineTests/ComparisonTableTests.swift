import Foundation
import Plotting
import Testing
@testable import Pipeline
@testable import Training

/// `compare`'s tables read with the intervals: verdict flips, the diagnosis, prescription
/// and transfer diffs, and the B/A ratio figure.
@Suite("Comparison tables and ratios")
struct ComparisonTableTests {
    static func verdict(_ measured: Double, ci: Double?, outcome: IntervalTest.Outcome, claim: String = "h₂ moves like n⁰") -> Summary.Verdict {
        Summary.Verdict(parametrization: .spectral, optimizer: .sgd, claim: claim, measure: .exponent, measured: measured, ci95: ci,
                        expected: IntervalTest.band(0), rivals: [IntervalTest.band(0.5)], outcome: outcome, note: nil)
    }

    @Test func aVerdictFlipWithinTheIntervalsIsNotMarkedAsAChange() {
        // +0.10 ± 0.10 → +0.30 ± 0.19: the outcome flips, but 0.20 < √(0.10² + 0.19²) ≈ 0.215.
        let within = ReportComparison.verdictRows([Self.verdict(0.1, ci: 0.1, outcome: .consistent)],
                                                  [Self.verdict(0.3, ci: 0.19, outcome: .inconclusive)])
        #expect(within.count == 1 && within[0].changed && !within[0].beyondIntervals && within[0].difference == 0.2)
        // 0 ± 0.05 → +0.5 ± 0.05: a change the data show.
        let apart = ReportComparison.verdictRows([Self.verdict(0, ci: 0.05, outcome: .consistent)],
                                                 [Self.verdict(0.5, ci: 0.05, outcome: .inconsistent)])
        #expect(apart[0].changed && apart[0].beyondIntervals)
        // An unbounded interval (two widths) never says the values differ.
        let unbounded = ReportComparison.verdictRows([Self.verdict(0, ci: .infinity, outcome: .inconclusive)],
                                                     [Self.verdict(0.9, ci: 0.05, outcome: .inconsistent)])
        #expect(unbounded[0].changed && !unbounded[0].beyondIntervals)
    }

    static func line(_ layer: Int, slope: Double, ci: Double, pass: Bool, step: Int = 1) -> LayerDiagnosis {
        LayerDiagnosis(parametrization: .standard, optimizer: .sgd, sweep: "movement", layer: layer, layerKind: layer == 1 ? .input : .hidden,
                       quantity: .updateNorm, step: step, slope: slope, ci95: ci, target: layer == 1 ? 0.5 : 0, pass: pass, fix: nil)
    }

    @Test func theDiagnosisDiffKeepsOnlyRowsThatDiffer() {
        let a = [Self.line(1, slope: 0.45, ci: 0.05, pass: true), Self.line(2, slope: 0.1, ci: 0.1, pass: true),
                 Self.line(3, slope: 0.0, ci: 0.02, pass: true), Self.line(2, slope: 0, ci: 0.1, pass: true, step: 40)]
        let b = [Self.line(1, slope: 0.47, ci: 0.05, pass: true), Self.line(2, slope: 0.22, ci: 0.1, pass: false),
                 Self.line(3, slope: 0.5, ci: 0.02, pass: false), Self.line(2, slope: 0, ci: 0.1, pass: true, step: 20)]
        let diff = TableDiff.diagnosis(a, b)
        // The last steps (40 and 20) pair; layer 1 moved by less than its intervals.
        #expect(diff.compared == 4)
        #expect(diff.rows.map(\.difference) == ["meets → misses the condition, within the intervals",
                                                "meets → misses the condition; moved +0.50, beyond the intervals"])
        #expect(diff.rows[0].item == "standard · sgd · layer 2 (hidden) · ‖ΔW‖∗ · step 1" && diff.rows[0].b == "+0.22 ± 0.10 ✗")
        #expect(TableDiff.diagnosis(a, Array(a.prefix(1))).rows.map(\.difference) == ["only in A", "only in A", "only in A"])
    }

    static func prescription(_ changes: [PrescriptionChange], verified: Bool) -> Prescription {
        Prescription(parametrization: .standard, optimizer: .sgd, sweep: "movement", fixedParametrization: changes.isEmpty ? nil : "standard-fixed",
                     changes: changes, toml: nil, equivalentTo: [],
                     verified: .init(pass: verified, passAtEnd: verified, parametrization: "standard-fixed", diagnosis: [], note: "", secondIteration: nil))
    }

    @Test func thePrescriptionAndTransferDiffsNameWhatChanged() {
        let change = PrescriptionChange(layerKind: .output, field: .initialization, from: 0.5, to: 1, exponentChange: 0.5)
        let same = TableDiff.prescriptions([Self.prescription([change], verified: true)], [Self.prescription([change], verified: true)])
        #expect(same.compared == 1 && same.rows.isEmpty)
        let other = TableDiff.prescriptions([Self.prescription([change], verified: true)], [Self.prescription([], verified: false)])
        #expect(other.rows.map(\.difference) == ["different changes; verified → not verified"])
        #expect(other.rows.first?.a == "output initialisation ×n^+½ (✓ verified)")

        var a = Summary(exponents: [], lrTransfer: [.init(parametrization: .spectral, width: 64, bestLearningRate: 0.5, finalLoss: 1)],
                        lrTransferShift: [.init(parametrization: .spectral, optimizer: .sgd, gridSteps: 0, exponent: 0.02, ci95: 0.1)],
                        verdicts: [], provenance: nil)
        var b = a
        #expect(TableDiff.transfer(a, b).rows.isEmpty && TableDiff.transfer(a, b).compared == 2)
        b.lrTransferShift[0] = .init(parametrization: .spectral, optimizer: .sgd, gridSteps: 2, exponent: -0.6, ci95: 0.1)
        b.lrTransfer[0].bestLearningRate = 0.125
        #expect(TableDiff.transfer(a, b).rows.map(\.difference) == ["moved −0.62, beyond the intervals; grid steps 0 → 2", "best rate 0.5 → 0.125"])
        a.lrTransferShift = []
        #expect(TableDiff.transfer(a, b).rows.first?.difference == "only in B")
    }

    static func movement(_ y: [Double], label: String = "h2") -> PanelData {
        PanelData(title: "spectral", xLabel: "width", yLabel: "movement", xScale: .log2, yScale: .log10,
                  series: [SeriesData(label: label, colorIndex: 0, colorValue: nil, x: [64, 128, 256], y: y, lower: nil, upper: nil,
                                      marker: .circle, style: .solid, diverged: false)],
                  slopeTriangle: 0, colorBarRange: nil, colorBarLabel: nil, legend: true)
    }

    @Test func theRatioFigureDividesBByAWidthByWidthForMovementFiguresOnly() throws {
        let a = FigureData(id: "feature-movement", rows: 1, columns: 1, sharedY: false, panels: [Self.movement([1, 2, 4])])
        let b = FigureData(id: "feature-movement", rows: 1, columns: 1, sharedY: false, panels: [Self.movement([2, 2, 0])])
        let ratio = try #require(ComparisonRatio.data(a, b, kind: "feature_movement", nameA: "base", nameB: "half"))
        // The width where B measured 0 is left out rather than drawn as a zero on a log axis.
        #expect(ratio.panels.count == 1 && ratio.panels[0].series.map(\.y) == [[2, 1]] && ratio.panels[0].series[0].x == [64, 128])
        #expect(ratio.panels[0].yLabel == "half / base" && ratio.panels[0].referenceLines?.first?.value == 1)
        #expect(ratio.shapeProblem == nil)
        #expect(ComparisonRatio.data(a, b, kind: "loss_curves", nameA: "base", nameB: "half") == nil)
        // Curves that do not pair (another label) give no ratio figure.
        let unpaired = FigureData(id: "feature-movement", rows: 1, columns: 1, sharedY: false, panels: [Self.movement([1, 1, 1], label: "h3")])
        #expect(ComparisonRatio.data(a, unpaired, kind: "feature_movement", nameA: "base", nameB: "half") == nil)
    }
}
