import Linalg

/// The weights' movement `W_l(t) − W_l(0) = Σ_s ΔW_l(s)` of a plain-SGD run, kept as the
/// stacked factors of its updates (`ΔW_l(s) = c_s · m_l · G_sᵀ H_s`) up to the last recorded
/// step at which Lanczos through the factors (`LowRankProduct`) costs less than Lanczos on the dense
/// difference; later steps are not kept. Nothing is kept for other optimizers, whose
/// updates have no such structure, or when weight metrics are off.
struct MovementFactors {
    /// Per layer, the last step whose movement is measured through factors (0: none).
    private let horizons: [Int]
    private var products: [LowRankProduct?]
    /// Whether updates are `c · ∂L/∂W` (SGD without momentum or weight decay).
    let updatesAreLowRank: Bool

    /// - Parameter enabled: false measures every movement on the dense difference (tests
    ///   compare the two routes).
    init(configuration: RunConfiguration, recordSteps: Set<Int>, enabled: Bool = true) {
        let shapes = configuration.architecture.layerShapes
        updatesAreLowRank = enabled && configuration.optimizer.isPlainSGD && configuration.recordsWeightMetrics
        let lowRank = updatesAreLowRank
        horizons = shapes.map { shape in
            guard lowRank else { return 0 }
            return recordSteps.filter {
                $0 > 0 && LowRankProduct.factoredIsCheaper(rank: $0 * configuration.batchSize, rows: shape.fanOut, columns: shape.fanIn)
            }.max() ?? 0
        }
        products = zip(shapes, horizons).map { $1 > 0 ? LowRankProduct(rows: $0.fanOut, columns: $0.fanIn) : nil }
    }

    /// Adds step `step`'s updates, `ΔW_l = factors[l] · m_l · G_lᵀ H_l`, read from the
    /// training pass just made in `workspace` (`G_l` its pre-activation gradients, `H_l`
    /// the layers' inputs).
    mutating func append(step: Int, factors: [Float], model: MLP, workspace: Workspace, batch: Matrix) {
        for l in products.indices where products[l] != nil {
            guard step <= horizons[l], l < factors.count else {
                products[l] = nil
                continue
            }
            products[l]?.append(workspace.preactivationGradients[l], scaledBy: factors[l] * model.multipliers[l],
                                workspace.layerInput(l, batch: batch))
        }
    }

    /// Each layer's movement at `step` as factors, where it is measured that way.
    func products(at step: Int) -> [LowRankProduct?] {
        products.indices.map { step <= horizons[$0] ? products[$0] : nil }
    }

    /// This step's updates as factors, one per layer, when updates are low-rank.
    func updates(factors: [Float], model: MLP, workspace: Workspace, batch: Matrix) -> [LowRankProduct]? {
        guard updatesAreLowRank, factors.count == model.weights.count else { return nil }
        return model.weights.indices.map { l in
            var product = LowRankProduct(rows: model.weights[l].rows, columns: model.weights[l].columns)
            product.append(workspace.preactivationGradients[l], scaledBy: factors[l] * model.multipliers[l], workspace.layerInput(l, batch: batch))
            return product
        }
    }
}
