import Foundation
import Testing
@testable import Pipeline
import TestSupport

/// Every table of the page, recomputed from the report's CSV files alone with the rules the
/// page and `docs/science.md` state — nothing from the tool but the files it wrote: the
/// verdicts (interval test), the width exponents, learning-rate transfer (best rate per
/// width, every seed's refined optimum, the best rate's width exponent) and the comparison
/// with the paper, the per-layer diagnosis and the prescriptions' before/after records
/// (`RecomputeFromCSVTests+Diagnosis.swift`).
@Suite("Every table of the page, recomputed from the CSVs")
struct RecomputeFromCSVTests {
    static let experiment = TinyExperiment.toml(seeds: 2, extra: """

        [sweeps.transfer]
        parametrizations = ["standard", "spectral"]
        widths = [8, 16, 32]
        learning_rates = [0.0625, 0.25, 1.0, 4.0, 16.0]
        steps = 4
        weight_metrics = false

        [sweeps.lowrank]
        parametrizations = ["spectral"]
        widths = [16]
        batch_sizes = [10, 40]
        activations = ["relu", "tanh"]
        steps = 1
        train_examples = 128

        [[figures]]
        id = "weights"
        kind = "weight_movement"
        sweep = "movement"

        [[figures]]
        id = "lr-transfer"
        kind = "lr_transfer"
        sweep = "transfer"

        [[figures]]
        id = "low-rank"
        kind = "low_rank"
        sweep = "lowrank"

        [[tables]]
        id = "exponents"
        kind = "exponents"

        [[tables]]
        id = "transfer"
        kind = "lr_transfer"
        """)

