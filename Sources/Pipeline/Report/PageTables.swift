import Foundation
import Training

/// The parts of a page built from the plan and the summary rather than from prose: what was
/// run, and the exponents table pivoted as a reader compares parametrizations.
enum PageTables {
    /// One sweep as the page describes it: what was run, from the plan.
    struct SweepLine: Encodable, Equatable, Sendable {
        let name: String
        let parametrizations: [String]
        let widths: [Int]
        let learningRates: [Double]
        let batches: [Int]
        let activations: [String]
        let seeds, steps, runs: Int
        /// Inputs per example, d.
        let inputDimension: Int
        let optimizer, dataset: String

        init(_ sweep: SweepSpec, runs: Int) {
            let s = sweep.settings
            name = sweep.name
            parametrizations = sweep.parametrizations.map(\.rawValue)
            widths = sweep.widths.sorted()
            learningRates = sweep.runLearningRates
            batches = sweep.runBatchSizes
            activations = sweep.runActivations.map(\.rawValue)
            seeds = s.seeds
            steps = s.steps
            self.runs = runs
            inputDimension = s.inputDimension
            optimizer = s.optimizer.rawValue
            dataset = s.dataset
        }

        /// `standard, ntk, spectral · widths 64–1024 (5) · 10 SGD steps at rate 0.5, batch 64 · 2 seeds · 30 runs`.
        var text: String {
            func list<T>(_ values: [T], _ name: String, _ plural: String, _ format: (T) -> String) -> String {
                values.count == 1 ? "\(name) \(format(values[0]))" : "\(plural) \(format(values.first!))–\(format(values.last!)) (\(values.count))"
            }
            let rates = list(learningRates.sorted(), "rate", "rates") { NumberFormat.plain($0) }
            let batch = list(batches.sorted(), "batch", "batches") { String($0) }
            let optimizerName = optimizer == "sgd" ? "SGD" : "Adam"
            return "\(parametrizations.joined(separator: ", ")) · \(list(widths, "width", "widths") { String($0) }) · \(steps) \(optimizerName) step\(steps == 1 ? "" : "s"), \(rates), "
                + "\(batch) · \(activations.joined(separator: ", ")) · \(dataset) data · \(seeds) seed\(seeds == 1 ? "" : "s") · \(runs) runs"
        }
    }

    /// One row per parametrization and optimizer: the exponent of `quantity` (features or
    /// weights in spectral norm) after one step and at the end, at the headline layer,
    /// beside the theory's.
    static func exponentRows(_ summary: Summary, quantity: Quantity) -> [ExponentRow] {
        var rows: [ExponentRow] = []
        for p in Parametrization.inPaperOrder(summary.exponents.map(\.parametrization)) {
            for optimizer in OptimizerKind.allCases {
                let own = summary.exponents.filter { $0.parametrization == p && $0.optimizer == optimizer }
                guard !own.isEmpty, let layer = Measurements.headlineLayer(of: p, in: own) else { continue }
                let candidates = own.filter { $0.quantity == quantity && $0.layer == layer }
                guard let first = candidates.first(where: { $0.step == 1 }) else { continue }
                // As the verdicts write it, so a table and its verdict show the same interval.
                func text(_ exponent: WidthExponent) -> String { Verdicts.interval(exponent.slope, exponent.ci95) }
                let end = candidates.max(by: { $0.step < $1.step }).flatMap { $0.step > 1 ? text($0) : nil } ?? "—"
                rows.append(ExponentRow(parametrization: p.rawValue, optimizer: optimizer.rawValue, layer: layer, first: text(first), end: end,
                                        theory: first.theory.map(NumberFormat.exponent) ?? "—"))
            }
        }
        return rows
    }

    /// The per-layer diagnosis as rows: one per parametrization, optimizer and layer, a
    /// cell per quantity and step (`+0.47 ✓`).
    static func diagnosisRows(_ diagnosis: [LayerDiagnosis]) -> [DiagnosisRow] {
        var rows: [DiagnosisRow] = []
        for p in Parametrization.inPaperOrder(diagnosis.map(\.parametrization)) {
            for optimizer in OptimizerKind.allCases {
                let own = diagnosis.filter { $0.parametrization == p && $0.optimizer == optimizer }
                for layer in Array(Set(own.map(\.layer))).sorted() {
                    let lines = own.filter { $0.layer == layer }
                    guard let first = lines.first else { continue }
                    let lastStep = lines.map(\.step).max() ?? 1
                    func cell(_ quantity: LayerDiagnosis.Measure, _ step: Int) -> String {
                        guard let line = lines.first(where: { $0.quantity == quantity && $0.step == step }) else { return "—" }
                        return "\(NumberFormat.signed(line.slope)) \(line.pass ? "✓" : "✗")"
                    }
                    let weightTarget = Diagnosis.target(.weightNorm, first.layerKind)
                    let pass = lines.allSatisfy(\.pass)
                    rows.append(DiagnosisRow(
                        parametrization: p.rawValue, optimizer: optimizer.rawValue, layer: layer, kind: first.layerKind.rawValue,
                        target: "\(weightTarget > 0 ? "+" : "")\(NumberFormat.exponent(weightTarget)), 0",
                        weight: cell(.weightNorm, 0), updateFirst: cell(.updateNorm, 1), updateEnd: lastStep > 1 ? cell(.updateNorm, lastStep) : "—",
                        featureFirst: cell(.featureChange, 1), featureEnd: lastStep > 1 ? cell(.featureChange, lastStep) : "—",
                        pass: pass, class: pass ? "pass" : "fail"))
                }
            }
        }
        return rows
    }

