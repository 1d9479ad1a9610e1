import Foundation
import Raster

/// How reports write numbers: one format throughout, true minus signs.
enum NumberFormat {
    /// `+0.52`, `−0.50`; an em dash for a missing or non-finite value.
    static func signed(_ v: Double?, digits: Int = 2) -> String {
        guard let v, v.isFinite else { return "—" }
        return Typography.unicodeMinus(String(format: "%+.\(digits)f", v))
    }

    /// Up to two decimals, trailing zeros dropped: `0.15`, `0.12`, `0.5`.
    static func trimmed(_ v: Double) -> String {
        var text = String(format: "%.2f", v)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Integers without a decimal point, other numbers to four significant digits.
    static func plain(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "—" }
        if v == v.rounded() && abs(v) < 1e9 { return String(Int(v)) }
        return String(format: "%.4g", v)
    }
}
