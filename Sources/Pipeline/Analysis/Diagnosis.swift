import Foundation
import Training

/// One line of the per-layer diagnosis: a layer's width exponent of one quantity against
/// the spectral condition's target, and, when it misses, what to change.
public struct LayerDiagnosis: Codable, Sendable, Equatable {
    /// What is measured.
    public enum Measure: String, Codable, Sendable, CaseIterable {
        /// `‖W_l‖_*` at initialisation, effective weights (multiplier included).
        case weightNorm = "weight_spectral_norm"
        /// `‖W_l(t) − W_l(0)‖_*`, effective weights.
        case updateNorm = "weight_change_spectral_norm"
        /// `‖h_l(t) − h_l(0)‖_RMS` on the probe batch (the logits for the output layer).
        case featureChange = "feature_change_rms"
    }

    public var parametrization: Parametrization
    public var optimizer: OptimizerKind
    /// The sweep whose runs were measured.
    public var sweep: String
    /// The 1-based `l` of `W_l` / `h_l`.
    public var layer: Int
    public var layerKind: LayerKind
    public var quantity: Measure
    /// 0 (initialisation), 1 (after the first update) or the last step.
    public var step: Int
    public var slope: Double
    public var ci95: Double
    /// The condition's width exponent: `‖W_l‖_*, ‖ΔW_l‖_* ∝ √(n_l/n_{l−1})` (+½, 0, −½ for
    /// input, hidden and output layers), `‖Δh_l‖_RMS ∝ n⁰`.
    public var target: Double
    public var pass: Bool
    /// For a miss that is this layer's own fault: what is off and the change of the joint
    /// prescription that removes it (`Prescription`).
    @ExplicitNull public var fix: String?
    /// For a miss that another layer's fault explains: which (`follows from the output
    /// layer's initialisation`); such a record carries no fix of its own.
    @ExplicitNull public var consequence: String? = nil
    /// Feature changes only: the width exponents of the refined coordinate check's two parts,
    /// the change the layer's own update causes (`ΔW_l h_{l−1}`) and the one drifting in from
    /// below (`W_l Δh_{l−1}`); null where not recorded (and the drift of the input layer).
    @ExplicitNull public var ownSlope: Double? = nil
    @ExplicitNull public var driftSlope: Double? = nil

    enum CodingKeys: String, CodingKey {
        case parametrization, optimizer, sweep, layer, layerKind = "layer_kind", quantity, step, slope, ci95, target, pass, fix, consequence
        case ownSlope = "own_slope", driftSlope = "drift_slope"
    }
}

/// The per-layer diagnosis: for every parametrization and optimizer of an experiment, fit
/// the width exponents of each layer's weights, updates and feature changes, and compare
/// them with what the spectral condition asks of that layer.
enum Diagnosis {
    /// How far a slope may be from its target: finite widths bend slopes (a Gaussian n×d
    /// matrix's norm grows like √n + √d, a slope of 0.36 rather than ½ over widths 64–4096
    /// with d = 64), and the verdicts of the report allow ±0.12–0.15 for one quantity.
    static let tolerance = 0.2

    /// The condition's exponent for `quantity` in a layer of `kind`.
    static func target(_ quantity: LayerDiagnosis.Measure, _ kind: LayerKind) -> Double {
        guard quantity != .featureChange else { return 0 }
        switch kind {
        case .input: return 0.5
        case .hidden: return 0
        case .output: return -0.5
        }
    }

    /// A sweep that can be diagnosed: its parametrizations with the optimizer they train with.
    struct Source: Equatable, Sendable {
        let sweep: String
        let parametrization: Parametrization
        let optimizer: OptimizerKind
    }

    /// For each parametrization and optimizer, the sweep it is diagnosed on: one that trains
    /// it at three or more widths, at one learning rate, batch size and activation, with
    /// weight metrics — the one with the most widths, then seeds, then by name.
    static func sources(_ experiment: ExperimentSpec) -> [Source] {
        let candidates = experiment.sweeps.filter { sweep in
            Set(sweep.widths).count >= 3 && sweep.settings.weightMetrics
                // One value on every axis a single setting could fix (rate, batch size, activation).
                && SweepAxis.allCases.allSatisfy { $0.settingKey == nil || $0.count(in: sweep) == 1 }
        }.sorted { a, b in
            (Set(a.widths).count, a.settings.seeds, b.name) > (Set(b.widths).count, b.settings.seeds, a.name)
        }
        var sources: [Source] = []
        for sweep in candidates {
            for p in sweep.parametrizations where !sources.contains(where: { $0.parametrization == p && $0.optimizer == sweep.settings.optimizer }) {
                sources.append(Source(sweep: sweep.name, parametrization: p, optimizer: sweep.settings.optimizer))
            }
        }
        return sources
    }

