import Foundation
import Testing
@testable import Pipeline
@testable import Training

/// The rules the report states once and applies everywhere: the interval test of every
/// verdict, the refined optimum of a loss curve, divergence, and numbers in data files.
@Suite("One rule for verdicts, optima, divergence and numbers")
struct VerdictRuleTests {
    @Test func theIntervalTestSaysConsistentInconsistentOrInconclusive() {
        let band = IntervalTest.band(0), rivals = [IntervalTest.band(-0.5), IntervalTest.band(0.5)]
        // −0.04 ± 0.03 excludes 0 but overlaps the band 0 ± 0.1: consistent.
        #expect(IntervalTest.judge(-0.04, ci95: 0.03, band: band, rivals: rivals) == .consistent)
        // A slope well off the band, with a tight interval: inconsistent.
        #expect(IntervalTest.judge(-0.2, ci95: 0.05, band: band, rivals: rivals) == .inconsistent)
        // An interval that reaches a rival's band too cannot tell them apart.
        #expect(IntervalTest.judge(-0.1, ci95: 0.35, band: band, rivals: rivals) == .inconclusive)
        // Two widths give no interval: inconclusive, never a pass.
        #expect(IntervalTest.judge(0, ci95: .infinity, band: band, rivals: rivals) == .inconclusive)
        #expect(IntervalTest.judge(.nan, ci95: 0.1, band: band, rivals: rivals) == .inconclusive)
        // One-sided bands (the standard parametrization's shift of the best rate).
        #expect(IntervalTest.judge(-0.6, ci95: 0.2, band: IntervalTest.negative, rivals: [IntervalTest.band(0)]) == .consistent)
        #expect(IntervalTest.judge(-0.15, ci95: 0.1, band: IntervalTest.negative, rivals: [IntervalTest.band(0)]) == .inconclusive)
        #expect(IntervalTest.judge(0.3, ci95: 0.1, band: IntervalTest.negative, rivals: [IntervalTest.band(0)]) == .inconsistent)
        #expect(IntervalTest.sentence.contains("± 0.1") && IntervalTest.sentence.contains("inconclusive (interval too wide)"))
    }

    @Test func theOptimumOfALossCurveIsRefinedBetweenGridPointsAndFlaggedAtTheEdge() throws {
        let rates = [0.25, 0.5, 1, 2, 4]
        // ln loss a parabola in log₂ rate with its vertex at log₂ η = 0.3: found exactly.
        let losses = rates.map { exp(pow(log2($0) - 0.3, 2)) }
        let refined = try #require(TransferFit.optimum(rates: rates, losses: losses))
        #expect(refined.index == 2 && !refined.atEdge && abs(refined.rate - exp2(0.3)) < 1e-6)
        // The best rate at the grid's top: kept as it is, at the edge.
        let edge = try #require(TransferFit.optimum(rates: rates, losses: [5, 4, 3, 2, 1]))
        #expect(edge.rate == 4 && edge.atEdge)
        // A diverged neighbour (NaN) bounds the optimum: the grid's best rate, not at the edge.
        let bounded = try #require(TransferFit.optimum(rates: rates, losses: [3, 2, 1, .nan, .nan]))
        #expect(bounded.rate == 1 && !bounded.atEdge)
        #expect(TransferFit.optimum(rates: rates, losses: [.nan, .nan, .nan, .nan, .nan]) == nil)
    }

    @Test func aRunThatEndsFarAboveItsStartIsDiverged() {
        func result(start: Double, end: Double, status: RunStatus = .completed) -> RunResult {
            let snapshot = { (step: Int, loss: Double) in
                MetricsSnapshot(step: step, trainLoss: loss, testLoss: nil, testAccuracy: nil, logitRMS: 1, logitChange: 0, layers: [])
            }
            return RunResult(configuration: RunConfiguration(architecture: MLPArchitecture(inputDimension: 4, width: 8, depth: 3, classes: 3),
                                                             parametrization: .standard, learningRate: 1, batchSize: 4, steps: 5, seed: 0),
                             dataset: .init(name: "teacher", trainExamples: 8, testExamples: 4, inputDimension: 4, classes: 3),
                             status: status, divergedAtStep: nil, snapshots: [snapshot(0, start), snapshot(5, end)], batchLosses: [],
                             timing: .init(totalSeconds: 0, secondsPerStep: 0), environment: .init(blasKernel: "Test", threads: 1))
        }
        #expect(Divergence.diverged(result(start: 2.3, end: 1667)))
        #expect(Divergence.status(result(start: 2.3, end: 1667)) == "diverged")
        #expect(!Divergence.diverged(result(start: 2.3, end: 4.5)))
        #expect(Divergence.diverged(result(start: 2.3, end: 1, status: .diverged)))
        // Its end is no measurement: the figures' and verdicts' reads of the last step are empty.
        let run = Aggregator.Run(configuration: result(start: 2.3, end: 1667).configuration, result: result(start: 2.3, end: 1667))
        #expect(SweepRuns.snapshot(run, step: nil) == nil && SweepRuns.snapshot(run, step: 5) == nil && SweepRuns.snapshot(run, step: 0) != nil)
    }

    @Test func numbersAreTheShortestTextOfTheirSinglePrecisionValue() {
        #expect(Float32Text.text(Double(Float(0.01))) == "0.01")
        #expect(LongTable.Cell.number(Double(Float(0.009999999776482582))).csv == "0.01")
        #expect(Float32Text.text(2) == "2.0" && Float32Text.text(.nan) == "" && Float32Text.text(1e300) == "1e+300")
        #expect(Float32Text.rounded(Double(Float(0.1))) == 0.1)
    }
}
