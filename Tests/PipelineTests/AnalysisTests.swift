import Foundation
import Testing
@testable import Training
@testable import Pipeline

/// Synthetic runs whose metrics follow known power laws of width.
enum SyntheticRuns {
    /// A run at `width` whose feature and weight movement are `scale · width^exponent` at
    /// every layer, with `seeds` seeds differing by a factor (1 + 0.01·seed).
    static func runs(_ p: Parametrization, widths: [Int], exponent: Double, seeds: Int = 2, steps: Int = 3,
                     rate: Double = 0.5, finalLoss: ((Int) -> Double)? = nil, diverged: Set<Int> = []) -> [Aggregator.Run] {
        widths.flatMap { width in
            (0..<seeds).map { seed in
                var configuration = RunConfiguration(
                    architecture: MLPArchitecture(inputDimension: 8, width: width, depth: 3, classes: 3),
                    parametrization: p, learningRate: Float(rate), batchSize: 16, steps: steps, seed: UInt64(seed))
                configuration.metricSteps = Array(0...steps)
                let factor = (1 + 0.01 * Double(seed)) * pow(Double(width), exponent)
                let snapshots = (0...steps).map { step in
                    MetricsSnapshot(step: step, trainLoss: step == steps ? (finalLoss?(width) ?? 1) : 2, testLoss: 2, testAccuracy: 0.5,
                                    logitRMS: 1, logitChange: 0.1 * factor, layers: (1...3).map { layer in
                                        LayerMetrics(layer: layer, preactivationRMS: 1, activationRMS: 1, featureMovement: 0.5 * factor,
                                                     weightMovement: 0.25 * factor, weightMovementFrobenius: 0.1 * factor,
                                                     updateSpectralNorm: 1, updateStableRank: 1.2, updateAlignment: 0.7)
                                    })
                }
                let result = RunResult(
                    configuration: configuration,
                    dataset: .init(name: "teacher", trainExamples: 64, testExamples: 32, inputDimension: 8, classes: 3),
                    status: diverged.contains(width) ? .diverged : .completed, divergedAtStep: nil, snapshots: snapshots,
                    batchLosses: [], timing: .init(totalSeconds: 0, secondsPerStep: 0),
                    environment: .init(blasKernel: "Test", threads: 1))
                return Aggregator.Run(configuration: configuration, result: result)
            }
        }
    }

    static func figure(_ kind: FigureKind, id: String = "f") -> FigureSpec {
        FigureSpec(id: id, kind: kind, sweep: "s", title: nil, caption: "", layers: nil)
    }
}

@Suite("Analysis: statistics, theory, aggregation, summary")
struct AnalysisTests {
    @Test func logLogSlopeRecoversAPowerLawWithItsInterval() throws {
        let x = [64.0, 128, 256, 512, 1024]
        let exact = try #require(Statistics.logLogSlope(x: x, y: x.map { 3 * pow($0, -0.5) }))
        #expect(abs(exact.slope + 0.5) < 1e-12 && exact.ci95 < 1e-9 && exact.points == 5)
        // Noise widens the interval; non-positive and non-finite points are left out.
        let noisy = try #require(Statistics.logLogSlope(x: x + [2048, 4096], y: [1, 1.5, 1.9, 3.1, 3.9, 0, .nan]))
        #expect(noisy.points == 5 && noisy.ci95 > 0.05 && noisy.slope > 0.4 && noisy.slope < 0.6)
        #expect(Statistics.logLogSlope(x: [1, 2], y: [1, 2])?.ci95 == .infinity)
        #expect(Statistics.logLogSlope(x: [4, 4], y: [1, 2]) == nil)
        #expect(Statistics.logLogSlope(x: [4], y: [1]) == nil)
    }

    @Test func tQuantilesFollowTheTableAndTendToTheNormal() {
        #expect(Statistics.tQuantile975(degreesOfFreedom: 1) == 12.706)
        #expect(Statistics.tQuantile975(degreesOfFreedom: 3) == 3.182)
        #expect(abs(Statistics.tQuantile975(degreesOfFreedom: 1000) - 1.96) < 0.01)
        #expect(Statistics.tQuantile975(degreesOfFreedom: 0) == .infinity)
    }

