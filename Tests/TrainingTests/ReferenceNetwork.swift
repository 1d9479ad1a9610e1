import Foundation
import Linalg
@testable import Training

/// A Float64 re-implementation of the forward pass and losses, independent of the code
/// under test, for finite-difference gradient checks.
struct ReferenceNetwork {
    var weights: [[[Double]]]   // [layer][out][in]
    var biases: [[Double]]
    let multipliers: [Double]
    let activation: Activation
    let loss: Loss

    init(_ model: MLP, loss: Loss) {
        weights = model.weights.map { w in (0..<w.rows).map { i in (0..<w.columns).map { Double(w[i, $0]) } } }
        biases = model.biases.map { $0.map(Double.init) }
        multipliers = model.multipliers.map(Double.init)
        activation = model.architecture.activation
        self.loss = loss
    }

    func phi(_ x: Double) -> Double {
        switch activation {
        case .relu: return max(x, 0)
        case .tanh: return Foundation.tanh(x)
        case .gelu: return 0.5 * x * (1 + erf(x / 2.0.squareRoot()))
        case .linear: return x
        }
    }

    func meanLoss(inputs: [[Double]], labels: [Int]) -> Double {
        var total = 0.0
        for (x, label) in zip(inputs, labels) {
            var h = x
            for l in weights.indices {
                var z = weights[l].map { row in multipliers[l] * zip(row, h).reduce(0) { $0 + $1.0 * $1.1 } }
                if !biases[l].isEmpty { z = zip(z, biases[l]).map { $0 + $1 } }
                h = l == weights.count - 1 ? z : z.map(phi)
            }
            switch loss {
            case .crossEntropy:
                let m = h.max()!
                total += log(h.reduce(0) { $0 + exp($1 - m) }) + m - h[label]
            case .mse:
                total += 0.5 * h.indices.reduce(0) { $0 + pow(h[$1] - ($1 == label ? 1 : 0), 2) }
            }
        }
        return total / Double(inputs.count)
    }
}

/// Least-squares slope of log(y) against log(x).
func logLogSlope(_ x: [Double], _ y: [Double]) -> Double {
    let lx = x.map { log($0) }, ly = y.map { log($0) }
    let mx = lx.reduce(0, +) / Double(lx.count), my = ly.reduce(0, +) / Double(ly.count)
    let sxy = zip(lx, ly).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
    let sxx = lx.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
    return sxy / sxx
}
