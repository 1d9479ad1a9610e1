import Training

/// Figures of movement against width: features, weights, and the parametrizations compared.
extension Aggregator {
    static func featureMovement(_ figure: FigureSpec, _ sweep: SweepRuns) -> Aggregate {
        var exponents: [WidthExponent] = []
        let panels = sweep.parametrizations.map { p in
            PanelData(title: p.rawValue, xLabel: "width n", yLabel: "‖h_l(t) − h_l(0)‖ / ‖h_l(0)‖", xScale: .log2, yScale: .log10,
                      series: movementSeries(sweep, p, .featureMovement, layers: sweep.hiddenLayers(figure), exponents: &exponents) { "h_{\($0)}, t = \($1)" },
                      slopeTriangle: sweep.theorySlope(p, .featureMovement), slopeTriangleFor: "h_{\(sweep.theoryLayer)}", colorBarRange: nil, colorBarLabel: nil, legend: p == sweep.parametrizations.first)
        }
        // The logits' change is measured here too (the figure does not draw it).
        for p in sweep.parametrizations {
            for step in [1, sweep.lastStep] {
                let statistics = SweepRuns.perWidth(sweep.of(p)) { sweep.snapshot($0, atStep: step)?.logitChange }
                if let exponent = sweep.exponent(p, .logitChange, layer: sweep.depth, step: step, statistics) { exponents.append(exponent) }
            }
        }
        return Aggregate(figure: FigureData(id: figure.id, rows: 1, columns: max(panels.count, 1), sharedY: true, panels: panels),
                         measurements: Measurements(exponents: exponents))
    }

    static func parametrizationComparison(_ figure: FigureSpec, _ sweep: SweepRuns) -> Aggregate {
        let layer = figure.layers?.first ?? min(2, sweep.depth - 1)
        var exponents: [WidthExponent] = []
        var series: [SeriesData] = []
        for (k, p) in sweep.parametrizations.enumerated() {
            let statistics = SweepRuns.perWidth(sweep.of(p)) { SweepRuns.snapshot($0, step: 1).flatMap { Quantity.featureMovement.value(in: $0, layer: layer) } }
            if let exponent = sweep.exponent(p, .featureMovement, layer: layer, step: 1, statistics) { exponents.append(exponent) }
            series.append(SeriesData(label: p.rawValue, colorIndex: k, colorValue: nil, x: statistics.x, y: statistics.mean,
                                     lower: statistics.low, upper: statistics.high, marker: markers[k % markers.count],
                                     style: .solid, diverged: statistics.diverged))
        }
        let panel = PanelData(title: "h_{\(layer)} after one step", xLabel: "width n", yLabel: "‖Δh_{\(layer)}‖ / ‖h_{\(layer)}‖",
                              xScale: .log2, yScale: .log10, series: series, slopeTriangle: nil, colorBarRange: nil, colorBarLabel: nil, legend: true)
        return Aggregate(figure: FigureData(id: figure.id, rows: 1, columns: 1, sharedY: false, panels: [panel]),
                         measurements: Measurements(exponents: exponents))
    }

    static func weightMovement(_ figure: FigureSpec, _ sweep: SweepRuns) -> Aggregate {
        var exponents: [WidthExponent] = []
        var panels: [PanelData] = []
        let norms: [(Quantity, String, String)] = [(.weightMovement, "spectral norm", "‖ΔW_l‖_* / ‖W_l‖_*"),
                                                    (.weightMovementFrobenius, "Frobenius norm", "‖ΔW_l‖_F / ‖W_l‖_F")]
        for (quantity, norm, label) in norms {
            for p in sweep.parametrizations {
                let series = movementSeries(sweep, p, quantity, layers: sweep.hiddenLayers(figure), exponents: &exponents) { "W_{\($0)}, t = \($1)" }
                panels.append(PanelData(title: "\(p.rawValue), \(norm)", xLabel: "width n", yLabel: label, xScale: .log2, yScale: .log10,
                                        series: series, slopeTriangle: sweep.theorySlope(p, quantity), slopeTriangleFor: "W_{\(sweep.theoryLayer)}", colorBarRange: nil, colorBarLabel: nil,
                                        legend: panels.isEmpty))
            }
        }
        return Aggregate(figure: FigureData(id: figure.id, rows: 2, columns: max(sweep.parametrizations.count, 1), sharedY: true, panels: panels),
                         measurements: Measurements(exponents: exponents))
    }

    /// A series per layer and per step (after the first update, solid; at the end, dashed)
    /// of `quantity` against width, and the exponent of each.
    static func movementSeries(_ sweep: SweepRuns, _ p: Parametrization, _ quantity: Quantity, layers: [Int],
                               exponents: inout [WidthExponent], label: (Int, Int) -> String) -> [SeriesData] {
        var series: [SeriesData] = []
        for (k, layer) in layers.enumerated() {
            for (s, step) in [1, sweep.lastStep].enumerated() where s == 0 || sweep.lastStep > 1 {
                let statistics = SweepRuns.perWidth(sweep.of(p)) { sweep.snapshot($0, atStep: step).flatMap { quantity.value(in: $0, layer: layer) } }
                if let exponent = sweep.exponent(p, quantity, layer: layer, step: step, statistics) { exponents.append(exponent) }
                series.append(SeriesData(label: label(layer, step), colorIndex: k, colorValue: nil, x: statistics.x, y: statistics.mean,
                                         lower: statistics.low, upper: statistics.high, marker: s == 0 ? .circle : .square,
                                         style: s == 0 ? .solid : .dashed, diverged: statistics.diverged))
            }
        }
        return series
    }
}
