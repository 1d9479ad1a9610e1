import Training

/// A width exponent: the slope of log(quantity) against log(width) for one
/// parametrization, layer and step, with the theory's prediction beside it.
public struct WidthExponent: Codable, Sendable, Equatable {
    public var parametrization: Parametrization
    /// The optimizer of the runs (the theory's exponents depend on it).
    public var optimizer: OptimizerKind
    public var quantity: Quantity
    /// The 1-based layer `l` of `W_l` / `h_l` (the output layer for logit quantities).
    public var layer: Int
    /// The step the quantity was read at (1: after the first update).
    public var step: Int
    public var slope: Double
    /// Half-width of the slope's 95% confidence interval.
    public var ci95: Double
    /// The exponent the theory predicts; `null` where it says nothing.
    @ExplicitNull public var theory: Double?
}

/// One update's stable rank or alignment, mean over seeds, at one activation and batch size.
struct LowRankPoint: Codable, Sendable, Equatable {
    public var activation: String
    public var quantity: Quantity
    public var batch: Int
    public var value: Double
}

/// The best learning rate of one width on a learning-rate grid.
struct BestLearningRate: Codable, Sendable, Equatable {
    public var parametrization: Parametrization
    public var optimizer: OptimizerKind
    public var width: Int
    /// The rate with the lowest mean final loss; nil when every rate diverged.
    public var learningRate: Double?
    public var finalLoss: Double?
    /// The rate's position on the sweep's grid of rates (sorted ascending).
    public var gridIndex: Int?
    /// The training step the loss was read at (the horizon); nil in data from before
    /// horizons, meaning the end.
    public var step: Int?
}

/// One seed's best learning rate at one width at the end of training: the grid's best
/// rate refined by the parabola through it and its two neighbours (`TransferFit`).
struct RateOptimum: Codable, Sendable, Equatable {
    public var parametrization: Parametrization
    public var optimizer: OptimizerKind
    public var width: Int
    public var seed: Int
    /// The refined optimum η*.
    public var learningRate: Double
    /// The best rate's position on the grid (sorted ascending).
    public var gridIndex: Int
    /// Whether the best rate is the grid's lowest or highest: the optimum may lie beyond.
    public var atEdge: Bool
}

/// What an aggregate measured, beside the figure data it drew from the same runs: the
/// numbers the summary, verdicts and captions are made of.
struct Measurements: Codable, Sendable, Equatable {
    /// Fitted width exponents, in the order the figure shows them.
    public var exponents: [WidthExponent] = []
    /// Best learning rate per parametrization and width (learning-rate-transfer figures).
    public var bestLearningRates: [BestLearningRate] = []
    /// Runs of the sweep that diverged.
    public var divergedRuns = 0
    /// Stable rank and alignment of one update per activation and batch size (low-rank
    /// figures), for the table beside the paper's values.
    public var lowRank: [LowRankPoint] = []
    /// Every seed's best learning rate per parametrization and width (learning-rate-transfer
    /// figures), for the fit of the best rate's width exponent.
    public var rateOptima: [RateOptimum] = []

    public init(exponents: [WidthExponent] = [], bestLearningRates: [BestLearningRate] = [], divergedRuns: Int = 0, lowRank: [LowRankPoint] = [],
                rateOptima: [RateOptimum] = []) {
        self.exponents = exponents
        self.bestLearningRates = bestLearningRates
        self.divergedRuns = divergedRuns
        self.lowRank = lowRank
        self.rateOptima = rateOptima
    }

    /// The layer a parametrization's headline numbers are read at (verdicts and captions
    /// alike): the lowest layer with a step-1 feature-movement exponent that the theory
    /// speaks about, else the lowest layer measured at step 1.
    public static func headlineLayer(of parametrization: Parametrization, in exponents: [WidthExponent]) -> Int? {
        let candidates = exponents.filter { $0.parametrization == parametrization && $0.step == 1 }
        // Without a theory (an experiment's own parametrization), the first hidden layer's
        // features, as for the built-in ones.
        return candidates.filter { $0.quantity == .featureMovement && $0.theory != nil }.map(\.layer).min()
            ?? candidates.filter { $0.quantity == .featureMovement && $0.layer >= 2 }.map(\.layer).min()
            ?? candidates.map(\.layer).min()
    }
}
