/// How a parametrization scales initialisation, forward pass and learning rates with width.
///
/// The names are the ones used everywhere: in experiment files, outputs and figures.
/// See `docs/science.md` for the science; the table per layer (`η` the base rate,
/// `g` the init gain, `fan_in`/`fan_out` the layer's input/output sizes, `m = n / n₀` the
/// width multiplier of μP):
///
/// | | init | forward multiplier | SGD rate | Adam rate |
/// |---|---|---|---|---|
/// | `standard` | N(0, g²/fan_in) | 1 | η | η |
/// | `ntk` | N(0, g²) | 1/√fan_in | η | η |
/// | `spectral` | N(0, σ²), σ = g/√fan_in · min(1, √(fan_out/fan_in)) | 1 | η·fan_out/fan_in | η/fan_in |
/// | `spectral-normalized` | g·√(fan_out/fan_in)·Q, Q semi-orthogonal | 1 | η·√(fan_out/fan_in)·G/‖G‖_* | same, on Adam's direction |
/// | `mup` | N(0, g²/fan_in), output layer ×√m | 1/m on the output layer | η·m input and output, η hidden | η input and output, η/m hidden |
///
/// A built-in parametrization is defined here alone: its case, its `scaling` and its
/// `widthExponents` (from which `Theory` predicts its exponents and the diagnosis judges
/// it); the reports list the built-in ones in the order of the cases.
///
/// `mup` follows the `mup` package (MuReadout, whose weights `set_base_shapes` scales by
/// √m, MuSGD, MuAdam) and equals `standard` at the base width; `spectral` is
/// Parametrization 1 of the paper, written without a base width.
public enum BuiltinParametrization: String, Codable, CaseIterable, Sendable {
    case standard
    case ntk
    case spectral
    case spectralNormalized = "spectral-normalized"
    case mup
}

/// The optimizer family, which changes the per-layer rates of some parametrizations.
public enum OptimizerKind: String, Codable, CaseIterable, Sendable {
    case sgd, adam
}

/// Where a weight matrix sits in the network.
public struct LayerShape: Equatable, Sendable {
    /// Input size `n_{l−1}`.
    public let fanIn: Int
    /// Output size `n_l`.
    public let fanOut: Int
    /// True for `W_1` (input dimension → width).
    public let isInput: Bool
    /// True for `W_L` (width → classes).
    public let isOutput: Bool
    /// The hidden width `n` of the network.
    public let width: Int

    public init(fanIn: Int, fanOut: Int, isInput: Bool, isOutput: Bool, width: Int) {
        self.fanIn = fanIn
        self.fanOut = fanOut
        self.isInput = isInput
        self.isOutput = isOutput
        self.width = width
    }
}

/// What a parametrization decides for one layer.
public struct LayerScaling: Equatable, Sendable {
    /// How the stored weight is initialised.
    public enum Initialization: Equatable, Sendable {
        /// Independent normal entries with this standard deviation.
        case gaussian(std: Float)
        /// A semi-orthogonal matrix times this scale (every singular value equals it).
        case semiOrthogonal(scale: Float)
    }

    public var initialization: Initialization
    /// The forward pass uses `multiplier · W` where `W` is the stored parameter.
    public var multiplier: Float
    /// The rate applied to the stored parameter (and its bias).
    public var learningRate: Float
    /// True when the optimizer's direction is divided by its spectral norm before the step.
    public var normalizesUpdate: Bool
}

extension BuiltinParametrization {
    /// The scaling of one layer.
    ///
    /// - Parameters:
    ///   - layer: the layer's shape and position.
    ///   - optimizer: SGD or Adam.
    ///   - baseLearningRate: η.
    ///   - gain: the init gain g.
    ///   - baseWidth: n₀, the width at which `mup` equals `standard`.
    public func scaling(
        for layer: LayerShape, optimizer: OptimizerKind, baseLearningRate: Float,
        gain: Float, baseWidth: Int
    ) -> LayerScaling {
        let fanIn = Float(layer.fanIn), fanOut = Float(layer.fanOut)
        let eta = baseLearningRate
        switch self {
        case .standard:
            return LayerScaling(
                initialization: .gaussian(std: gain / fanIn.squareRoot()), multiplier: 1,
                learningRate: eta, normalizesUpdate: false)
        case .ntk:
            return LayerScaling(
                initialization: .gaussian(std: gain), multiplier: 1 / fanIn.squareRoot(),
                learningRate: eta, normalizesUpdate: false)
        case .spectral:
            let std = gain / fanIn.squareRoot() * min(1, (fanOut / fanIn).squareRoot())
            let rate = optimizer == .sgd ? eta * fanOut / fanIn : eta / fanIn
            return LayerScaling(
                initialization: .gaussian(std: std), multiplier: 1, learningRate: rate,
                normalizesUpdate: false)
        case .spectralNormalized:
            let ratio = (fanOut / fanIn).squareRoot()
            return LayerScaling(
                initialization: .semiOrthogonal(scale: gain * ratio), multiplier: 1,
                learningRate: eta * ratio, normalizesUpdate: true)
        case .mup:
            let widthMultiplier = Float(layer.width) / Float(max(baseWidth, 1))
            let isVectorLike = layer.isInput || layer.isOutput
            let rate: Float
            switch optimizer {
            case .sgd: rate = isVectorLike ? eta * widthMultiplier : eta
            case .adam: rate = isVectorLike ? eta : eta / widthMultiplier
            }
            let readoutScale = layer.isOutput ? widthMultiplier.squareRoot() : 1
            return LayerScaling(
                initialization: .gaussian(std: gain / fanIn.squareRoot() * readoutScale),
                multiplier: layer.isOutput ? 1 / widthMultiplier : 1,
                learningRate: rate, normalizesUpdate: false)
        }
    }
}

extension BuiltinParametrization {
    /// This parametrization's width exponents for `kind` (every field given), for widths at
    /// least the input dimension and the number of classes (the spectral parametrization's
    /// input-layer scale `min(1, √(n/d))` is 1 there).
    public func widthExponents(_ kind: LayerKind) -> WidthExponents {
        // (input, hidden, output) for each field.
        let table: (scale: [Double], multiplier: [Double], sgd: [Double], adam: [Double])
        switch self {
        case .standard: table = ([0, -0.5, -0.5], [0, 0, 0], [0, 0, 0], [0, 0, 0])
        case .ntk: table = ([0, 0, 0], [0, -0.5, -0.5], [0, 0, 0], [0, 0, 0])
        case .spectral: table = ([0, -0.5, -1], [0, 0, 0], [1, 0, -1], [0, -1, -1])
        case .spectralNormalized: table = ([0.5, 0, -0.5], [0, 0, 0], [0.5, 0, -0.5], [0.5, 0, -0.5])
        case .mup: table = ([0, -0.5, 0], [0, 0, -1], [1, 0, 1], [0, -1, 0])
        }
        let i = LayerKind.allCases.firstIndex(of: kind) ?? 0
        return WidthExponents(initialization: table.scale[i], multiplier: table.multiplier[i], learningRateSGD: table.sgd[i], learningRateAdam: table.adam[i])
    }
}
