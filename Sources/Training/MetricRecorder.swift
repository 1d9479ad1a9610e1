import Linalg

/// Measures features and weights against their values at initialisation.
///
/// Holds a copy of the initial weights, the initial probe features and logits, and a
/// workspace for the probe batch. Differences `W(t) − W(0)` are formed in a scratch buffer
/// the caller lends (the gradient buffers, free once an update has been applied), so the
/// recorder adds one copy of the parameters to memory, not two.
struct MetricRecorder {
    let probe: Matrix
    private var probeWorkspace: Workspace
    private let initialWeights: [Matrix]
    private let initialSpectralNorms: [Double]
    private let initialFrobeniusNorms: [Double]
    /// `h_l(0)` for hidden layers, then the logits `f(0)`.
    private let initialOutputs: [Matrix]
    /// `z_l(0)`, every layer's pre-activations on the probe batch at initialisation.
    private let initialPreactivations: [Matrix]
    /// The biases at initialisation (empty arrays without biases).
    private let initialBiases: [[Float]]

    let recordsWeightMetrics: Bool

    init(model: MLP, probe: Matrix, recordsWeightMetrics: Bool = true) {
        self.probe = probe
        self.recordsWeightMetrics = recordsWeightMetrics
        probeWorkspace = Workspace(architecture: model.architecture, batchSize: probe.rows)
        initialWeights = model.weights
        initialSpectralNorms = recordsWeightMetrics ? model.weights.map { Linalg.spectralNorm(of: $0, tolerance: 1e-5) } : model.weights.map { _ in 0 }
        initialFrobeniusNorms = model.weights.map(\.frobeniusNorm)
        initialBiases = model.biases
        model.forward(probe, workspace: &probeWorkspace)
        initialOutputs = Self.layerOutputs(probeWorkspace)
        initialPreactivations = probeWorkspace.preactivations
    }

    /// `h_1 … h_{L−1}` and the logits.
    private static func layerOutputs(_ workspace: Workspace) -> [Matrix] {
        workspace.activations + [workspace.preactivations[workspace.preactivations.count - 1]]
    }

    /// What one layer's update measures.
    struct UpdateMetrics {
        /// `‖ΔW‖_*` of the effective update (multiplier included).
        var spectralNorm: Double
        var stableRank: Double
        /// Alignment with the layer's inputs on the probe batch.
        var probeAlignment: Double
        /// Alignment with the layer's inputs on the batch the update came from.
        var batchAlignment: Double
    }

    /// Metrics of the updates about to be applied to `model` (still at `W(t−1)`).
    /// - Parameters:
    ///   - batch: the batch the updates came from, and `workspace` its training pass (its
    ///     activations are the layers' inputs; its gradient buffers, spent, are scratch).
    ///   - factored: the updates as `LowRankProduct`s when they are (plain SGD), whose
    ///     spectral norms then come from Lanczos through the factors where that is cheaper.
    mutating func updateMetrics(
        updates: Gradients, factored: [LowRankProduct]?, model: MLP, batch: Matrix, workspace: inout Workspace
    ) -> [UpdateMetrics] {
        model.forward(probe, workspace: &probeWorkspace)
        var result: [UpdateMetrics] = []
        for l in updates.weights.indices {
            let update = updates.weights[l]
            let norm = Self.spectralNorm(of: update, factored: factored?[l])
            let stableRank = norm > 0 ? update.sumOfSquares / (norm * norm) : 0
            let probeAlignment = Self.alignment(update, norm: norm, inputs: l == 0 ? probe : probeWorkspace.activations[l - 1],
                                                scratch: &probeWorkspace.preactivationGradients[l])
            let batchAlignment = Self.alignment(update, norm: norm, inputs: workspace.layerInput(l, batch: batch),
                                                scratch: &workspace.preactivationGradients[l])
            result.append(UpdateMetrics(spectralNorm: Double(abs(model.multipliers[l])) * norm, stableRank: stableRank,
                                        probeAlignment: probeAlignment, batchAlignment: batchAlignment))
        }
        return result
    }

    /// `‖M‖_*` by Lanczos through `factored` (`M`'s factors) when that is cheaper,
    /// else on `dense`.
    static func spectralNorm(of dense: Matrix, factored: LowRankProduct?) -> Double {
        if let factored, LowRankProduct.factoredIsCheaper(rank: factored.rank, rows: factored.rows, columns: factored.columns) {
            return factored.spectralNorm(tolerance: 1e-5)
        }
        return Linalg.spectralNorm(of: dense, tolerance: 1e-5)
    }

