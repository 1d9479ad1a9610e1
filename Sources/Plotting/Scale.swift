import Foundation

/// How data values map onto an axis.
public enum Scale: Equatable, Sendable {
    case linear
    /// Logarithmic with this base (2 or 10 in practice); non-positive values are invalid.
    case log(base: Double)

    /// The value in the axis's linear space (log of the value for log scales); NaN for
    /// values the scale cannot show.
    public func forward(_ value: Double) -> Double {
        switch self {
        case .linear: return value
        case let .log(base): return value > 0 ? Foundation.log(value) / Foundation.log(base) : .nan
        }
    }

    /// The inverse of `forward`.
    public func inverse(_ value: Double) -> Double {
        switch self {
        case .linear: return value
        case let .log(base): return pow(base, value)
        }
    }

    public var isLog: Bool { if case .log = self { return true } else { return false } }
}