    static func order(_ quantity: LayerDiagnosis.Measure) -> Int { LayerDiagnosis.Measure.allCases.firstIndex(of: quantity) ?? 0 }

    /// What to change: every miss of the diagnosis at initialisation and after the first
    /// step, in words (the scheme's scaling shows there; misses at the end of training are
    /// in the table and `summary.json`).
    static func diagnosisFixes(_ diagnosis: [LayerDiagnosis]) -> [String] {
        let misses = diagnosis.filter { !$0.pass && ($0.fix != nil || $0.consequence != nil) && $0.step <= 1 }
        return Parametrization.inPaperOrder(misses.map(\.parametrization)).flatMap { p in
            OptimizerKind.allCases.flatMap { optimizer in
                misses.filter { $0.parametrization == p && $0.optimizer == optimizer }
                    .sorted { ($0.step, $0.layer, order($0.quantity)) < ($1.step, $1.layer, order($1.quantity)) }
                    .map { line in
                        let when = line.step == 0 ? "at initialisation" : "after one step"
                        return "\(p.rawValue) (\(optimizer.rawValue)), \(when): \(line.fix ?? Diagnosis.consequenceText(line) ?? "")"
                    }
            }
        }
    }

    /// Every seed's optimum at one width, `0.42, 0.47` (with "at the grid's edge" when one
    /// is), or an em dash.
    static func seedOptimaText(_ transfer: Summary.Transfer) -> String {
        guard !transfer.seedOptima.isEmpty else { return "—" }
        return transfer.seedOptima.map { NumberFormat.plain($0) }.joined(separator: ", ") + (transfer.optimumAtEdge ? " (at the grid's edge)" : "")
    }

    /// One sentence per parametrization: the fitted width exponent of the best rate.
    static func transferExponentLines(_ shifts: [Summary.TransferShift]) -> [String] {
        shifts.compactMap { shift in
            guard let exponent = shift.exponent else { return nil }
            let edge = shift.edgeWidths.isEmpty ? "" : "; " + Verdicts.edgeNote(shift.edgeWidths)
            return "\(shift.parametrization.rawValue) (\(shift.optimizer.rawValue)): η* ∝ n^e with e = \(Verdicts.interval(exponent, shift.ci95)) "
                + "(95% interval, fitted to \(shift.points) optima of seeds and widths; the grid's best rate moves \(shift.gridSteps) "
                + "grid step\(shift.gridSteps == 1 ? "" : "s") across widths\(edge))"
        }
    }

    /// Why the input layer's weight norm bends below its target exponent +½ at finite widths,
    /// with the numbers: a Gaussian `n × d` matrix with entries of variance `1/d` has
    /// `‖W‖_* ≈ (√n + √d)/√d` (Bai–Yin), not `√(n/d)`, and the slope of that over the
    /// diagnosed sweep's widths is what a correct initialisation measures. Nil without an
    /// input layer's record.
    static func inputLayerNote(_ diagnosis: [LayerDiagnosis], sweeps: [SweepLine]) -> String? {
        let records = diagnosis.filter { $0.layerKind == .input && $0.quantity == .weightNorm && $0.step == 0 }
        guard let first = records.first, let sweep = sweeps.first(where: { $0.name == first.sweep }), sweep.widths.count >= 2 else { return nil }
        let d = Double(sweep.inputDimension)
        let widths = sweep.widths.map(Double.init)
        guard let expected = Statistics.logLogSlope(x: widths, y: widths.map { $0.squareRoot() + d.squareRoot() }) else { return nil }
        let measured = Parametrization.inPaperOrder(records.map(\.parametrization)).compactMap { p in
            records.first { $0.parametrization == p }.map { "\(p.rawValue) \(NumberFormat.signed($0.slope))" }
        }
        return "The input layer's ‖W_1‖_* bends below its target exponent +½ at these widths: a Gaussian n × d matrix with entries of variance 1/d "
            + "has ‖W‖_* ≈ (√n + √d)/√d (Bai–Yin), not √(n/d), so over widths \(sweep.widths.first ?? 0)–\(sweep.widths.last ?? 0) with d = \(sweep.inputDimension) "
            + "a correct initialisation measures a slope of \(NumberFormat.signed(expected.slope)), not +0.50 (W_1 is square at n = d). "
            + "Measured: \(measured.joined(separator: ", "))."
    }
}
