import Training

/// The width exponents the theory predicts (`SCIENCE.md`), for hidden layers after a step
/// at one base learning rate.
public enum Theory {
    /// The predicted exponent of `quantity` for `parametrization`; nil where the theory
    /// says nothing (the input layer).
    public static func exponent(_ parametrization: Parametrization, quantity: String, layer: Int, depth: Int) -> Double? {
        let isLogits = quantity == "logit_change"
        guard isLogits || (layer >= 2 && layer <= depth - 1) else { return nil }
        switch (parametrization, quantity) {
        case (.standard, "feature_movement"), (.standard, "weight_movement"): return 0.5
        case (.standard, "weight_movement_frobenius"): return 0
        case (.standard, "logit_change"): return 1
        case (.ntk, "feature_movement"), (.ntk, "weight_movement"): return -0.5
        case (.ntk, "weight_movement_frobenius"): return -1
        case (.ntk, "logit_change"): return 0
        case (_, "feature_movement"), (_, "weight_movement"), (_, "logit_change"): return 0
        case (_, "weight_movement_frobenius"): return -0.5
        default: return nil
        }
    }
}
