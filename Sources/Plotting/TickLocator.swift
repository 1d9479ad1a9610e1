import Foundation

/// Tick positions chosen the way matplotlib chooses them, so that figures read the same.
public enum TickLocator {
    /// matplotlib's `MaxNLocator` with steps 1, 2, 2.5, 5, 10 (its `AutoLocator`): at most
    /// `bins` intervals of a "nice" step covering `[low, high]`. The result may extend past
    /// the limits (as matplotlib's does); the axis draws only those inside.
    public static func linear(_ low: Double, _ high: Double, bins: Int = 9, minimumTicks: Int = 2) -> [Double] {
        guard low.isFinite, high.isFinite else { return [] }
        var (vmin, vmax) = nonsingular(low, high)
        if vmax < vmin { swap(&vmin, &vmax) }
        let nbins = max(bins, 1)
        let (scale, offset) = scaleRange(vmin, vmax, Double(nbins))
        let lo = vmin - offset, hi = vmax - offset
        let base: [Double] = [1, 2, 2.5, 5, 10]
        let extended = base.dropLast().map { $0 * 0.1 } + base + [10 * base[1]]
        let steps = extended.map { $0 * scale }
        let rawStep = (hi - lo) / Double(nbins)
        let largeIndex = steps.firstIndex { $0 >= rawStep } ?? steps.count - 1
        var ticks: [Double] = []
        for step in steps[0...largeIndex].reversed() {
            let bestMin = (lo / step).rounded(.down) * step
            let edge = Edge(step: step, offset: offset)
            let first = edge.le(lo - bestMin), last = edge.ge(hi - bestMin)
            guard last >= first, last - first < 10_000 else { continue }
            ticks = stride(from: first, through: last, by: 1).map { $0 * step + bestMin }
            let visible = ticks.filter { $0 >= lo && $0 <= hi }.count
            if visible >= minimumTicks { break }
        }
        return ticks.map { $0 + offset }
    }

    /// matplotlib's `LogLocator`: major ticks at powers of `base` (every `stride`-th decade
    /// when many decades show), or with `minor` the multiples 2…base−1 of each decade when
    /// few decades show (none for base 2 or beyond 10 decades).
    public static func log(_ low: Double, _ high: Double, base: Double = 10, maximumTicks: Int = 9, minor: Bool = false) -> [Double] {
        guard low > 0, high > 0, low.isFinite, high.isFinite, base > 1 else { return [] }
        let (vmin, vmax) = (min(low, high), max(low, high))
        let logMin = Foundation.log(vmin) / Foundation.log(base), logMax = Foundation.log(vmax) / Foundation.log(base)
        let decades = Int(logMax.rounded(.down)) - Int(logMin.rounded(.up))
        let numticks = max(maximumTicks, 2)
        var subs: [Double] = [1]
        if minor {
            if decades > 10 || base < 3 { return [] }
            subs = Array(stride(from: 2.0, to: base, by: 1))
        }
        var stride = decades / numticks + 1
        if stride >= decades { stride = max(1, decades - 1) }
        let firstDecade = Int(logMin.rounded(.down)) - stride, lastDecade = Int(logMax.rounded(.up)) + 2 * stride
        let decadeList = Swift.stride(from: firstDecade, to: lastDecade, by: stride)
        // Like matplotlib 3.11: majors reach one stride beyond the limits, minors lie
        // between the outermost majors.
        let reach = pow(base, Double(stride)) * (1 + 1e-9)
        let majors = decadeList.map { pow(base, Double($0)) }.filter { $0 >= vmin / reach && $0 <= vmax * reach }
        if minor {
            guard stride == 1, let first = majors.first, let last = majors.last else { return [] }
            return decadeList.flatMap { d in subs.map { $0 * pow(base, Double(d)) } }.filter { $0 > first && $0 < last }
        }
        return majors
    }

    /// Widens degenerate ranges as matplotlib's `nonsingular` does.
    static func nonsingular(_ a: Double, _ b: Double) -> (Double, Double) {
        let largest = max(abs(a), abs(b))
        if largest < 1e-300 || abs(b - a) <= largest * 1e-13 {
            if largest < 1e-300 { return (-0.001, 0.001) }
            return (a - 0.001 * abs(a), b + 0.001 * abs(b))
        }
        return (a, b)
    }

    /// matplotlib's `scale_range`: the power of ten of the step, and an offset when the
    /// values are far from zero relative to their spread.
    static func scaleRange(_ vmin: Double, _ vmax: Double, _ n: Double) -> (scale: Double, offset: Double) {
        let span = abs(vmax - vmin)
        let mean = (vmax + vmin) / 2
        var offset = 0.0
        if abs(mean) / span >= 100 {
            offset = (abs(mean) > 0 ? pow(10, (log10(abs(mean))).rounded(.down)) : 0) * (mean < 0 ? -1 : 1)
        }
        return (pow(10, (log10(span / n)).rounded(.down)), offset)
    }

    /// Integer multiples of a step, with slop for rounding (matplotlib's `_Edge_integer`).
    struct Edge {
        let step: Double
        let offset: Double

        func closeTo(_ ms: Double, _ edge: Double) -> Bool {
            var tolerance = 1e-10
            if abs(offset) > 0 {
                let digits = log10(abs(offset) / step)
                tolerance = min(0.4999, max(1e-10, pow(10, digits - 12)))
            }
            return abs(ms - edge) < tolerance
        }

        /// The largest n with n·step ≤ x.
        func le(_ x: Double) -> Double {
            let d = (x / step).rounded(.down), m = x - d * step
            return closeTo(m / step, 1) ? d + 1 : d
        }

        /// The smallest n with n·step ≥ x.
        func ge(_ x: Double) -> Double {
            let d = (x / step).rounded(.down), m = x - d * step
            return closeTo(m / step, 0) ? d : d + 1
        }
    }
}
