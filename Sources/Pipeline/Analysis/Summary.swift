import Foundation
import Training

/// `data/summary.json`: measured exponents against theory, learning-rate transfer and
/// verdicts, made from the aggregates' measurements (never from their drawings).
public struct Summary: Codable, Sendable, Equatable {
    /// The best learning rate of one width, as the summary reports it.
    public struct Transfer: Codable, Sendable, Equatable {
        public var parametrization: Parametrization
        public var width: Int
        /// `null` when every rate diverged.
        @ExplicitNull public var bestLearningRate: Double?
        @ExplicitNull public var finalLoss: Double?
        /// The best rate at earlier horizons of training, then at the end.
        public var horizons: [Horizon] = []
        enum CodingKeys: String, CodingKey {
            case parametrization, width, bestLearningRate = "best_learning_rate", finalLoss = "final_loss", horizons
        }
    }

    /// The best learning rate of one width after `step` steps.
    public struct Horizon: Codable, Sendable, Equatable {
        public var step: Int
        /// `null` when every rate had diverged by then.
        @ExplicitNull public var bestLearningRate: Double?
        enum CodingKeys: String, CodingKey { case step, bestLearningRate = "best_learning_rate" }
    }

    /// How far the best learning rate moves across widths.
    public struct TransferShift: Codable, Sendable, Equatable {
        public var parametrization: Parametrization
        public var optimizer: OptimizerKind
        /// How many grid steps the best learning rate moves across widths.
        public var gridSteps: Int
        enum CodingKeys: String, CodingKey { case parametrization, optimizer, gridSteps = "grid_steps" }
    }

    /// A range a measurement is expected in; an open end is `null`.
    public struct Range: Codable, Sendable, Equatable {
        @ExplicitNull public var low: Double?
        @ExplicitNull public var high: Double?
    }

    /// Does a parametrization behave as the theory says?
    public struct Verdict: Codable, Sendable, Equatable {
        public var parametrization: Parametrization
        public var optimizer: OptimizerKind
        public var claim: String
        /// What `measured` is: a width exponent, or grid steps of the best learning rate.
        public var measure: Measure
        public var measured: Double
        public var expected: Range
        public var pass: Bool

        public enum Measure: String, Codable, Sendable { case exponent, gridSteps = "grid_steps" }
    }

    /// Where the numbers come from.
    public struct Provenance: Codable, Sendable, Equatable {
        public var toolVersion: String
        public var experimentFile: String
        public var experimentSHA256: String
        /// `SOURCE_DATE_EPOCH` when set, else when the summary was computed (ISO 8601, UTC).
        public var date: String
        /// The BLAS kernels the runs used: results are identical for any thread count,
        /// job count or shard layout, but may differ between kernels.
        public var blasKernels: [String]
        /// `full` or `quick`.
        public var preset: String
        public var runs: Int
        public var divergedRuns: Int

        enum CodingKeys: String, CodingKey {
            case toolVersion = "tool_version", experimentFile = "experiment_file", experimentSHA256 = "experiment_sha256", date
            case blasKernels = "blas_kernels", preset, runs, divergedRuns = "diverged_runs"
        }
    }

    public var exponents: [WidthExponent]
    public var lrTransfer: [Transfer]
    public var lrTransferShift: [TransferShift]
    public var verdicts: [Verdict]
    /// The per-layer diagnosis: one record per parametrization, optimizer, layer, quantity
    /// and step.
    public var diagnosis: [LayerDiagnosis] = []
    /// What to change, per parametrization and optimizer, solved jointly over the layers and
    /// verified by training the fixed scheme.
    public var prescriptions: [Prescription] = []
    public var provenance: Provenance?

    enum CodingKeys: String, CodingKey {
        case exponents, lrTransfer = "lr_transfer", lrTransferShift = "lr_transfer_shift", verdicts, diagnosis, prescriptions, provenance
    }

