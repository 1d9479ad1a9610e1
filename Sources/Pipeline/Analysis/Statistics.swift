import Foundation

/// The statistics aggregates use: means and least-squares slopes on log-log axes.
enum Statistics {
    /// The mean, or NaN for no values.
    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// A least-squares fit of log(y) = a + b·log(x).
    struct LogLogFit: Equatable {
        /// The slope b.
        var slope: Double
        /// Half-width of its 95% confidence interval (infinite from two points).
        var ci95: Double
        /// Points that entered the fit (positive and finite).
        var points: Int
    }

    /// Fits log(y) against log(x) over the pairs where both are positive and finite; nil
    /// when fewer than two distinct x remain.
    static func logLogSlope(x: [Double], y: [Double]) -> LogLogFit? {
        let pairs = zip(x, y).filter { $0.0 > 0 && $0.1 > 0 && $0.0.isFinite && $0.1.isFinite }.map { (log($0.0), log($0.1)) }
        guard pairs.count >= 2 else { return nil }
        let n = Double(pairs.count)
        let mx = pairs.reduce(0) { $0 + $1.0 } / n, my = pairs.reduce(0) { $0 + $1.1 } / n
        let sxx = pairs.reduce(0) { $0 + ($1.0 - mx) * ($1.0 - mx) }
        guard sxx > 0 else { return nil }
        let slope = pairs.reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / sxx
        guard pairs.count > 2 else { return LogLogFit(slope: slope, ci95: .infinity, points: pairs.count) }
        let residual = pairs.reduce(0) { $0 + pow($1.1 - my - slope * ($1.0 - mx), 2) }
        let standardError = (residual / (n - 2) / sxx).squareRoot()
        return LogLogFit(slope: slope, ci95: tQuantile975(degreesOfFreedom: pairs.count - 2) * standardError, points: pairs.count)
    }

    /// The 97.5% quantile of Student's t distribution (tabulated to 20 degrees of freedom,
    /// then a close approximation that tends to the normal 1.96).
    static func tQuantile975(degreesOfFreedom k: Int) -> Double {
        let table: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                               2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086]
        if k >= 1 && k <= table.count { return table[k - 1] }
        return k > table.count ? 1.96 + 2.4 / Double(k) : .infinity
    }

    /// Unique values in first-seen order.
    static func ordered<T: Hashable>(_ values: [T]) -> [T] {
        var seen = Set<T>()
        return values.filter { seen.insert($0).inserted }
    }
}
