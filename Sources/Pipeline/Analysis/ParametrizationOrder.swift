import Training

/// The order in which reports list parametrizations, from `Parametrization.allCases` (the
/// built-in ones in the paper's order: standard, NTK, spectral, then the other spectral
/// forms), so that a new built-in takes its place everywhere by being a case.
extension Parametrization {
    /// Its place in the paper's order; an experiment's own come after every built-in.
    var paperRank: Int { Parametrization.allCases.firstIndex(of: self) ?? Parametrization.allCases.count }

    /// `parametrizations` without repeats: the built-in ones in the paper's order, then an
    /// experiment's own in the order they come.
    static func inPaperOrder(_ parametrizations: [Parametrization]) -> [Parametrization] {
        allCases.filter(parametrizations.contains) + Statistics.ordered(parametrizations.filter { $0.builtin == nil })
    }
}
