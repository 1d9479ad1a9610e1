/// The one rule every verdict of a report follows: compare a measurement's 95% interval
/// with the band the theory allows and with the bands of the alternatives it is told apart
/// from.
///
/// The theory's exponents are asymptotic (Θ statements), so it predicts a band, not a
/// point: the exponent ± `margin`, a fifth of the ½ that separates the predictions of rival
/// parametrizations, so that rival bands stay 0.3 apart. A measurement is
/// - *consistent* when its interval overlaps the theory's band and no rival's,
/// - *inconsistent* when its interval misses the theory's band,
/// - *inconclusive (interval too wide)* when its interval overlaps the theory's band and a
///   rival's too (or is unbounded): the data cannot tell the two apart.
///
/// `docs/science.md` ("Verdicts") states the rule with its reasons; the page prints
/// `sentence` beside the verdicts.
public enum IntervalTest {
    /// What a verdict concluded.
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        case consistent, inconsistent, inconclusive
    }

    /// Half-width of the band around a predicted exponent.
    static let margin = 0.1

    /// The band around a predicted exponent: `center ± margin`, ends rounded to 10⁻⁶ so
    /// that JSON writes `-0.6`.
    static func band(_ center: Double) -> Summary.Range {
        Summary.Range(low: tidy(center - margin), high: tidy(center + margin))
    }

    /// "Clearly below zero": exponents at or below `−margin`.
    static let negative = Summary.Range(low: nil, high: -margin)

    static func tidy(_ x: Double) -> Double { (x * 1e6).rounded() / 1e6 }

    /// Whether `[low, high]` overlaps `range` (open ends unbounded; the ends count, up to
    /// rounding).
    static func overlaps(low: Double, high: Double, _ range: Summary.Range) -> Bool {
        let epsilon = 1e-9
        return (range.low.map { high >= $0 - epsilon } ?? true) && (range.high.map { low <= $0 + epsilon } ?? true)
    }

    /// The outcome for a measurement `value ± ci95` against the theory's `band` and the
    /// `rivals`' bands. A non-finite value is inconclusive.
    static func judge(_ value: Double, ci95: Double, band: Summary.Range, rivals: [Summary.Range]) -> Outcome {
        guard value.isFinite else { return .inconclusive }
        let halfWidth = ci95.isNaN ? Double.infinity : abs(ci95)
        let low = value - halfWidth, high = value + halfWidth
        guard overlaps(low: low, high: high, band) else { return .inconsistent }
        if !halfWidth.isFinite || rivals.contains(where: { overlaps(low: low, high: high, $0) }) { return .inconclusive }
        return .consistent
    }

    /// The rule in one sentence, as the page prints it under the verdicts.
    static var sentence: String {
        "Each verdict compares the measurement's 95% interval with the band the theory allows (its exponent ± "
            + NumberFormat.trimmed(margin) + ", since the theory's exponents hold as the width grows, not exactly at finite widths): "
            + "consistent when the interval overlaps that band and no rival's, inconsistent when it misses the band, "
            + "inconclusive (interval too wide) when it overlaps the band of a rival prediction too "
            + "(another parametrization's exponent, ½ away; for the learning rate, transfer against a shift)."
    }

    /// How a page writes an outcome.
    static func mark(_ outcome: Outcome) -> String {
        switch outcome {
        case .consistent: return "✓ consistent"
        case .inconsistent: return "✗ inconsistent"
        case .inconclusive: return "? inconclusive (interval too wide)"
        }
    }
}
