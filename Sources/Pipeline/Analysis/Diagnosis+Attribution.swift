import Training

extension Diagnosis {
    /// Attributes every miss: to the layer's own fault, with the joint prescription's change
    /// for that layer as its fix, or to another layer's, as a consequence without a fix.
    ///
    /// - Initial norms are always the layer's own (its initialisation and multiplier).
    /// - Updates: the exponent structure splits an SGD update's excess into the layer's own
    ///   (rate and multiplier) and what the other layers' initial faults add through the
    ///   forward features and the backward gradient (`ExponentModel`); under Adam only the
    ///   own part exists.
    /// - Feature changes are never a fault of their own: the refined coordinate check says
    ///   whether the layer's own update (`ΔW_l h_{l−1}`) or the drift from below
    ///   (`W_l Δh_{l−1}`) carries the miss, and the record points there.
    static func attribute(_ lines: [LayerDiagnosis], model: ExponentModel, kinds: [LayerKind],
                          solution: PrescriptionSolver.Solution?) -> [LayerDiagnosis] {
        let updates = lines.map { line -> LayerDiagnosis in
            guard !line.pass, line.quantity != .featureChange else { return line }
            return attributeWeights(line, model: model, kinds: kinds, solution: solution)
        }
        return updates.map { line in
            guard !line.pass, line.quantity == .featureChange else { return line }
            return attributeFeatures(line, among: updates)
        }
    }

    /// A miss in words with its consequence: `hidden layer (W_2): updates grow like n^{+0.5}
    /// relative to the condition; follows from the output layer's initialisation`.
    static func consequenceText(_ line: LayerDiagnosis) -> String? {
        guard let consequence = line.consequence else { return nil }
        let what: String
        switch line.quantity {
        case .weightNorm: what = "initial weights"
        case .updateNorm: what = "updates"
        case .featureChange: what = line.layerKind == .output ? "logit changes" : "feature changes"
        }
        return "\(name(line.layerKind, line.layer)): \(what) \(relative(line)); \(consequence) (no fix of its own)"
    }

    /// A layer's name in words: `output layer (W_3)`.
    static func name(_ kind: LayerKind, _ layer: Int) -> String { "\(kind.rawValue) layer (W_\(layer))" }

    /// `grow like n^{+0.47} relative to the condition`.
    static func relative(_ line: LayerDiagnosis) -> String {
        let excess = line.slope - line.target
        return "\(excess > 0 ? "grow" : "shrink") like n^{\(power(excess))} relative to the condition"
    }

    /// Initial norms and updates.
    static func attributeWeights(_ line: LayerDiagnosis, model: ExponentModel, kinds: [LayerKind],
                                 solution: PrescriptionSolver.Solution?) -> LayerDiagnosis {
        var line = line
        let who = name(line.layerKind, line.layer)
        let changes = solution?.changes(for: line.optimizer).filter { $0.layerKind == line.layerKind } ?? []
        switch line.quantity {
        case .weightNorm:
            let own = changes.filter { $0.field == .initialization || $0.field == .multiplier }
            let ownExcess = model.initialExcess(line.layerKind)
            line.fix = abs(ownExcess) > ExponentModel.zero && own.isEmpty
                ? "\(who): initial weights \(relative(line)); its initial scale is off by n^{\(power(ownExcess))}"
                : own.isEmpty
                ? "\(who): initial weights \(relative(line)); the scheme's exponents put them on target, so this is a finite-width bend, not a fault to fix"
                : "\(who): initial weights \(relative(line)); \(words(own))"
        case .updateNorm:
            let ownExcess = model.ownUpdateExcess(line.layerKind, line.optimizer)
            let inherited = model.inheritedUpdateExcess(layer: line.layer, kinds: kinds, line.optimizer)
            let causes = inherited.isEmpty ? nil : "follows from the \(causeNames(inherited.keys.sorted(), solution: solution))"
            if abs(ownExcess) > ExponentModel.zero {
                let own = changes.filter { $0.field != .initialization }
                let change = own.isEmpty ? "its own rate is off by n^{\(power(ownExcess))}" : words(own)
                line.fix = "\(who): updates \(relative(line)); \(change)" + (causes.map { "; the rest \($0)" } ?? "")
            } else if let causes {
                line.consequence = causes
            } else {
                line.fix = "\(who): updates \(relative(line)); the scheme's exponents put them on target, so this is measured only (a finite-width bend, or updates not aligned with the layer's inputs as the condition assumes)"
            }
        case .featureChange: break
        }
        return line
    }

