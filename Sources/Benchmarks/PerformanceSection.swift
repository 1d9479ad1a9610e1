import Foundation

/// `docs/performance.md`'s section for one CPU kind, written from `bench report`'s
/// measurements: the tables, and the sentences on the targets generated from the numbers.
public enum PerformanceSection {
    /// The targets of issue 23 the section checks.
    public static let reportBoundTarget = 1.4
    public static let stepTarget = 1.25
    public static let transferTarget = 1.6
    public static let figureTarget = 50.0

    /// The section as Markdown, headed `## <CPU>, <cores> cores (<date>)`.
    public static func markdown(_ m: PerformanceMeasurements, command: String) -> String {
        var lines: [String] = []
        lines.append("## \(m.cpu.name) (\(m.cpu.identification)), \(m.cpu.cores) core\(m.cpu.cores == 1 ? "" : "s") (\(m.date))")
        lines.append("")
        let commit = m.commit.map { ", commit `\(String($0.prefix(12)))`" } ?? ""
        let peers = m.peerVersions.isEmpty ? "" : "; \(m.peerVersions.joined(separator: ", ")) run by the same command"
        lines.append("Measured by `\(command)` (spectral-report \(m.tool)\(commit), OpenBLAS kernel `\(m.blasKernel)`, products `\(m.products)`, "
                     + "\(threads(m.threads))\(peers)), every measurement back to back in one go. "
                     + "A `ratio` column is the other tool's time over ours, per alternation, lowest–highest.")
        if let report = m.report {
            lines.append("")
            let bound = boundSeconds(report, m)
            lines.append("| what | measured |")
            lines.append("|---|---|")
            lines.append("| \(report.quick ? "quick preset" : "full report"), cold (`run \(report.experiment)` into an empty cache; \(report.nodes) nodes, \(report.runs) runs) | \(duration(report.coldSeconds)) |")
            lines.append(String(format: "| its FLOP bound: %.2f TFLOP estimated at %.1f GFLOP/s (square sgemm %d², OpenBLAS, %@) | %@ → **%.2f ×** the bound |",
                                report.flops / 1e12, m.sgemmGFLOPs, m.sgemmSize, threads(m.threads), duration(bound), report.coldSeconds / bound))
            if !report.warmSeconds.isEmpty {
                lines.append(String(format: "| warm rerun, nothing changed (median of %d) | %.3f s (%.3f–%.3f) |", report.warmSeconds.count,
                                    median(report.warmSeconds), report.warmSeconds.min() ?? 0, report.warmSeconds.max() ?? 0))
            }
        }
        if let first = m.steps.first {
            lines.append("")
            lines.append("Training step, MLP \(first.input) → w → w → 10, no biases, ReLU, cross-entropy, batch \(first.batch), plain SGD, "
                         + "\(threads(m.threads)) (`bench train` against `docs/pytorch-train-step.py`, alternated; median ms per step of each):")
            lines.append("")
            lines.append("| width | ours (ms) | PyTorch (ms) | ratio |")
            lines.append("|---:|---|---|---|")
            for step in m.steps {
                lines.append("| \(step.width) | \(list(step.oursMilliseconds, "%.2f")) | \(list(step.peerMilliseconds, "%.2f")) | \(ratioRange(step.peerMilliseconds, step.oursMilliseconds)) |")
            }
        }
        if let transfer = m.transfer {
            lines.append("")
            lines.append("Learning-rate-transfer sweep (\(transfer.runs) runs), cold: ours `run … --only run/transfer/` into an empty cache (wall time, "
                         + "start-up included), PyTorch `docs/pytorch-transfer-sweep.py` with the same widths, rates, seeds and steps (its own timing, "
                         + "the import of torch excluded) evaluating the losses the figure reads, and with `--final-loss-only`; alternated, seconds:")
            lines.append("")
            lines.append("| who | seconds | ratio |")
            lines.append("|---|---|---|")
            lines.append("| ours | \(list(transfer.oursSeconds, "%.1f")) | |")
            if !transfer.peerSeconds.isEmpty {
                lines.append("| PyTorch, the figure's evaluations | \(list(transfer.peerSeconds, "%.1f")) | \(ratioRange(transfer.peerSeconds, transfer.oursSeconds)) |")
                lines.append("| PyTorch, final loss only | \(list(transfer.peerFinalOnlySeconds, "%.1f")) | \(ratioRange(transfer.peerFinalOnlySeconds, transfer.oursSeconds)) |")
            }
        }
        if let figure = m.figure, !figure.oursMilliseconds.isEmpty {
            lines.append("")
            lines.append("Reference figure ([reference-figure.md](reference-figure.md)), `bench plot` against `docs/matplotlib-reference-figure.py`, "
                         + "alternated; median ms per figure of each: ours \(list(figure.oursMilliseconds, "%.2f"))"
                         + (figure.peerMilliseconds.isEmpty ? "." : ", matplotlib \(list(figure.peerMilliseconds, "%.1f")), ratio \(ratioRange(figure.peerMilliseconds, figure.oursMilliseconds))."))
        }
        let verdicts = targetSentences(m)
        if !verdicts.isEmpty {
            lines.append("")
            lines.append("Against the targets (median ratio of the alternations): " + verdicts.joined(separator: "; ") + ".")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The same measurements as `label: value` lines, for reading in a terminal.
    public static func text(_ m: PerformanceMeasurements) -> String {
        var lines = ["\(m.cpu.name) (\(m.cpu.identification)), \(m.cpu.cores) cores, \(m.date); spectral-report \(m.tool), OpenBLAS \(m.blasKernel), products \(m.products), \(threads(m.threads))"]
        if let report = m.report {
            let bound = boundSeconds(report, m)
            lines.append(String(format: "%@ cold: %@ (%d nodes, %d runs); FLOP bound %@ (%.2f TFLOP at %.1f GFLOP/s): %.2f × the bound",
                                report.quick ? "quick preset" : "full report", duration(report.coldSeconds), report.nodes, report.runs,
                                duration(bound), report.flops / 1e12, m.sgemmGFLOPs, report.coldSeconds / bound))
            if !report.warmSeconds.isEmpty { lines.append("warm rerun: \(list(report.warmSeconds, "%.3f")) s") }
        }
        for step in m.steps {
            lines.append("training step width \(step.width): ours \(list(step.oursMilliseconds, "%.2f")) ms"
                         + (step.peerMilliseconds.isEmpty ? "" : ", PyTorch \(list(step.peerMilliseconds, "%.2f")) ms, ratio \(ratioRange(step.peerMilliseconds, step.oursMilliseconds))"))
        }
        if let transfer = m.transfer {
            lines.append("transfer sweep (\(transfer.runs) runs) cold: ours \(list(transfer.oursSeconds, "%.1f")) s"
                         + (transfer.peerSeconds.isEmpty ? "" : ", PyTorch \(list(transfer.peerSeconds, "%.1f")) s (ratio \(ratioRange(transfer.peerSeconds, transfer.oursSeconds))), final loss only \(list(transfer.peerFinalOnlySeconds, "%.1f")) s (ratio \(ratioRange(transfer.peerFinalOnlySeconds, transfer.oursSeconds)))"))
        }
        if let figure = m.figure, !figure.oursMilliseconds.isEmpty {
            lines.append("reference figure: ours \(list(figure.oursMilliseconds, "%.2f")) ms"
                         + (figure.peerMilliseconds.isEmpty ? "" : ", matplotlib \(list(figure.peerMilliseconds, "%.1f")) ms, ratio \(ratioRange(figure.peerMilliseconds, figure.oursMilliseconds))"))
        }
        lines += targetSentences(m)
        return lines.joined(separator: "\n") + "\n"
    }

    /// One sentence per target the measurements reach, met or missed.
    static func targetSentences(_ m: PerformanceMeasurements) -> [String] {
        var sentences: [String] = []
        if let report = m.report, !report.quick {
            let ratio = report.coldSeconds / boundSeconds(report, m)
            sentences.append(String(format: "the full report at %.2f × its FLOP bound %@ the ≤ %.1f × aimed for", ratio, ratio <= reportBoundTarget ? "meets" : "misses", reportBoundTarget))
        }
        for step in m.steps where !step.peerMilliseconds.isEmpty {
            let ratio = medianRatio(step.peerMilliseconds, step.oursMilliseconds)
            sentences.append(String(format: "the training step at width %d, %.2f × PyTorch, %@ the ≥ %.2f ×", step.width, ratio, ratio >= stepTarget ? "meets" : "misses", stepTarget))
        }
        if let transfer = m.transfer, !transfer.peerSeconds.isEmpty {
            let same = medianRatio(transfer.peerSeconds, transfer.oursSeconds)
            let strict = medianRatio(transfer.peerFinalOnlySeconds, transfer.oursSeconds)
            sentences.append(String(format: "the transfer sweep, %.2f × PyTorch with the figure's evaluations and %.2f × with its final loss only, %@ the ≥ %.1f ×",
                                    same, strict, strict >= transferTarget ? "meets" : same >= transferTarget ? "meets (with the figure's evaluations only)" : "misses", transferTarget))
        }
        if let figure = m.figure, !figure.peerMilliseconds.isEmpty {
            let ratio = medianRatio(figure.peerMilliseconds, figure.oursMilliseconds)
            sentences.append(String(format: "the reference figure, %.0f × matplotlib, %@ the ≥ %.0f ×", ratio, ratio >= figureTarget ? "meets" : "misses", figureTarget))
        }
        return sentences
    }

    static func threads(_ count: Int) -> String { "\(count) thread\(count == 1 ? "" : "s")" }

    static func boundSeconds(_ report: PerformanceMeasurements.ReportTiming, _ m: PerformanceMeasurements) -> Double {
        report.flops / (m.sgemmGFLOPs * 1e9)
    }

    /// `2 min 49 s`, or `12.9 s` under a minute.
    static func duration(_ seconds: Double) -> String {
        guard seconds >= 60 else { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        return "\(whole / 60) min \(whole % 60) s"
    }

    static func list(_ values: [Double], _ format: String) -> String {
        values.isEmpty ? "—" : values.map { String(format: format, $0) }.joined(separator: ", ")
    }

    /// `1.41–2.07 ×` over the pairs `peer[i] / ours[i]`.
    static func ratioRange(_ peer: [Double], _ ours: [Double]) -> String {
        let ratios = zip(peer, ours).map { $0 / $1 }
        guard let low = ratios.min(), let high = ratios.max() else { return "—" }
        return low == high || String(format: "%.2f", low) == String(format: "%.2f", high)
            ? String(format: "%.2f ×", low) : String(format: "%.2f–%.2f ×", low, high)
    }

    static func medianRatio(_ peer: [Double], _ ours: [Double]) -> Double {
        median(zip(peer, ours).map { $0 / $1 })
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
