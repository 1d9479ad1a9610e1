import Foundation

/// What a figure's measurements show, in a sentence beside its caption: the trends a
/// caption may not assert, counted or fitted from the figure's own data. (Captions in the
/// experiment file say what to look for and what the theory expects; these sentences say
/// what was measured.)
enum FigureFindings {
    /// The sentence for `ref`'s figure, or nil when its kind has none (the movement
    /// figures' fitted slopes are written by the page itself).
    static func sentence(_ ref: PageRenderer.FigureRef, summary: Summary) -> String? {
        switch ref.spec.kind {
        case .lossCurves: return lossCurves(ref.data, diverged: ref.measurements.divergedRuns)
        case .coordinateCheck: return coordinateCheck(ref.data)
        case .lowRank: return lowRank(ref.measurements.lowRank)
        case .learningRateTransfer:
            let lines = summary.lrTransferShift.compactMap { shift in
                shift.exponent.map { "\(shift.parametrization.rawValue) e = \(Verdicts.interval($0, shift.ci95))\(shift.edgeWidths.isEmpty ? "" : " (an optimum at the grid's edge)")" }
            }
            return lines.isEmpty ? nil : "Measured: the best rate moves like η* ∝ n^e with " + lines.joined(separator: ", ") + " (95% intervals)."
        case .featureMovement, .weightMovement, .parametrizationComparison: return nil
        }
    }

    /// Per panel (parametrization): at how many bins of steps the loss falls with width at
    /// every width, and at how many the widest network is lowest; and how many runs
    /// diverged.
    static func lossCurves(_ data: FigureData, diverged: Int) -> String {
        var parts: [String] = []
        for panel in data.panels {
            let curves = panel.series.filter { $0.colorValue != nil }.sorted { ($0.colorValue ?? 0) < ($1.colorValue ?? 0) }
            guard curves.count >= 2, let bins = curves.map(\.y.count).max(), bins > 0 else { continue }
            var nested = 0, widestBest = 0, compared = 0
            for k in 0..<bins {
                let values = curves.map { k < $0.y.count ? $0.y[k] : .nan }
                guard values.allSatisfy(\.isFinite) else { continue }
                compared += 1
                if zip(values, values.dropFirst()).allSatisfy({ $1 < $0 }) { nested += 1 }
                if let last = values.last, values.dropLast().allSatisfy({ last < $0 }) { widestBest += 1 }
            }
            guard compared > 0 else { continue }
            parts.append("\(panel.title) at \(nested) of \(compared) bins (the widest lowest at \(widestBest))")
        }
        let divergedText = diverged == 0 ? "no run of this figure diverged" : "\(diverged) run\(diverged == 1 ? "" : "s") of this figure diverged (× on the top edge)"
        guard !parts.isEmpty else { return "Measured: \(divergedText)." }
        return "Measured: the loss falls with width at every width under " + parts.joined(separator: "; ") + "; \(divergedText)."
    }

    /// Per parametrization, the fitted width exponent of each layer's change after the
    /// first step.
    static func coordinateCheck(_ data: FigureData) -> String? {
        let panels = data.panels.filter { $0.title.hasSuffix("change since init, t = 1") }
        let parts = panels.compactMap { panel -> String? in
            let slopes = panel.series.compactMap { series -> String? in
                guard let fit = Statistics.logLogSlope(x: series.x, y: series.y), series.y.allSatisfy(\.isFinite) else { return nil }
                return "\((series.label ?? "").replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")) \(Verdicts.interval(fit.slope, fit.ci95))"
            }
            guard !slopes.isEmpty, let name = panel.title.components(separatedBy: ":").first else { return nil }
            return "\(name) " + slopes.joined(separator: ", ")
        }
        return parts.isEmpty ? nil : "Measured width exponents of the change after one step (t = 1, ± 95% interval): " + parts.joined(separator: "; ") + "."
    }

    /// Per activation, the range over batch sizes of the stable rank and of the alignment
    /// with the update's batch, beside a random direction's.
    static func lowRank(_ points: [LowRankPoint]) -> String? {
        func range(_ activation: String, _ quantity: Quantity) -> String? {
            let values = points.filter { $0.activation == activation && $0.quantity == quantity }.map { ($0.value * 100).rounded() / 100 }
            guard let low = values.min(), let high = values.max() else { return nil }
            return low == high ? NumberFormat.plain(low) : "\(NumberFormat.plain(low))–\(NumberFormat.plain(high))"
        }
        let parts = Statistics.ordered(points.map(\.activation)).compactMap { activation -> String? in
            guard let rank = range(activation, .updateStableRank) else { return nil }
            var text = "\(activation): stable rank \(rank)"
            if let aligned = range(activation, .updateBatchAlignment) {
                text += ", alignment with the update's batch \(aligned)"
                if let random = range(activation, .randomAlignment) { text += " against \(random) for a random direction" }
            }
            return text
        }
        return parts.isEmpty ? nil : "Measured over the batch sizes: " + parts.joined(separator: "; ") + "."
    }
}
