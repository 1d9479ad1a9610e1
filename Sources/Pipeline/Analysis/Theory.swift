import Training

/// The width exponents the theory predicts for a hidden layer after one step at one
/// width-independent base learning rate (`docs/science.md`), for SGD and for Adam.
///
/// SGD: an update is `−η_l G` with `G` low-rank and aligned with the layer's inputs, so
/// `‖ΔW_l‖_*` scales as the per-layer rate times `‖G‖_*`; the standard parametrization's
/// hidden updates are √n too large, NTK's √n too small.
///
/// Adam: the first update is sign-like. Its entries all have size `η_l` and, the gradient
/// of one layer being (close to) rank one, `sign(G)` is rank one too, so
/// `‖ΔW_l‖_* ≈ η_l √(fan_out · fan_in)`. The spectral condition asks for
/// `‖ΔW_l‖_* ∝ √(fan_out/fan_in)`, that is `η_l ∝ 1/fan_in` (the spectral and μP Adam rules).
/// At a width-independent rate a hidden update is `n` times too large under the standard
/// parametrization, and `√n` times under NTK (whose forward multiplier `1/√fan_in` scales the
/// effective update). Feature movement follows the update's spectral norm (aligned updates);
/// the Frobenius norm of a rank-one sign update equals its spectral norm, against
/// `‖W‖_F ≈ √n` for a hidden matrix.
public enum Theory {
    /// The predicted exponent of `quantity` at `layer` for `parametrization` trained with
    /// `optimizer`; nil where the theory says nothing (the input layer, and quantities it
    /// does not scale).
    public static func exponent(_ parametrization: Parametrization, quantity: Quantity, layer: Int, depth: Int,
                                optimizer: OptimizerKind = .sgd) -> Double? {
        let isHidden = layer >= 2 && layer <= depth - 1
        guard quantity == .logitChange || isHidden else { return nil }
        // An experiment's own parametrization has no theory here: the per-layer diagnosis
        // judges it.
        guard let builtin = parametrization.builtin else { return nil }
        // How much too large (+) or too small (−) the spectral norm of a hidden update is,
        // as a power of the width: from the parametrization's width exponents
        // (`ExponentModel`), its own rate's fault plus the other layers' initial faults.
        let model = ExponentModel(parametrization)
        let kinds = (1...max(depth, 1)).map { l in l == depth ? LayerKind.output : l == 1 ? .input : .hidden }
        let excess = model.ownUpdateExcess(.hidden, optimizer)
            + model.inheritedUpdateExcess(layer: isHidden ? layer : 2, kinds: kinds, optimizer).values.reduce(0, +)
        switch quantity {
        case .featureMovement, .weightMovement: return excess
        // ‖ΔW‖_F/‖W‖_F: SGD updates are low-rank against ‖W‖_F ∝ √n (−½ beside the spectral
        // ratio); so are Adam's.
        case .weightMovementFrobenius: return excess - 0.5
        // The logits under SGD: +1 (standard), 0 (NTK and the spectral family). Under Adam
        // the output layer's update and the hidden features' change, correlated through the
        // backward pass, both move the logits; this simple account does not fix the sum's
        // exponent (measured about +1.3 standard, +0.7 NTK, 0 spectral), so it predicts
        // only the spectral family's 0.
        case .logitChange:
            switch builtin {
            case .standard: return optimizer == .sgd ? 1 : nil
            case .ntk: return optimizer == .sgd ? 0 : nil
            case .spectral, .spectralNormalized, .mup: return 0
            }
        default: return nil
        }
    }
}
