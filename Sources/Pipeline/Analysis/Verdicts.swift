import Foundation
import Training

/// The verdicts: does each parametrization behave as the theory says, after one step, at
/// its headline layer (`Measurements.headlineLayer`), and does its best learning rate move?
/// Every verdict is the interval test of `IntervalTest`.
enum Verdicts {
    /// A rule on one quantity's exponent: the theory's band, and the bands of the rival
    /// predictions it must be told apart from.
    struct Rule {
        let quantity: Quantity
        let expected: Summary.Range
        let rivals: [Summary.Range]
        let claim: String
    }

    /// The parametrizations whose predictions are each other's rivals.
    static let rivalParametrizations: [Parametrization] = [.standard, .ntk, .spectral]

    /// The rules for a parametrization and optimizer, from the theory's exponent `e` of the
    /// hidden layers: features and weights (spectral norm) in the band `e ± margin`
    /// (`IntervalTest`), told apart from the exponents the other parametrizations predict
    /// for the same quantity and optimizer.
    static func rules(for parametrization: Parametrization, optimizer: OptimizerKind, depth: Int = 3) -> [Rule] {
        let layer = min(2, max(depth - 1, 1)), depth = max(depth, 3)
        func exponent(_ p: Parametrization, _ q: Quantity) -> Double? {
            Theory.exponent(p, quantity: q, layer: layer, depth: depth, optimizer: optimizer)
        }
        func rivals(_ q: Quantity, _ e: Double) -> [Summary.Range] {
            Array(Set(rivalParametrizations.compactMap { exponent($0, q) }.filter { $0 != e })).sorted().map(IntervalTest.band)
        }
        guard let features = exponent(parametrization, .featureMovement), let weights = exponent(parametrization, .weightMovement)
        else { return [] }
        return [
            Rule(quantity: .featureMovement, expected: IntervalTest.band(features), rivals: rivals(.featureMovement, features),
                 claim: claim("features", features, flat: "move Θ(1) at every width")),
            Rule(quantity: .weightMovement, expected: IntervalTest.band(weights), rivals: rivals(.weightMovement, weights),
                 claim: claim("weights", weights, flat: "move Θ(1) in spectral norm")),
        ]
    }

    /// "features move more with width, like n^+½", "weights freeze, like n^−½", ….
    static func claim(_ what: String, _ exponent: Double, flat: String) -> String {
        if exponent == 0 { return "\(what) \(flat)" }
        let power = "n^" + (exponent > 0 ? "+" : "") + NumberFormat.exponent(exponent)
        return exponent > 0 ? "\(what) move more with width, like \(power)" : "\(what) freeze, like \(power)"
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
                let outcome = IntervalTest.judge(exponent.slope, ci95: exponent.ci95, band: rule.expected, rivals: rule.rivals)
                verdicts.append(Summary.Verdict(parametrization: p, optimizer: optimizer, claim: "\(rule.claim) (layer \(layer), one step)",
                                                measure: .exponent, measured: exponent.slope, ci95: exponent.ci95, expected: rule.expected,
                                                rivals: rule.rivals, outcome: outcome, note: nil))
            }
        }
        // The theory predicts transfer for the spectral family (the best rate's width
        // exponent is 0) and a shift for the standard parametrization (a negative exponent);
        // it makes no claim for NTK, nor for an experiment's own.
        for shift in shifts.sorted(by: { $0.parametrization.paperRank < $1.parametrization.paperRank })
        where shift.parametrization != .ntk && shift.parametrization.builtin != nil {
            guard let exponent = shift.exponent else { continue }
            let stable = shift.parametrization != .standard
            let expected = stable ? IntervalTest.band(0) : IntervalTest.negative
            let rivals = [stable ? IntervalTest.negative : IntervalTest.band(0)]
            var outcome = IntervalTest.judge(exponent, ci95: shift.ci95 ?? .infinity, band: expected, rivals: rivals)
            var note: String?
            if !shift.edgeWidths.isEmpty {
                outcome = .inconclusive
                note = edgeNote(shift.edgeWidths)
            }
            verdicts.append(Summary.Verdict(
                parametrization: shift.parametrization, optimizer: shift.optimizer,
                claim: stable ? "the best learning rate transfers across widths: η* ∝ n^0" : "the best learning rate shifts with width: η* ∝ n^e, e < 0",
                measure: .rateExponent, measured: exponent, ci95: shift.ci95, expected: expected, rivals: rivals, outcome: outcome, note: note))
        }
        return verdicts
    }

    /// Why a transfer verdict cannot be decided: an optimum at the edge of the rate grid
    /// bounds the fit instead of measuring it.
    static func edgeNote(_ widths: [Int]) -> String {
        "the optimum is at the grid's edge: extend learning_rates (width\(widths.count == 1 ? "" : "s") \(widths.map(String.init).joined(separator: ", ")))"
    }

    /// `−0.04 ± 0.03`: a measurement with its 95% interval.
    static func interval(_ value: Double, _ ci95: Double?) -> String {
        guard let ci95, ci95.isFinite else { return NumberFormat.signed(value) + (ci95 == nil ? "" : " ± ∞") }
        // An interval narrower than the value's last digit keeps one significant digit.
        return "\(NumberFormat.signed(value)) ± \(ci95 < 0.005 && ci95 > 0 ? String(format: "%.1g", ci95) : String(format: "%.2f", ci95))"
    }

    /// A range as a page writes it: `0 ± 0.1`, `≤ −0.10`.
    static func rangeText(_ range: Summary.Range) -> String {
        switch (range.low, range.high) {
        case let (low?, high?):
            let center = (low + high) / 2, tolerance = (high - low) / 2
            return "\(abs(center) < 1e-12 ? "0" : NumberFormat.signed(center, digits: 1)) ± \(NumberFormat.trimmed(tolerance))"
        case let (low?, nil): return "≥ \(NumberFormat.signed(low))"
        case let (nil, high?): return "≤ \(NumberFormat.signed(high))"
        case (nil, nil): return "—"
        }
    }

    /// How a page writes a verdict's measurement (with its interval) and its expected band.
    static func text(_ verdict: Summary.Verdict) -> (measured: String, expected: String) {
        switch verdict.measure {
        case .gridSteps:
            // Summaries of older versions, read back by `compare`, are untrusted: no
            // conversion may trap.
            let count = NumberFormat.count
            let expected = verdict.expected.high.map { "≤ \(count($0))" } ?? verdict.expected.low.map { "≥ \(count($0))" } ?? "—"
            return ("\(count(verdict.measured)) grid step\(verdict.measured == 1 ? "" : "s")", expected)
        case .exponent, .rateExponent:
            return (interval(verdict.measured, verdict.ci95), rangeText(verdict.expected))
        }
    }

    /// How a page marks a verdict: the outcome, and for an inconclusive one its reason.
    static func mark(_ verdict: Summary.Verdict) -> String {
        guard let note = verdict.note else { return IntervalTest.mark(verdict.outcome) }
        return "? inconclusive: \(note)"
    }
}
