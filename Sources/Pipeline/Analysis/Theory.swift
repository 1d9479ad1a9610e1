import Training

/// The width exponents the theory predicts for SGD at one base learning rate, after a step
/// (the table "Width exponents" of `docs/science.md`).
enum Theory {
    /// The predicted exponent of `quantity` at `layer` for `parametrization`; nil where the
    /// theory says nothing (the input layer, and quantities it does not scale).
    public static func exponent(_ parametrization: Parametrization, quantity: Quantity, layer: Int, depth: Int) -> Double? {
        let isHidden = layer >= 2 && layer <= depth - 1
        guard quantity == .logitChange || isHidden else { return nil }
        switch (parametrization, quantity) {
        case (.standard, .featureMovement), (.standard, .weightMovement): return 0.5
        case (.standard, .weightMovementFrobenius): return 0
        case (.standard, .logitChange): return 1
        case (.ntk, .featureMovement), (.ntk, .weightMovement): return -0.5
        case (.ntk, .weightMovementFrobenius): return -1
        case (.ntk, .logitChange): return 0
        case (_, .featureMovement), (_, .weightMovement), (_, .logitChange): return 0
        case (_, .weightMovementFrobenius): return -0.5
        default: return nil
        }
    }
}
