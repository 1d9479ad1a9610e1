import Foundation
import Raster

/// How reports write numbers: one format throughout, true minus signs.
enum NumberFormat {
    /// `+0.52`, `−0.50`; an em dash for a missing or non-finite value.
    static func signed(_ v: Double?, digits: Int = 2) -> String {
        guard let v, v.isFinite else { return "—" }
        let text = String(format: "%+.\(digits)f", v)
        // No "−0.00": a value that rounds to zero is written without a sign.
        if Double(text) == 0 { return String(text.dropFirst()) }
        return Typography.unicodeMinus(text)
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
