import Testing
import Linalg
@testable import Training

@Suite("Gradients against Float64 finite differences")
struct GradientTests {
    static let cases: [(Activation, Loss, Parametrization)] = Activation.allCases.flatMap { a in
        Loss.allCases.flatMap { l in Parametrization.allCases.map { (a, l, $0) } }
    }

    @Test(arguments: cases)
    func backwardMatchesFiniteDifferences(activation: Activation, loss: Loss, parametrization: Parametrization) throws {
        let architecture = MLPArchitecture(inputDimension: 5, width: 6, depth: 3, classes: 4, activation: activation, biases: true)
        let configuration = RunConfiguration(
            architecture: architecture, parametrization: parametrization, learningRate: 0.1,
            initGain: 1.5, baseWidth: 3, loss: loss, batchSize: 3, steps: 1)
        var generator = SeededGenerator(seed: 11)
        var model = try MLP(architecture: architecture, scalings: configuration.scalings, generator: &generator)
        // Non-zero biases so that their gradients are exercised away from the init.
        for l in model.biases.indices {
            for i in model.biases[l].indices { model.biases[l][i] = Float(generator.nextGaussian() * 0.3) }
        }
        let input = Matrix.gaussian(rows: 3, columns: 5, std: 1, using: &generator)
        let labels: [Int32] = [0, 3, 1]
        var workspace = Workspace(architecture: architecture, batchSize: 3)
        var gradients = Gradients(architecture: architecture)
        let lossValue = model.trainingPass(
            input: input, labels: labels[...], loss: loss, workspace: &workspace,
            gradients: &gradients, mode: .storeGradients)

        var reference = ReferenceNetwork(model, loss: loss)
        let inputs = (0..<3).map { i in (0..<5).map { Double(input[i, $0]) } }
        let intLabels = labels.map(Int.init)
        #expect(abs(reference.meanLoss(inputs: inputs, labels: intLabels) - lossValue) < 1e-4)

        let h = 1e-5
        var worst = 0.0
        for l in reference.weights.indices {
            for i in reference.weights[l].indices {
                for j in reference.weights[l][i].indices {
                    let saved = reference.weights[l][i][j]
                    reference.weights[l][i][j] = saved + h
                    let plus = reference.meanLoss(inputs: inputs, labels: intLabels)
                    reference.weights[l][i][j] = saved - h
                    let minus = reference.meanLoss(inputs: inputs, labels: intLabels)
                    reference.weights[l][i][j] = saved
                    let numeric = (plus - minus) / (2 * h)
                    let analytic = Double(gradients.weights[l][i, j])
                    worst = max(worst, abs(numeric - analytic) / max(1, abs(numeric)))
                }
            }
            for i in reference.biases[l].indices {
                let saved = reference.biases[l][i]
                reference.biases[l][i] = saved + h
                let plus = reference.meanLoss(inputs: inputs, labels: intLabels)
                reference.biases[l][i] = saved - h
                let minus = reference.meanLoss(inputs: inputs, labels: intLabels)
                reference.biases[l][i] = saved
                worst = max(worst, abs((plus - minus) / (2 * h) - Double(gradients.biases[l][i])))
            }
        }
        #expect(worst < 2e-4, "worst relative gradient error \(worst)")
    }

    @Test func fusedSGDEqualsGradientThenUpdate() throws {
        let architecture = MLPArchitecture(inputDimension: 7, width: 9, depth: 3, classes: 3, activation: .tanh, biases: true)
        let scalings = Parametrization.spectral.scaling(
            for: architecture.layerShapes[1], optimizer: .sgd, baseLearningRate: 0.5, gain: 1, baseWidth: 9)
        var generator = SeededGenerator(seed: 5)
        let all = Array(repeating: scalings, count: 3)
        var fused = try MLP(architecture: architecture, scalings: all, generator: &generator)
        var separate = fused
        let input = Matrix.gaussian(rows: 4, columns: 7, std: 1, using: &generator)
        let labels: [Int32] = [0, 1, 2, 1]
        var workspace = Workspace(architecture: architecture, batchSize: 4)
        var gradients = Gradients(architecture: architecture)
        let rates: [Float] = [0.3, 0.2, 0.1]
        _ = fused.trainingPass(input: input, labels: labels[...], loss: .crossEntropy, workspace: &workspace, gradients: &gradients, mode: .applySGD(learningRates: rates))
        _ = separate.trainingPass(input: input, labels: labels[...], loss: .crossEntropy, workspace: &workspace, gradients: &gradients, mode: .storeGradients)
        for l in 0..<3 {
            separate.weights[l].add(gradients.weights[l], scaledBy: -rates[l])
            for i in separate.biases[l].indices { separate.biases[l][i] -= rates[l] * gradients.biases[l][i] }
            #expect(fused.weights[l].frobeniusDistance(to: separate.weights[l]) < 1e-5)
            #expect(zip(fused.biases[l], separate.biases[l]).allSatisfy { abs($0 - $1) < 1e-6 })
        }
    }
}
