import Foundation
import Training

/// One field of a prescription: a layer kind's width exponent and how much it changes.
public struct PrescriptionChange: Codable, Sendable, Equatable {
    /// The fields of `[parametrizations.NAME]` a prescription changes.
    public enum Field: String, Codable, Sendable, CaseIterable {
        case initialization = "init", multiplier, learningRate = "lr", learningRateSGD = "lr_sgd", learningRateAdam = "lr_adam"
    }

    public var layerKind: LayerKind
    public var field: Field
    /// The exponent before and after.
    public var from: Double
    public var to: Double
    /// `to − from`: the field's value is multiplied by `n^exponent_change` (relative to `base_width`).
    public var exponentChange: Double

    enum CodingKeys: String, CodingKey { case layerKind = "layer_kind", field, from, to, exponentChange = "exponent_change" }

    /// The field in words, for prose (the file's names have underscores).
    public var words: String {
        switch field {
        case .initialization: return "initialisation"
        case .multiplier: return "forward multiplier"
        case .learningRate: return "learning rate"
        case .learningRateSGD: return "SGD learning rate"
        case .learningRateAdam: return "Adam learning rate"
        }
    }

    /// The rate field of `optimizer`.
    static func learningRate(_ optimizer: OptimizerKind) -> Field { optimizer == .sgd ? .learningRateSGD : .learningRateAdam }

    /// Whether the change bears on training with `optimizer` (the other optimizer's rate does not).
    func applies(to optimizer: OptimizerKind) -> Bool {
        switch field {
        case .initialization, .multiplier, .learningRate: return true
        case .learningRateSGD: return optimizer == .sgd
        case .learningRateAdam: return optimizer == .adam
        }
    }
}

/// The joint solver: the smallest change of a parametrization's width exponents that puts
/// every layer on the spectral condition's targets for the optimizers it is trained with.
///
/// The targets decouple once every initial norm is on target (`ExponentModel`): an SGD
/// update's excess is its own rate's fault plus the other layers' initial faults, so with
/// every `D_l = 0` the rates must meet their own targets and nothing else. The solution is
/// therefore unique in the invariants (`a + s`, the update invariants); what remains is which
/// fields to move. Per layer kind, with `Δa` the multiplier's change, the others follow
/// (`Δs = ΔP − Δa`, `Δc = ΔU − w·Δa`), so the candidates are `Δa = 0` and each value that
/// zeroes one of the others; the one changing the fewest fields wins, ties going to the
/// multiplier unchanged, that is to initialisation before learning rates. A multiplier is
/// changed only when that saves a field (it moves the initial norm and the updates together).
enum PrescriptionSolver {
    /// A solution: the changes (all optimizers), and the fixed scheme when there are any.
    struct Solution: Equatable, Sendable {
        let original: Parametrization
        let optimizers: [OptimizerKind]
        let changes: [PrescriptionChange]
        let fixed: Parametrization?
        /// Built-in parametrizations the fixed scheme (or the original when nothing changes)
        /// is equivalent to under the abc symmetry, for these optimizers.
        let equivalentTo: [String]

        /// The changes that bear on `optimizer`.
        func changes(for optimizer: OptimizerKind) -> [PrescriptionChange] { changes.filter { $0.applies(to: optimizer) } }

        /// The change of `field` of `kind`, if any.
        func change(_ kind: LayerKind, _ field: PrescriptionChange.Field) -> PrescriptionChange? {
            changes.first { $0.layerKind == kind && $0.field == field }
        }
    }