    /// The theory's hidden-update exponents are derived from each built-in's width exponents
    /// (`ExponentModel`): they must be the science table's, for every built-in, optimizer,
    /// hidden layer and depth, and carry no negative zero (a page would print "−0").
    @Test func theoryDerivedFromWidthExponentsIsTheScienceTable() {
        let table: [BuiltinParametrization: (sgd: Double, adam: Double)] = [
            .standard: (0.5, 1), .ntk: (-0.5, 0.5), .spectral: (0, 0), .spectralNormalized: (0, 0), .mup: (0, 0),
        ]
        #expect(Set(table.keys) == Set(BuiltinParametrization.allCases))
        for (builtin, expected) in table {
            for depth in 3...5 {
                for layer in 2..<depth {
                    for (optimizer, value) in [(OptimizerKind.sgd, expected.sgd), (.adam, expected.adam)] {
                        let got = Theory.exponent(Parametrization(builtin), quantity: .featureMovement, layer: layer, depth: depth, optimizer: optimizer)
                        #expect(got == value, "\(builtin) \(optimizer) layer \(layer) of \(depth)")
                        #expect(got?.sign == value.sign || value != 0, "\(builtin) \(optimizer): −0")
                    }
                }
            }
        }
    }

    @Test func theoryMatchesTheScienceTableForHiddenLayers() {
        #expect(Theory.exponent(.standard, quantity: .featureMovement, layer: 2, depth: 3) == 0.5)
        #expect(Theory.exponent(.ntk, quantity: .weightMovement, layer: 2, depth: 3) == -0.5)
        #expect(Theory.exponent(.ntk, quantity: .weightMovementFrobenius, layer: 2, depth: 3) == -1)
        #expect(Theory.exponent(.spectral, quantity: .weightMovementFrobenius, layer: 2, depth: 3) == -0.5)
        #expect(Theory.exponent(.mup, quantity: .featureMovement, layer: 2, depth: 3) == 0)
        #expect(Theory.exponent(.standard, quantity: .logitChange, layer: 3, depth: 3) == 1)
        // Under Adam the first update is sign-like and rank one: n^+1 (standard), n^+½ (NTK).
        #expect(Theory.exponent(.standard, quantity: .featureMovement, layer: 2, depth: 3, optimizer: .adam) == 1)
        #expect(Theory.exponent(.ntk, quantity: .weightMovement, layer: 2, depth: 3, optimizer: .adam) == 0.5)
        #expect(Theory.exponent(.ntk, quantity: .weightMovementFrobenius, layer: 2, depth: 3, optimizer: .adam) == 0)
        #expect(Theory.exponent(.spectral, quantity: .featureMovement, layer: 2, depth: 3, optimizer: .adam) == 0)
        #expect(Theory.exponent(.standard, quantity: .logitChange, layer: 3, depth: 3, optimizer: .adam) == nil)
        // The verdicts follow the optimizer's theory.
        // One rule for every verdict: the theory's band e ± 0.1, told apart from the other
        // parametrizations' predictions for the same optimizer.
        #expect(Verdicts.rules(for: .ntk, optimizer: .adam).map(\.expected) == [IntervalTest.band(0.5), IntervalTest.band(0.5)])
        #expect(Verdicts.rules(for: .ntk, optimizer: .adam).first?.rivals == [IntervalTest.band(0), IntervalTest.band(1)])
        #expect(Verdicts.rules(for: .ntk, optimizer: .adam).first?.claim == "features move more with width, like n^+½")
        #expect(Verdicts.rules(for: .standard, optimizer: .adam).first?.expected == Summary.Range(low: 0.9, high: 1.1))
        #expect(Verdicts.rules(for: .spectral, optimizer: .sgd).first?.rivals == [IntervalTest.band(-0.5), IntervalTest.band(0.5)])
        // The input layer and quantities without a prediction.
        #expect(Theory.exponent(.standard, quantity: .featureMovement, layer: 1, depth: 3) == nil)
        #expect(Theory.exponent(.spectral, quantity: .updateStableRank, layer: 2, depth: 3) == nil)
    }

