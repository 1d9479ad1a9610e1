import Foundation
import Training

/// The verdicts: does each parametrization behave as the theory says, after one step, at
/// its headline layer (`Measurements.headlineLayer`), and does its best learning rate move?
enum Verdicts {
    /// A rule on one quantity's exponent.
    struct Rule {
        let quantity: Quantity
        let expected: String
        let check: (Double) -> Bool
        let claim: String
    }

    static func rules(for parametrization: Parametrization) -> [Rule] {
        switch parametrization {
        case .standard:
            return [Rule(quantity: .featureMovement, expected: "≥ +0.25", check: { $0 >= 0.25 }, claim: "features move more with width"),
                    Rule(quantity: .weightMovement, expected: "+0.5 ± 0.15", check: { abs($0 - 0.5) <= 0.15 }, claim: "weights move ~√n too far")]
        case .ntk:
            return [Rule(quantity: .featureMovement, expected: "−0.5 ± 0.12", check: { abs($0 + 0.5) <= 0.12 }, claim: "features freeze like 1/√n"),
                    Rule(quantity: .weightMovement, expected: "−0.5 ± 0.12", check: { abs($0 + 0.5) <= 0.12 }, claim: "weights freeze like 1/√n")]
        case .spectral, .spectralNormalized, .mup:
            return [Rule(quantity: .featureMovement, expected: "0 ± 0.12", check: { abs($0) <= 0.12 }, claim: "features move Θ(1) at every width"),
                    Rule(quantity: .weightMovement, expected: "0 ± 0.12", check: { abs($0) <= 0.12 }, claim: "weights move Θ(1) in spectral norm")]
        }
    }

    static func judge(exponents: [WidthExponent], shifts: [Summary.TransferShift]) -> [Summary.Verdict] {
        var verdicts: [Summary.Verdict] = []
        for p in Statistics.ordered(exponents.map(\.parametrization)) {
            let layer = Measurements.headlineLayer(of: p, in: exponents) ?? 2
            for rule in rules(for: p) {
                guard let measured = exponents.first(where: { $0.parametrization == p && $0.step == 1 && $0.quantity == rule.quantity && $0.layer == layer })?.slope
                else { continue }
                verdicts.append(Summary.Verdict(parametrization: p, claim: "\(rule.claim) (layer \(layer), one step)",
                                                measured: NumberFormat.signed(measured), expected: rule.expected, pass: rule.check(measured)))
            }
        }
        // The theory predicts transfer for the spectral family and a shift for the standard
        // parametrization; it makes no claim for NTK.
        for shift in shifts where shift.parametrization != .ntk {
            let stable = shift.parametrization != .standard
            verdicts.append(Summary.Verdict(
                parametrization: shift.parametrization,
                claim: stable ? "the best learning rate transfers across widths" : "the best learning rate shifts with width",
                measured: "\(shift.gridSteps) grid step\(shift.gridSteps == 1 ? "" : "s")",
                expected: stable ? "≤ 1" : "> 1", pass: stable ? shift.gridSteps <= 1 : shift.gridSteps > 1))
        }
        return verdicts
    }
}
