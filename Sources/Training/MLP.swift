import Linalg

/// The architecture of a multilayer perceptron `d → n → … → n → c`.
public struct MLPArchitecture: Codable, Hashable, Sendable {
    /// Input dimension `d`.
    public var inputDimension: Int
    /// Hidden width `n`.
    public var width: Int
    /// Number of weight matrices `L` (at least 1; depth 1 is a linear model).
    public var depth: Int
    /// Number of classes `c` (logits).
    public var classes: Int
    /// The nonlinearity after every layer but the last.
    public var activation: Activation
    /// Whether every layer adds a bias (initialised to zero).
    public var biases: Bool

    public init(
        inputDimension: Int, width: Int, depth: Int, classes: Int,
        activation: Activation = .relu, biases: Bool = false
    ) {
        self.inputDimension = inputDimension
        self.width = width
        self.depth = depth
        self.classes = classes
        self.activation = activation
        self.biases = biases
    }

    /// The shape of every weight matrix, `W_1` first.
    public var layerShapes: [LayerShape] {
        (0..<depth).map { l in
            LayerShape(
                fanIn: l == 0 ? inputDimension : width,
                fanOut: l == depth - 1 ? classes : width,
                isInput: l == 0, isOutput: l == depth - 1, width: width)
        }
    }

    /// The number of trainable numbers (weights and biases).
    public var parameterCount: Int {
        layerShapes.reduce(0) { $0 + $1.fanIn * $1.fanOut + (biases ? $1.fanOut : 0) }
    }
}

/// A multilayer perceptron: stored parameters, their forward multipliers, and the forward
/// and backward passes.
///
/// Layer `l` computes `z_l = m_l · W_l h_{l−1} + b_l` and `h_l = φ(z_l)` (no φ on the last
/// layer, whose `z_L` are the logits). `W_l` is stored `fan_out × fan_in`, row-major, and
/// batches are rows, so a layer is one `sgemm` of the batch with `W_lᵀ` — the transpose is
/// a flag, never a copy.
public struct MLP: Sendable {
    public let architecture: MLPArchitecture
    /// Forward multipliers `m_l`, one per layer.
    public let multipliers: [Float]
    /// The stored parameters `W_l`.
    public var weights: [Matrix]
    /// Bias vectors, or empty arrays when the architecture has none.
    public var biases: [[Float]]

    /// A network with the given parameters.
    public init(architecture: MLPArchitecture, multipliers: [Float], weights: [Matrix], biases: [[Float]]) {
        precondition(weights.count == architecture.depth && multipliers.count == architecture.depth)
        self.architecture = architecture
        self.multipliers = multipliers
        self.weights = weights
        self.biases = biases
    }

    /// A freshly initialised network under `scalings` (one per layer), drawing from
    /// `generator`.
    public init(
        architecture: MLPArchitecture, scalings: [LayerScaling], generator: inout SeededGenerator
    ) throws {
        var weights: [Matrix] = []
        for (shape, scaling) in zip(architecture.layerShapes, scalings) {
            switch scaling.initialization {
            case let .gaussian(std):
                weights.append(Matrix.gaussian(rows: shape.fanOut, columns: shape.fanIn, std: std, using: &generator))
            case let .semiOrthogonal(scale):
                var q = try Matrix.semiOrthogonal(rows: shape.fanOut, columns: shape.fanIn, using: &generator)
                q.scale(by: scale)
                weights.append(q)
            }
        }
        let biases = architecture.layerShapes.map {
            architecture.biases ? [Float](repeating: 0, count: $0.fanOut) : []
        }
        self.init(
            architecture: architecture, multipliers: scalings.map(\.multiplier),
            weights: weights, biases: biases)
    }

    /// Runs the network on `input` (`batch × d`), leaving every layer's pre-activations and
    /// activations in `workspace`; the logits are `workspace.preactivations.last`.
    /// - Complexity: one `sgemm` per layer; no allocation.
    public func forward(_ input: Matrix, workspace: inout Workspace) {
        precondition(input.rows == workspace.batchSize && input.columns == architecture.inputDimension)
        let depth = architecture.depth
        for l in 0..<depth {
            if l == 0 {
                Matrix.multiply(input, weights[0], transposeB: true, into: &workspace.preactivations[0], alpha: multipliers[0])
            } else {
                Matrix.multiply(
                    workspace.activations[l - 1], weights[l], transposeB: true,
                    into: &workspace.preactivations[l], alpha: multipliers[l])
            }
            if architecture.biases { workspace.preactivations[l].addToEachRow(biases[l]) }
            if l < depth - 1 {
                let activation = architecture.activation
                workspace.preactivations[l].elements.withUnsafeBufferPointer { z in
                    workspace.activations[l].elements.withUnsafeMutableBufferPointer { h in
                        activation.apply(z, into: h)
                    }
                }
            }
        }
    }

    /// The logits of the last `forward`.
    public static func logits(of workspace: Workspace) -> Matrix { workspace.preactivations[workspace.preactivations.count - 1] }
}
