import CKernels

/// The training loss, averaged over the examples of a batch.
public enum Loss: String, Codable, CaseIterable, Sendable {
    /// Softmax cross-entropy against integer class labels.
    case crossEntropy = "cross-entropy"
    /// Half the mean over examples of the squared distance to one-hot targets:
    /// `(1/2B) Σ_b ‖f_b − e_{y_b}‖²`.
    case mse

    /// The mean loss over a batch and, when `gradient` is given, `∂loss/∂logits` written
    /// into it.
    ///
    /// The softmax subtracts each row's maximum first, so large logits do not overflow; `exp`
    /// and `log` are `CKernels`' bit-stable `sr_expf` and `sr_logf`, not libm's.
    /// - Parameters:
    ///   - logits: `batch × classes`, row-major.
    ///   - labels: one class index per row.
    ///   - gradient: `batch × classes`, or nil for the value only.
    /// - Returns: the mean loss (infinite or NaN when the logits are).
    public func evaluate(
        logits: UnsafeBufferPointer<Float>, labels: ArraySlice<Int32>, classes: Int,
        gradient: UnsafeMutableBufferPointer<Float>?
    ) -> Double {
        let batch = labels.count
        guard batch > 0 else { return 0 }
        let inverseBatch = 1 / Float(batch)
        var total = 0.0
        for (b, label) in zip(0..<batch, labels) {
            let row = b * classes
            let target = Int(label)
            switch self {
            case .crossEntropy:
                var maximum = -Float.infinity
                for c in 0..<classes { maximum = max(maximum, logits[row + c]) }
                var sum: Float = 0
                for c in 0..<classes { sum += sr_expf(logits[row + c] - maximum) }
                let logSum = sr_logf(sum) + maximum
                total += Double(logSum - logits[row + target])
                if let gradient {
                    for c in 0..<classes {
                        let probability = sr_expf(logits[row + c] - logSum)
                        gradient[row + c] = (probability - (c == target ? 1 : 0)) * inverseBatch
                    }
                }
            case .mse:
                var squared: Float = 0
                for c in 0..<classes {
                    let difference = logits[row + c] - (c == target ? 1 : 0)
                    squared += difference * difference
                    gradient?[row + c] = difference * inverseBatch
                }
                total += 0.5 * Double(squared)
            }
        }
        return total / Double(batch)
    }

    /// The number of rows whose largest logit is at the label.
    public static func correctCount(
        logits: UnsafeBufferPointer<Float>, labels: ArraySlice<Int32>, classes: Int
    ) -> Int {
        var correct = 0
        for (b, label) in zip(0..<labels.count, labels) {
            var best = 0
            for c in 1..<max(classes, 1) where logits[b * classes + c] > logits[b * classes + best] {
                best = c
            }
            if best == Int(label) { correct += 1 }
        }
        return correct
    }
}
