import Raster
import Foundation
import Training

/// The figure data and the measurements of one figure, from the runs of its sweep.
struct Aggregate: Codable, Sendable, Equatable {
    public var figure: FigureData
    public var measurements: Measurements
}

/// Turns run results into figure data and measurements: one function per figure kind (in
/// `Aggregator+Movement.swift` and `Aggregator+Training.swift`, named by the kind's
/// `FigureRecipe`) over the shared helpers here.
enum Aggregator {
    /// A finished run with the configuration that decided it.
    public struct Run: Sendable {
        public let configuration: RunConfiguration
        public let result: RunResult
        public init(configuration: RunConfiguration, result: RunResult) {
            self.configuration = configuration
            self.result = result
        }
    }

    /// The data and measurements of `figure`, from the runs of its sweep.
    public static func aggregate(_ figure: FigureSpec, runs: [Run]) -> Aggregate {
        let sweep = SweepRuns(runs: runs)
        var aggregate = figure.kind.recipe.aggregate(figure, sweep)
        aggregate.measurements.divergedRuns = runs.filter { Divergence.diverged($0.result) }.count
        return aggregate
    }

    /// Markers for series told apart by shape, in order.
    static let markers: [Marker] = [.circle, .square, .triangleUp, .diamond, .triangleDown, .star]
}

/// The runs of one sweep, with the questions every figure kind asks of them.
struct SweepRuns {
    let runs: [Aggregator.Run]
    /// Parametrizations in the order the sweep lists them.
    let parametrizations: [Parametrization]
    let depth: Int
    /// The last step of the longest run.
    let lastStep: Int
    /// Widths, ascending.
    let widths: [Int]

    init(runs: [Aggregator.Run]) {
        self.runs = runs
        parametrizations = Statistics.ordered(runs.map(\.configuration.parametrization))
        depth = runs.first?.configuration.architecture.depth ?? 3
        lastStep = runs.map(\.configuration.steps).max() ?? 1
        widths = Array(Set(runs.map { $0.configuration.architecture.width })).sorted()
    }

    /// The hidden layers a figure shows: its own list, or all of them.
    func hiddenLayers(_ figure: FigureSpec) -> [Int] { figure.layers ?? Array(1..<max(depth, 2)) }

    func of(_ parametrization: Parametrization) -> [Aggregator.Run] {
        runs.filter { $0.configuration.parametrization == parametrization }
    }

    /// The snapshot at `step`, or the last one for `step == nil`; nil if the run diverged
    /// before reaching it, and for the end of a run that diverged by the rule of
    /// `Divergence` (its end is no measurement).
    static func snapshot(_ run: Aggregator.Run, step: Int?) -> MetricsSnapshot? {
        if let step {
            guard let snapshot = run.result.snapshots.first(where: { $0.step == step }) else { return nil }
            // A run that ended diverged has no value at its last step, whichever way it is asked.
            return step == run.result.snapshots.last?.step && Divergence.diverged(run.result) ? nil : snapshot
        }
        guard !Divergence.diverged(run.result) else { return nil }
        return run.result.snapshots.last
    }

    /// A run's batch losses averaged over bins of steps: the bins run between consecutive
    /// steps of the default metric schedule for `steps` (one step each up to 3, then about
    /// eight per decade), so that a curve on a logarithmic step axis has evenly spaced,
    /// smoothed points at no cost beyond the training passes. A bin's steps `first…last`
    /// are the models `W(first) … W(last)`, each measured on the batch of its next update.
    /// Bins the run did not finish (it diverged) are left out.
    static func batchLossBins(_ run: Aggregator.Run, steps: Int) -> [(first: Int, last: Int, loss: Double)] {
        // A diverged run's last batch loss is the one that diverged.
        let losses = run.result.batchLosses.dropLast(run.result.status == .diverged ? 1 : 0)
        let bounds = MetricSchedule.default(steps: steps)
        var bins: [(first: Int, last: Int, loss: Double)] = []
        for (first, end) in zip(bounds, bounds.dropFirst()) where end <= losses.count {
            let values = losses[first..<end]
            bins.append((first, end - 1, values.reduce(0, +) / Double(values.count)))
        }
        return bins
    }