    /// A CSV reader for the report's files (quoted fields allowed).
    static func read(_ url: URL) throws -> [[String: String]] {
        func fields(_ line: Substring) -> [String] {
            var out: [String] = [], field = "", quoted = false
            var characters = line.makeIterator()
            while let c = characters.next() {
                if quoted {
                    if c == "\"" { quoted = false } else { field.append(c) }
                } else if c == "\"" { quoted = true } else if c == "," { out.append(field); field = "" } else { field.append(c) }
            }
            return out + [field]
        }
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        guard let header = lines.first.map(fields) else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, fields($0))) }
    }

    /// Least squares of ln y on ln x with the 95% half-width (Student's t, n − 2 degrees of
    /// freedom), as the data dictionary describes it.
    static func fit(_ points: [(x: Double, y: Double)]) -> (slope: Double, ci95: Double)? {
        let p = points.filter { $0.x > 0 && $0.y > 0 }.map { (log($0.x), log($0.y)) }
        guard p.count >= 2 else { return nil }
        let n = Double(p.count), mx = p.map(\.0).reduce(0, +) / n, my = p.map(\.1).reduce(0, +) / n
        let sxx = p.map { ($0.0 - mx) * ($0.0 - mx) }.reduce(0, +)
        guard sxx > 0 else { return nil }
        let slope = p.map { ($0.0 - mx) * ($0.1 - my) }.reduce(0, +) / sxx
        guard p.count > 2 else { return (slope, .infinity) }
        let t: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086]
        let residual = p.map { pow($0.1 - my - slope * ($0.0 - mx), 2) }.reduce(0, +)
        let k = p.count - 2
        return (slope, (k <= t.count ? t[k - 1] : 1.96 + 2.4 / Double(k)) * (residual / (n - 2) / sxx).squareRoot())
    }

    /// The verdict rule of `docs/science.md`: the interval against the band e ± 0.1 and the
    /// rivals' bands.
    static func outcome(_ value: Double, _ ci: Double, band: (Double, Double), rivals: [(Double, Double)]) -> String {
        let low = value - ci, high = value + ci
        func overlaps(_ b: (Double, Double)) -> Bool { high >= b.0 - 1e-9 && low <= b.1 + 1e-9 }
        guard overlaps(band) else { return "inconsistent" }
        return !ci.isFinite || rivals.contains(where: overlaps) ? "inconclusive" : "consistent"
    }

    /// The refined optimum of one loss curve: the parabola through the best rate and its
    /// neighbours, ln loss against log₂ rate.
    static func optimum(_ curve: [(rate: Double, loss: Double)]) -> (rate: Double, edge: Bool)? {
        let finite = curve.indices.filter { curve[$0].loss.isFinite }
        guard let k = finite.min(by: { curve[$0].loss < curve[$1].loss }) else { return nil }
        if k == 0 || k == curve.count - 1 { return (curve[k].rate, true) }
        let x = [k - 1, k, k + 1].map { log2(curve[$0].rate) }, y = [k - 1, k, k + 1].map { log(curve[$0].loss) }
        guard y.allSatisfy(\.isFinite) else { return (curve[k].rate, false) }
        let num = (x[1] - x[0]) * (x[1] - x[0]) * (y[1] - y[2]) - (x[1] - x[2]) * (x[1] - x[2]) * (y[1] - y[0])
        let den = (x[1] - x[0]) * (y[1] - y[2]) - (x[1] - x[2]) * (y[1] - y[0])
        return (exp2(min(max(x[1] - 0.5 * num / den, x[0]), x[2])), false)
    }

    static func signed(_ v: Double) -> String {
        let text = String(format: "%+.2f", v)
        return Double(text) == 0 ? String(text.dropFirst()) : text.replacingOccurrences(of: "-", with: "−")
    }

    @Test func everyTableOfThePageFollowsFromTheCSVs() throws {
        let root = try PipelineFixtures.workspace(Self.experiment)
        #expect(try PipelineFixtures.execute(root).failed == 0)
        let data = root.appendingPathComponent("output/tiny/data")
        let runs = try Self.read(data.appendingPathComponent("runs.csv"))
        let page = try String(contentsOf: root.appendingPathComponent("output/tiny/report.md"), encoding: .utf8)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: data.appendingPathComponent("summary.json"))) as? [String: Any])
        // The experiment file as run is beside the data.
        #expect(try Data(contentsOf: data.appendingPathComponent("experiment.toml")) == Data(Self.experiment.utf8))

        // Width exponents: every one of summary.json, slope and interval, from runs.csv.
        // A diverged run (status column) has no value at its last step.
        var lastStep: [String: Int] = [:]
        for row in runs where row["quantity"] == "train_loss" { lastStep[row["run"] ?? ""] = max(lastStep[row["run"] ?? ""] ?? 0, Int(row["step"] ?? "") ?? 0) }
        func exponent(sweep: String, _ p: String, _ quantity: String, layer: Int?, step: Int) -> (slope: Double, ci95: Double)? {
            var byWidth: [Double: [Double]] = [:]
            for row in runs where row["sweep"] == sweep && row["parametrization"] == p && row["quantity"] == quantity && row["step"] == String(step)
                && (layer == nil || row["layer"] == String(layer!)) {
                let diverged = row["status"] == "diverged" && lastStep[row["run"] ?? ""] == step
                byWidth[Double(row["width"] ?? "") ?? 0, default: []].append(diverged ? .nan : Double(row["value"] ?? "") ?? .nan)
            }
            return Self.fit(byWidth.map { ($0.key, $0.value.reduce(0, +) / Double($0.value.count)) })
        }
        let exponents = summary["exponents"] as? [[String: Any]] ?? []
        #expect(exponents.count >= 8)
        for e in exponents {
            let quantity = e["quantity"] as? String ?? "", p = e["parametrization"] as? String ?? ""
            let step = e["step"] as? Int ?? 0, layer = e["layer"] as? Int ?? 0
            let fitted = try #require(exponent(sweep: "movement", p, quantity, layer: quantity == "logit_change" ? nil : layer, step: step))
            #expect(abs(fitted.slope - (e["slope"] as? Double ?? .nan)) < 2e-4, "\(p) \(quantity) \(layer) \(step)")
            if let ci = e["ci95"] as? Double { #expect(abs(fitted.ci95 - ci) < 2e-4) }
        }

        // Verdicts of the movement: layer 2 after one step, bands of ±0.1, rivals ½ apart.
        let verdicts = summary["verdicts"] as? [[String: Any]] ?? []
        let theory: [String: Double] = ["standard": 0.5, "ntk": -0.5, "spectral": 0]
        var checked = 0
        for p in ["standard", "spectral"] {
            for (quantity, claimStart) in [("feature_movement", "features"), ("weight_movement", "weights")] {
                let fitted = try #require(exponent(sweep: "movement", p, quantity, layer: 2, step: 1))
                let e = theory[p] ?? 0
                let rivals = theory.values.filter { $0 != e }.map { ($0 - 0.1, $0 + 0.1) }
                let expected = Self.outcome(fitted.slope, fitted.ci95, band: (e - 0.1, e + 0.1), rivals: rivals)
                let verdict = try #require(verdicts.first { $0["parametrization"] as? String == p && ($0["claim"] as? String ?? "").hasPrefix(claimStart) })
                #expect(verdict["outcome"] as? String == expected, "\(p) \(quantity)")
                #expect(verdict["pass"] as? Bool == (expected == "consistent"))
                // The page's row shows the interval and the outcome.
                let ci = fitted.ci95 < 0.005 ? String(format: "%.1g", fitted.ci95) : String(format: "%.2f", fitted.ci95)
                let interval = "\(Self.signed(fitted.slope)) ± \(ci)"
                #expect(page.split(separator: "\n").contains { $0.hasPrefix("| \(p) | sgd | \(claimStart)") && $0.contains(interval) && $0.contains(expected) },
                        "\(p) \(quantity): \(interval) \(expected)")
                checked += 1
            }
        }
        #expect(checked == 4)
        #expect(page.contains("Each verdict compares the measurement's 95% interval"))

        // The per-layer diagnosis and the prescriptions, fixed schemes included.
        try Self.checkDiagnosis(runs: runs, summary: summary, page: page)

        // Learning-rate transfer: the best rate per width from the seeds' mean final loss,
        // every seed's refined optimum, and the best rate's width exponent.
        let transfer = runs.filter { $0["sweep"] == "transfer" && $0["quantity"] == "train_loss" && $0["step"] == "4" }
        let records = summary["lr_transfer"] as? [[String: Any]] ?? []
        let shifts = summary["lr_transfer_shift"] as? [[String: Any]] ?? []
        for p in ["standard", "spectral"] {
            var optima: [(x: Double, y: Double)] = [], edge = false
            for width in [8, 16, 32] {
                let rows = transfer.filter { $0["parametrization"] == p && $0["width"] == String(width) }
                func loss(_ row: [String: String]) -> Double {
                    row["status"] == "diverged" ? .nan : Double(row["value"] ?? "") ?? .nan
                }
                // Every rate of the grid (a run that training stopped has no row at the last step).
                let rates = Array(Set(runs.filter { $0["sweep"] == "transfer" && $0["parametrization"] == p && $0["width"] == String(width) }
                    .compactMap { Double($0["learning_rate"] ?? "") })).sorted()
                #expect(rates == [0.0625, 0.25, 1.0, 4.0, 16.0])
                let means = rates.map { rate -> Double in
                    // A seed that stopped early has no row at the last step: the mean needs both.
                    let values = rows.filter { Double($0["learning_rate"] ?? "") == rate }.map(loss)
                    return values.count == 2 && values.allSatisfy(\.isFinite) ? values.reduce(0, +) / Double(values.count) : .nan
                }
                let best = means.indices.filter { means[$0].isFinite }.min { means[$0] < means[$1] }.map { rates[$0] }
                let record = try #require(records.first { $0["parametrization"] as? String == p && $0["width"] as? Int == width })
                #expect(record["best_learning_rate"] as? Double == best, "\(p) \(width)")
                var seedOptima: [Double] = []
                for seed in ["0", "1"] {
                    let curve = rates.map { rate in (rate, rows.first { Double($0["learning_rate"] ?? "") == rate && $0["seed"] == seed }.map(loss) ?? .nan) }
                    guard let o = Self.optimum(curve) else { continue }
                    seedOptima.append(o.rate)
                    optima.append((Double(width), o.rate))
                    edge = edge || o.edge
                }
                // The CSV's losses are single-precision text (~6e-8 relative) and the parabola's
                // vertex magnifies that where the curve is flat: 1e-4 of the rate.
                let written = record["seed_optima"] as? [Double] ?? []
                #expect(written.count == seedOptima.count && zip(written, seedOptima).allSatisfy { abs($0 - $1) <= 1e-4 * $1 }, "\(p) \(width): \(written) \(seedOptima)")
            }
            let shift = try #require(shifts.first { $0["parametrization"] as? String == p })
            let fitted = try #require(Self.fit(optima))
            #expect(abs(fitted.slope - (shift["exponent"] as? Double ?? .nan)) < 2e-4, "\(p) transfer exponent")
            #expect(((shift["edge_widths"] as? [Int]) ?? []).isEmpty == !edge)
            let verdict = try #require(verdicts.first { $0["parametrization"] as? String == p && $0["measure"] as? String == "rate_exponent" })
            let band = p == "standard" ? (-Double.infinity, -0.1) : (-0.1, 0.1)
            let rival = p == "standard" ? (-0.1, 0.1) : (-Double.infinity, -0.1)
            let expected = edge ? "inconclusive" : Self.outcome(fitted.slope, fitted.ci95, band: band, rivals: [rival])
            #expect(verdict["outcome"] as? String == expected, "\(p) transfer")
            if edge { #expect((verdict["note"] as? String ?? "").hasPrefix("the optimum is at the grid's edge: extend learning_rates")) }
        }

        // The comparison with the paper: ours at B = 10, from the low-rank figure's CSV.
        let lowRank = try Self.read(data.appendingPathComponent("low-rank.csv"))
        for (activation, quantity, name) in [("relu", "update_stable_rank", "stable rank"), ("tanh", "update_alignment_batch", "alignment (update's batch)")] {
            let row = try #require(lowRank.first { $0["activation"] == activation && $0["quantity"] == quantity && $0["batch"] == "10" })
            let ours = ((Double(row["mean"] ?? "") ?? .nan) * 100).rounded() / 100
            #expect(page.split(separator: "\n").contains { $0.hasPrefix("| \(activation) | \(name) | 10 |") && $0.hasSuffix("| \(NumberFormat.plain(ours)) |") },
                    "\(activation) \(name) \(ours)")
        }
        // The random-direction baseline is in the figure's CSV: √(stable rank / n).
        let random = try #require(lowRank.first { $0["activation"] == "relu" && $0["quantity"] == "random_direction_alignment" && $0["batch"] == "10" })
        let rankRows = runs.filter { $0["sweep"] == "lowrank" && $0["activation"] == "relu" && $0["batch"] == "10" && $0["quantity"] == "update_stable_rank" && $0["layer"] == "2" && $0["step"] == "1" }
        let baseline = rankRows.map { ((Double($0["value"] ?? "") ?? .nan) / 16).squareRoot() }.reduce(0, +) / Double(max(rankRows.count, 1))
        #expect(abs((Double(random["mean"] ?? "") ?? .nan) - baseline) < 1e-5 * baseline)

        // Where we differ: the tuned final losses, from the transfer table's numbers.
        let tuned = records.filter { $0["parametrization"] as? String == "standard" }.compactMap { s -> Bool? in
            guard let a = s["final_loss"] as? Double, let b = records.first(where: { $0["parametrization"] as? String == "spectral" && $0["width"] as? Int == s["width"] as? Int })?["final_loss"] as? Double else { return nil }
            return a < b
        }
        #expect(page.contains("the standard parametrization's is lower at \(tuned.filter { $0 }.count) of \(tuned.count) widths"))
    }

    @Test func runsCSVHoldsEveryRecordedQuantityInShortSinglePrecisionText() throws {
        let root = try PipelineFixtures.workspace(Self.experiment)
        #expect(try PipelineFixtures.execute(root).failed == 0)
        let runs = try Self.read(root.appendingPathComponent("output/tiny/data/runs.csv"))
        let quantities = Set(runs.compactMap { $0["quantity"] })
        for name in ["feature_movement", "weight_movement", "weight_movement_frobenius", "activation_rms", "preactivation_rms", "weight_spectral_norm",
                     "update_spectral_norm", "update_stable_rank", "update_alignment", "update_alignment_batch", "feature_change_rms",
                     "weight_change_spectral_norm", "train_loss", "logit_rms", "logit_change", "batch_loss"] {
            #expect(quantities.contains(name), "\(name)")
        }
        // One batch loss per training step of every run.
        let oneRun = runs.filter { $0["run"] == runs.first { $0["sweep"] == "transfer" }?["run"] }
        #expect(oneRun.filter { $0["quantity"] == "batch_loss" }.count == 4)
        // ‖ΔW‖_* is the movement times ‖W(0)‖_*.
        let run = try #require(runs.first { $0["sweep"] == "movement" }?["run"])
        func value(_ q: String, step: String) -> Double { Double(runs.first { $0["run"] == run && $0["quantity"] == q && $0["layer"] == "2" && $0["step"] == step }?["value"] ?? "") ?? .nan }
        #expect(abs(value("weight_change_spectral_norm", step: "1") - value("weight_movement", step: "1") * value("weight_spectral_norm", step: "0")) < 1e-5 * value("weight_change_spectral_norm", step: "1"))
        // Rates as written in the experiment file, every value as short single-precision text.
        #expect(runs.contains { $0["learning_rate"] == "0.0625" } && !runs.contains { ($0["learning_rate"] ?? "").count > 8 })
        #expect(runs.allSatisfy { row in (row["value"] ?? "").isEmpty || Float(row["value"] ?? "").map { "\($0)" == row["value"] } == true })
    }
}
