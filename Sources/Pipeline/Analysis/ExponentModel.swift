import Training

/// The width-exponent structure of a parametrization (Yang's abc-parametrization): per layer
/// kind, the exponents of the initial scale `s`, the forward multiplier `a` and the learning
/// rates `c` (SGD) and `c′` (Adam), and what they predict for the per-layer diagnosis at
/// initialisation and after the first step.
///
/// The account (`docs/science.md`, "Prescriptions"), with `N_l` the width exponent of
/// `‖W_l‖_*` at initialisation and `T_l` the spectral condition's target (+½, 0, −½ for the
/// input, hidden and output layers):
/// - `N_l = a + s + ½` for Gaussian weights (`‖w‖_* ≈ σ(√fan_out + √fan_in)`), `a + s` for
///   semi-orthogonal ones. The excess `D_l = N_l − T_l` is the layer's own initial fault.
/// - Forward, `‖h_l‖ ∝ n^{½ + Σ_{j≤l} D_j}`; backward, the gradient reaching `z_l` is scaled
///   by the layers above, `∝ n^{−½ + Σ_{j>l} D_j}`. An SGD update `−η m² δ hᵀ` is rank one
///   and aligned, so `‖ΔW_l‖_*` has the exponent `c + 2a + (n-exponents of δ_l and h_{l−1})`,
///   whose excess over `T_l` is `(c + 2a − 2T_l) + Σ_{j≠l} D_j`: its own rate's fault plus
///   every other layer's initial fault.
/// - Under Adam the first update is sign-like, `‖ΔW_l‖_* ≈ m η √(fan_out·fan_in)`: the
///   gradient's scale drops out and the excess is `(c′ + a) − (T_l − ½·k_l)`, `k_l` the number
///   of the layer's sides that grow with `n` — its own fault only.
/// - Updates normalised by their spectral norm (`spectral-normalized`) have `‖ΔW_l‖_* ∝
///   m η`: the excess is `(c + a) − T_l` for either optimizer.
///
/// Only the sums `a + s`, `c + 2a` (`c + a` normalised) and `c′ + a` enter: these are the
/// invariants of the abc symmetry (multiplier ×n^θ, init ×n^{−θ}, SGD rate ×n^{−2θ}, Adam
/// rate ×n^{−θ} leave training unchanged), so equivalent schemes have equal invariants.
struct ExponentModel: Equatable, Sendable {
    /// The exponents of one layer kind (every field given).
    struct Fields: Equatable, Sendable {
        var initialization: Double
        var multiplier: Double
        var learningRateSGD: Double
        var learningRateAdam: Double

        func learningRate(_ optimizer: OptimizerKind) -> Double { optimizer == .sgd ? learningRateSGD : learningRateAdam }
    }

    /// Whether the weights start semi-orthogonal and updates are divided by their spectral
    /// norm (a scheme built on `spectral-normalized`).
    let normalized: Bool
    /// The exponents per kind.
    var fields: [LayerKind: Fields]

    /// The model of `parametrization`: its base's exponents with its own replaced.
    init(_ parametrization: Parametrization) {
        let scheme = parametrization.scheme
        normalized = scheme.base == .spectralNormalized
        var fields: [LayerKind: Fields] = [:]
        for kind in LayerKind.allCases {
            let own = scheme.base.widthExponents(kind), replaced = scheme.overrides[kind] ?? WidthExponents()
            fields[kind] = Fields(initialization: replaced.initialization ?? own.initialization ?? 0,
                                  multiplier: replaced.multiplier ?? own.multiplier ?? 0,
                                  learningRateSGD: replaced.learningRateSGD ?? own.learningRateSGD ?? 0,
                                  learningRateAdam: replaced.learningRateAdam ?? own.learningRateAdam ?? 0)
        }
        self.fields = fields
    }

    func fields(_ kind: LayerKind) -> Fields { fields[kind] ?? Fields(initialization: 0, multiplier: 0, learningRateSGD: 0, learningRateAdam: 0) }

    /// The condition's exponent of `‖W_l‖_*` and `‖ΔW_l‖_*`: `√(fan_out/fan_in)`.
    static func target(_ kind: LayerKind) -> Double {
        switch kind {
        case .input: return 0.5
        case .hidden: return 0
        case .output: return -0.5
        }
    }

    /// How many of the layer's sides grow with the width.
    static func growingSides(_ kind: LayerKind) -> Double { kind == .hidden ? 2 : 1 }

    /// The coefficient of the multiplier in the update invariant: `m² η` (SGD) or `m η`
    /// (Adam, normalised updates).
    func multiplierWeight(_ optimizer: OptimizerKind) -> Double { optimizer == .sgd && !normalized ? 2 : 1 }

    // MARK: invariants

    /// `a + s`: the initial norm's invariant.
    func initialInvariant(_ kind: LayerKind) -> Double { fields(kind).initialization + fields(kind).multiplier }

    /// The update's invariant: `c + 2a` (SGD), `c′ + a` (Adam), `c + a` (normalised).
    func updateInvariant(_ kind: LayerKind, _ optimizer: OptimizerKind) -> Double {
        fields(kind).learningRate(optimizer) + multiplierWeight(optimizer) * fields(kind).multiplier
    }

    /// What the initial invariant must be for `‖W_l‖_*` to meet the condition.
    func initialTarget(_ kind: LayerKind) -> Double { Self.target(kind) - (normalized ? 0 : 0.5) }

    /// What the update invariant must be once every layer's initial norm meets the condition.
    func updateTarget(_ kind: LayerKind, _ optimizer: OptimizerKind) -> Double {
        if normalized { return Self.target(kind) }
        switch optimizer {
        case .sgd: return 2 * Self.target(kind)
        case .adam: return Self.target(kind) - 0.5 * Self.growingSides(kind)
        }
    }

    // MARK: predictions

    /// `D_l`: how far the layer's initial norm exponent is from the condition's.
    func initialExcess(_ kind: LayerKind) -> Double { initialInvariant(kind) - initialTarget(kind) }

    /// The update's excess that is the layer's own (its rate and multiplier).
    func ownUpdateExcess(_ kind: LayerKind, _ optimizer: OptimizerKind) -> Double {
        updateInvariant(kind, optimizer) - updateTarget(kind, optimizer)
    }

    /// The part of layer `layer`'s update excess that comes from the other layers' initial
    /// faults (SGD with plain gradients only), by layer kind of its cause.
    func inheritedUpdateExcess(layer: Int, kinds: [LayerKind], _ optimizer: OptimizerKind) -> [LayerKind: Double] {
        guard optimizer == .sgd, !normalized else { return [:] }
        var result: [LayerKind: Double] = [:]
        for (index, kind) in kinds.enumerated() where index + 1 != layer {
            let d = initialExcess(kind)
            if d != 0 { result[kind, default: 0] += d }
        }
        return result.filter { abs($0.value) > Self.zero }
    }

    /// Exponents closer than this are equal (they are sums of a few halves).
    static let zero = 1e-9

    /// True when the two are the same scheme up to the abc symmetry for `optimizers`.
    func isEquivalent(to other: ExponentModel, optimizers: [OptimizerKind]) -> Bool {
        guard normalized == other.normalized else { return false }
        return LayerKind.allCases.allSatisfy { kind in
            abs(initialInvariant(kind) - other.initialInvariant(kind)) < Self.zero
                && optimizers.allSatisfy { abs(updateInvariant(kind, $0) - other.updateInvariant(kind, $0)) < Self.zero }
        }
    }
}
