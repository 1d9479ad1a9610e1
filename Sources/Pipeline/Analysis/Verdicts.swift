import Foundation
import Training

/// The verdicts: does each parametrization behave as the theory says, after one step, at
/// its headline layer (`Measurements.headlineLayer`), and does its best learning rate move?
enum Verdicts {
    /// A rule on one quantity's exponent: the range it must fall in.
    struct Rule {
        let quantity: Quantity
        let expected: Summary.Range
        let claim: String
    }

    /// `center ± tolerance`, with the ends rounded to 10⁻⁶ so that JSON writes `-0.38`.
    static func range(_ center: Double, _ tolerance: Double) -> Summary.Range {
        func tidy(_ x: Double) -> Double { (x * 1e6).rounded() / 1e6 }
        return Summary.Range(low: tidy(center - tolerance), high: tidy(center + tolerance))
    }

    static func rules(for parametrization: Parametrization) -> [Rule] {
        switch parametrization {
        case .standard:
            return [Rule(quantity: .featureMovement, expected: Summary.Range(low: 0.25, high: nil), claim: "features move more with width"),
                    Rule(quantity: .weightMovement, expected: range(0.5, 0.15), claim: "weights move ~√n too far")]
        case .ntk:
            return [Rule(quantity: .featureMovement, expected: range(-0.5, 0.12), claim: "features freeze like 1/√n"),
                    Rule(quantity: .weightMovement, expected: range(-0.5, 0.12), claim: "weights freeze like 1/√n")]
        case .spectral, .spectralNormalized, .mup:
            return [Rule(quantity: .featureMovement, expected: range(0, 0.12), claim: "features move Θ(1) at every width"),
                    Rule(quantity: .weightMovement, expected: range(0, 0.12), claim: "weights move Θ(1) in spectral norm")]
        }
    }

    static func order(_ p: Parametrization) -> Int { PageTables.parametrizationOrder.firstIndex(of: p) ?? 99 }

    /// Whether `value` lies in `range` (the ends count, up to rounding).
    static func contains(_ range: Summary.Range, _ value: Double) -> Bool {
        let epsilon = 1e-9
        return (range.low.map { value >= $0 - epsilon } ?? true) && (range.high.map { value <= $0 + epsilon } ?? true)
    }

    static func judge(exponents: [WidthExponent], shifts: [Summary.TransferShift]) -> [Summary.Verdict] {
        var verdicts: [Summary.Verdict] = []
        // In the paper's order: standard, NTK, spectral, then the other spectral forms.
        let present = Set(exponents.map(\.parametrization))
        for p in PageTables.parametrizationOrder where present.contains(p) {
            let layer = Measurements.headlineLayer(of: p, in: exponents) ?? 2
            for rule in rules(for: p) {
                guard let exponent = exponents.first(where: { $0.parametrization == p && $0.step == 1 && $0.quantity == rule.quantity && $0.layer == layer })
                else { continue }
                verdicts.append(Summary.Verdict(parametrization: p, optimizer: exponent.optimizer, claim: "\(rule.claim) (layer \(layer), one step)",
                                                measure: .exponent, measured: exponent.slope, expected: rule.expected,
                                                pass: contains(rule.expected, exponent.slope)))
            }
        }
        // The theory predicts transfer for the spectral family and a shift for the standard
        // parametrization; it makes no claim for NTK.
        for shift in shifts.sorted(by: { order($0.parametrization) < order($1.parametrization) }) where shift.parametrization != .ntk {
            let stable = shift.parametrization != .standard
            let expected = stable ? Summary.Range(low: nil, high: 1) : Summary.Range(low: 2, high: nil)
            verdicts.append(Summary.Verdict(
                parametrization: shift.parametrization, optimizer: shift.optimizer,
                claim: stable ? "the best learning rate transfers across widths" : "the best learning rate shifts with width",
                measure: .gridSteps, measured: Double(shift.gridSteps), expected: expected, pass: contains(expected, Double(shift.gridSteps))))
        }
        return verdicts
    }

    /// How a page writes a verdict's measurement and its expected range.
    static func text(_ verdict: Summary.Verdict) -> (measured: String, expected: String) {
        switch verdict.measure {
        case .gridSteps:
            let steps = Int(verdict.measured)
            let expected = verdict.expected.high.map { "≤ \(Int($0))" } ?? verdict.expected.low.map { "≥ \(Int($0))" } ?? "—"
            return ("\(steps) grid step\(steps == 1 ? "" : "s")", expected)
        case .exponent:
            let expected: String
            switch (verdict.expected.low, verdict.expected.high) {
            case let (low?, high?):
                let center = (low + high) / 2, tolerance = (high - low) / 2
                expected = "\(abs(center) < 1e-12 ? "0" : NumberFormat.signed(center, digits: 1)) ± \(NumberFormat.trimmed(tolerance))"
            case let (low?, nil): expected = "≥ \(NumberFormat.signed(low))"
            case let (nil, high?): expected = "≤ \(NumberFormat.signed(high))"
            case (nil, nil): expected = "—"
            }
            return (NumberFormat.signed(verdict.measured), expected)
        }
    }
}
