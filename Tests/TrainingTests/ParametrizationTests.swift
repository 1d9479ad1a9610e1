import Testing
import Linalg
@testable import Training

@Suite("Parametrizations: initial spectral norms and per-layer rates")
struct ParametrizationTests {
    static func model(_ p: Parametrization, width: Int) throws -> MLP {
        let architecture = MLPArchitecture(inputDimension: 48, width: width, depth: 3, classes: 10)
        let configuration = RunConfiguration(architecture: architecture, parametrization: p, learningRate: 0.1, batchSize: 1, steps: 1)
        var generator = SeededGenerator(seed: 2)
        return try MLP(architecture: architecture, scalings: configuration.scalings, generator: &generator)
    }

    /// Bai–Yin: a Gaussian `m × n` matrix with entry std σ has ‖W‖_* ≈ σ(√m + √n).
    @Test(arguments: [256, 512, 1024])
    func gaussianInitialNormsFollowTheFormulas(width: Int) throws {
        for p in [Parametrization.standard, .spectral, .ntk, .mup] {
            let model = try Self.model(p, width: width)
            for (l, shape) in model.architecture.layerShapes.enumerated() {
                let scaling = model.architecture.layerShapes.map {
                    p.scaling(for: $0, optimizer: .sgd, baseLearningRate: 0.1, gain: 1, baseWidth: 64)
                }[l]
                guard case let .gaussian(std) = scaling.initialization else { Issue.record("expected Gaussian"); continue }
                let predicted = Double(std) * (Double(shape.fanIn).squareRoot() + Double(shape.fanOut).squareRoot())
                let measured = spectralNorm(of: model.weights[l])
                #expect(abs(measured / predicted - 1) < 0.1, "\(p) layer \(l + 1): \(measured) vs \(predicted)")
            }
        }
    }

    @Test(arguments: [256, 512, 1024])
    func spectralConditionHoldsAtInit(width: Int) throws {
        // Condition 1: ‖W_l‖_* = Θ(√(fan_out/fan_in)) with constants independent of width.
        let model = try Self.model(.spectral, width: width)
        for (l, shape) in model.architecture.layerShapes.enumerated() {
            let target = (Double(shape.fanOut) / Double(shape.fanIn)).squareRoot()
            let ratio = spectralNorm(of: model.weights[l]) / target
            #expect(ratio > 0.9 && ratio < 2.6, "layer \(l + 1) ratio \(ratio)")
        }
    }

    @Test func spectralNormalizedInitIsExact() throws {
        let model = try Self.model(.spectralNormalized, width: 256)
        for (l, shape) in model.architecture.layerShapes.enumerated() {
            let target = (Double(shape.fanOut) / Double(shape.fanIn)).squareRoot()
            #expect(abs(spectralNorm(of: model.weights[l]) / target - 1) < 1e-3)
        }
    }

    @Test func ratesFollowTheTable() {
        let shapes = MLPArchitecture(inputDimension: 10, width: 200, depth: 3, classes: 5).layerShapes
        func rates(_ p: Parametrization, _ o: OptimizerKind) -> [Float] {
            shapes.map { p.scaling(for: $0, optimizer: o, baseLearningRate: 1, gain: 1, baseWidth: 50).learningRate }
        }
        #expect(rates(.standard, .sgd) == [1, 1, 1])
        #expect(rates(.spectral, .sgd) == [20, 1, 0.025])
        #expect(rates(.spectral, .adam) == [0.1, 0.005, 0.005])
        #expect(rates(.mup, .sgd) == [4, 1, 4])
        #expect(rates(.mup, .adam) == [1, 0.25, 1])
        let ntk = shapes.map { Parametrization.ntk.scaling(for: $0, optimizer: .sgd, baseLearningRate: 1, gain: 1, baseWidth: 50) }
        #expect(ntk.map(\.multiplier) == [1 / Float(10).squareRoot(), 1 / Float(200).squareRoot(), 1 / Float(200).squareRoot()])
        let mup = shapes.map { Parametrization.mup.scaling(for: $0, optimizer: .sgd, baseLearningRate: 1, gain: 1, baseWidth: 50) }
        #expect(mup.map(\.multiplier) == [1, 1, 0.25])
    }

    @Test func mupEqualsStandardAtBaseWidth() {
        let shapes = MLPArchitecture(inputDimension: 10, width: 64, depth: 4, classes: 5).layerShapes
        for optimizer in OptimizerKind.allCases where optimizer == .sgd {
            for shape in shapes {
                let mup = Parametrization.mup.scaling(for: shape, optimizer: optimizer, baseLearningRate: 0.3, gain: 1.2, baseWidth: 64)
                let standard = Parametrization.standard.scaling(for: shape, optimizer: optimizer, baseLearningRate: 0.3, gain: 1.2, baseWidth: 64)
                #expect(mup == standard)
            }
        }
    }
}
