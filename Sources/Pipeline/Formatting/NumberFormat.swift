import Foundation
import Raster

/// Every way the tool writes a number, each a named form, so that one rule has one home:
/// node ids and settings (`identifier`), tables and prose (`plain`, `signed`, `trimmed`,
/// `count`), and the exponents theory gives (`exponent`). Pages use true minus signs where
/// a form says so; ids and settings stay ASCII.
enum NumberFormat {
    /// As node ids and recorded settings write a number: integers without a decimal
    /// point, others as Swift prints them (`0.5`, `1e-05`), so that the text reads back as
    /// the same value: `64`, `0.25`.
    static func identifier(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

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

    /// A count read back from an untrusted file: the integer part when it is finite and
    /// not huge (no conversion may trap), else as `plain` writes it.
    static func count(_ v: Double) -> String {
        v.isFinite && abs(v) < 1e9 ? String(Int(v)) : plain(v)
    }

    /// `½`, `−½`, `0`, `−1`: the exponents theory gives, as a reader writes them.
    static func exponent(_ slope: Double) -> String {
        let sign = slope < 0 ? "−" : ""
        switch abs(slope) {
        case 0: return "0"
        case 0.5: return sign + "½"
        case let v where v == v.rounded(): return sign + String(Int(v))
        default: return sign + String(format: "%.2g", abs(slope))
        }
    }
}
