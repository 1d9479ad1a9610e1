import Training

/// A measured quantity, by the name it has in `summary.json`, CSV files and figure data.
///
/// Every read of a metric from a run's snapshots goes through `value(in:layer:)`, so a
/// misspelt quantity is a compile error rather than an empty figure.
public enum Quantity: String, Codable, CaseIterable, Sendable, Comparable {
    /// `‖h_l(t) − h_l(0)‖ / ‖h_l(0)‖` on the probe batch.
    case featureMovement = "feature_movement"
    /// `‖W_l(t) − W_l(0)‖_* / ‖W_l(0)‖_*`.
    case weightMovement = "weight_movement"
    /// `‖W_l(t) − W_l(0)‖_F / ‖W_l(0)‖_F`.
    case weightMovementFrobenius = "weight_movement_frobenius"
    /// RMS of `f(t) − f(0)` on the probe batch (the layer is the output layer).
    case logitChange = "logit_change"
    /// Stable rank `‖ΔW‖_F² / ‖ΔW‖_*²` of one update.
    case updateStableRank = "update_stable_rank"
    /// Alignment `‖ΔW h‖ / (‖ΔW‖_* ‖h‖)` of one update with the layer's inputs on the
    /// probe batch.
    case updateAlignment = "update_alignment"
    /// The same alignment with the inputs of the batch the update came from (the paper's).
    case updateBatchAlignment = "update_alignment_batch"
    /// RMS of the layer's activations (the logits for the output layer).
    case activationRMS = "activation_rms"
    /// Loss on the evaluation rows of the training set.
    case trainLoss = "train_loss"
    /// Loss on the test set, at the last step.
    case testLoss = "test_loss"
    /// Accuracy on the test set, at the last step.
    case testAccuracy = "test_accuracy"
    /// The loss of the training passes (each on its own batch, before its update), averaged
    /// over a bin of steps: what loss curves draw. It is read from the run's batch losses,
    /// not from a snapshot (`SweepRuns.batchLossBins`).
    case batchLoss = "batch_loss"
    /// `‖h_l(t) − h_l(0)‖_RMS`: the size of a layer's change since initialisation (the
    /// logits' for the output layer). It needs the snapshot at initialisation too, so
    /// `SweepRuns.changeRMS` computes it (and `RunsTable` for `runs.csv`).
    case featureChangeRMS = "feature_change_rms"
    /// The refined coordinate check's own part: `‖(W_l(t) − W_l(0)) h_{l−1}(t)‖_RMS`, the
    /// change of the layer's pre-activations its own update causes.
    case featureChangeOwnRMS = "feature_change_own_rms"
    /// The refined coordinate check's drift: `‖W_l(0) (h_{l−1}(t) − h_{l−1}(0))‖_RMS`, the
    /// change that drifts in from the layers below.
    case featureChangeDriftRMS = "feature_change_drift_rms"
    /// `‖W_l(0)‖_*`, effective weights (forward multiplier included), at initialisation.
    case weightSpectralNorm = "weight_spectral_norm"
    /// `‖W_l(t) − W_l(0)‖_*`, effective weights: `weight_movement` times `‖W_l(0)‖_*`.
    case weightChangeSpectralNorm = "weight_change_spectral_norm"
    /// `‖ΔW_l‖_*` of the update taken at this step, effective weights.
    case updateSpectralNorm = "update_spectral_norm"
    /// RMS of the layer's pre-activations `W_l h_{l−1}` on the probe batch.
    case preactivationRMS = "preactivation_rms"
    /// RMS of the logits on the probe batch.
    case logitRMS = "logit_rms"
    /// `√(stable rank / fan_in)`: the alignment of an update with an input direction drawn
    /// at random (for isotropic `h`, `E‖ΔW h‖² = ‖ΔW‖_F² ‖h‖² / fan_in`), the baseline that
    /// "aligned" is judged against. Computed from `update_stable_rank` (`RandomAlignment`).
    case randomAlignment = "random_direction_alignment"