    /// One update's stable rank or alignment at step 1, or the alignment a random input
    /// direction would have with it, `√(stable rank / fan_in)`.
    static func lowRankValue(_ run: Aggregator.Run, _ quantity: Quantity, layer: Int) -> Double? {
        guard let snapshot = snapshot(run, step: 1) else { return nil }
        guard quantity == .randomAlignment else { return quantity.value(in: snapshot, layer: layer) }
        let shapes = run.configuration.architecture.layerShapes
        guard layer >= 1, layer <= shapes.count, let rank = Quantity.updateStableRank.value(in: snapshot, layer: layer) else { return nil }
        return (rank / Double(shapes[layer - 1].fanIn)).squareRoot()
    }

    /// `‖h_l(t) − h_l(0)‖_RMS` = `‖h_l(t) − h_l(0)‖ / ‖h_l(0)‖ · RMS(h_l(0))`.
    static func changeRMS(_ run: Aggregator.Run, step: Int, layer: Int) -> Double? {
        guard let now = snapshot(run, step: step), let start = snapshot(run, step: 0),
              let movement = Quantity.featureMovement.value(in: now, layer: layer),
              let size = Quantity.activationRMS.value(in: start, layer: layer) else { return nil }
        return movement * size
    }

    /// The snapshot at `step`, where the sweep's last step means "the end of the run".
    func snapshot(_ run: Aggregator.Run, atStep step: Int) -> MetricsSnapshot? {
        Self.snapshot(run, step: step == lastStep ? nil : step)
    }

    /// Mean, minimum and maximum over seeds of `value` for the runs at each width; a width
    /// where some run has no finite value has a NaN mean and marks the series diverged.
    static func perWidth(_ runs: [Aggregator.Run], _ value: (Aggregator.Run) -> Double?) -> WidthStatistics {
        let widths = Array(Set(runs.map { $0.configuration.architecture.width })).sorted()
        var result = WidthStatistics(x: widths.map(Double.init))
        for width in widths {
            let values = runs.filter { $0.configuration.architecture.width == width }.map { value($0) ?? .nan }
            if values.contains(where: { !$0.isFinite }) { result.diverged = true }
            let finite = values.filter(\.isFinite)
            result.mean.append(finite.count == values.count ? Statistics.mean(finite) : .nan)
            result.low.append(finite.min() ?? .nan)
            result.high.append(finite.max() ?? .nan)
        }
        return result
    }

    /// The optimizer a parametrization's runs use (one per sweep).
    func optimizer(_ p: Parametrization) -> OptimizerKind { of(p).first?.configuration.optimizer.kind ?? .sgd }

    /// The exponent the theory predicts for `quantity` in the hidden layers, drawn as each
    /// panel's slope guide; nil where it predicts none.
    func theorySlope(_ p: Parametrization, _ quantity: Quantity) -> Double? {
        Theory.exponent(p, quantity: quantity, layer: theoryLayer, depth: depth, optimizer: optimizer(p))
    }

    /// The hidden layer the slope guides give the theory for.
    var theoryLayer: Int { min(2, max(depth - 1, 1)) }

    /// The width exponent of `statistics`' means, if two widths or more can be fitted.
    func exponent(_ p: Parametrization, _ quantity: Quantity, layer: Int, step: Int, _ statistics: WidthStatistics) -> WidthExponent? {
        Statistics.logLogSlope(x: statistics.x, y: statistics.mean).map {
            WidthExponent(parametrization: p, optimizer: optimizer(p), quantity: quantity, layer: layer, step: step,
                          slope: $0.slope, ci95: $0.ci95,
                          theory: Theory.exponent(p, quantity: quantity, layer: layer, depth: depth, optimizer: optimizer(p)))
        }
    }
}

/// Per-width statistics over seeds.
struct WidthStatistics {
    var x: [Double]
    var mean: [Double] = []
    var low: [Double] = []
    var high: [Double] = []
    var diverged = false
}
