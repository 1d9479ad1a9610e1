import Foundation
import Training

/// `data/summary.json`: measured exponents against theory, learning-rate transfer and
/// verdicts.
public struct Summary: Codable, Sendable, Equatable {
    public struct Exponent: Codable, Sendable, Equatable {
        public var parametrization: String
        public var quantity: String
        public var layer: Int
        public var step: Int
        public var slope: Double
        public var ci95: Double
        public var theory: Double?

        /// `theory` is written as `null` when the theory says nothing, never left out.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(parametrization, forKey: .parametrization)
            try c.encode(quantity, forKey: .quantity)
            try c.encode(layer, forKey: .layer)
            try c.encode(step, forKey: .step)
            try c.encode(slope, forKey: .slope)
            try c.encode(ci95, forKey: .ci95)
            try c.encode(theory, forKey: .theory)
        }
        enum CodingKeys: String, CodingKey { case parametrization, quantity, layer, step, slope, ci95, theory }
    }

    public struct Transfer: Codable, Sendable, Equatable {
        public var parametrization: String
        public var width: Int
        public var bestLearningRate: Double?
        public var finalLoss: Double?
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(parametrization, forKey: .parametrization)
            try c.encode(width, forKey: .width)
            try c.encode(bestLearningRate, forKey: .bestLearningRate)
            try c.encode(finalLoss, forKey: .finalLoss)
        }
        enum CodingKeys: String, CodingKey {
            case parametrization, width, bestLearningRate = "best_learning_rate", finalLoss = "final_loss"
        }
    }

    public struct TransferShift: Codable, Sendable, Equatable {
        public var parametrization: String
        /// How many grid steps the best learning rate moves across widths.
        public var gridSteps: Int
        enum CodingKeys: String, CodingKey { case parametrization, gridSteps = "grid_steps" }
    }

    public struct Verdict: Codable, Sendable, Equatable {
        public var parametrization: String
        public var claim: String
        public var measured: String
        public var expected: String
        public var pass: Bool
    }

    public var exponents: [Exponent]
    public var lrTransfer: [Transfer]
    public var lrTransferShift: [TransferShift]
    public var verdicts: [Verdict]

    enum CodingKeys: String, CodingKey {
        case exponents, lrTransfer = "lr_transfer", lrTransferShift = "lr_transfer_shift", verdicts
    }

    /// Builds the summary from the figures' data.
    public static func make(figures: [(FigureSpec, FigureData)]) -> Summary {
        var exponents: [Exponent] = []
        var seen = Set<String>()
        for (spec, data) in figures where spec.kind == .featureMovement || spec.kind == .weightMovement || spec.kind == .parametrizationComparison {
            for s in data.slopes {
                let key = "\(s.parametrization)|\(s.quantity)|\(s.layer)|\(s.step)"
                guard seen.insert(key).inserted else { continue }
                exponents.append(Exponent(parametrization: s.parametrization, quantity: s.quantity, layer: s.layer, step: s.step,
                                          slope: rounded(s.slope), ci95: rounded(s.ci95), theory: s.theory))
            }
        }
        exponents.sort { ($0.parametrization, $0.quantity, $0.layer, $0.step) < ($1.parametrization, $1.quantity, $1.layer, $1.step) }

        var transfer: [Transfer] = []
        var shifts: [TransferShift] = []
        for (spec, data) in figures where spec.kind == .learningRateTransfer {
            for panel in data.panels {
                var bestIndices: [Int] = []
                for series in panel.series {
                    let finite = zip(series.x, series.y).enumerated().filter { $0.element.1.isFinite }
                    let best = finite.min { $0.element.1 < $1.element.1 }
                    transfer.append(Transfer(parametrization: panel.title, width: Int(series.colorValue ?? 0),
                                             bestLearningRate: best.map { $0.element.0 }, finalLoss: best.map { rounded($0.element.1) }))
                    if let best { bestIndices.append(best.offset) }
                }
                if let low = bestIndices.min(), let high = bestIndices.max() {
                    shifts.append(TransferShift(parametrization: panel.title, gridSteps: high - low))
                }
            }
        }
        return Summary(exponents: exponents, lrTransfer: transfer, lrTransferShift: shifts,
                       verdicts: verdicts(exponents: exponents, shifts: shifts))
    }

    static func rounded(_ v: Double) -> Double { v.isFinite ? (v * 1e4).rounded() / 1e4 : v }

    /// Does each parametrization behave as theory says, after one step, on hidden layer 2
    /// (or the only hidden layer)?
    static func verdicts(exponents: [Exponent], shifts: [TransferShift]) -> [Verdict] {
        var verdicts: [Verdict] = []
        let parametrizations = Aggregator.ordered(exponents.map(\.parametrization))
        for p in parametrizations {
            let candidates = exponents.filter { $0.parametrization == p && $0.step == 1 }
            let layer = candidates.filter { $0.quantity == "feature_movement" && $0.theory != nil }.map(\.layer).min()
                ?? candidates.map(\.layer).min() ?? 2
            func slope(_ q: String) -> Double? { candidates.first { $0.quantity == q && $0.layer == layer }?.slope }
            let rules: [(String, String, (Double) -> Bool, String)]
            switch Parametrization(rawValue: p) {
            case .standard?:
                rules = [("feature_movement", "≥ +0.25", { $0 >= 0.25 }, "features move more with width"),
                         ("weight_movement", "+0.5 ± 0.15", { abs($0 - 0.5) <= 0.15 }, "weights move ~√n too far")]
            case .ntk?:
                rules = [("feature_movement", "−0.5 ± 0.12", { abs($0 + 0.5) <= 0.12 }, "features freeze like 1/√n"),
                         ("weight_movement", "−0.5 ± 0.12", { abs($0 + 0.5) <= 0.12 }, "weights freeze like 1/√n")]
            default:
                rules = [("feature_movement", "0 ± 0.12", { abs($0) <= 0.12 }, "features move Θ(1) at every width"),
                         ("weight_movement", "0 ± 0.12", { abs($0) <= 0.12 }, "weights move Θ(1) in spectral norm")]
            }
            for (quantity, expected, check, claim) in rules {
                guard let measured = slope(quantity) else { continue }
                verdicts.append(Verdict(parametrization: p, claim: "\(claim) (layer \(layer), one step)",
                                        measured: String(format: "%+.2f", measured).replacingOccurrences(of: "-", with: "−"),
                                        expected: expected, pass: check(measured)))
            }
        }
        // The theory predicts transfer for the spectral family and a shift for the standard
        // parametrization; it makes no claim for NTK.
        for shift in shifts where shift.parametrization != "ntk" {
            let stable = shift.parametrization != "standard"
            verdicts.append(Verdict(
                parametrization: shift.parametrization,
                claim: stable ? "the best learning rate transfers across widths" : "the best learning rate shifts with width",
                measured: "\(shift.gridSteps) grid step\(shift.gridSteps == 1 ? "" : "s")",
                expected: stable ? "≤ 1" : "> 1", pass: stable ? shift.gridSteps <= 1 : shift.gridSteps > 1))
        }
        return verdicts
    }
}