    /// The diagnosis of one parametrization from its runs in one sweep, its misses
    /// attributed through the exponent structure and the refined coordinate check, the fixes
    /// taken from `solution` (the joint prescription; nil: none is given).
    static func diagnose(_ source: Source, runs: [Aggregator.Run], solution: PrescriptionSolver.Solution? = nil) -> [LayerDiagnosis] {
        let sweep = SweepRuns(runs: runs.filter { $0.configuration.parametrization == source.parametrization })
        guard let shapes = sweep.runs.first?.configuration.architecture.layerShapes else { return [] }
        var lines: [LayerDiagnosis] = []
        for (index, shape) in shapes.enumerated() {
            let layer = index + 1, kind = LayerKind(shape)
            func norm(_ run: Aggregator.Run) -> Double? {
                SweepRuns.snapshot(run, step: 0)?.layers.first { $0.layer == layer }?.spectralNorm
            }
            let measures: [(LayerDiagnosis.Measure, Int, (Aggregator.Run) -> Double?)] = [
                (.weightNorm, 0, norm),
                (.updateNorm, 1, { run in movement(run, step: 1, layer: layer).flatMap { m in norm(run).map { m * $0 } } }),
                (.updateNorm, sweep.lastStep, { run in movement(run, step: nil, layer: layer).flatMap { m in norm(run).map { m * $0 } } }),
                (.featureChange, 1, { SweepRuns.changeRMS($0, step: 1, layer: layer) }),
                (.featureChange, sweep.lastStep, { run in SweepRuns.snapshot(run, step: nil).flatMap { SweepRuns.changeRMS(run, step: $0.step, layer: layer) } }),
            ]
            for (quantity, step, value) in measures {
                let statistics = SweepRuns.perWidth(sweep.runs, value)
                // Every width must have a value: a diverged width is not a slope.
                guard statistics.mean.allSatisfy({ $0.isFinite && $0 > 0 }),
                      let fit = Statistics.logLogSlope(x: statistics.x, y: statistics.mean), fit.points >= 3 else { continue }
                let target = target(quantity, kind)
                let pass = abs(fit.slope - target) <= tolerance
                var line = LayerDiagnosis(parametrization: source.parametrization, optimizer: source.optimizer, sweep: source.sweep,
                                          layer: layer, layerKind: kind, quantity: quantity, step: step,
                                          slope: Summary.rounded(fit.slope), ci95: Summary.rounded(fit.ci95), target: target, pass: pass, fix: nil)
                if quantity == .featureChange {
                    line.ownSlope = slope(sweep.runs) { sweep.snapshot($0, atStep: step).flatMap { Quantity.featureChangeOwnRMS.value(in: $0, layer: layer) } }
                    line.driftSlope = layer == 1 ? nil : slope(sweep.runs) { sweep.snapshot($0, atStep: step).flatMap { Quantity.featureChangeDriftRMS.value(in: $0, layer: layer) } }
                }
                lines.append(line)
            }
        }
        let kinds = shapes.map(LayerKind.init)
        return attribute(lines, model: ExponentModel(source.parametrization), kinds: kinds, solution: solution)
    }

    /// The width exponent of `value` over the runs' widths, rounded; nil unless every width
    /// has a positive, finite mean and three or more widths fit.
    static func slope(_ runs: [Aggregator.Run], _ value: (Aggregator.Run) -> Double?) -> Double? {
        let statistics = SweepRuns.perWidth(runs, value)
        guard statistics.mean.allSatisfy({ $0.isFinite && $0 > 0 }),
              let fit = Statistics.logLogSlope(x: statistics.x, y: statistics.mean), fit.points >= 3 else { return nil }
        return Summary.rounded(fit.slope)
    }

    /// `‖W_l(t) − W_l(0)‖_* / ‖W_l(0)‖_*` at `step` (nil: the end of the run).
    static func movement(_ run: Aggregator.Run, step: Int?, layer: Int) -> Double? {
        SweepRuns.snapshot(run, step: step).flatMap { Quantity.weightMovement.value(in: $0, layer: layer) }
    }

    /// An excess rounded to the nearest half (the exponents schemes are made of), or to a
    /// tenth when that is zero.
    static func rounded(_ excess: Double) -> Double {
        let half = (excess * 2).rounded() / 2
        return half != 0 ? half : (excess * 10).rounded() / 10
    }

    /// `+1`, `−½`, `+0.3`: a power as the fixes write it.
    static func power(_ v: Double) -> String {
        let sign = v < 0 ? "−" : "+"
        let magnitude = abs(v)
        if magnitude == magnitude.rounded() { return sign + String(Int(magnitude)) }
        if magnitude * 2 == (magnitude * 2).rounded() {
            let whole = Int(magnitude)
            return sign + (whole == 0 ? "½" : "\(whole)½")
        }
        return sign + String(format: "%.2f", magnitude)
    }
}