    /// The mean over input rows `h_b` of `‖ΔW h_b‖ / (‖ΔW‖_* ‖h_b‖)`, through one product
    /// with the inputs (written into `scratch`, rows × fan_out).
    static func alignment(_ update: Matrix, norm: Double, inputs: Matrix, scratch: inout Matrix) -> Double {
        Matrix.multiply(inputs, update, transposeB: true, into: &scratch)
        let imageNorms = scratch.rowNorms()
        let inputNorms = inputs.rowNorms()
        var alignment = 0.0
        var counted = 0
        for b in imageNorms.indices where inputNorms[b] > 0 && norm > 0 {
            alignment += imageNorms[b] / (norm * inputNorms[b])
            counted += 1
        }
        return counted > 0 ? alignment / Double(counted) : 0
    }

    /// A snapshot at `step` of `model`, using `scratch` for weight differences.
    mutating func snapshot(
        step: Int, model: MLP, scratch: inout Gradients,
        losses: (train: Double?, test: Double?, accuracy: Double?),
        updates: [UpdateMetrics]?, movement: [LowRankProduct?] = []
    ) -> MetricsSnapshot {
        model.forward(probe, workspace: &probeWorkspace)
        let outputs = Self.layerOutputs(probeWorkspace)
        var layers: [LayerMetrics] = []
        for l in model.weights.indices {
            let weightMovement: Double, frobeniusMovement: Double
            if step == 0 || !recordsWeightMetrics {
                (weightMovement, frobeniusMovement) = (0, 0)
            } else {
                scratch.weights[l].assign(model.weights[l])
                scratch.weights[l].add(initialWeights[l], scaledBy: -1)
                let factored = l < movement.count ? movement[l] : nil
                weightMovement = ratio(Self.spectralNorm(of: scratch.weights[l], factored: factored), initialSpectralNorms[l])
                frobeniusMovement = ratio(scratch.weights[l].frobeniusNorm, initialFrobeniusNorms[l])
            }
            let update = updates?[l]
            let refined = step == 0 ? nil : refinedCheck(layer: l, model: model)
            layers.append(LayerMetrics(
                layer: l + 1,
                preactivationRMS: probeWorkspace.preactivations[l].rms,
                activationRMS: outputs[l].rms,
                featureMovement: ratio(outputs[l].frobeniusDistance(to: initialOutputs[l]), initialOutputs[l].frobeniusNorm),
                weightMovement: weightMovement,
                weightMovementFrobenius: frobeniusMovement,
                spectralNorm: step == 0 && recordsWeightMetrics ? Double(abs(model.multipliers[l])) * initialSpectralNorms[l] : nil,
                updateSpectralNorm: update?.spectralNorm, updateStableRank: update?.stableRank, updateAlignment: update?.probeAlignment,
                updateBatchAlignment: update?.batchAlignment,
                featureChangeOwnRMS: refined?.own, featureChangeDriftRMS: refined?.drift))
        }
        let logits = outputs[outputs.count - 1]
        let logitChange = logits.count > 0
            ? logits.frobeniusDistance(to: initialOutputs[outputs.count - 1]) / Double(logits.count).squareRoot() : 0
        return MetricsSnapshot(
            step: step, trainLoss: losses.train, testLoss: losses.test, testAccuracy: losses.accuracy,
            logitRMS: logits.rms, logitChange: logitChange, layers: layers)
    }

    /// The refined coordinate check of layer `l` (0-based) after a forward pass of the probe
    /// batch at `W(t)`: `z_l(t) − z_l(0) = (W_l(t) − W_l(0)) h_{l−1}(t) + W_l(0) (h_{l−1}(t) − h_{l−1}(0))`,
    /// the first part (bias change included) caused by the layer's own update, the second
    /// drifting in from below; the RMS of each over the probe batch. One product per layer,
    /// `y = m_l W_l(0) h_{l−1}(t) + b_l(0)`, gives both: own `= z_l(t) − y`, drift `= y − z_l(0)`.
    private mutating func refinedCheck(layer l: Int, model: MLP) -> (own: Double, drift: Double) {
        let current = probeWorkspace.preactivations[l]
        let count = Double(current.count).squareRoot()
        guard count > 0 else { return (0, 0) }
        // The input layer's input never changes: all of its change is its own.
        guard l > 0 else { return (current.frobeniusDistance(to: initialPreactivations[0]) / count, 0) }
        Matrix.multiply(probeWorkspace.activations[l - 1], initialWeights[l], transposeB: true,
                        into: &probeWorkspace.preactivationGradients[l], alpha: model.multipliers[l])
        if model.architecture.biases { probeWorkspace.preactivationGradients[l].addToEachRow(initialBiases[l]) }
        let frozen = probeWorkspace.preactivationGradients[l]
        return (current.frobeniusDistance(to: frozen) / count, frozen.frobeniusDistance(to: initialPreactivations[l]) / count)
    }

    private func ratio(_ numerator: Double, _ denominator: Double) -> Double {
        denominator > 0 ? numerator / denominator : (numerator == 0 ? 0 : .infinity)
    }
}
