/// The ranges a training run's values must lie in: the one source for experiment-file
/// validation and for `RunConfiguration.validate`, so the two cannot disagree.
public enum RunLimits {
    public static let inputDimension = 1...100_000
    public static let width = 1...16_384
    /// Weight matrices.
    public static let depth = 1...16
    public static let classes = 2...1_000
    public static let batch = 1...65_536
    public static let steps = 0...1_000_000
    public static let examples = 1...10_000_000
    public static let probeSize = 1...65_536
    public static let baseWidth = 1...65_536
    public static let seeds = 1...100
    public static let dataSeed = 0...Int(Int32.max)

    /// Whether `value` is a positive number that single precision (the engine's) can hold
    /// without overflowing to infinity or underflowing to zero.
    public static func isPositiveSinglePrecision(_ value: Double) -> Bool {
        let single = Float(value)
        return single.isFinite && single > 0 && single.isNormal
    }
}

extension RunLimits {
    /// A generous estimate of the bytes one run holds at once: weights with their initial
    /// copy, gradients, the previous step's weights and the optimizer's state; activations
    /// and their gradients for a batch, the probe and the evaluation rows; the data set.
    public static func estimatedBytes(inputDimension d: Int, width n: Int, depth: Int, classes c: Int, batch: Int,
                                      optimizer: OptimizerKind, momentum: Bool, trainExamples: Int, testExamples: Int,
                                      probe: Int, evaluation: Int) -> Double {
        let (d, n, c) = (Double(d), Double(n), Double(c))
        let parameters = depth == 1 ? d * c : d * n + Double(depth - 2) * n * n + n * c
        let optimizerCopies: Double = optimizer == .adam ? 2 : (momentum ? 1 : 0)
        let activations = Double(batch + 2 * probe + min(evaluation, trainExamples) + min(evaluation, testExamples)) * (n * Double(depth) + c) * 3
        let data = Double(trainExamples + testExamples) * (d + 1)
        return 4 * ((4 + optimizerCopies) * parameters + activations + data)
    }
}