    /// The quantity's value for layer `layer` (1-based) in `snapshot`; nil when not recorded.
    public func value(in snapshot: MetricsSnapshot, layer: Int) -> Double? {
        switch self {
        case .logitChange: return snapshot.logitChange
        case .trainLoss: return snapshot.trainLoss
        case .testLoss: return snapshot.testLoss
        case .testAccuracy: return snapshot.testAccuracy
        case .logitRMS: return snapshot.logitRMS
        case .batchLoss, .featureChangeRMS, .weightChangeSpectralNorm, .randomAlignment: return nil
        default: break
        }
        guard let metrics = snapshot.layers.first(where: { $0.layer == layer }) else { return nil }
        switch self {
        case .featureMovement: return metrics.featureMovement
        case .weightMovement: return metrics.weightMovement
        case .weightMovementFrobenius: return metrics.weightMovementFrobenius
        case .updateStableRank: return metrics.updateStableRank
        case .updateAlignment: return metrics.updateAlignment
        case .updateBatchAlignment: return metrics.updateBatchAlignment
        case .activationRMS: return metrics.activationRMS
        case .featureChangeOwnRMS: return metrics.featureChangeOwnRMS
        case .featureChangeDriftRMS: return metrics.featureChangeDriftRMS
        case .weightSpectralNorm: return metrics.spectralNorm
        case .updateSpectralNorm: return metrics.updateSpectralNorm
        case .preactivationRMS: return metrics.preactivationRMS
        case .logitChange, .trainLoss, .testLoss, .testAccuracy, .batchLoss, .featureChangeRMS, .weightChangeSpectralNorm, .logitRMS, .randomAlignment: return nil
        }
    }

    /// What the quantity is, for the data dictionary.
    public var meaning: String {
        switch self {
        case .featureMovement: return "‖h_l(t) − h_l(0)‖ / ‖h_l(0)‖ on the probe batch (relative change of the layer's features since initialisation)"
        case .weightMovement: return "‖W_l(t) − W_l(0)‖_* / ‖W_l(0)‖_*, spectral norms (largest singular values)"
        case .weightMovementFrobenius: return "‖W_l(t) − W_l(0)‖_F / ‖W_l(0)‖_F, Frobenius norms"
        case .logitChange: return "RMS of f(t) − f(0), the logits' change on the probe batch"
        case .updateStableRank: return "stable rank ‖ΔW‖_F² / ‖ΔW‖_*² of the update taken at this step"
        case .updateAlignment: return "‖ΔW h‖ / (‖ΔW‖_* ‖h‖) of that update with the layer's inputs h on the probe batch, mean over rows"
        case .updateBatchAlignment: return "‖ΔW h‖ / (‖ΔW‖_* ‖h‖) of that update with the layer's inputs h on the batch it was computed from (the paper's alignment), mean over rows"
        case .activationRMS: return "RMS of the layer's activations φ(W_l h_{l−1}) on the probe batch (the logits for the output layer)"
        case .trainLoss: return "loss on the evaluation rows of the training set"
        case .testLoss: return "loss on the test set at the last step, for sweeps that list their own `metric_steps` or that no figure reads (the others skip it: nothing reads it)"
        case .testAccuracy: return "fraction of the test set classified correctly, when `test_loss` is measured"
        case .batchLoss: return "loss of the training pass at `step`, on its own batch before its update (runs.csv: every step; figure CSVs: averaged over the steps from `step` to `last_step`)"
        case .featureChangeRMS: return "‖h_l(t) − h_l(0)‖_RMS, the RMS of the layer's change since initialisation on the probe batch (the logits' for the output layer)"
        case .featureChangeOwnRMS: return "refined coordinate check (Haas et al. 2025): ‖(W_l(t) − W_l(0)) h_{l−1}(t)‖_RMS on the probe batch, the part of the pre-activation change z_l(t) − z_l(0) the layer's own update causes (bias change included); effective weights"
        case .featureChangeDriftRMS: return "refined coordinate check: ‖W_l(0) (h_{l−1}(t) − h_{l−1}(0))‖_RMS on the probe batch, the part of z_l(t) − z_l(0) that drifts in from the layers below (0 for the input layer); the two parts sum to the change"
        case .weightSpectralNorm: return "‖W_l(0)‖_*, the spectral norm of the layer's effective weights (forward multiplier included) at initialisation (step 0, runs with weight metrics)"
        case .weightChangeSpectralNorm: return "‖W_l(t) − W_l(0)‖_*, effective weights: weight_movement times weight_spectral_norm"
        case .updateSpectralNorm: return "‖ΔW_l‖_* of the single update taken at this step, effective weights"
        case .preactivationRMS: return "RMS of the layer's pre-activations W_l h_{l−1} on the probe batch"
        case .logitRMS: return "RMS of the logits f on the probe batch"
        case .randomAlignment: return "√(update_stable_rank / fan_in), the alignment the same update would have with an input direction drawn at random: the baseline for update_alignment"
        }
    }

    /// How a caption names the quantity's slopes.
    public var captionName: String {
        switch self {
        case .featureMovement: return "features"
        case .weightMovement: return "weights, spectral norm"
        case .weightMovementFrobenius: return "weights, Frobenius norm"
        default: return words
        }
    }

    /// Words for tables: `feature movement`.
    public var words: String { rawValue.replacingOccurrences(of: "_", with: " ") }

    public static func < (a: Quantity, b: Quantity) -> Bool { a.rawValue < b.rawValue }
}
