import Plotting
import Training

/// Figures of training itself: low-rank updates, the coordinate check, loss curves and
/// learning-rate transfer.
extension Aggregator {
    /// Stable rank and alignment of one update against batch size, per activation, as the
    /// paper measures them: the alignment with the inputs of the batch the update came
    /// from (solid; the probe batch's dashed; a random direction's, `√(stable rank / n)`,
    /// dotted), with the maximum rank (the width) and B = width drawn in.
    static func lowRank(_ figure: FigureSpec, _ sweep: SweepRuns) -> Aggregate {
        let layer = figure.layers?.first ?? min(2, sweep.depth)
        let activations = Statistics.ordered(sweep.runs.map(\.configuration.architecture.activation))
        let width = sweep.widths.first ?? 1
        var panels: [PanelData] = []
        var points: [LowRankPoint] = []
        let quantities: [(quantities: [Quantity], label: String, title: String, scale: AxisScale)] = [
            ([.updateStableRank], "stable rank", "stable rank ‖ΔW‖_F² / ‖ΔW‖_*²", .log10),
            ([.updateBatchAlignment, .updateAlignment, .randomAlignment], "alignment", "alignment ‖ΔW h‖ / (‖ΔW‖_* ‖h‖)", .linear),
        ]
        for (group, label, title, scale) in quantities {
            var series: [SeriesData] = []
            for (k, activation) in activations.enumerated() {
                for quantity in group {
                    let selected = sweep.runs.filter { $0.configuration.architecture.activation == activation }
                    let batches = Array(Set(selected.map(\.configuration.batchSize))).sorted()
                    var means: [Double] = [], lows: [Double] = [], highs: [Double] = []
                    for batch in batches {
                        let values = selected.filter { $0.configuration.batchSize == batch }.compactMap { run in
                            SweepRuns.lowRankValue(run, quantity, layer: layer)
                        }
                        means.append(Statistics.mean(values)); lows.append(values.min() ?? .nan); highs.append(values.max() ?? .nan)
                        if let mean = means.last, mean.isFinite {
                            points.append(LowRankPoint(activation: activation.rawValue, quantity: quantity, batch: batch, value: Summary.rounded(mean)))
                        }
                    }
                    let probe = quantity == .updateAlignment, random = quantity == .randomAlignment
                    let name = group.count > 1 ? "\(activation.rawValue), \(random ? "random direction √(rank/n)" : probe ? "probe batch" : "update's batch")"
                        : activation.rawValue
                    series.append(SeriesData(label: name, colorIndex: k, colorValue: nil, x: batches.map(Double.init), y: means,
                                             lower: probe || random ? nil : lows, upper: probe || random ? nil : highs,
                                             marker: random ? nil : markers[k % markers.count],
                                             style: random ? .dotted : probe ? .dashed : .solid, diverged: false))
                }
            }
            var lines = [ReferenceLine(axis: .x, value: Double(width), label: "B = width (\(width))")]
            if group == [.updateStableRank] { lines.append(ReferenceLine(axis: .y, value: Double(width), label: "maximum rank (width \(width))")) }
            panels.append(PanelData(title: title, xLabel: "batch size B", yLabel: label, xScale: .log10, yScale: scale,
                                    series: series, slopeTriangle: nil, colorBarRange: nil, colorBarLabel: nil, legend: true,
                                    referenceLines: lines))
        }
        return Aggregate(figure: FigureData(id: figure.id, rows: 1, columns: 2, sharedY: false, panels: panels),
                         measurements: Measurements(lowRank: points))
    }

