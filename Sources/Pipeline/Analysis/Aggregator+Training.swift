import Training

/// Figures of training itself: low-rank updates, the coordinate check, loss curves and
/// learning-rate transfer.
extension Aggregator {
    static func lowRank(_ figure: FigureSpec, _ sweep: SweepRuns) -> Aggregate {
        let layer = figure.layers?.first ?? min(2, sweep.depth)
        let activations = Statistics.ordered(sweep.runs.map(\.configuration.architecture.activation))
        var panels: [PanelData] = []
        let quantities: [(Quantity, String, String)] = [(.updateStableRank, "stable rank", "stable rank ‖ΔW‖_F² / ‖ΔW‖_*²"),
                                                         (.updateAlignment, "alignment", "alignment ‖ΔW h‖ / (‖ΔW‖_* ‖h‖)")]
        for (quantity, label, title) in quantities {
            var series: [SeriesData] = []
            for (k, activation) in activations.enumerated() {
                let selected = sweep.runs.filter { $0.configuration.architecture.activation == activation }
                let batches = Array(Set(selected.map(\.configuration.batchSize))).sorted()
                var means: [Double] = [], lows: [Double] = [], highs: [Double] = []
                for batch in batches {
                    let values = selected.filter { $0.configuration.batchSize == batch }.compactMap { run in
                        SweepRuns.snapshot(run, step: 1).flatMap { quantity.value(in: $0, layer: layer) }
                    }
                    means.append(Statistics.mean(values)); lows.append(values.min() ?? .nan); highs.append(values.max() ?? .nan)
                }
                series.append(SeriesData(label: activation.rawValue, colorIndex: k, colorValue: nil, x: batches.map(Double.init), y: means,
                                         lower: lows, upper: highs, marker: markers[k % markers.count], style: .solid, diverged: false))
            }
            panels.append(PanelData(title: title, xLabel: "batch size", yLabel: label, xScale: .log10, yScale: .linear,
                                    series: series, slopeTriangle: nil, colorBarRange: nil, colorBarLabel: nil, legend: panels.isEmpty))
        }
        return Aggregate(figure: FigureData(id: figure.id, rows: 1, columns: 2, sharedY: false, panels: panels), measurements: Measurements())
    }

    /// The coordinate check of the `mup` package, showing what the spectral condition is
    /// about: each layer's change since initialisation at t = 2 and 3 (flat in width when
    /// the condition holds), beside each layer's size at initialisation (t = 1).
    static func coordinateCheck(_ figure: FigureSpec, _ sweep: SweepRuns) -> Aggregate {
        var panels: [PanelData] = []
        func label(_ layer: Int) -> String { layer == sweep.depth ? "logits" : "h_{\(layer)}" }
        for p in sweep.parametrizations {
            for t in 2...3 {
                let series = (1...sweep.depth).map { layer -> SeriesData in
                    let statistics = SweepRuns.perWidth(sweep.of(p)) { SweepRuns.changeRMS($0, step: t - 1, layer: layer) }
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
            panels.append(PanelData(title: "\(p.rawValue): size at init, t = 1", xLabel: "width n", yLabel: "RMS of activations",
                                    xScale: .log2, yScale: .log10, series: initial, slopeTriangle: nil, colorBarRange: nil, colorBarLabel: nil, legend: false))
        }
        return Aggregate(figure: FigureData(id: figure.id, rows: max(sweep.parametrizations.count, 1), columns: 3, sharedY: false, panels: panels),
                         measurements: Measurements())
    }

    static func lossCurves(_ figure: FigureSpec, _ sweep: SweepRuns) -> Aggregate {
        let panels = sweep.parametrizations.map { p -> PanelData in
            let series = sweep.widths.map { width -> SeriesData in
                let selected = sweep.of(p).filter { $0.configuration.architecture.width == width }
                // The scheduled steps: a diverged run's missing ones show where it diverged.
                let steps = selected.first?.configuration.resolvedMetricSteps ?? []
                let losses = steps.map { step -> Double in
                    let values = selected.compactMap { $0.result.snapshots.first { $0.step == step }?.trainLoss }
                    return values.count == selected.count ? Statistics.mean(values) : .nan
                }
                return SeriesData(label: nil, colorIndex: nil, colorValue: Double(width), x: steps.map { Double($0) + 1 }, y: losses,
                                  lower: nil, upper: nil, marker: nil, style: .solid,
                                  diverged: selected.contains { $0.result.status == .diverged })
            }
            return PanelData(title: p.rawValue, xLabel: "step + 1", yLabel: "training loss", xScale: .log10, yScale: .log10,
                             series: series, slopeTriangle: nil, colorBarRange: widthColorBar(sweep, p), colorBarLabel: "width n", legend: false)
        }
        return Aggregate(figure: FigureData(id: figure.id, rows: 1, columns: max(panels.count, 1), sharedY: true, panels: panels),
                         measurements: Measurements())
    }

    static func learningRateTransfer(_ figure: FigureSpec, _ sweep: SweepRuns) -> Aggregate {
        var best: [BestLearningRate] = []
        let panels = sweep.parametrizations.map { p -> PanelData in
            let series = sweep.widths.map { width -> SeriesData in
                let selected = sweep.of(p).filter { $0.configuration.architecture.width == width }
                let rates = Array(Set(selected.map { Double($0.configuration.learningRate) })).sorted()
                let losses = rates.map { rate -> Double in
                    let values = selected.filter { Double($0.configuration.learningRate) == rate }.map { SweepRuns.snapshot($0, step: nil)?.trainLoss ?? .nan }
                    return values.allSatisfy(\.isFinite) ? Statistics.mean(values) : .nan
                }
                let lowest = zip(rates, losses).enumerated().filter { $0.element.1.isFinite }.min { $0.element.1 < $1.element.1 }
                best.append(BestLearningRate(parametrization: p, optimizer: selected.first?.configuration.optimizer.kind ?? .sgd,
                                             width: width, learningRate: lowest?.element.0,
                                             finalLoss: lowest?.element.1, gridIndex: lowest?.offset))
                return SeriesData(label: nil, colorIndex: nil, colorValue: Double(width), x: rates, y: losses, lower: nil, upper: nil,
                                  marker: .circle, style: .solid, diverged: false)
            }
            return PanelData(title: p.rawValue, xLabel: "learning rate η", yLabel: "final training loss", xScale: .log2, yScale: .log10,
                             series: series, slopeTriangle: nil, colorBarRange: widthColorBar(sweep, p), colorBarLabel: "width n", legend: false)
        }
        return Aggregate(figure: FigureData(id: figure.id, rows: 1, columns: max(panels.count, 1), sharedY: true, panels: panels),
                         measurements: Measurements(bestLearningRates: best))
    }

    /// The colour bar over widths, drawn beside the last panel only.
    static func widthColorBar(_ sweep: SweepRuns, _ p: Parametrization) -> [Double]? {
        p == sweep.parametrizations.last ? [Double(sweep.widths.first ?? 1), Double(sweep.widths.last ?? 2)] : nil
    }
}
