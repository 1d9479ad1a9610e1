import Foundation
import Raster

/// Tick labels as markup (`10^{−2}`), matching matplotlib's default formatters.
public enum TickFormatter {
    /// Labels for linear ticks, as matplotlib's `ScalarFormatter` writes them: plain numbers
    /// with just enough decimals, an offset (`+1e3`) when the values are far from zero
    /// relative to their spread, and a common power of ten (`×10^{−5}`) when they are very
    /// small or large. Negative numbers use the minus sign `−`.
    /// - Returns: one label per tick and the annotation to show at the end of the axis.
    public static func linear(_ ticks: [Double]) -> (labels: [String], annotation: String?) {
        let locs = ticks.filter(\.isFinite)
        guard !locs.isEmpty else { return (ticks.map { _ in "" }, nil) }
        let offset = computeOffset(locs)
        let magnitudeSource = locs.map { abs($0 - offset) }.max() ?? 0
        var order = 0
        if magnitudeSource > 0 {
            let oom = Int(log10(magnitudeSource).rounded(.down))
            if oom <= -5 || oom >= 6 { order = oom }
        }
        let scaled = locs.map { ($0 - offset) / pow(10, Double(order)) }
        var range = (scaled.max() ?? 0) - (scaled.min() ?? 0)
        if range == 0 { range = scaled.map(abs).max() ?? 1 }
        if range == 0 { range = 1 }
        let rangeOOM = Int(log10(range).rounded(.down))
        var decimals = max(0, 3 - rangeOOM)
        let threshold = 1e-3 * pow(10, Double(rangeOOM))
        while decimals >= 0 {
            let factor = pow(10, Double(decimals))
            let error = scaled.map { abs($0 - ($0 * factor).rounded() / factor) }.max() ?? 0
            if error < threshold { decimals -= 1 } else { break }
        }
        decimals += 1
        let labels = ticks.map { tick -> String in
            guard tick.isFinite else { return "" }
            return number((tick - offset) / pow(10, Double(order)), decimals: decimals)
        }
        var annotation: [String] = []
        if order != 0 { annotation.append("×10^{\(Typography.unicodeMinus(String(order)))}") }
        if offset != 0 {
            let exponent = Int(log10(abs(offset)).rounded(.down))
            let mantissa = offset / pow(10, Double(exponent))
            let sign = offset < 0 ? "−" : "+"
            annotation.append("\(sign)\(number(abs(mantissa), decimals: abs(mantissa - mantissa.rounded()) < 1e-9 ? 0 : 2))e\(exponent)")
        }
        return (labels, annotation.isEmpty ? nil : annotation.joined(separator: " "))
    }

    /// Labels for log ticks: `base^{exponent}` for exact powers, empty for the others.
    public static func log(_ ticks: [Double], base: Double) -> [String] {
        ticks.map { tick in
            guard tick > 0 else { return "" }
            let exponent = Foundation.log(tick) / Foundation.log(base)
            let rounded = exponent.rounded()
            guard abs(exponent - rounded) < 1e-9 else { return "" }
            let baseText = base == 10 ? "10" : number(base, decimals: base == base.rounded() ? 0 : 2)
            return "\(baseText)^{\(Typography.unicodeMinus(String(Int(rounded))))}"
        }
    }

    /// matplotlib's `_compute_offset` with an offset threshold of 4 digits.
    static func computeOffset(_ locs: [Double]) -> Double {
        guard let low = locs.min(), let high = locs.max(), low != high, !(low <= 0 && 0 <= high) else { return 0 }
        let absMin = min(abs(low), abs(high)), absMax = max(abs(low), abs(high))
        let sign: Double = low < 0 ? -1 : 1
        let oomMax = Int(log10(absMax).rounded(.up))
        func differs(_ oom: Int) -> Bool {
            (absMin / pow(10, Double(oom))).rounded(.down) != (absMax / pow(10, Double(oom))).rounded(.down)
        }
        var oom = oomMax
        while !differs(oom) && oom > oomMax - 40 { oom -= 1 }
        oom += 1
        if (absMax - absMin) / pow(10, Double(oom)) <= 1e-2 {
            var o = oomMax
            while !(absMax - absMin >= pow(10, Double(o))) && o > oomMax - 40 { o -= 1 }
            oom = o + 1
        }
        let leading = (absMax / pow(10, Double(oom))).rounded(.down)
        return leading >= 1000 ? sign * leading * pow(10, Double(oom)) : 0
    }

    static func number(_ value: Double, decimals: Int) -> String {
        var text = String(format: "%.\(max(0, decimals))f", value)
        if text.hasPrefix("-"), Double(text) == 0 { text.removeFirst() }  // no "−0.0"
        return Typography.unicodeMinus(text)
    }

}