    /// Feature changes, through the refined coordinate check.
    static func attributeFeatures(_ line: LayerDiagnosis, among lines: [LayerDiagnosis]) -> LayerDiagnosis {
        var line = line
        let grows = line.slope > line.target
        func misses(_ slope: Double?) -> Bool {
            guard let slope else { return false }
            return grows ? slope - line.target > tolerance : line.target - slope > tolerance
        }
        let ownMisses = misses(line.ownSlope), driftMisses = misses(line.driftSlope)
        let update = lines.first { $0.quantity == .updateNorm && $0.layer == line.layer && $0.step == line.step && !$0.pass }
        let below = lines.filter { $0.quantity == .updateNorm && $0.layer < line.layer && $0.step == line.step && !$0.pass }.map(\.layer)
        let parts = [line.ownSlope.map { "ΔW_l h_{l−1} like n^{\(power($0))}" }, line.driftSlope.map { "W_l Δh_{l−1} like n^{\(power($0))}" }]
            .compactMap { $0 }.joined(separator: ", ")
        let measured = parts.isEmpty ? "" : " (\(parts))"
        // Which part carries the miss: the larger one when both do.
        let driftLeads = driftMisses && (!ownMisses || (line.driftSlope ?? 0) * (grows ? 1 : -1) > (line.ownSlope ?? 0) * (grows ? 1 : -1))
        if driftLeads {
            line.consequence = "drifts in from the layers below\(measured)"
                + (below.isEmpty ? "" : ": follows from the updates of W_\(below.map(String.init).joined(separator: ", W_"))")
        } else if ownMisses || (line.ownSlope == nil && update != nil) {
            let cause = update.map { $0.consequence.map { "whose miss \($0)" } ?? "a fault of the layer's own, fixed on its update" }
                ?? "whose size comes from its inputs h_{l−1}"
            line.consequence = "follows from this layer's own update\(measured), \(cause)"
        } else if let first = below.first {
            line.consequence = "follows from the updates of W_\(first)\(below.count > 1 ? " and later layers" : "")\(measured)"
        } else {
            line.consequence = "though the weights meet the condition\(measured): the updates are not aligned with the layer's inputs as the condition assumes"
        }
        return line
    }

    /// `the output layer's initialisation`, `the input and output layers' forward multiplier`.
    static func causeNames(_ kinds: [LayerKind], solution: PrescriptionSolver.Solution?) -> String {
        let names = kinds.map { kind -> String in
            let what = solution?.change(kind, .multiplier) != nil && solution?.change(kind, .initialization) == nil
                ? "initial scale (init × multiplier)" : "initialisation"
            return "\(kind.rawValue) layer's \(what)"
        }
        return names.joined(separator: " and the ")
    }

    /// A layer's changes in words: `scale its learning rate by n^{−1} (lr_sgd 0 → −1)`.
    static func words(_ changes: [PrescriptionChange]) -> String {
        let parts = changes.map { change -> String in
            let what: String
            switch change.field {
            case .initialization: what = "initialisation"
            case .multiplier: what = "forward multiplier"
            case .learningRate, .learningRateSGD, .learningRateAdam: what = "learning rate"
            }
            let exponents = [change.from, change.to].map { PrescriptionSolver.number($0).replacingOccurrences(of: "-", with: "−") }
            return "scale its \(what) by n^{\(power(change.exponentChange))} (exponent \(exponents[0]) → \(exponents[1]))"
        }
        var text = parts.joined(separator: " and ")
        // A multiplier moves the initial norm and the update together: say what it stands for.
        if let m = changes.first(where: { $0.field == .multiplier }), changes.count == 1 {
            text += ", which is the same as initialisation ×n^{\(power(m.exponentChange))} with the learning rate ×n^{\(power(2 * m.exponentChange))} under SGD (×n^{\(power(m.exponentChange))} under Adam)"
        }
        return text
    }
}
