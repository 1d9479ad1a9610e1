import Training

/// The steps at which a sweep's runs record metrics, from what reads them: each figure kind
/// declares the steps it reads (its `FigureRecipe`), the per-layer diagnosis reads initialisation, the first
/// step and the end, and a sweep's schedule is their union. A snapshot costs an evaluation
/// of the training and test rows, as much as several training steps at large widths, so
/// steps nothing reads are not recorded. An explicit `metric_steps` wins.
enum MetricNeeds {
    /// The steps `kind` reads of a sweep whose runs take `steps` steps; nil for every step
    /// of the default schedule (curves over training).
    static func steps(_ kind: FigureKind, steps: Int) -> Set<Int>? { kind.recipe.metricSteps(steps) }

    /// The steps at which `kind` reads the training loss on the evaluation rows, besides the
    /// end (always evaluated).
    static func lossSteps(_ kind: FigureKind, steps: Int) -> Set<Int> { kind.recipe.lossSteps(steps) }

    /// The recorded steps of `sweep` at which the training loss is evaluated, besides the end:
    /// what its figures read when the schedule is derived from them (and no test loss, which
    /// nothing reads); nil (every recorded step, and the test set at the end) for an explicit
    /// `metric_steps` or the default schedule.
    static func lossSteps(_ sweep: SweepSpec, in experiment: ExperimentSpec) -> [Int]? {
        let s = sweep.settings
        let figures = experiment.figures.filter { $0.sweep == sweep.name }
        guard s.metricSteps == nil, schedule(sweep, in: experiment) != nil else { return nil }
        return figures.reduce(into: Set<Int>()) { $0.formUnion(lossSteps($1.kind, steps: s.steps)) }.sorted()
    }

    /// The horizons the transfer figure reads before the end: the recorded steps nearest to
    /// a tenth and to three tenths of the run.
    static func transferHorizons(_ recorded: [Int], steps: Int) -> [Int] {
        let candidates = recorded.filter { $0 > 0 && $0 < steps }
        return Array(Set([0.1, 0.3].compactMap { fraction -> Int? in
            let target = Double(steps) * fraction
            return candidates.min { abs(Double($0) - target) < abs(Double($1) - target) }
        })).sorted()
    }

    /// The schedule of `sweep` in `experiment`: its own `metric_steps` (with the last step),
    /// else the union of what its figures and the diagnosis read; nil for the default
    /// schedule (a sweep no figure reads, or one a curve over training reads).
    static func schedule(_ sweep: SweepSpec, in experiment: ExperimentSpec) -> [Int]? {
        let s = sweep.settings
        if let own = s.metricSteps { return Array(Set(own + [s.steps])).sorted() }
        var union: Set<Int> = [0, s.steps]
        let figures = experiment.figures.filter { $0.sweep == sweep.name }
        guard !figures.isEmpty else { return nil }
        for figure in figures {
            guard let needed = steps(figure.kind, steps: s.steps) else { return nil }
            union.formUnion(needed)
        }
        if Diagnosis.sources(experiment).contains(where: { $0.sweep == sweep.name }) { union.formUnion([0, 1, s.steps]) }
        return union.filter { $0 <= s.steps }.sorted()
    }
}
