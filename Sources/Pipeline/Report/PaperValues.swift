/// Values the paper reports, to put beside ours: read from its low-rank figure (stable
/// rank and alignment of one update against batch size, ReLU and tanh). Its data set is
/// not our synthetic teacher, so trends and sizes compare, not digits.
enum PaperValues {
    struct LowRank {
        let activation: String
        let quantity: Quantity
        let batch: Int
        let value: Double
    }

    static let lowRank: [LowRank] = [
        LowRank(activation: "relu", quantity: .updateStableRank, batch: 10, value: 1.44),
        LowRank(activation: "relu", quantity: .updateStableRank, batch: 10_000, value: 1.10),
        LowRank(activation: "tanh", quantity: .updateStableRank, batch: 10, value: 3.3),
        LowRank(activation: "tanh", quantity: .updateStableRank, batch: 10_000, value: 1.8),
        LowRank(activation: "relu", quantity: .updateBatchAlignment, batch: 10, value: 0.76),
        LowRank(activation: "relu", quantity: .updateBatchAlignment, batch: 10_000, value: 0.72),
        LowRank(activation: "tanh", quantity: .updateBatchAlignment, batch: 10, value: 0.69),
        LowRank(activation: "tanh", quantity: .updateBatchAlignment, batch: 10_000, value: 0.44),
    ]

    /// The feature movement `‖Δh‖ / ‖h‖` of the spectral parametrization in the paper's
    /// feature-movement figure (flat in width, SGD, after training).
    static let featureMovement = (low: 0.6, high: 0.8)

    /// What Tensor Programs V reports of tuned losses, for the comparison with ours.
    static let tunedLossClaim = "Tensor Programs V (Fig. 3) finds wider better under μP at its tuned rate, with μP's tuned loss at or below the standard parametrization's at the largest widths."

    /// Rows of the comparison table: the paper's value and ours, where a low-rank figure
    /// measured that activation (ours at the same batch size, or "—").
    static func rows(_ measured: [LowRankPoint]) -> [PaperRow] {
        let activations = Set(measured.map(\.activation))
        return lowRank.filter { activations.contains($0.activation) }.map { paper in
            let ours = measured.first { $0.activation == paper.activation && $0.quantity == paper.quantity && $0.batch == paper.batch }
            let name = paper.quantity == .updateStableRank ? "stable rank" : "alignment (update's batch)"
            return PaperRow(activation: paper.activation, quantity: name, batch: paper.batch,
                            paper: NumberFormat.plain(paper.value), ours: NumberFormat.plain(ours.map { ($0.value * 100).rounded() / 100 }))
        }
    }
}
