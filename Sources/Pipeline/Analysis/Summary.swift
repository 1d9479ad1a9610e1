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
        /// Every seed's optimum at the end, refined between grid points (`TransferFit`).
        public var seedOptima: [Double] = []
        /// Whether some seed's optimum is the grid's lowest or highest rate.
        public var optimumAtEdge = false
        enum CodingKeys: String, CodingKey {
            case parametrization, width, bestLearningRate = "best_learning_rate", finalLoss = "final_loss", horizons
            case seedOptima = "seed_optima", optimumAtEdge = "optimum_at_edge"
        }

        init(parametrization: Parametrization, width: Int, bestLearningRate: Double?, finalLoss: Double?, horizons: [Horizon] = [],
             seedOptima: [Double] = [], optimumAtEdge: Bool = false) {
            self.parametrization = parametrization
            self.width = width
            self.bestLearningRate = bestLearningRate
            self.finalLoss = finalLoss
            self.horizons = horizons
            self.seedOptima = seedOptima
            self.optimumAtEdge = optimumAtEdge
        }

        /// Reads a transfer record; one written before seed optima existed has none.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            parametrization = try c.decode(Parametrization.self, forKey: .parametrization)
            width = try c.decode(Int.self, forKey: .width)
            bestLearningRate = try c.decodeIfPresent(Double.self, forKey: .bestLearningRate)
            finalLoss = try c.decodeIfPresent(Double.self, forKey: .finalLoss)
            horizons = try c.decodeIfPresent([Horizon].self, forKey: .horizons) ?? []
            seedOptima = try c.decodeIfPresent([Double].self, forKey: .seedOptima) ?? []
            optimumAtEdge = try c.decodeIfPresent(Bool.self, forKey: .optimumAtEdge) ?? false
        }
    }

    /// The best learning rate of one width after `step` steps.
    public struct Horizon: Codable, Sendable, Equatable {
        public var step: Int
        /// `null` when every rate had diverged by then.
        @ExplicitNull public var bestLearningRate: Double?
        enum CodingKeys: String, CodingKey { case step, bestLearningRate = "best_learning_rate" }
    }

    /// How far the best learning rate moves across widths: the width exponent of the best
    /// rate, fitted to every seed's optimum (`TransferFit`), and the grid steps between the
    /// lowest and highest best rate of the seeds' mean.
    public struct TransferShift: Codable, Sendable, Equatable {
        public var parametrization: Parametrization
        public var optimizer: OptimizerKind
        /// How many grid steps the best learning rate (of the mean over seeds) moves across
        /// widths.
        public var gridSteps: Int
        /// The slope of ln η* against ln n over every seed's optimum; `null` when fewer than
        /// two widths have one.
        @ExplicitNull public var exponent: Double?
        /// Half-width of its 95% interval.
        @ExplicitNull public var ci95: Double?
        /// Optima (width × seed) that entered the fit.
        public var points: Int
        /// Widths where some seed's optimum is the lowest or highest rate of the grid.
        public var edgeWidths: [Int]

        enum CodingKeys: String, CodingKey {
            case parametrization, optimizer, gridSteps = "grid_steps", exponent, ci95, points, edgeWidths = "edge_widths"
        }

        init(parametrization: Parametrization, optimizer: OptimizerKind, gridSteps: Int, exponent: Double? = nil, ci95: Double? = nil,
             points: Int = 0, edgeWidths: [Int] = []) {
            self.parametrization = parametrization
            self.optimizer = optimizer
            self.gridSteps = gridSteps
            self.exponent = exponent
            self.ci95 = ci95
            self.points = points
            self.edgeWidths = edgeWidths
        }

        /// Reads a shift; one written before the exponent existed has grid steps only.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            parametrization = try c.decode(Parametrization.self, forKey: .parametrization)
            optimizer = try c.decode(OptimizerKind.self, forKey: .optimizer)
            gridSteps = try c.decode(Int.self, forKey: .gridSteps)
            exponent = try c.decodeIfPresent(Double.self, forKey: .exponent)
            ci95 = try c.decodeIfPresent(Double.self, forKey: .ci95)
            points = try c.decodeIfPresent(Int.self, forKey: .points) ?? 0
            edgeWidths = try c.decodeIfPresent([Int].self, forKey: .edgeWidths) ?? []
        }
    }

    /// A range a measurement is expected in; an open end is `null`.
    public struct Range: Codable, Sendable, Equatable {
        @ExplicitNull public var low: Double?
        @ExplicitNull public var high: Double?
    }

    /// Does a parametrization behave as the theory says? The interval test of
    /// `IntervalTest`: `measured ± ci95` against the band `expected` and the `rivals`' bands.
    public struct Verdict: Codable, Sendable, Equatable {
        public var parametrization: Parametrization
        public var optimizer: OptimizerKind
        public var claim: String
        /// What `measured` is: a width exponent of a movement, or of the best learning rate
        /// (`grid_steps` in summaries of older versions).
        public var measure: Measure
        public var measured: Double
        /// Half-width of the measurement's 95% interval (`Infinity` from two widths).
        @ExplicitNull public var ci95: Double?
        /// The band the theory allows.
        public var expected: Range
        /// The bands of the rival predictions the measurement is told apart from.
        public var rivals: [Range]
        public var outcome: IntervalTest.Outcome
        /// Why an inconclusive verdict could not be decided, when it is not the interval's
        /// width (an optimum at the edge of the rate grid).
        @ExplicitNull public var note: String?
        /// `outcome == consistent`.
        public var pass: Bool

        public enum Measure: String, Codable, Sendable { case exponent, rateExponent = "rate_exponent", gridSteps = "grid_steps" }

        enum CodingKeys: String, CodingKey {
            case parametrization, optimizer, claim, measure, measured, ci95, expected, rivals, outcome, note, pass
        }

        init(parametrization: Parametrization, optimizer: OptimizerKind, claim: String, measure: Measure, measured: Double, ci95: Double?,
             expected: Range, rivals: [Range], outcome: IntervalTest.Outcome, note: String?) {
            self.parametrization = parametrization
            self.optimizer = optimizer
            self.claim = claim
            self.measure = measure
            self.measured = measured
            self.ci95 = ci95
            self.expected = expected
            self.rivals = rivals
            self.outcome = outcome
            self.note = note
            pass = outcome == .consistent
        }

        /// Reads a verdict; one written before the interval test has `pass` only.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            parametrization = try c.decode(Parametrization.self, forKey: .parametrization)
            optimizer = try c.decode(OptimizerKind.self, forKey: .optimizer)
            claim = try c.decode(String.self, forKey: .claim)
            measure = try c.decode(Measure.self, forKey: .measure)
            measured = try c.decode(Double.self, forKey: .measured)
            ci95 = try c.decodeIfPresent(Double.self, forKey: .ci95)
            expected = try c.decode(Range.self, forKey: .expected)
            rivals = try c.decodeIfPresent([Range].self, forKey: .rivals) ?? []
            pass = try c.decode(Bool.self, forKey: .pass)
            outcome = try c.decodeIfPresent(IntervalTest.Outcome.self, forKey: .outcome) ?? (pass ? .consistent : .inconsistent)
            note = try c.decodeIfPresent(String.self, forKey: .note)
        }
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
        /// Runs that diverged by the rule of `Divergence`.
        public var divergedRuns: Int
        /// `SOURCE_DATE_EPOCH` or `rendered`: where `date` came from.
        @ExplicitNull public var dateSource: String?
        /// The git commit of the tool's checkout (`ToolCommit`); `null` under
        /// `SOURCE_DATE_EPOCH` or outside a checkout.
        @ExplicitNull public var toolCommit: String?

        enum CodingKeys: String, CodingKey {
            case toolVersion = "tool_version", experimentFile = "experiment_file", experimentSHA256 = "experiment_sha256", date
            case blasKernels = "blas_kernels", preset, runs, divergedRuns = "diverged_runs", dateSource = "date_source", toolCommit = "tool_commit"
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
                        .map { Horizon(step: $0.step ?? 0, bestLearningRate: $0.learningRate.map(Float32Text.rounded)) }
                    let seeds = figure.rateOptima.filter { $0.parametrization == p && $0.width == row.width }
                    return Transfer(parametrization: p, width: row.width, bestLearningRate: row.learningRate.map(Float32Text.rounded),
                                    finalLoss: row.finalLoss.map(Self.rounded), horizons: horizons,
                                    seedOptima: seeds.map(\.learningRate), optimumAtEdge: seeds.contains(where: \.atEdge))
                }
                let indices = rows.compactMap(\.gridIndex)
                if let low = indices.min(), let high = indices.max() {
                    let optima = figure.rateOptima.filter { $0.parametrization == p }
                    let fit = TransferFit.exponent(optima)
                    shifts.append(TransferShift(parametrization: p, optimizer: rows[0].optimizer, gridSteps: high - low,
                                                exponent: fit.map { Self.rounded($0.slope) }, ci95: fit.map { Self.rounded($0.ci95) },
                                                points: fit?.points ?? 0,
                                                edgeWidths: Array(Set(optima.filter(\.atEdge).map(\.width))).sorted()))
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
