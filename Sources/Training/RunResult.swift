/// Metrics of one weight matrix `W_l` (and the features `h_l` it produces) at one step.
public struct LayerMetrics: Codable, Equatable, Sendable {
    /// The 1-based index `l` of `W_l` / `h_l`.
    public var layer: Int
    /// RMS of the pre-activations `z_l` on the probe batch.
    public var preactivationRMS: Double
    /// RMS of the activations `h_l = φ(z_l)` (the logits for the last layer).
    public var activationRMS: Double
    /// `‖h_l(t) − h_l(0)‖ / ‖h_l(0)‖` on the probe batch (the logits for the last layer).
    public var featureMovement: Double
    /// `‖W_l(t) − W_l(0)‖_* / ‖W_l(0)‖_*`.
    public var weightMovement: Double
    /// `‖W_l(t) − W_l(0)‖_F / ‖W_l(0)‖_F`.
    public var weightMovementFrobenius: Double
    /// `‖W_l‖_*` of the effective weights (forward multiplier included), at step 0 only and
    /// when weight metrics are recorded: with `weightMovement` it gives `‖ΔW_l‖_*` too.
    public var spectralNorm: Double? = nil
    /// `‖ΔW_l‖_*` of the update taken at this step (effective weights, multiplier included);
    /// nil at step 0 and on steps without recorded updates.
    public var updateSpectralNorm: Double?
    /// Stable rank `‖ΔW‖_F² / ‖ΔW‖_*²` of that update.
    public var updateStableRank: Double?
    /// Alignment `‖ΔW h‖ / (‖ΔW‖_* ‖h‖)` of that update with the layer's inputs `h = h_{l−1}`
    /// on the probe batch just before the update, averaged over probe rows.
    public var updateAlignment: Double?
    /// The same alignment with the inputs of the batch the update came from (the paper's
    /// quantity), averaged over its rows.
    public var updateBatchAlignment: Double? = nil
    /// The refined coordinate check (Haas et al. 2025): the part of the layer's
    /// pre-activation change that its own update causes, `(W_l(t) − W_l(0)) h_{l−1}(t)`
    /// (bias change included), RMS over the probe batch. With `featureChangeDriftRMS` it sums
    /// to `z_l(t) − z_l(0)`. Nil at step 0.
    public var featureChangeOwnRMS: Double? = nil
    /// The part that drifts in from the layers below, `W_l(0) (h_{l−1}(t) − h_{l−1}(0))`, RMS
    /// over the probe batch (0 for the input layer, whose input is fixed). Nil at step 0.
    public var featureChangeDriftRMS: Double? = nil
}

/// Everything measured at one step.
public struct MetricsSnapshot: Codable, Equatable, Sendable {
    /// Number of updates applied.
    public var step: Int
    /// Loss on the first `evaluationSize` training examples; nil at steps where nothing
    /// reads it (`RunConfiguration.lossSteps`).
    public var trainLoss: Double?
    /// Loss and accuracy on the test set, at the last step of runs that evaluate everything
    /// (`RunConfiguration.lossSteps` nil); nil elsewhere.
    public var testLoss: Double?
    public var testAccuracy: Double?
    /// RMS of the logits on the probe batch.
    public var logitRMS: Double
    /// RMS of `f(t) − f(0)` on the probe batch.
    public var logitChange: Double
    /// One entry per weight matrix, `W_1` first.
    public var layers: [LayerMetrics]
}

/// How a run ended.
public enum RunStatus: String, Codable, Sendable {
    case completed
    /// The loss became NaN, infinite or larger than the threshold.
    case diverged
}

/// The self-describing result of one training run.
public struct RunResult: Codable, Equatable, Sendable {
    public var configuration: RunConfiguration
    /// The data set's name and size.
    public var dataset: DatasetSummary
    public var status: RunStatus
    /// The step whose loss diverged, if any.
    public var divergedAtStep: Int?
    /// Metrics at the scheduled steps (up to divergence).
    public var snapshots: [MetricsSnapshot]
    /// The loss of the training batch at every step, before that step's update.
    public var batchLosses: [Double]
    public var timing: Timing
    public var environment: RunEnvironment

    /// Seconds spent, excluded when comparing results.
    public struct Timing: Codable, Equatable, Sendable {
        public var totalSeconds: Double
        /// Mean seconds per training step, metric recording excluded.
        public var secondsPerStep: Double
    }

    /// The data set as the run saw it.
    public struct DatasetSummary: Codable, Equatable, Sendable {
        public var name: String
        public var trainExamples: Int
        public var testExamples: Int
        public var inputDimension: Int
        public var classes: Int
    }

    /// Where the run ran.
    public struct RunEnvironment: Codable, Equatable, Sendable {
        public var blasKernel: String
        public var threads: Int
    }

    /// The result without timings and thread count, for comparing two runs' numbers (the
    /// numbers do not depend on the thread count).
    public var withoutTimings: RunResult {
        var copy = self
        copy.timing = Timing(totalSeconds: 0, secondsPerStep: 0)
        copy.environment.threads = 0
        return copy
    }
}