    /// The coordinate check of the `mup` package, showing what the spectral condition is
    /// about: each layer's change since initialisation after steps t = 1 and 2 (flat in
    /// width when the condition holds), beside each layer's size at initialisation (t = 0).
    /// The package numbers these t = 2, 3 and 1; the report counts steps from t = 0 at
    /// initialisation everywhere.
    static func coordinateCheck(_ figure: FigureSpec, _ sweep: SweepRuns) -> Aggregate {
        var panels: [PanelData] = []
        func label(_ layer: Int) -> String { layer == sweep.depth ? "logits" : "h_{\(layer)}" }
        for p in sweep.parametrizations {
            for t in 1...2 {
                let series = (1...sweep.depth).map { layer -> SeriesData in
                    let statistics = SweepRuns.perWidth(sweep.of(p)) { SweepRuns.changeRMS($0, step: t, layer: layer) }
                    return SeriesData(label: label(layer), colorIndex: layer - 1, colorValue: nil, x: statistics.x, y: statistics.mean,
                                      lower: nil, upper: nil, marker: .circle, style: .solid, diverged: statistics.diverged)
                }
                panels.append(PanelData(title: "\(p.rawValue): change since init, t = \(t)", xLabel: "width n", yLabel: "‖h_l(t) − h_l(0)‖_{RMS}",
                                        xScale: .log2, yScale: .log10, series: series, slopeTriangle: nil, colorBarRange: nil, colorBarLabel: nil,
                                        legend: panels.isEmpty))
            }
            let initial = (1...sweep.depth).map { layer -> SeriesData in
                let statistics = SweepRuns.perWidth(sweep.of(p)) { SweepRuns.snapshot($0, step: 0).flatMap { Quantity.activationRMS.value(in: $0, layer: layer) } }
                return SeriesData(label: label(layer), colorIndex: layer - 1, colorValue: nil, x: statistics.x, y: statistics.mean,
                                  lower: nil, upper: nil, marker: .circle, style: .solid, diverged: statistics.diverged)
            }
            panels.append(PanelData(title: "\(p.rawValue): size at init, t = 0", xLabel: "width n", yLabel: "RMS of activations",
                                    xScale: .log2, yScale: .log10, series: initial, slopeTriangle: nil, colorBarRange: nil, colorBarLabel: nil, legend: false))
        }
        // One scale for the changes of every row and one for the sizes, so rows compare.
        return Aggregate(figure: FigureData(id: figure.id, rows: max(sweep.parametrizations.count, 1), columns: 3, sharedY: false, panels: panels,
                                            yLimitGroups: panels.indices.map { $0 % 3 == 2 ? 1 : 0 }),
                         measurements: Measurements())
    }

    /// The training loss against the step, one curve per width and a panel per
    /// parametrization, from the losses the training passes computed anyway
    /// (`SweepRuns.batchLossBins`, mean over seeds): a point per bin of steps, at the bin's
    /// middle on the logarithmic axis of step + 1. A curve stops where a run diverged.
    static func lossCurves(_ figure: FigureSpec, _ sweep: SweepRuns) -> Aggregate {
        let panels = sweep.parametrizations.map { p -> PanelData in
            let series = sweep.widths.map { width -> SeriesData in
                let selected = sweep.of(p).filter { $0.configuration.architecture.width == width }
                let bins = lossBins(selected, steps: sweep.lastStep)
                return SeriesData(label: nil, colorIndex: nil, colorValue: Double(width),
                                  x: bins.map { (Double($0.first + 1) * Double($0.last + 1)).squareRoot() }, y: bins.map(\.statistics.mean),
                                  lower: nil, upper: nil, marker: nil, style: .solid,
                                  diverged: selected.contains { Divergence.diverged($0.result) })
            }
            return PanelData(title: p.rawValue, xLabel: "step + 1", yLabel: "training loss (batch mean)", xScale: .log10, yScale: .log10,
                             series: series, slopeTriangle: nil, colorBarRange: widthColorBar(sweep, p), colorBarLabel: "width n", legend: false)
        }
        return Aggregate(figure: FigureData(id: figure.id, rows: 1, columns: max(panels.count, 1), sharedY: true, panels: panels),
                         measurements: Measurements())
    }

    /// Bins of `runs`' batch losses with their statistics over seeds, up to the last bin
    /// every seed finished.
    static func lossBins(_ runs: [Aggregator.Run], steps: Int) -> [(first: Int, last: Int, statistics: SeedStatistics)] {
        let perRun = runs.map { SweepRuns.batchLossBins($0, steps: steps) }
        let count = perRun.map(\.count).min() ?? 0
        return (0..<count).map { k in
            (perRun[0][k].first, perRun[0][k].last, SeedStatistics(perRun.map { Optional($0[k].loss) }))
        }
    }