    @Test func featureMovementFitsEveryLayerStepAndTheLogits() throws {
        let runs = SyntheticRuns.runs(.standard, widths: [16, 32, 64, 128], exponent: 0.5)
        let aggregate = Aggregator.aggregate(SyntheticRuns.figure(.featureMovement), runs: runs)
        #expect(aggregate.figure.panels.count == 1 && aggregate.figure.panels[0].title == "standard")
        // Hidden layers 1 and 2, each after one step (solid) and at the end (dashed).
        let series = aggregate.figure.panels[0].series
        #expect(series.map(\.label) == ["h_{1}, t = 1", "h_{1}, t = 3", "h_{2}, t = 1", "h_{2}, t = 3"])
        #expect(series.map(\.style) == [.solid, .dashed, .solid, .dashed])
        #expect(series[0].x == [16, 32, 64, 128])
        // The mean over seeds, with the band between them.
        #expect(abs(series[0].y[0] - 0.5 * 1.005 * 4) < 1e-12 && series[0].lower?[0] == 2 && abs((series[0].upper?[0] ?? 0) - 2.02) < 1e-12)
        let feature = aggregate.measurements.exponents.filter { $0.quantity == .featureMovement }
        #expect(feature.count == 4 && feature.allSatisfy { abs($0.slope - 0.5) < 1e-9 })
        #expect(feature.first { $0.layer == 2 }?.theory == 0.5 && feature.first { $0.layer == 1 }?.theory == nil)
        #expect(aggregate.measurements.exponents.contains { $0.quantity == .logitChange && $0.layer == 3 })
    }

    @Test func aDivergedWidthBreaksTheMeanAndMarksTheSeries() {
        let runs = SyntheticRuns.runs(.standard, widths: [16, 32, 64], exponent: 0.5, diverged: [64])
        let aggregate = Aggregator.aggregate(SyntheticRuns.figure(.featureMovement), runs: runs)
        let atEnd = aggregate.figure.panels[0].series[1]
        #expect(atEnd.diverged && atEnd.y[2].isNaN && atEnd.y[0].isFinite)
        #expect(aggregate.measurements.divergedRuns == 2)
    }

    @Test func learningRateTransferFindsTheBestRatePerWidth() throws {
        // The best rate is 0.5 at width 16 and 2 at width 64: a shift of two grid steps.
        let runs = [0.25, 0.5, 1, 2].flatMap { rate in
            SyntheticRuns.runs(.standard, widths: [16, 64], exponent: 0, seeds: 1, rate: rate) { width in
                abs(log2(rate) - (width == 16 ? -1 : 1)) + 0.1
            }
        }
        let aggregate = Aggregator.aggregate(SyntheticRuns.figure(.learningRateTransfer), runs: runs)
        // One best rate per width at each horizon; the end's decide.
        let last = try #require(aggregate.measurements.bestLearningRates.compactMap(\.step).max())
        let best = aggregate.measurements.bestLearningRates.filter { $0.step == last }
        #expect(best.map(\.width) == [16, 64] && best.map(\.learningRate) == [0.5, 2] && best.map(\.gridIndex) == [1, 3])
        // The optimum is starred on each width's curve, and a last panel draws it against width.
        let panel = aggregate.figure.panels[0]
        #expect(panel.series.filter { $0.marker == .star }.map(\.x) == [[0.5], [2]])
        #expect(aggregate.figure.panels.last?.title == "best rate vs width" && aggregate.figure.panels.count == 2)
        let summary = Summary.make(measurements: [aggregate.measurements])
        #expect(summary.lrTransfer.count == 2 && summary.lrTransfer.allSatisfy { $0.horizons.last?.step == last })
        #expect(summary.lrTransferShift.first?.gridSteps == 2)
        // One seed per width: the best rate's width exponent, fitted to 2 optima (0.5 at width
        // 16, refined exactly between symmetric neighbours; 2 at width 64), is +1 with an
        // unbounded interval. Width 64's optimum is the grid's top rate: the verdict is
        // inconclusive, and says why.
        let shift = try #require(summary.lrTransferShift.first)
        #expect(shift.points == 2 && shift.edgeWidths == [64] && shift.exponent == 1 && shift.ci95 == .infinity)
        #expect(summary.lrTransfer.first { $0.width == 16 }?.seedOptima == [0.5] && summary.lrTransfer.first { $0.width == 64 }?.optimumAtEdge == true)
        let verdict = try #require(summary.verdicts.first)
        #expect(verdict.claim.hasPrefix("the best learning rate shifts with width") && verdict.measure == .rateExponent && verdict.outcome == .inconclusive && !verdict.pass)
        #expect(verdict.note == "the optimum is at the grid's edge: extend learning_rates (width 64)")
    }

