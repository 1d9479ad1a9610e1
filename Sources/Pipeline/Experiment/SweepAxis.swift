import Training

/// The axes a sweep's runs vary along, defined once: the experiment file's key of each
/// list, the single run setting a list overrides, and the values a sweep's runs take. A
/// sweep's runs are the product of its axes' values, the first axis outermost; a new axis
/// is a case here (the compiler then asks for its values, and the loader for its parsing).
public enum SweepAxis: String, CaseIterable, Sendable {
    /// The sweep's `parametrizations`, its `widths`, `learning_rates` (else `learning_rate`),
    /// `batch_sizes` (else `batch`), `activations` (else `activation`), and the seeds
    /// `0..<seeds`.
    case parametrization, width, learningRate, batch, activation, seed

    /// The key of the sweep's list in an experiment file (`widths`); nil for `seed`, whose
    /// values are the run setting `seeds` counts.
    public var listKey: String? {
        switch self {
        case .parametrization: return "parametrizations"
        case .width: return "widths"
        case .learningRate: return "learning_rates"
        case .batch: return "batch_sizes"
        case .activation: return "activations"
        case .seed: return nil
        }
    }

    /// The run setting the sweep's list overrides (`learning_rate` for `learning_rates`);
    /// nil for the axes no single setting fixes.
    public var settingKey: String? {
        switch self {
        case .learningRate: return "learning_rate"
        case .batch: return "batch"
        case .activation: return "activation"
        case .parametrization, .width, .seed: return nil
        }
    }

    /// The axes a sweep's lists set, in order: the keys an experiment file's sweep may list.
    public static var listKeys: [String] { allCases.compactMap(\.listKey) }

    /// The axis whose list `key` names, if any.
    public init?(listKey key: String) {
        guard let axis = Self.allCases.first(where: { $0.listKey == key }) else { return nil }
        self = axis
    }

    /// How many values the axis takes in `sweep`'s runs.
    public func count(in sweep: SweepSpec) -> Int { expand([SweepPoint()], in: sweep).count }

    /// `points`, each repeated once per value this axis takes in `sweep`'s runs.
    func expand(_ points: [SweepPoint], in sweep: SweepSpec) -> [SweepPoint] {
        func over<T>(_ values: [T], _ field: WritableKeyPath<SweepPoint, T>) -> [SweepPoint] {
            points.flatMap { point in values.map { value in var next = point; next[keyPath: field] = value; return next } }
        }
        switch self {
        case .parametrization: return over(sweep.parametrizations, \.parametrization)
        case .width: return over(sweep.widths, \.width)
        case .learningRate: return over(sweep.runLearningRates, \.learningRate)
        case .batch: return over(sweep.runBatchSizes, \.batch)
        case .activation: return over(sweep.runActivations, \.activation)
        case .seed: return over(Array(0..<max(sweep.settings.seeds, 0)), \.seed)
        }
    }
}

/// One run's place in its sweep: a value on every axis.
public struct SweepPoint: Hashable, Sendable {
    // One field per case of `SweepAxis`.
    public var parametrization: Parametrization = .standard
    public var width = 0
    public var learningRate = 0.0
    public var batch = 0
    public var activation: Activation = .relu
    public var seed = 0
}

extension SweepSpec {
    /// The points of the sweep's runs: the product of its axes' values, in `SweepAxis` order.
    public var points: [SweepPoint] {
        SweepAxis.allCases.reduce([SweepPoint()]) { points, axis in axis.expand(points, in: self) }
    }
}
