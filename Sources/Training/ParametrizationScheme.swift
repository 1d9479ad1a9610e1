import Foundation

/// The three kinds of weight matrix, by what their sizes do as the width `n` grows.
public enum LayerKind: String, Codable, CaseIterable, Sendable, Comparable {
    /// `W_1`: input dimension → `n`.
    case input
    /// `W_l`, 1 < l < L: `n` → `n`.
    case hidden
    /// `W_L`: `n` → classes.
    case output

    /// The kind of `layer`.
    public init(_ layer: LayerShape) {
        self = layer.isOutput ? .output : layer.isInput ? .input : .hidden
    }

    public static func < (a: LayerKind, b: LayerKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// How fast one layer kind's initialisation scale, forward multiplier and learning rates
/// grow with the width: exponents `e` of `n`, each value being proportional to `nᵉ`.
/// `nil` keeps the base parametrization's own exponent.
public struct WidthExponents: Codable, Hashable, Sendable {
    /// The initialisation's scale: the standard deviation (Gaussian) or the singular value
    /// (semi-orthogonal) of the stored weights.
    public var initialization: Double?
    /// The forward multiplier.
    public var multiplier: Double?
    /// The learning rate under SGD.
    public var learningRateSGD: Double?
    /// The learning rate under Adam.
    public var learningRateAdam: Double?

    public init(initialization: Double? = nil, multiplier: Double? = nil, learningRateSGD: Double? = nil, learningRateAdam: Double? = nil) {
        self.initialization = initialization
        self.multiplier = multiplier
        self.learningRateSGD = learningRateSGD
        self.learningRateAdam = learningRateAdam
    }

    enum CodingKeys: String, CodingKey {
        case initialization = "init", multiplier, learningRateSGD = "lr_sgd", learningRateAdam = "lr_adam"
    }

    /// The learning-rate exponent for `optimizer`.
    public func learningRate(_ optimizer: OptimizerKind) -> Double? { optimizer == .sgd ? learningRateSGD : learningRateAdam }

    /// Every exponent given.
    public var isEmpty: Bool { initialization == nil && multiplier == nil && learningRateSGD == nil && learningRateAdam == nil }
}

/// A parametrization as data: a built-in one, with the width exponents of some fields of
/// some layer kinds replaced. A replaced field keeps the built-in's value at the base
/// width `n₀` and grows as `n` to the new exponent: its value is the built-in's times
/// `(n/n₀)^(e_new − e_built-in)`. Fields not replaced are the built-in's, bit for bit.
public struct ParametrizationScheme: Codable, Hashable, Sendable {
    public var base: BuiltinParametrization
    public var overrides: [LayerKind: WidthExponents]

    public init(base: BuiltinParametrization, overrides: [LayerKind: WidthExponents] = [:]) {
        self.base = base
        self.overrides = overrides.filter { !$0.value.isEmpty }
    }

    enum CodingKeys: String, CodingKey { case base, overrides }

    /// Writes `overrides` as a dictionary with non-string keys is written (`[kind, exponents,
    /// kind, exponents, …]`), but in the kinds' order: a dictionary's own order changes from
    /// process to process, and the scheme is part of a run's cache key.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(base, forKey: .base)
        var pairs = container.nestedUnkeyedContainer(forKey: .overrides)
        for kind in LayerKind.allCases {
            guard let exponents = overrides[kind] else { continue }
            try pairs.encode(kind)
            try pairs.encode(exponents)
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(base: try container.decode(BuiltinParametrization.self, forKey: .base),
                  overrides: try container.decode([LayerKind: WidthExponents].self, forKey: .overrides))
    }

    /// The scaling of one layer: the base's, with replaced exponents applied.
    public func scaling(for layer: LayerShape, optimizer: OptimizerKind, baseLearningRate: Float, gain: Float, baseWidth: Int) -> LayerScaling {
        var scaling = base.scaling(for: layer, optimizer: optimizer, baseLearningRate: baseLearningRate, gain: gain, baseWidth: baseWidth)
        let kind = LayerKind(layer)
        guard let replaced = overrides[kind] else { return scaling }
        let own = base.widthExponents(kind)
        // The same expression as the built-in μP's width multiplier, so that whole and half
        // powers of it give the same bits as the built-ins that use them.
        let m = Float(layer.width) / Float(max(baseWidth, 1))
        if let e = replaced.initialization, let e0 = own.initialization {
            switch scaling.initialization {
            case let .gaussian(std): scaling.initialization = .gaussian(std: Self.scale(std, m, e - e0))
            case let .semiOrthogonal(scale): scaling.initialization = .semiOrthogonal(scale: Self.scale(scale, m, e - e0))
            }
        }
        if let e = replaced.multiplier, let e0 = own.multiplier { scaling.multiplier = Self.scale(scaling.multiplier, m, e - e0) }
        if let e = replaced.learningRate(optimizer), let e0 = own.learningRate(optimizer) {
            scaling.learningRate = Self.scale(scaling.learningRate, m, e - e0)
        }
        return scaling
    }

    /// `value · m^delta`: whole powers by repeated multiplication or division, halves with a
    /// square root (exact where the built-ins compute the same), others through `pow`.
    static func scale(_ value: Float, _ m: Float, _ delta: Double) -> Float {
        guard delta != 0 else { return value }
        let twice = delta * 2
        guard twice == twice.rounded(), abs(twice) <= 64 else {
            return value * Float(pow(Double(m), delta))
        }
        var result = value
        for _ in 0..<Int(abs(delta.rounded(.towardZero))) { result = delta > 0 ? result * m : result / m }
        if twice.truncatingRemainder(dividingBy: 2) != 0 { result = delta > 0 ? result * m.squareRoot() : result / m.squareRoot() }
        return result
    }
}

/// A parametrization by name: one of the five built-in ones, or one an experiment defines
/// (`[parametrizations.NAME]`). Everywhere outside training it is its name — in node ids,
/// tables, figures and JSON — and two parametrizations with the same name are the same.
public struct Parametrization: Hashable, Codable, Sendable, RawRepresentable, CustomStringConvertible {
    public let name: String
    public let scheme: ParametrizationScheme

    public init(name: String, scheme: ParametrizationScheme) {
        self.name = name
        self.scheme = scheme
    }

    /// A built-in parametrization.
    public init(_ builtin: BuiltinParametrization) { self.init(name: builtin.rawValue, scheme: ParametrizationScheme(base: builtin)) }

    /// The built-in parametrization of that name.
    public init?(rawValue: String) {
        guard let builtin = BuiltinParametrization(rawValue: rawValue) else { return nil }
        self.init(builtin)
    }

    public static let standard = Parametrization(.standard)
    public static let ntk = Parametrization(.ntk)
    public static let spectral = Parametrization(.spectral)
    public static let spectralNormalized = Parametrization(.spectralNormalized)
    public static let mup = Parametrization(.mup)
    /// The built-in ones, in the paper's order.
    public static let allCases: [Parametrization] = BuiltinParametrization.allCases.map(Parametrization.init)

    public var rawValue: String { name }
    public var description: String { name }

    /// The built-in parametrization this is, or nil for one an experiment defined.
    public var builtin: BuiltinParametrization? {
        scheme.overrides.isEmpty && name == scheme.base.rawValue ? scheme.base : nil
    }

    /// The scaling of one layer.
    public func scaling(for layer: LayerShape, optimizer: OptimizerKind, baseLearningRate: Float, gain: Float, baseWidth: Int) -> LayerScaling {
        scheme.scaling(for: layer, optimizer: optimizer, baseLearningRate: baseLearningRate, gain: gain, baseWidth: baseWidth)
    }

    public static func == (a: Parametrization, b: Parametrization) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// Written as its name. A name read back that is not built in stands for a
    /// parametrization known by name only (reports read back by `compare`).
    public init(from decoder: Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        self = Parametrization(rawValue: name) ?? Parametrization(name: name, scheme: ParametrizationScheme(base: .standard))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
