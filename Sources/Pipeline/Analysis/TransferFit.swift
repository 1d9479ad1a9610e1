import Foundation
import Training

/// Learning-rate transfer as a measurement: every seed's best rate at every width, and the
/// width exponent of the best rate fitted to them with its 95% interval.
///
/// A grid of rates gives a seed's optimum only to within a grid step; the parabola through
/// the best rate and its two neighbours (ln loss against log₂ rate) places it between grid
/// points, so that optima vary continuously and their spread over seeds and widths gives
/// the exponent an honest interval. An optimum on the grid's lowest or highest rate is
/// bounded, not measured: it is kept as it is and marks its width, and the verdict is then
/// inconclusive.
enum TransferFit {
    /// The best rate of one loss curve: `(rate, grid index, at the edge)`, or nil when no
    /// rate has a finite loss. `rates` ascending; non-finite losses are diverged runs.
    static func optimum(rates: [Double], losses: [Double]) -> (rate: Double, index: Int, atEdge: Bool)? {
        guard rates.count == losses.count,
              let best = losses.indices.filter({ losses[$0].isFinite && losses[$0] > 0 }).min(by: { losses[$0] < losses[$1] })
        else { return nil }
        let atEdge = best == 0 || best == rates.count - 1
        guard !atEdge, rates.allSatisfy({ $0 > 0 }) else { return (rates[best], best, atEdge) }
        let neighbours = [best - 1, best, best + 1]
        guard neighbours.allSatisfy({ losses[$0].isFinite && losses[$0] > 0 }) else { return (rates[best], best, false) }
        let x = neighbours.map { log2(rates[$0]) }, y = neighbours.map { log(losses[$0]) }
        // The vertex of the parabola through three points (any spacing).
        let numerator = (x[1] - x[0]) * (x[1] - x[0]) * (y[1] - y[2]) - (x[1] - x[2]) * (x[1] - x[2]) * (y[1] - y[0])
        let denominator = (x[1] - x[0]) * (y[1] - y[2]) - (x[1] - x[2]) * (y[1] - y[0])
        guard denominator != 0, numerator.isFinite, denominator.isFinite else { return (rates[best], best, false) }
        let vertex = min(max(x[1] - 0.5 * numerator / denominator, x[0]), x[2])
        return (Float32Text.rounded(exp2(vertex)), best, false)
    }

    /// Every seed's optimum per parametrization and width, from the final training loss
    /// (a diverged run's is missing: `Divergence`).
    static func optima(_ sweep: SweepRuns) -> [RateOptimum] {
        var optima: [RateOptimum] = []
        for p in sweep.parametrizations {
            for width in sweep.widths {
                let selected = sweep.of(p).filter { $0.configuration.architecture.width == width }
                let rates = Array(Set(selected.map { Double($0.configuration.learningRate) })).sorted()
                for seed in Array(Set(selected.map { Int($0.configuration.seed) })).sorted() {
                    let losses = rates.map { rate in
                        selected.first { Double($0.configuration.learningRate) == rate && Int($0.configuration.seed) == seed }
                            .flatMap { SweepRuns.snapshot($0, step: nil)?.trainLoss } ?? .nan
                    }
                    guard let best = optimum(rates: rates, losses: losses) else { continue }
                    optima.append(RateOptimum(parametrization: p, optimizer: sweep.optimizer(p), width: width, seed: seed,
                                              learningRate: best.rate, gridIndex: best.index, atEdge: best.atEdge))
                }
            }
        }
        return optima
    }

    /// The fit of ln η* against ln n over `optima` (one parametrization's): the exponent,
    /// its interval and the number of optima, or nil from fewer than two widths.
    static func exponent(_ optima: [RateOptimum]) -> Statistics.LogLogFit? {
        Statistics.logLogSlope(x: optima.map { Double($0.width) }, y: optima.map(\.learningRate))
    }
}
