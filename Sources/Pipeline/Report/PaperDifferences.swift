import Foundation
import Training

/// "Where we differ from the paper": each comparison a sentence built from this report's
/// measurements and the paper's values (`PaperValues`), its verb chosen by the numbers, and
/// flagged when the two disagree. A comparison whose measurements the report lacks is left
/// out.
enum PaperDifferences {
    /// One comparison: the sentence, and whether ours differs from the paper's.
    struct Line: Equatable {
        let text: String
        let differs: Bool
    }

    /// How far apart two values may be and still be "the same" for the page's wording: a
    /// tenth, relative (the paper's values are read off its figures, its data set is not
    /// ours).
    static let relativeAgreement = 0.1

    static func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= relativeAgreement * max(abs(a), abs(b)) }

    /// `falls from 3.3 to 1.8`, `stays flat (4.2 → 4.3)`, `rises from … to …`.
    static func trend(_ first: Double, _ last: Double) -> String {
        if same(first, last) { return "stays flat (\(NumberFormat.plain(first)) → \(NumberFormat.plain(last)))" }
        return "\(last < first ? "falls" : "rises") from \(NumberFormat.plain(first)) to \(NumberFormat.plain(last))"
    }

    static func lines(figures: [PageRenderer.FigureRef], summary: Summary) -> [Line] {
        var lines: [Line] = []
        let measured = figures.flatMap(\.measurements.lowRank)
        func ours(_ activation: String, _ quantity: Quantity, _ batch: Int) -> Double? {
            measured.first { $0.activation == activation && $0.quantity == quantity && $0.batch == batch }.map { ($0.value * 100).rounded() / 100 }
        }
        // The stable rank from the smallest to the largest batch the paper reports.
        for activation in ["relu", "tanh"] {
            let paper = PaperValues.lowRank.filter { $0.activation == activation && $0.quantity == .updateStableRank }.sorted { $0.batch < $1.batch }
            guard let first = paper.first, let last = paper.last, first.batch != last.batch,
                  let a = ours(activation, .updateStableRank, first.batch), let b = ours(activation, .updateStableRank, last.batch) else { continue }
            let ourTrend = trend(a, b), paperTrend = trend(first.value, last.value)
            let differs = ourTrend.prefix(4) != paperTrend.prefix(4) || !same(b, last.value)
            lines.append(Line(text: "Stable rank of one update, \(activation), from B = \(first.batch) to \(last.batch): ours \(ourTrend); the paper's \(paperTrend).",
                              differs: differs))
        }
        // The alignment with the update's batch at the largest batch.
        for activation in ["relu", "tanh"] {
            guard let paper = PaperValues.lowRank.filter({ $0.activation == activation && $0.quantity == .updateBatchAlignment }).max(by: { $0.batch < $1.batch }),
                  let value = ours(activation, .updateBatchAlignment, paper.batch) else { continue }
            let random = ours(activation, .randomAlignment, paper.batch).map { " (a random direction: \(NumberFormat.plain($0)))" } ?? ""
            lines.append(Line(text: "Alignment with the update's batch, \(activation), at B = \(paper.batch): ours \(NumberFormat.plain(value))\(random); the paper's \(NumberFormat.plain(paper.value)).",
                              differs: !same(value, paper.value)))
        }
        // Tuned final loss: standard against spectral at their best rates.
        let standard = summary.lrTransfer.filter { $0.parametrization == .standard }
        let spectral = summary.lrTransfer.filter { $0.parametrization == .spectral }
        let pairs = standard.compactMap { s -> (Int, Double, Double)? in
            guard let a = s.finalLoss, let b = spectral.first(where: { $0.width == s.width })?.finalLoss, a.isFinite, b.isFinite else { return nil }
            return (s.width, a, b)
        }
        if let widest = pairs.max(by: { $0.0 < $1.0 }) {
            let standardBetter = pairs.filter { $0.1 < $0.2 }.count
            lines.append(Line(text: "Final training loss at each parametrization's best rate: the standard parametrization's is lower at \(standardBetter) of "
                                  + "\(pairs.count) widths (at \(widest.0): \(NumberFormat.plain(widest.1)) against the spectral \(NumberFormat.plain(widest.2))); "
                                  + PaperValues.tunedLossClaim,
                              differs: widest.1 < widest.2))
        }
        // How far features move per step under Adam with the spectral rule.
        if let adam = adamFeatureMovement(figures) {
            let text = "Hidden features under Adam with the spectral rule move \(percent(adam.low))–\(percent(adam.high)) of their size after one step "
                + "(layer \(adam.layer), over widths): Θ(1) in width, but small; the paper's feature movement under the spectral parametrization is "
                + "\(NumberFormat.plain(PaperValues.featureMovement.low))–\(NumberFormat.plain(PaperValues.featureMovement.high)) (SGD, after training)."
            lines.append(Line(text: text, differs: adam.high < PaperValues.featureMovement.low))
        }
        return lines
    }

    static func percent(_ v: Double) -> String { String(format: v < 0.1 ? "%.1f %%" : "%.0f %%", v * 100) }

    /// The spectral parametrization's hidden feature movement after one Adam step, lowest
    /// and highest over widths, at the layer the verdicts read.
    static func adamFeatureMovement(_ figures: [PageRenderer.FigureRef]) -> (low: Double, high: Double, layer: Int)? {
        for ref in figures where ref.spec.kind == .featureMovement {
            guard ref.measurements.exponents.contains(where: { $0.optimizer == .adam && $0.parametrization == .spectral }),
                  let layer = Measurements.headlineLayer(of: .spectral, in: ref.measurements.exponents),
                  let panel = ref.data.panels.first(where: { $0.title == Parametrization.spectral.rawValue }),
                  let series = panel.series.first(where: { $0.label == "h_{\(layer)}, t = 1" }) else { continue }
            let values = series.y.filter(\.isFinite)
            if let low = values.min(), let high = values.max() { return (low, high, layer) }
        }
        return nil
    }
}
