import Foundation
import Training

/// Turns run results into figure data and fitted slopes.
public enum Aggregator {
    /// A finished run with what decided it.
    public struct Run: Sendable {
        public let configuration: RunConfiguration
        public let result: RunResult
        public init(configuration: RunConfiguration, result: RunResult) {
            self.configuration = configuration
            self.result = result
        }
    }

    /// The snapshot at `step`, or the last one for `step == nil`; nil if the run diverged
    /// before reaching it.
    static func snapshot(_ run: Run, step: Int?) -> MetricsSnapshot? {
        if let step { return run.result.snapshots.first { $0.step == step } }
        guard run.result.status == .completed else { return nil }
        return run.result.snapshots.last
    }

    /// Mean, minimum and maximum over seeds of `value` for the runs at each width.
    static func perWidth(_ runs: [Run], _ value: (Run) -> Double?) -> (x: [Double], mean: [Double], low: [Double], high: [Double], diverged: Bool) {
        let widths = Array(Set(runs.map { $0.configuration.architecture.width })).sorted()
        var mean: [Double] = [], low: [Double] = [], high: [Double] = [], diverged = false
        for width in widths {
            let values = runs.filter { $0.configuration.architecture.width == width }.map { value($0) ?? .nan }
            if values.contains(where: { !$0.isFinite }) { diverged = true }
            let finite = values.filter(\.isFinite)
            mean.append(finite.count == values.count ? Statistics.mean(finite) : .nan)
            low.append(finite.min() ?? .nan)
            high.append(finite.max() ?? .nan)
        }
        return (widths.map(Double.init), mean, low, high, diverged)
    }

    static let markers = ["circle", "square", "triangle-up", "diamond", "triangle-down", "star"]