    /// Final training loss against the learning rate, a curve per width with its optimum
    /// starred, a panel per parametrization; then the best rate against width per
    /// parametrization at several training horizons, so that a drift of the optimum with
    /// width and with training time both show.
    static func learningRateTransfer(_ figure: FigureSpec, _ sweep: SweepRuns) -> Aggregate {
        let horizons = transferHorizons(sweep)
        var best: [BestLearningRate] = []
        var panels = sweep.parametrizations.map { p -> PanelData in
            var curves: [SeriesData] = [], optima: [SeriesData] = []
            for width in sweep.widths {
                let selected = sweep.of(p).filter { $0.configuration.architecture.width == width }
                let rates = Array(Set(selected.map { Double($0.configuration.learningRate) })).sorted()
                for horizon in horizons {
                    let final = horizon == horizons.last
                    let losses = rates.map { rate -> Double in
                        let values = selected.filter { Double($0.configuration.learningRate) == rate }
                            .map { SweepRuns.snapshot($0, step: final ? nil : horizon)?.trainLoss ?? .nan }
                        return values.allSatisfy(\.isFinite) ? Statistics.mean(values) : .nan
                    }
                    let lowest = zip(rates, losses).enumerated().filter { $0.element.1.isFinite }.min { $0.element.1 < $1.element.1 }
                    best.append(BestLearningRate(parametrization: p, optimizer: selected.first?.configuration.optimizer.kind ?? .sgd,
                                                 width: width, learningRate: lowest?.element.0,
                                                 finalLoss: lowest?.element.1, gridIndex: lowest?.offset, step: horizon))
                    guard final else { continue }
                    curves.append(SeriesData(label: nil, colorIndex: nil, colorValue: Double(width), x: rates, y: losses, lower: nil, upper: nil,
                                             marker: .circle, style: .solid, diverged: false))
                    if let lowest {
                        optima.append(SeriesData(label: optima.isEmpty ? "optimum" : nil, colorIndex: nil, colorValue: Double(width),
                                                 x: [lowest.element.0], y: [lowest.element.1], lower: nil, upper: nil,
                                                 marker: .star, style: .none, diverged: false, markerSize: 13))
                    }
                }
            }
            return PanelData(title: p.rawValue, xLabel: "learning rate η", yLabel: "final training loss", xScale: .log2, yScale: .log10,
                             series: curves + optima, slopeTriangle: nil, colorBarRange: widthColorBar(sweep, p, everyPanel: true), colorBarLabel: "width n",
                             legend: p == sweep.parametrizations.first, clipsOutliers: true)
        }
        panels.append(optimumPanel(best, parametrizations: sweep.parametrizations, horizons: horizons))
        return Aggregate(figure: FigureData(id: figure.id, rows: 1, columns: max(panels.count, 1), sharedY: false, panels: panels),
                         measurements: Measurements(bestLearningRates: best, rateOptima: TransferFit.optima(sweep)))
    }

    /// The training horizons the transfer figure compares: the recorded steps nearest to a
    /// tenth and to three tenths of the run, and its end.
    static func transferHorizons(_ sweep: SweepRuns) -> [Int] {
        let recorded = Set(sweep.runs.flatMap { $0.result.snapshots.map(\.step) }).sorted()
        return MetricNeeds.transferHorizons(recorded, steps: sweep.lastStep) + [sweep.lastStep]
    }

    /// The best rate against width, a colour per parametrization and a line style per
    /// horizon (the end solid).
    static func optimumPanel(_ best: [BestLearningRate], parametrizations: [Parametrization], horizons: [Int]) -> PanelData {
        let styles: [LineStyle] = [.dotted, .dashed, .solid]
        var series: [SeriesData] = []
        for (index, p) in parametrizations.enumerated() {
            for (h, horizon) in horizons.enumerated() {
                let rows = best.filter { $0.parametrization == p && $0.step == horizon && $0.learningRate != nil }
                guard !rows.isEmpty else { continue }
                let style = styles[max(0, styles.count - horizons.count + h)]
                series.append(SeriesData(label: "\(p.rawValue), step \(horizon)", colorIndex: index, colorValue: nil,
                                         x: rows.map { Double($0.width) }, y: rows.compactMap(\.learningRate), lower: nil, upper: nil,
                                         marker: horizon == horizons.last ? .star : .circle, style: style, diverged: false))
            }
        }
        return PanelData(title: "best rate vs width", xLabel: "width n", yLabel: "best learning rate η*", xScale: .log2, yScale: .log2,
                         series: series, slopeTriangle: nil, colorBarRange: nil, colorBarLabel: nil, legend: true)
    }

    /// The colour bar over widths, drawn beside the last panel only (or beside every panel
    /// coloured by width, when a panel of another kind follows them).
    static func widthColorBar(_ sweep: SweepRuns, _ p: Parametrization, everyPanel: Bool = false) -> [Double]? {
        everyPanel || p == sweep.parametrizations.last ? [Double(sweep.widths.first ?? 1), Double(sweep.widths.last ?? 2)] : nil
    }
}
