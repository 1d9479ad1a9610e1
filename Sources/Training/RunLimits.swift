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
