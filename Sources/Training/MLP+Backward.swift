import Linalg

/// Gradients of the loss with respect to the stored parameters, one entry per layer.
public struct Gradients: Sendable {
    /// `∂L/∂W_l`, shaped like `W_l`.
    public var weights: [Matrix]
    /// `∂L/∂b_l`, or empty arrays when the network has no biases.
    public var biases: [[Float]]

    /// Zero gradients shaped for `architecture`.
    public init(architecture: MLPArchitecture) {
        weights = architecture.layerShapes.map { Matrix(rows: $0.fanOut, columns: $0.fanIn) }
        biases = architecture.layerShapes.map { architecture.biases ? [Float](repeating: 0, count: $0.fanOut) : [] }
    }
}

extension MLP {
    /// What the backward pass does with each layer's gradient.
    public enum BackwardMode: Sendable {
        /// Writes `∂L/∂W_l` and `∂L/∂b_l` into the `Gradients`.
        case storeGradients
        /// Applies plain SGD directly, `W_l ← W_l − rate_l · ∂L/∂W_l`, inside the product
        /// that computes the gradient (`sgemm` with `beta = 1`), so the gradient is never
        /// stored (bias gradients still pass through `Gradients.biases`).
        case applySGD(learningRates: [Float])
    }

    /// Runs forward and backward on one batch and returns the mean loss.
    ///
    /// ∂L/∂W_l = m_l · (∂L/∂z_l)ᵀ h_{l−1} and ∂L/∂h_{l−1} = m_l · (∂L/∂z_l) W_l. The input
    /// layer's ∂L/∂x is never formed. In `.applySGD` mode ∂L/∂h_{l−1} is computed before
    /// `W_l` changes.
    /// - Complexity: three `sgemm` per layer (two for the first); no allocation.
    public mutating func trainingPass(
        input: Matrix, labels: ArraySlice<Int32>, loss: Loss,
        workspace: inout Workspace, gradients: inout Gradients, mode: BackwardMode
    ) -> Double {
        forward(input, workspace: &workspace)
        let depth = architecture.depth
        let classes = architecture.classes
        let lossValue = workspace.preactivations[depth - 1].elements.withUnsafeBufferPointer { logits in
            workspace.preactivationGradients[depth - 1].elements.withUnsafeMutableBufferPointer { gradient in
                loss.evaluate(logits: logits, labels: labels, classes: classes, gradient: gradient)
            }
        }
        for l in stride(from: depth - 1, through: 0, by: -1) {
            let layerInput = workspace.layerInput(l, batch: input)
            if l > 0 {
                // ∂L/∂h_{l−1} into the buffer of ∂L/∂z_{l−1}, then through φ'.
                Matrix.multiply(
                    workspace.preactivationGradients[l], weights[l],
                    into: &workspace.preactivationGradients[l - 1], alpha: multipliers[l])
                let activation = architecture.activation
                workspace.preactivations[l - 1].elements.withUnsafeBufferPointer { z in
                    workspace.activations[l - 1].elements.withUnsafeBufferPointer { h in
                        workspace.preactivationGradients[l - 1].elements.withUnsafeMutableBufferPointer { g in
                            activation.backpropagate(preactivation: z, activation: h, gradient: g)
                        }
                    }
                }
            }
            switch mode {
            case .storeGradients:
                Matrix.multiply(
                    workspace.preactivationGradients[l], transposeA: true, layerInput,
                    into: &gradients.weights[l], alpha: multipliers[l])
                if architecture.biases {
                    workspace.preactivationGradients[l].columnSums(into: &gradients.biases[l])
                }
            case let .applySGD(rates):
                Matrix.multiply(
                    workspace.preactivationGradients[l], transposeA: true, layerInput,
                    into: &weights[l], alpha: -rates[l] * multipliers[l], beta: 1)
                if architecture.biases {
                    workspace.preactivationGradients[l].columnSums(into: &gradients.biases[l])
                    for i in biases[l].indices { biases[l][i] -= rates[l] * gradients.biases[l][i] }
                }
            }
        }
        return lossValue
    }
}
