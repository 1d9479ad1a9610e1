import Testing
import Linalg
@testable import Training

/// The paper's central claim, measured: after one SGD step at one base rate, how feature
/// and weight movement of the hidden layer `W_2`/`h_2` scale with width.
@Suite("Width exponents after one SGD step (layer 2, widths 64…1024)")
struct WidthExponentTests {
    static let widths = [64, 128, 256, 512, 1024]

    /// Mean over seeds of (feature movement, weight movement) of layer 2 after one step.
    static func movements(_ parametrization: Parametrization, learningRate: Float) throws -> [(Double, Double)] {
        let dataset = TeacherConfiguration(inputDimension: 32, classes: 10, trainExamples: 256, testExamples: 64, seed: 1).makeDataset()
        return try widths.map { width in
            var features = 0.0, weights = 0.0
            let seeds: [UInt64] = [0, 1]
            for seed in seeds {
                let configuration = RunConfiguration(
                    architecture: MLPArchitecture(inputDimension: 32, width: width, depth: 3, classes: 10),
                    parametrization: parametrization, learningRate: learningRate, batchSize: 64, steps: 1,
                    seed: seed, probeSize: 64, evaluationSize: 64, metricSteps: [0, 1])
                let result = try Trainer.run(configuration, dataset: dataset)
                let layer2 = result.snapshots[1].layers[1]
                features += layer2.featureMovement / Double(seeds.count)
                weights += layer2.weightMovement / Double(seeds.count)
            }
            return (features, weights)
        }
    }

    static func slopes(_ p: Parametrization, _ rate: Float) throws -> (features: Double, weights: Double) {
        let m = try movements(p, learningRate: rate)
        let x = widths.map(Double.init)
        return (logLogSlope(x, m.map(\.0)), logLogSlope(x, m.map(\.1)))
    }

    @Test func spectralIsWidthIndependent() throws {
        let s = try Self.slopes(.spectral, 0.5)
        print("width slopes .spectral at rate 0.5: features \(s.features), weights \(s.weights)")
        #expect(abs(s.features) <= 0.12, "feature slope \(s.features)")
        #expect(abs(s.weights) <= 0.12, "weight slope \(s.weights)")
    }

    @Test func ntkFreezesWithSlopeMinusHalf() throws {
        let s = try Self.slopes(.ntk, 0.5)
        print("width slopes .ntk at rate 0.5: features \(s.features), weights \(s.weights)")
        #expect(abs(s.features + 0.5) <= 0.12, "feature slope \(s.features)")
        #expect(abs(s.weights + 0.5) <= 0.12, "weight slope \(s.weights)")
    }

    @Test func standardGrowsWithWidth() throws {
        let s = try Self.slopes(.standard, 0.5)
        print("width slopes .standard at rate 0.5: features \(s.features), weights \(s.weights)")
        #expect(s.features >= 0.25, "feature slope \(s.features)")
        #expect(abs(s.weights - 0.5) <= 0.15, "weight slope \(s.weights)")
    }
}
