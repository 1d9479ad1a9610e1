import CKernels

/// The nonlinearity φ applied after every weight matrix but the last.
///
/// `tanh` and GELU are `CKernels`' bit-stable functions (double precision inside, no libm),
/// so they give the same bits on every CPU.
public enum Activation: String, Codable, CaseIterable, Sendable {
    case relu, tanh, gelu, linear

    /// Writes `φ(z)` into `h`, element by element.
    /// - Complexity: O(n), no allocation.
    public func apply(_ z: UnsafeBufferPointer<Float>, into h: UnsafeMutableBufferPointer<Float>) {
        switch self {
        case .relu:
            for i in z.indices { h[i] = max(z[i], 0) }
        case .tanh:
            sr_tanh(z.baseAddress, h.baseAddress, z.count)
        case .gelu:
            // Exact GELU, x·Φ(x), with Φ the standard normal distribution function.
            sr_gelu(z.baseAddress, h.baseAddress, z.count)
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
            sr_relu_backward(z.baseAddress, gradient.baseAddress, z.count)
        case .tanh:
            for i in z.indices { gradient[i] *= 1 - h[i] * h[i] }
        case .gelu:
            sr_gelu_backward(z.baseAddress, gradient.baseAddress, z.count)
        case .linear:
            break
        }
    }
}