    /// The data of `figure`, from the runs of its sweep.
    public static func figureData(_ figure: FigureSpec, runs: [Run]) -> FigureData {
        let parametrizations = ordered(runs.map(\.configuration.parametrization))
        let depth = runs.first?.configuration.architecture.depth ?? 3
        let hidden = figure.layers ?? Array(1..<max(depth, 2))
        let lastStep = runs.map(\.configuration.steps).max() ?? 1
        func of(_ p: Parametrization) -> [Run] { runs.filter { $0.configuration.parametrization == p } }
        var slopes: [FittedSlope] = []

        func movementSeries(_ p: Parametrization, quantity: String, label: (Int, Int) -> String, layers: [Int], value: @escaping (MetricsSnapshot, Int) -> Double?) -> [SeriesData] {
            var series: [SeriesData] = []
            for (k, layer) in layers.enumerated() {
                for (s, step) in [1, lastStep].enumerated() where s == 0 || lastStep > 1 {
                    let stats = perWidth(of(p)) { run in snapshot(run, step: step == lastStep ? nil : step).flatMap { value($0, layer) } }
                    if let fit = Statistics.logLogSlope(x: stats.x, y: stats.mean) {
                        slopes.append(FittedSlope(parametrization: p.rawValue, quantity: quantity, layer: layer, step: step,
                                                  slope: fit.slope, ci95: fit.ci95, theory: Theory.exponent(p, quantity: quantity, layer: layer, depth: depth), points: fit.points))
                    }
                    series.append(SeriesData(label: label(layer, step), colorIndex: k, colorValue: nil, x: stats.x, y: stats.mean,
                                             lower: stats.low, upper: stats.high, marker: s == 0 ? "circle" : "square",
                                             style: s == 0 ? "solid" : "dashed", diverged: stats.diverged))
                }
            }
            return series
        }

        switch figure.kind {
        case .featureMovement, .parametrizationComparison:
            let feature: (MetricsSnapshot, Int) -> Double? = { snap, l in snap.layers.first { $0.layer == l }?.featureMovement }
            if figure.kind == .parametrizationComparison {
                let layer = figure.layers?.first ?? min(2, depth - 1)
                var series: [SeriesData] = []
                for (k, p) in parametrizations.enumerated() {
                    let stats = perWidth(of(p)) { snapshot($0, step: 1).flatMap { feature($0, layer) } }
                    if let fit = Statistics.logLogSlope(x: stats.x, y: stats.mean) {
                        slopes.append(FittedSlope(parametrization: p.rawValue, quantity: "feature_movement", layer: layer, step: 1, slope: fit.slope, ci95: fit.ci95,
                                                  theory: Theory.exponent(p, quantity: "feature_movement", layer: layer, depth: depth), points: fit.points))
                    }
                    series.append(SeriesData(label: p.rawValue, colorIndex: k, colorValue: nil, x: stats.x, y: stats.mean, lower: stats.low, upper: stats.high,
                                             marker: markers[k % markers.count], style: "solid", diverged: stats.diverged))
                }
                return FigureData(id: figure.id, rows: 1, columns: 1, sharedY: false, panels: [PanelData(
                    title: "h_{\(layer)} after one step", xLabel: "width n", yLabel: "‖Δh_{\(layer)}‖ / ‖h_{\(layer)}‖",
                    xScale: "log2", yScale: "log10", series: series, slopeTriangle: nil, colorBarRange: nil, colorBarLabel: nil, legend: true)],
                    slopes: slopes)
            }
            let panels = parametrizations.map { p in
                PanelData(title: p.rawValue, xLabel: "width n", yLabel: "‖h_l(t) − h_l(0)‖ / ‖h_l(0)‖", xScale: "log2", yScale: "log10",
                          series: movementSeries(p, quantity: "feature_movement", label: { "h_{\($0)}, t = \($1)" }, layers: hidden, value: feature),
                          slopeTriangle: 0.5, colorBarRange: nil, colorBarLabel: nil, legend: p == parametrizations.first)
            }
            let logitPanels: [FittedSlope] = parametrizations.flatMap { p -> [FittedSlope] in
                [1, lastStep].compactMap { step in
                    let stats = perWidth(of(p)) { snapshot($0, step: step == lastStep ? nil : step)?.logitChange }
                    return Statistics.logLogSlope(x: stats.x, y: stats.mean).map {
                        FittedSlope(parametrization: p.rawValue, quantity: "logit_change", layer: depth, step: step, slope: $0.slope, ci95: $0.ci95,
                                    theory: Theory.exponent(p, quantity: "logit_change", layer: depth, depth: depth), points: $0.points)
                    }
                }
            }
            return FigureData(id: figure.id, rows: 1, columns: max(panels.count, 1), sharedY: true, panels: panels, slopes: slopes + logitPanels)
        case .weightMovement:
            var panels: [PanelData] = []
            for (quantity, name) in [("weight_movement", "‖ΔW_l‖_* / ‖W_l‖_*"), ("weight_movement_frobenius", "‖ΔW_l‖_F / ‖W_l‖_F")] {
                for p in parametrizations {
                    let value: (MetricsSnapshot, Int) -> Double? = { snap, l in
                        let layer = snap.layers.first { $0.layer == l }
                        return quantity == "weight_movement" ? layer?.weightMovement : layer?.weightMovementFrobenius
                    }
                    panels.append(PanelData(
                        title: "\(p.rawValue), \(quantity == "weight_movement" ? "spectral norm" : "Frobenius norm")", xLabel: "width n", yLabel: name,
                        xScale: "log2", yScale: "log10",
                        series: movementSeries(p, quantity: quantity, label: { "W_{\($0)}, t = \($1)" }, layers: hidden, value: value),
                        slopeTriangle: 0.5, colorBarRange: nil, colorBarLabel: nil, legend: panels.isEmpty))
                }
            }
            return FigureData(id: figure.id, rows: 2, columns: max(parametrizations.count, 1), sharedY: true, panels: panels, slopes: slopes)
        case .lowRank:
            let layer = figure.layers?.first ?? min(2, depth)
            let activations = ordered(runs.map(\.configuration.architecture.activation))
            var panels: [PanelData] = []
            for (quantity, title) in [("stable rank", "stable rank ‖ΔW‖_F² / ‖ΔW‖_*²"), ("alignment", "alignment ‖ΔW h‖ / (‖ΔW‖_* ‖h‖)")] {
                var series: [SeriesData] = []
                for (k, activation) in activations.enumerated() {
                    let selected = runs.filter { $0.configuration.architecture.activation == activation }
                    let batches = Array(Set(selected.map(\.configuration.batchSize))).sorted()
                    var ys: [Double] = [], lows: [Double] = [], highs: [Double] = []
                    for batch in batches {
                        let values = selected.filter { $0.configuration.batchSize == batch }.compactMap { run -> Double? in
                            let update = snapshot(run, step: 1)?.layers.first { $0.layer == layer }
                            return quantity == "stable rank" ? update?.updateStableRank : update?.updateAlignment
                        }
                        ys.append(Statistics.mean(values)); lows.append(values.min() ?? .nan); highs.append(values.max() ?? .nan)
                    }
                    series.append(SeriesData(label: activation.rawValue, colorIndex: k, colorValue: nil, x: batches.map(Double.init), y: ys,
                                             lower: lows, upper: highs, marker: markers[k % markers.count], style: "solid", diverged: false))
                }
                panels.append(PanelData(title: title, xLabel: "batch size", yLabel: quantity, xScale: "log10", yScale: "linear",
                                        series: series, slopeTriangle: nil, colorBarRange: nil, colorBarLabel: nil, legend: panels.isEmpty))
            }
            return FigureData(id: figure.id, rows: 1, columns: 2, sharedY: false, panels: panels, slopes: [])
        case .coordinateCheck:
            var panels: [PanelData] = []
            for p in parametrizations {
                for t in 1...3 {
                    var series: [SeriesData] = []
                    for layer in 1...depth {
                        let stats = perWidth(of(p)) { snapshot($0, step: t - 1)?.layers.first { $0.layer == layer }?.activationRMS }
                        series.append(SeriesData(label: layer == depth ? "logits" : "h_{\(layer)}", colorIndex: layer - 1, colorValue: nil,
                                                 x: stats.x, y: stats.mean, lower: nil, upper: nil, marker: "circle", style: "solid", diverged: stats.diverged))
                    }
                    panels.append(PanelData(title: "\(p.rawValue), t = \(t)", xLabel: "width n", yLabel: "RMS of activations", xScale: "log2", yScale: "log10",
                                            series: series, slopeTriangle: nil, colorBarRange: nil, colorBarLabel: nil, legend: panels.isEmpty))
                }
            }
            return FigureData(id: figure.id, rows: max(parametrizations.count, 1), columns: 3, sharedY: true, panels: panels, slopes: [])
        case .lossCurves:
            let widths = Array(Set(runs.map { $0.configuration.architecture.width })).sorted()
            let panels = parametrizations.map { p -> PanelData in
                let series = widths.map { width -> SeriesData in
                    let selected = of(p).filter { $0.configuration.architecture.width == width }
                    let steps = selected.first?.result.snapshots.map(\.step) ?? []
                    let ys = steps.map { step -> Double in
                        let values = selected.compactMap { $0.result.snapshots.first { $0.step == step }?.trainLoss }
                        return values.count == selected.count ? Statistics.mean(values) : .nan
                    }
                    let diverged = selected.contains { $0.result.status == .diverged }
                    return SeriesData(label: nil, colorIndex: nil, colorValue: Double(width), x: steps.map { Double($0) + 1 }, y: ys,
                                      lower: nil, upper: nil, marker: nil, style: "solid", diverged: diverged)
                }
                return PanelData(title: p.rawValue, xLabel: "step + 1", yLabel: "training loss", xScale: "log10", yScale: "log10",
                                 series: series, slopeTriangle: nil,
                                 colorBarRange: p == parametrizations.last ? [Double(widths.first ?? 1), Double(widths.last ?? 2)] : nil,
                                 colorBarLabel: "width n", legend: false)
            }
            return FigureData(id: figure.id, rows: 1, columns: max(panels.count, 1), sharedY: true, panels: panels, slopes: [])
        case .learningRateTransfer:
            let widths = Array(Set(runs.map { $0.configuration.architecture.width })).sorted()
            let panels = parametrizations.map { p -> PanelData in
                let series = widths.map { width -> SeriesData in
                    let selected = of(p).filter { $0.configuration.architecture.width == width }
                    let rates = Array(Set(selected.map { Double($0.configuration.learningRate) })).sorted()
                    let ys = rates.map { rate -> Double in
                        let values = selected.filter { Double($0.configuration.learningRate) == rate }.map { snapshot($0, step: nil)?.trainLoss ?? .nan }
                        return values.allSatisfy(\.isFinite) ? Statistics.mean(values) : .nan
                    }
                    return SeriesData(label: nil, colorIndex: nil, colorValue: Double(width), x: rates, y: ys, lower: nil, upper: nil,
                                      marker: "circle", style: "solid", diverged: false)
                }
                return PanelData(title: p.rawValue, xLabel: "learning rate η", yLabel: "final training loss", xScale: "log2", yScale: "log10",
                                 series: series, slopeTriangle: nil,
                                 colorBarRange: p == parametrizations.last ? [Double(widths.first ?? 1), Double(widths.last ?? 2)] : nil,
                                 colorBarLabel: "width n", legend: false)
            }
            return FigureData(id: figure.id, rows: 1, columns: max(panels.count, 1), sharedY: true, panels: panels, slopes: [])
        }
    }

    /// Unique values in first-seen order.
    static func ordered<T: Hashable>(_ values: [T]) -> [T] {
        var seen = Set<T>()
        return values.filter { seen.insert($0).inserted }
    }
}
