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

    /// The rules for a parametrization and optimizer, from the theory's exponent `e` of the
    /// hidden layers: features within ±0.12 of `e` (the standard parametrization's features
    /// only need to grow by half of it: finite widths bend its slope low), weights within
    /// ±0.12 (±0.15 for the standard parametrization).
    static func rules(for parametrization: Parametrization, optimizer: OptimizerKind, depth: Int = 3) -> [Rule] {
        let layer = min(2, max(depth - 1, 1))
        guard let features = Theory.exponent(parametrization, quantity: .featureMovement, layer: layer, depth: max(depth, 3), optimizer: optimizer),
              let weights = Theory.exponent(parametrization, quantity: .weightMovement, layer: layer, depth: max(depth, 3), optimizer: optimizer)
        else { return [] }
        let standard = parametrization == .standard
        return [
            Rule(quantity: .featureMovement, expected: standard ? Summary.Range(low: features / 2, high: nil) : range(features, 0.12),
                 claim: claim("features", features, flat: "move Θ(1) at every width")),
            Rule(quantity: .weightMovement, expected: range(weights, standard ? 0.15 : 0.12),
                 claim: claim("weights", weights, flat: "move Θ(1) in spectral norm")),
        ]
    }

    /// "features move more with width, like n^+½", "weights freeze, like n^−½", ….
    static func claim(_ what: String, _ exponent: Double, flat: String) -> String {
        if exponent == 0 { return "\(what) \(flat)" }
        let power = "n^" + (exponent > 0 ? "+" : "") + NumberFormat.exponent(exponent)
        return exponent > 0 ? "\(what) move more with width, like \(power)" : "\(what) freeze, like \(power)"
    }

    /// Whether `value` lies in `range` (the ends count, up to rounding).
    static func contains(_ range: Summary.Range, _ value: Double) -> Bool {
        let epsilon = 1e-9
        return (range.low.map { value >= $0 - epsilon } ?? true) && (range.high.map { value <= $0 + epsilon } ?? true)
    }

    static func judge(exponents: [WidthExponent], shifts: [Summary.TransferShift]) -> [Summary.Verdict] {
        var verdicts: [Summary.Verdict] = []
        // In the paper's order: standard, NTK, spectral, then the other spectral forms; SGD
        // before Adam.
        let pairs = OptimizerKind.allCases.flatMap { optimizer in Parametrization.allCases.map { ($0, optimizer) } }
        for (p, optimizer) in pairs {
            let own = exponents.filter { $0.parametrization == p && $0.optimizer == optimizer }
            guard !own.isEmpty else { continue }
            let layer = Measurements.headlineLayer(of: p, in: own) ?? 2
            for rule in rules(for: p, optimizer: optimizer) {
                guard let exponent = own.first(where: { $0.step == 1 && $0.quantity == rule.quantity && $0.layer == layer })
                else { continue }
                verdicts.append(Summary.Verdict(parametrization: p, optimizer: optimizer, claim: "\(rule.claim) (layer \(layer), one step)",
                                                measure: .exponent, measured: exponent.slope, expected: rule.expected,
                                                pass: contains(rule.expected, exponent.slope)))
            }
        }
        // The theory predicts transfer for the spectral family and a shift for the standard
        // parametrization; it makes no claim for NTK, nor for an experiment's own.
        for shift in shifts.sorted(by: { $0.parametrization.paperRank < $1.parametrization.paperRank })
        where shift.parametrization != .ntk && shift.parametrization.builtin != nil {
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
            // Summaries read back by `compare` are untrusted: no conversion may trap.
            let count = NumberFormat.count
            let expected = verdict.expected.high.map { "≤ \(count($0))" } ?? verdict.expected.low.map { "≥ \(count($0))" } ?? "—"
            return ("\(count(verdict.measured)) grid step\(verdict.measured == 1 ? "" : "s")", expected)
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
