import Training

/// A second iteration of a prescription whose fixed scheme still misses after the first
/// step: solved from the fixed scheme's measured misses rather than its declared exponents.
/// The plan is made before anything is measured, so this scheme is not trained in the same
/// run; the report gives it as a block to add and rerun, marked unverified.
public struct PrescriptionIteration: Codable, Sendable, Equatable {
    /// Changes relative to the fixed scheme.
    public var changes: [PrescriptionChange]
    public var toml: String
    /// Always false: it was not trained.
    public var verified: Bool
}

extension Prescriptions {
    /// The second iteration for `fixed` from its diagnosis `records`; nil when its initial
    /// norms and first updates meet the condition (what remains is then no field's fault).
    ///
    /// The measured excesses, rounded to the nearest half, are read as the exponents of a
    /// scheme that would produce them: each initial-norm miss moves that kind's initial
    /// exponent, each first-update miss, less what the other layers' initial misses explain
    /// under SGD, its update exponent. Solving that scheme jointly gives the changes.
    static func secondIteration(fixed: Parametrization, optimizer: OptimizerKind, records: [LayerDiagnosis]) -> PrescriptionIteration? {
        let misses = records.filter { !$0.pass && $0.step <= 1 && $0.quantity != .featureChange }
        guard !misses.isEmpty else { return nil }
        let layers = Array(Set(records.map(\.layer))).sorted()
        let kinds = layers.compactMap { layer in records.first { $0.layer == layer }?.layerKind }
        func excess(_ quantity: LayerDiagnosis.Measure, _ layer: Int) -> Double {
            guard let line = misses.first(where: { $0.quantity == quantity && $0.layer == layer }) else { return 0 }
            return Diagnosis.rounded(line.slope - line.target)
        }
        let model = ExponentModel(fixed)
        var initial: [LayerKind: Double] = [:], update: [LayerKind: Double] = [:]
        for (layer, kind) in zip(layers, kinds) where initial[kind] == nil { initial[kind] = excess(.weightNorm, layer) }
        for (layer, kind) in zip(layers, kinds) where update[kind] == nil {
            let inherited = optimizer == .sgd && !model.normalized
                ? zip(layers, kinds).filter { $0.0 != layer }.reduce(0.0) { $0 + (initial[$1.1] ?? 0) } : 0
            update[kind] = excess(.updateNorm, layer) - inherited
        }
        // The scheme the measurements describe: the fixed one with those excesses added.
        var overrides = fixed.scheme.overrides
        for kind in Set(kinds) {
            var exponents = overrides[kind] ?? WidthExponents()
            let fields = model.fields(kind)
            exponents.initialization = fields.initialization + (initial[kind] ?? 0)
            exponents.multiplier = fields.multiplier
            let rate = fields.learningRate(optimizer) + (update[kind] ?? 0)
            if optimizer == .sgd { exponents.learningRateSGD = rate } else { exponents.learningRateAdam = rate }
            overrides[kind] = exponents
        }
        let measured = Parametrization(name: fixed.name, scheme: ParametrizationScheme(base: fixed.scheme.base, overrides: overrides))
        let name = "\(fixed.name)-2"
        let solution = PrescriptionSolver.solve(measured, optimizers: [optimizer], kinds: kinds, name: name)
        guard !solution.changes.isEmpty else { return nil }
        var next = fixed.scheme.overrides
        let changes = solution.changes.map { change -> PrescriptionChange in
            let own = model.fields(change.layerKind)
            let from: Double
            var exponents = next[change.layerKind] ?? WidthExponents()
            switch change.field {
            case .initialization: from = own.initialization; exponents.initialization = from + change.exponentChange
            case .multiplier: from = own.multiplier; exponents.multiplier = from + change.exponentChange
            case .learningRateSGD, .learningRate: from = own.learningRateSGD; exponents.learningRateSGD = from + change.exponentChange
            case .learningRateAdam: from = own.learningRateAdam; exponents.learningRateAdam = from + change.exponentChange
            }
            next[change.layerKind] = exponents
            return PrescriptionChange(layerKind: change.layerKind, field: change.field, from: from, to: from + change.exponentChange,
                                      exponentChange: change.exponentChange)
        }
        let second = Parametrization(name: name, scheme: ParametrizationScheme(base: fixed.scheme.base, overrides: next))
        return PrescriptionIteration(changes: changes, toml: PrescriptionSolver.toml(second, original: fixed, changes: changes), verified: false)
    }
}