    @Test func summaryDeduplicatesRoundsAndJudgesAtTheHeadlineLayer() throws {
        let standard = Aggregator.aggregate(SyntheticRuns.figure(.featureMovement), runs: SyntheticRuns.runs(.standard, widths: [16, 32, 64], exponent: 0.5))
        let ntk = Aggregator.aggregate(SyntheticRuns.figure(.weightMovement), runs: SyntheticRuns.runs(.ntk, widths: [16, 32, 64], exponent: 0.123456789))
        // The same figure twice: its exponents appear once.
        let summary = Summary.make(measurements: [standard.measurements, standard.measurements, ntk.measurements])
        let keys = summary.exponents.map { "\($0.parametrization)|\($0.quantity)|\($0.layer)|\($0.step)" }
        #expect(Set(keys).count == keys.count)
        #expect(summary.exponents.map(\.parametrization.rawValue) == summary.exponents.map(\.parametrization.rawValue).sorted())
        #expect(summary.exponents.contains { $0.slope == 0.1235 })
        let verdicts = summary.verdicts.filter { $0.parametrization == .standard }
        #expect(verdicts.map(\.claim) == ["features move more with width, like n^+½ (layer 2, one step)"])
        #expect(verdicts.first?.measured == 0.5 && verdicts.first?.pass == true && verdicts.first?.outcome == .consistent
                && verdicts.first?.expected == Summary.Range(low: 0.4, high: 0.6))
        #expect(verdicts.first.map { Verdicts.text($0) }.map { [$0.measured, $0.expected] } == ["+0.50 ± 0.00", "+0.5 ± 0.1"])
        // NTK's weights move like n^+0.12, not n^−½: the verdict is inconsistent, with a true minus in "expected".
        let ntkVerdict = try #require(summary.verdicts.first { $0.parametrization == .ntk })
        #expect(!ntkVerdict.pass && ntkVerdict.outcome == .inconsistent && ntkVerdict.optimizer == .sgd && Verdicts.text(ntkVerdict).expected == "−0.5 ± 0.1")
        // Numbers are numbers in summary.json.
        let json = String(decoding: try ContentHash.canonicalJSON(ntkVerdict), as: UTF8.self)
        #expect(json.contains(#""expected":{"high":-0.4"#) && json.contains(#""measure":"exponent""#) && json.contains(#""measured":0.1235"#)
                && json.contains(#""outcome":"inconsistent""#))
    }

    @Test func summaryJSONWritesNullForMissingTheoryAndRates() throws {
        let exponent = WidthExponent(parametrization: .standard, optimizer: .sgd, quantity: .featureMovement, layer: 1, step: 1, slope: 0.5, ci95: 0.1, theory: nil)
        let json = String(decoding: try ContentHash.canonicalJSON(exponent), as: UTF8.self)
        #expect(json.contains("\"theory\":null"))
        let decoded = try ContentHash.decoder().decode(WidthExponent.self, from: Data(#"{"parametrization":"ntk","optimizer":"adam","quantity":"weight_movement","layer":2,"step":1,"slope":-0.5,"ci95":0.1}"#.utf8))
        #expect(decoded.theory == nil && decoded.parametrization == .ntk)
        let transfer = Summary.Transfer(parametrization: .spectral, width: 64, bestLearningRate: nil, finalLoss: nil)
        #expect(String(decoding: try ContentHash.canonicalJSON(transfer), as: UTF8.self).contains("\"best_learning_rate\":null"))
    }

    @Test func headlineLayerPrefersTheHiddenLayerTheTheorySpeaksOf() {
        func exponent(_ layer: Int, _ quantity: Quantity, theory: Double?) -> WidthExponent {
            WidthExponent(parametrization: .spectral, optimizer: .sgd, quantity: quantity, layer: layer, step: 1, slope: 0, ci95: 0, theory: theory)
        }
        #expect(Measurements.headlineLayer(of: .spectral, in: [exponent(1, .featureMovement, theory: nil), exponent(2, .featureMovement, theory: 0)]) == 2)
        #expect(Measurements.headlineLayer(of: .spectral, in: [exponent(1, .weightMovement, theory: nil), exponent(3, .logitChange, theory: 0)]) == 1)
        #expect(Measurements.headlineLayer(of: .ntk, in: [exponent(2, .featureMovement, theory: 0)]) == nil)
    }
}