    init(exponents: [WidthExponent], lrTransfer: [Transfer], lrTransferShift: [TransferShift], verdicts: [Verdict],
         diagnosis: [LayerDiagnosis] = [], provenance: Provenance?) {
        self.exponents = exponents
        self.lrTransfer = lrTransfer
        self.lrTransferShift = lrTransferShift
        self.verdicts = verdicts
        self.diagnosis = diagnosis
        self.provenance = provenance
    }

    /// Reads a summary; one written before the diagnosis existed has none.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        exponents = try c.decode([WidthExponent].self, forKey: .exponents)
        lrTransfer = try c.decode([Transfer].self, forKey: .lrTransfer)
        lrTransferShift = try c.decode([TransferShift].self, forKey: .lrTransferShift)
        verdicts = try c.decode([Verdict].self, forKey: .verdicts)
        diagnosis = try c.decodeIfPresent([LayerDiagnosis].self, forKey: .diagnosis) ?? []
        prescriptions = try c.decodeIfPresent([Prescription].self, forKey: .prescriptions) ?? []
        provenance = try c.decodeIfPresent(Provenance.self, forKey: .provenance)
    }

    /// Builds the summary from every figure's measurements, in the experiment's order.
    static func make(measurements: [Measurements], diagnosis: [LayerDiagnosis] = [], prescriptions: [Prescription] = [],
                     provenance: Provenance? = nil) -> Summary {
        var exponents: [WidthExponent] = []
        var seen = Set<String>()
        for exponent in measurements.flatMap(\.exponents) {
            guard seen.insert("\(exponent.parametrization)|\(exponent.optimizer)|\(exponent.quantity)|\(exponent.layer)|\(exponent.step)").inserted else { continue }
            var rounded = exponent
            rounded.slope = Self.rounded(exponent.slope)
            rounded.ci95 = Self.rounded(exponent.ci95)
            exponents.append(rounded)
        }
        exponents.sort {
            ($0.parametrization.rawValue, $0.optimizer.rawValue, $0.quantity.rawValue, $0.layer, $0.step)
                < ($1.parametrization.rawValue, $1.optimizer.rawValue, $1.quantity.rawValue, $1.layer, $1.step)
        }

        var transfer: [Transfer] = []
        var shifts: [TransferShift] = []
        for figure in measurements where !figure.bestLearningRates.isEmpty {
            for p in Statistics.ordered(figure.bestLearningRates.map(\.parametrization)) {
                let all = figure.bestLearningRates.filter { $0.parametrization == p }
                // The end of training (the last horizon) decides the transfer and its verdict.
                let last = all.compactMap(\.step).max()
                let rows = all.filter { $0.step == nil || $0.step == last }
                transfer += rows.map { row in
                    let horizons = all.filter { $0.width == row.width && $0.step != nil }.sorted { ($0.step ?? 0) < ($1.step ?? 0) }
                        .map { Horizon(step: $0.step ?? 0, bestLearningRate: $0.learningRate) }
                    return Transfer(parametrization: p, width: row.width, bestLearningRate: row.learningRate,
                                    finalLoss: row.finalLoss.map(Self.rounded), horizons: horizons)
                }
                let indices = rows.compactMap(\.gridIndex)
                if let low = indices.min(), let high = indices.max() {
                    shifts.append(TransferShift(parametrization: p, optimizer: rows[0].optimizer, gridSteps: high - low))
                }
            }
        }
        var summary = Summary(exponents: exponents, lrTransfer: transfer, lrTransferShift: shifts,
                              verdicts: Verdicts.judge(exponents: exponents, shifts: shifts), diagnosis: diagnosis, provenance: provenance)
        summary.prescriptions = prescriptions
        return summary
    }

    /// Four decimals: what a reader compares, and stable against last-bit noise.
    static func rounded(_ v: Double) -> Double { v.isFinite ? (v * 1e4).rounded() / 1e4 : v }
}
