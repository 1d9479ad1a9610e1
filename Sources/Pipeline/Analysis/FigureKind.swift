import Training

/// The kinds of figure an experiment can ask for, each described in one place: its
/// `recipe` says what it needs measured, how it aggregates its sweep's runs and what table
/// it makes. A new kind is a case and its recipe here, plus its aggregation (an
/// `Aggregator` function); the compiler then asks the report layer for its measured
/// sentence (an exhaustive switch over the kinds).
public enum FigureKind: String, Codable, CaseIterable, Sendable {
    /// ‖h_l(t) − h_l(0)‖/‖h_l(0)‖ vs width, a panel per parametrization.
    case featureMovement = "feature_movement"
    /// ‖W_l(t) − W_l(0)‖ / ‖W_l(0)‖ vs width, spectral and Frobenius norm.
    case weightMovement = "weight_movement"
    /// Stable rank and alignment of one update vs batch size, per activation.
    case lowRank = "low_rank"
    /// RMS of each layer's activations vs width at steps 0, 1, 2 (t = 1, 2, 3).
    case coordinateCheck = "coordinate_check"
    /// Training loss vs step, a panel per parametrization, coloured by width.
    case lossCurves = "loss_curves"
    /// Final training loss vs log₂ learning rate, a curve per width.
    case learningRateTransfer = "lr_transfer"
    /// Feature movement vs width with every parametrization of the sweep in one panel.
    case parametrizationComparison = "parametrization_comparison"

    /// What this kind needs and makes.
    var recipe: FigureRecipe {
        switch self {
        case .featureMovement:
            return FigureRecipe(metricSteps: { [0, 1, $0] }, aggregate: Aggregator.featureMovement, showsMovement: true) { figure, sweep in
                Aggregator.movementTable(sweep, quantities: [.featureMovement], layers: sweep.hiddenLayers(figure), logits: true)
            }
        case .parametrizationComparison:
            return FigureRecipe(metricSteps: { [0, 1, $0] }, aggregate: Aggregator.parametrizationComparison, showsMovement: true) { figure, sweep in
                Aggregator.movementTable(sweep, quantities: [.featureMovement], layers: [figure.layers?.first ?? min(2, sweep.depth - 1)], logits: false)
            }
        case .weightMovement:
            return FigureRecipe(metricSteps: { [0, 1, $0] }, aggregate: Aggregator.weightMovement, showsMovement: true) { figure, sweep in
                Aggregator.movementTable(sweep, quantities: [.weightMovement, .weightMovementFrobenius], layers: sweep.hiddenLayers(figure), logits: false)
            }
        case .coordinateCheck:
            return FigureRecipe(metricSteps: { _ in [0, 1, 2] }, aggregate: Aggregator.coordinateCheck) { _, sweep in
                Aggregator.movementTable(sweep, quantities: [.featureChangeRMS, .activationRMS], layers: Array(1...max(sweep.depth, 1)), logits: false)
            }
        case .lossCurves:
            // The curves are the training passes' losses: no snapshots between.
            return FigureRecipe(metricSteps: { [0, $0] }, aggregate: Aggregator.lossCurves) { _, sweep in Aggregator.lossCurveTable(sweep) }
        case .lowRank:
            return FigureRecipe(metricSteps: { _ in [0, 1] }, aggregate: Aggregator.lowRank) { figure, sweep in
                Aggregator.lowRankTable(sweep, layer: figure.layers?.first ?? min(2, sweep.depth))
            }
        case .learningRateTransfer:
            let horizons = { (steps: Int) in MetricNeeds.transferHorizons(MetricSchedule.default(steps: steps), steps: steps) }
            return FigureRecipe(metricSteps: { Set([0, $0] + horizons($0)) }, lossSteps: { Set(horizons($0)) },
                                aggregate: Aggregator.learningRateTransfer) { _, sweep in Aggregator.transferTable(sweep) }
        }
    }
}

/// What one figure kind needs measured, how it aggregates, and what table it makes.
struct FigureRecipe {
    /// The steps it reads of a sweep whose runs take the given number of steps; nil for
    /// every step of the default schedule (curves over training).
    let metricSteps: (_ steps: Int) -> Set<Int>?
    /// The steps at which it reads the training loss on the evaluation rows, besides the end
    /// (always evaluated).
    let lossSteps: (_ steps: Int) -> Set<Int>
    /// Its data and measurements, from the runs of its sweep.
    let aggregate: (FigureSpec, SweepRuns) -> Aggregate
    /// Its data in long form (`data/<figure>.csv`).
    let table: (FigureSpec, SweepRuns) -> LongTable
    /// Whether it shows how far features or weights move with width (the page fits their
    /// slopes; a comparison adds ratio panels).
    let showsMovement: Bool

    init(metricSteps: @escaping (Int) -> Set<Int>?, lossSteps: @escaping (Int) -> Set<Int> = { _ in [] },
         aggregate: @escaping (FigureSpec, SweepRuns) -> Aggregate, showsMovement: Bool = false,
         table: @escaping (FigureSpec, SweepRuns) -> LongTable) {
        self.metricSteps = metricSteps
        self.lossSteps = lossSteps
        self.aggregate = aggregate
        self.table = table
        self.showsMovement = showsMovement
    }
}
