import Foundation

/// The nonlinearity φ applied after every weight matrix but the last.
public enum Activation: String, Codable, CaseIterable, Sendable {
    case relu, tanh, gelu, linear

    /// Writes `φ(z)` into `h`, element by element.
    /// - Complexity: O(n), no allocation.
    public func apply(_ z: UnsafeBufferPointer<Float>, into h: UnsafeMutableBufferPointer<Float>) {
        switch self {
        case .relu:
            for i in z.indices { h[i] = max(z[i], 0) }
        case .tanh:
            for i in z.indices { h[i] = Foundation.tanh(z[i]) }
        case .gelu:
            // Exact GELU, x·Φ(x), with Φ the standard normal distribution function.
            for i in z.indices { h[i] = 0.5 * z[i] * (1 + erf(z[i] * Float(0.5).squareRoot())) }
        case .linear:
            for i in z.indices { h[i] = z[i] }
        }
    }

    /// Multiplies `gradient` in place by `φ'(z)`: turns ∂L/∂h into ∂L/∂z.
    public func backpropagate(
        preactivation z: UnsafeBufferPointer<Float>,
        activation h: UnsafeBufferPointer<Float>,
        gradient: UnsafeMutableBufferPointer<Float>
    ) {
        switch self {
        case .relu:
            for i in z.indices where z[i] <= 0 { gradient[i] = 0 }
        case .tanh:
            for i in z.indices { gradient[i] *= 1 - h[i] * h[i] }
        case .gelu:
            let inverseSqrt2: Float = Float(0.5).squareRoot()
            let inverseSqrt2Pi: Float = 1 / (2 * Float.pi).squareRoot()
            for i in z.indices {
                let x = z[i]
                let cdf = 0.5 * (1 + erf(x * inverseSqrt2))
                let pdf = inverseSqrt2Pi * exp(-0.5 * x * x)
                gradient[i] *= cdf + x * pdf
            }
        case .linear:
            break
        }
    }
}
