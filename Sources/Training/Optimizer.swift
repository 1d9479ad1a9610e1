import Foundation
import Linalg

/// The optimizer and its hyperparameters; per-layer rates come from the parametrization.
public struct OptimizerConfiguration: Codable, Hashable, Sendable {
    public var kind: OptimizerKind
    /// SGD momentum μ (0 for plain SGD).
    public var momentum: Float
    /// L2 weight decay λ, added to the gradient as `λ·W`.
    public var weightDecay: Float
    /// Adam's β₁, β₂ and ε.
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float

    public init(
        kind: OptimizerKind = .sgd, momentum: Float = 0, weightDecay: Float = 0,
        beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
    ) {
        self.kind = kind
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// True when a step is `W ← W − rate·G` and nothing else, so it can be fused into the
    /// product that computes the gradient.
    public var isPlainSGD: Bool { kind == .sgd && momentum == 0 && weightDecay == 0 }
}

/// An optimizer's state (momentum or Adam moments) and the step it takes.
///
/// `computeUpdates` turns gradients into the updates `ΔW_l` that will be added to the
/// weights, in place in the gradient buffers, so the caller can inspect the update (its
/// spectral norm, stable rank, alignment) before applying it.
public struct Optimizer: Sendable {
    public let configuration: OptimizerConfiguration
    /// Per-layer rates and whether to normalise by the spectral norm.
    public let scalings: [LayerScaling]
    private var firstMoments: [Matrix] = []
    private var secondMoments: [Matrix] = []
    private var firstBiasMoments: [[Float]] = []
    private var secondBiasMoments: [[Float]] = []
    private var stepCount = 0
    /// The scalar each layer's gradient was multiplied by in the last `computeUpdates`
    /// (`−rate`, divided by the gradient's spectral norm for normalised updates). For plain
    /// SGD it is the whole update: `ΔW_l = lastFactors[l] · ∂L/∂W_l`.
    public private(set) var lastFactors: [Float] = []

    public init(configuration: OptimizerConfiguration, scalings: [LayerScaling], architecture: MLPArchitecture) {
        self.configuration = configuration
        self.scalings = scalings
        let zeros = Gradients(architecture: architecture)
        switch configuration.kind {
        case .sgd:
            if configuration.momentum != 0 {
                firstMoments = zeros.weights
                firstBiasMoments = zeros.biases
            }
        case .adam:
            firstMoments = zeros.weights
            secondMoments = zeros.weights
            firstBiasMoments = zeros.biases
            secondBiasMoments = zeros.biases
        }
    }

    /// Replaces `gradients` by the updates to add to the parameters of `model`.
    /// - Complexity: O(parameters), plus a spectral norm per layer for normalised updates.
    public mutating func computeUpdates(_ gradients: inout Gradients, model: MLP) {
        stepCount += 1
        lastFactors = []
        for l in gradients.weights.indices {
            let scaling = scalings[l]
            gradients.weights[l].elements.withUnsafeMutableBufferPointer { g in
                model.weights[l].elements.withUnsafeBufferPointer { w in
                    direction(layer: l, gradient: g, parameter: w, isBias: false)
                }
            }
            if !gradients.biases[l].isEmpty {
                gradients.biases[l].withUnsafeMutableBufferPointer { g in
                    model.biases[l].withUnsafeBufferPointer { w in
                        direction(layer: l, gradient: g, parameter: w, isBias: true)
                    }
                }
            }
            var factor = -scaling.learningRate
            if scaling.normalizesUpdate {
                let norm = Float(spectralNorm(of: gradients.weights[l], tolerance: 1e-4))
                factor = norm > 0 ? factor / norm : 0
            }
            gradients.weights[l].scale(by: factor)
            lastFactors.append(factor)
            for i in gradients.biases[l].indices { gradients.biases[l][i] *= -scaling.learningRate }
        }
    }

    /// Overwrites `gradient` with the optimizer's direction (before rate and sign).
    private mutating func direction(
        layer l: Int, gradient g: UnsafeMutableBufferPointer<Float>,
        parameter w: UnsafeBufferPointer<Float>, isBias: Bool
    ) {
        let c = configuration
        if c.weightDecay != 0 && !isBias {
            for i in g.indices { g[i] += c.weightDecay * w[i] }
        }
        switch c.kind {
        case .sgd:
            guard c.momentum != 0 else { return }
            if isBias { Self.momentumStep(g, &firstBiasMoments[l], c) }
            else { Self.momentumStep(g, &firstMoments[l].elements, c) }
        case .adam:
            let corrections = (1 - Self.power(c.beta1, stepCount), 1 - Self.power(c.beta2, stepCount))
            if isBias { Self.adamStep(g, &firstBiasMoments[l], &secondBiasMoments[l], c, corrections) }
            else { Self.adamStep(g, &firstMoments[l].elements, &secondMoments[l].elements, c, corrections) }
        }
    }

    /// `base^exponent` by repeated squaring in double, rounded once: the same bits on every
    /// CPU (libm's `powf` may not be).
    static func power(_ base: Float, _ exponent: Int) -> Float {
        var result = 1.0, square = Double(base), remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result *= square }
            square *= square
            remaining >>= 1
        }
        return Float(result)
    }

    private static func momentumStep(
        _ g: UnsafeMutableBufferPointer<Float>, _ velocity: inout [Float], _ c: OptimizerConfiguration
    ) {
        velocity.withUnsafeMutableBufferPointer { v in
            for i in g.indices {
                v[i] = c.momentum * v[i] + g[i]
                g[i] = v[i]
            }
        }
    }

    private static func adamStep(
        _ g: UnsafeMutableBufferPointer<Float>, _ first: inout [Float], _ second: inout [Float],
        _ c: OptimizerConfiguration, _ corrections: (Float, Float)
    ) {
        first.withUnsafeMutableBufferPointer { m in
            second.withUnsafeMutableBufferPointer { v in
                for i in g.indices {
                    m[i] = c.beta1 * m[i] + (1 - c.beta1) * g[i]
                    v[i] = c.beta2 * v[i] + (1 - c.beta2) * g[i] * g[i]
                    g[i] = (m[i] / corrections.0) / ((v[i] / corrections.1).squareRoot() + c.epsilon)
                }
            }
        }
    }
}

extension MLP {
    /// Adds `updates` to the parameters.
    public mutating func apply(_ updates: Gradients) {
        for l in weights.indices {
            weights[l].add(updates.weights[l])
            for i in biases[l].indices { biases[l][i] += updates.biases[l][i] }
        }
    }
}
