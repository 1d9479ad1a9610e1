import Testing
import Linalg
@testable import Training

@Suite("Update norms and weight movement through factors agree with Lanczos on dense matrices")
struct StructuredNormTests {
    static let dataset = TeacherConfiguration(inputDimension: 8, classes: 4, trainExamples: 256, testExamples: 64, seed: 5).makeDataset()

    static func configuration(_ p: Parametrization, optimizer: OptimizerConfiguration = .init()) -> RunConfiguration {
        RunConfiguration(
            architecture: MLPArchitecture(inputDimension: 8, width: 48, depth: 3, classes: 4),
            parametrization: p, optimizer: optimizer, learningRate: 0.3, batchSize: 4, steps: 12,
            probeSize: 16, evaluationSize: 64, metricSteps: [0, 1, 2, 3, 12])
    }

    @Test(arguments: [Parametrization.standard, .spectral, .spectralNormalized, .mup])
    func bothRoutesMeasureTheSameNumbers(parametrization: Parametrization) throws {
        let configuration = Self.configuration(parametrization)
        // Batch 4: the hidden layer's movement (48 × 48) has rank ≤ 4t and is measured through
        // its factors up to step 3 (2·12·96 ≤ 48²), not at step 12 (rank 48: no structure);
        // the input layer's (48 × 8) never (2·4·56 > 48·8: factors would cost more).
        let factors = MovementFactors(configuration: configuration, recordSteps: Set(configuration.resolvedMetricSteps))
        #expect(factors.updatesAreLowRank)
        #expect(factors.products(at: 3)[1] != nil)
        #expect(factors.products(at: 12)[1] == nil)
        #expect(factors.products(at: 1)[1] != nil)
        #expect(factors.products(at: 1)[0] == nil)

        let structured = try Trainer.run(configuration, dataset: Self.dataset, structuredNorms: true)
        let dense = try Trainer.run(configuration, dataset: Self.dataset, structuredNorms: false)
        #expect(structured.batchLosses == dense.batchLosses)
        var compared = 0
        for (a, b) in zip(structured.snapshots, dense.snapshots) {
            for (x, y) in zip(a.layers, b.layers) {
                let pairs: [(Double?, Double?)] = [(x.weightMovement, y.weightMovement), (x.updateSpectralNorm, y.updateSpectralNorm),
                                                   (x.updateStableRank, y.updateStableRank), (x.updateBatchAlignment, y.updateBatchAlignment)]
                for case let (p?, q?) in pairs where q != 0 {
                    #expect(abs(p - q) / abs(q) < 1e-4, "\(parametrization) step \(a.step) layer \(x.layer): \(p) vs \(q)")
                    compared += 1
                }
            }
        }
        #expect(compared > 40)
    }

    @Test func adamAndMomentumKeepTheDenseRoute() {
        for optimizer in [OptimizerConfiguration(kind: .adam), OptimizerConfiguration(kind: .sgd, momentum: 0.9)] {
            let configuration = Self.configuration(.spectral, optimizer: optimizer)
            let factors = MovementFactors(configuration: configuration, recordSteps: Set(configuration.resolvedMetricSteps))
            #expect(!factors.updatesAreLowRank)
            #expect(factors.products(at: 1).allSatisfy { $0 == nil })
        }
    }
}