    /// The prescription for `parametrization` trained with `optimizers`, for a network whose
    /// layers have the kinds `kinds` (input first).
    /// - Parameter name: the fixed scheme's name.
    static func solve(_ parametrization: Parametrization, optimizers: [OptimizerKind], kinds: [LayerKind], name: String) -> Solution {
        let model = ExponentModel(parametrization)
        var changes: [PrescriptionChange] = []
        var overrides = parametrization.scheme.overrides
        for kind in LayerKind.allCases where kinds.contains(kind) {
            let own = model.fields(kind)
            let initialShift = -model.initialExcess(kind)
            let updateShifts = optimizers.map { ($0, -model.ownUpdateExcess(kind, $0), model.multiplierWeight($0)) }
            let candidates = [0, initialShift] + updateShifts.map { $0.1 / $0.2 }
            func fields(_ multiplier: Double) -> [(PrescriptionChange.Field, Double, Double)] {
                [(.initialization, own.initialization, initialShift - multiplier), (.multiplier, own.multiplier, multiplier)]
                    + updateShifts.map { (PrescriptionChange.learningRate($0.0), own.learningRate($0.0), $0.1 - $0.2 * multiplier) }
            }
            func cost(_ multiplier: Double) -> (Int, Bool) {
                let moved = fields(multiplier).filter { abs($0.2) > ExponentModel.zero }
                let inRange = moved.allSatisfy { ParametrizationDefinitions.exponentRange.contains($0.1 + $0.2) }
                return (moved.count, inRange)
            }
            // Fewest fields among those a file can hold, the first candidate on ties.
            let ranked = candidates.enumerated().sorted { a, b in
                let (ca, cb) = (cost(a.element), cost(b.element))
                return (ca.1 ? 0 : 1, ca.0, a.offset) < (cb.1 ? 0 : 1, cb.0, b.offset)
            }
            guard let best = ranked.first?.element else { continue }
            for (field, from, shift) in fields(best) where abs(shift) > ExponentModel.zero {
                let to = ((from + shift) * 1e9).rounded() / 1e9
                changes.append(PrescriptionChange(layerKind: kind, field: field, from: from, to: to, exponentChange: to - from))
                var exponents = overrides[kind] ?? WidthExponents()
                switch field {
                case .initialization: exponents.initialization = to
                case .multiplier: exponents.multiplier = to
                case .learningRateSGD: exponents.learningRateSGD = to
                case .learningRateAdam: exponents.learningRateAdam = to
                case .learningRate: (exponents.learningRateSGD, exponents.learningRateAdam) = (to, to)
                }
                overrides[kind] = exponents
            }
        }
        let fixed = changes.isEmpty ? nil : Parametrization(name: name, scheme: ParametrizationScheme(base: parametrization.scheme.base, overrides: overrides))
        let result = ExponentModel(fixed ?? parametrization)
        let equivalent = BuiltinParametrization.allCases.filter {
            result.isEquivalent(to: ExponentModel(Parametrization($0)), optimizers: optimizers)
        }.map(\.rawValue)
        return Solution(original: parametrization, optimizers: optimizers, changes: changes, fixed: fixed, equivalentTo: equivalent)
    }

    /// The fixed scheme as the user pastes it into an experiment file.
    static func toml(_ fixed: Parametrization, original: Parametrization, changes: [PrescriptionChange]) -> String {
        var lines = ["[parametrizations.\(fixed.name)]", "from = \"\(fixed.scheme.base.rawValue)\""]
        let note = original.builtin != nil ? "the built-in \(original.name)" : original.name
        lines[0] += "    # \(note), prescribed by spectral-report"
        for kind in LayerKind.allCases {
            guard let exponents = fixed.scheme.overrides[kind] else { continue }
            var parts: [String] = []
            if let e = exponents.initialization { parts.append("init = \(number(e))") }
            if let e = exponents.multiplier { parts.append("multiplier = \(number(e))") }
            if let sgd = exponents.learningRateSGD, let adam = exponents.learningRateAdam, sgd == adam {
                parts.append("lr = \(number(sgd))")
            } else {
                if let e = exponents.learningRateSGD { parts.append("lr_sgd = \(number(e))") }
                if let e = exponents.learningRateAdam { parts.append("lr_adam = \(number(e))") }
            }
            let changed = changes.filter { $0.layerKind == kind }.map { "\($0.field.rawValue) \(number($0.from)) → \(number($0.to))" }
            let line = "\(kind.rawValue) = { \(parts.joined(separator: ", ")) }"
            lines.append(changed.isEmpty ? line : line + "    # " + changed.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// An exponent as a file writes it: `1`, `-0.5`.
    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e9 ? String(Int(v)) : String(v)
    }
}
