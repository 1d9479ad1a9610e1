import Foundation
import Testing

/// The per-layer diagnosis and the prescriptions' verification, recomputed from `runs.csv`
/// alone with the rules the page states: per width the seeds' mean of `weight_spectral_norm`
/// at initialisation, `weight_change_spectral_norm` and `feature_change_rms` after the first
/// step and at the end of training; the log-log slope and its 95% interval over the widths;
/// ✓ within ±0.2 of the target (+½, 0, −½ for input, hidden and output weights and updates,
/// 0 for feature changes).
extension RecomputeFromCSVTests {
    /// One diagnosis record recomputed: slope, interval, target, pass and, for feature
    /// changes, the slopes of the refined coordinate check's two parts.
    struct Record: Equatable {
        let layer: Int, quantity: String, step: Int
        let slope: Double, ci95: Double, target: Double, pass: Bool
        let ownSlope: Double?, driftSlope: Double?
    }

    /// Every record the CSV supports for one parametrization (as the `parametrization`
    /// column names it, fixed schemes included) in one sweep.
    static func recomputedDiagnosis(_ runs: [[String: String]], sweep: String, parametrization: String) -> [Record] {
        let own = runs.filter { $0["sweep"] == sweep && $0["parametrization"] == parametrization }
        var rowsOfRun: [String: [[String: String]]] = [:]
        for row in own { rowsOfRun[row["run"] ?? "", default: []].append(row) }
        let lastOfRun = rowsOfRun.mapValues { rows in rows.compactMap { Int($0["step"] ?? "") }.max() ?? 0 }
        let sweepLast = lastOfRun.values.max() ?? 0
        let depth = own.filter { $0["quantity"] == "weight_spectral_norm" }.compactMap { Int($0["layer"] ?? "") }.max() ?? 0
        var runsOfWidth: [Double: [String]] = [:]
        for (run, rows) in rowsOfRun { runsOfWidth[Double(rows.first?["width"] ?? "") ?? 0, default: []].append(run) }
        let widths = runsOfWidth.keys.sorted()

        // A run's value at `step` (the sweep's last step: the end of the run); none where it
        // diverged there.
        func value(_ run: String, _ quantity: String, layer: Int, step: Int) -> Double {
            let rows = rowsOfRun[run] ?? [], last = lastOfRun[run] ?? 0
            let at = step == sweepLast ? last : step
            guard !(at == last && rows.contains(where: { $0["status"] == "diverged" })),
                  let row = rows.first(where: { $0["quantity"] == quantity && $0["layer"] == String(layer) && $0["step"] == String(at) }) else { return .nan }
            return Double(row["value"] ?? "") ?? .nan
        }
        // The width exponent of the seeds' means: none unless every width has a positive,
        // finite mean and three or more widths fit.
        func exponent(_ quantity: String, layer: Int, step: Int) -> (slope: Double, ci95: Double)? {
            let means = widths.map { width -> Double in
                let values = (runsOfWidth[width] ?? []).map { value($0, quantity, layer: layer, step: step) }
                return values.reduce(0, +) / Double(values.count)
            }
            guard widths.count >= 3, means.allSatisfy({ $0.isFinite && $0 > 0 }) else { return nil }
            return fit(Array(zip(widths, means)))
        }
        func rounded(_ v: Double) -> Double { (v * 1e4).rounded() / 1e4 }

        var records: [Record] = []
        for layer in Array(1...max(depth, 1)) where depth >= 1 {
            let kindTarget = layer == 1 ? 0.5 : layer == depth ? -0.5 : 0
            let measures = [("weight_spectral_norm", 0), ("weight_change_spectral_norm", 1), ("weight_change_spectral_norm", sweepLast),
                            ("feature_change_rms", 1), ("feature_change_rms", sweepLast)]
            for (quantity, step) in measures {
                guard let fitted = exponent(quantity, layer: layer, step: step) else { continue }
                let target = quantity == "feature_change_rms" ? 0 : kindTarget
                let features = quantity == "feature_change_rms"
                let own = features ? exponent("feature_change_own_rms", layer: layer, step: step).map { rounded($0.slope) } : nil
                let drift = features && layer > 1 ? exponent("feature_change_drift_rms", layer: layer, step: step).map { rounded($0.slope) } : nil
                records.append(Record(layer: layer, quantity: quantity, step: step, slope: rounded(fitted.slope), ci95: rounded(fitted.ci95),
                                      target: target, pass: abs(fitted.slope - target) <= 0.2, ownSlope: own, driftSlope: drift))
            }
        }
        return records
    }

    /// `summary.json`'s records of one diagnosis compared with the recomputation, record by
    /// record (none missing, none extra).
    static func compare(_ written: [[String: Any]], _ recomputed: [Record], _ what: String) {
        #expect(written.count == recomputed.count, "\(what): \(written.count) records written, \(recomputed.count) recomputed")
        for r in recomputed {
            let name = "\(what) W_\(r.layer) \(r.quantity) step \(r.step)"
            guard let w = written.first(where: { $0["layer"] as? Int == r.layer && $0["quantity"] as? String == r.quantity && $0["step"] as? Int == r.step }) else {
                Issue.record("\(name): not in summary.json")
                continue
            }
            #expect(abs((w["slope"] as? Double ?? .nan) - r.slope) <= 2e-4, "\(name): slope \(w["slope"] ?? "") against \(r.slope)")
            #expect(abs((w["ci95"] as? Double ?? .nan) - r.ci95) <= 2e-4, "\(name): interval \(w["ci95"] ?? "") against \(r.ci95)")
            #expect(w["target"] as? Double == r.target, "\(name): target")
            #expect(w["pass"] as? Bool == r.pass, "\(name): pass")
            for (key, slope) in [("own_slope", r.ownSlope), ("drift_slope", r.driftSlope)] {
                let value = w[key] as? Double
                #expect((value == nil) == (slope == nil) && abs((value ?? 0) - (slope ?? 0)) <= 2e-4, "\(name): \(key) \(value ?? .nan) against \(slope ?? .nan)")
            }
        }
    }

    /// A table cell as the page writes it: the slope and ✓ or ✗.
    static func cell(_ records: [Record], layer: Int, _ quantity: String, step: Int) -> String {
        guard let r = records.first(where: { $0.layer == layer && $0.quantity == quantity && $0.step == step }) else { return "—" }
        return "\(signed(r.slope)) \(r.pass ? "✓" : "✗")"
    }

    /// The page's table rows with `cells` columns, as lists of cells.
    static func tableRows(_ page: String, cells: Int) -> [[String]] {
        page.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.hasSuffix(" |") }.map { line in
            line.dropFirst(2).dropLast(2).components(separatedBy: " | ")
        }.filter { $0.count == cells }
    }

    static func checkDiagnosis(runs: [[String: String]], summary: [String: Any], page: String) throws {
        let diagnosis = summary["diagnosis"] as? [[String: Any]] ?? []
        let prescriptions = summary["prescriptions"] as? [[String: Any]] ?? []
        // Only the movement sweep has three widths, one rate and weight metrics: both of its
        // parametrizations are diagnosed there, with SGD.
        let sources = Set(diagnosis.map { "\($0["sweep"] as? String ?? "") \($0["parametrization"] as? String ?? "") \($0["optimizer"] as? String ?? "")" })
        #expect(sources == ["movement standard sgd", "movement spectral sgd"])
        let diagnosisRows = tableRows(page, cells: 10), prescriptionRows = tableRows(page, cells: 11)
        var original: [String: [Record]] = [:]
        for p in ["standard", "spectral"] {
            let recomputed = recomputedDiagnosis(runs, sweep: "movement", parametrization: p)
            original[p] = recomputed
            // Three layers, five records each, in this fixture.
            #expect(recomputed.count == 15, "\(p): \(recomputed.count) records recomputed")
            compare(diagnosis.filter { $0["parametrization"] as? String == p }, recomputed, p)
            // The page's row per layer: the slopes and marks of the table.
            for layer in 1...3 {
                let kind = layer == 1 ? "input" : layer == 3 ? "output" : "hidden"
                let expected = [p, "sgd", String(layer), kind, layer == 1 ? "+½, 0" : layer == 3 ? "−½, 0" : "0, 0",
                                cell(recomputed, layer: layer, "weight_spectral_norm", step: 0),
                                cell(recomputed, layer: layer, "weight_change_spectral_norm", step: 1),
                                cell(recomputed, layer: layer, "weight_change_spectral_norm", step: 2),
                                cell(recomputed, layer: layer, "feature_change_rms", step: 1),
                                cell(recomputed, layer: layer, "feature_change_rms", step: 2)]
                #expect(diagnosisRows.contains(expected), "diagnosis row \(expected)")
            }
        }

        // The prescriptions: each verified by the diagnosis of the scheme it leads to (the
        // fixed scheme, trained on the same sweep, or the original when nothing changes).
        #expect(prescriptions.count == 2)
        var fixedSchemes = 0
        for prescription in prescriptions {
            let p = prescription["parametrization"] as? String ?? "", sweep = prescription["sweep"] as? String ?? ""
            let verified = try #require(prescription["verified"] as? [String: Any])
            let changes = prescription["changes"] as? [[String: Any]] ?? []
            let scheme = verified["parametrization"] as? String ?? ""
            let fixed = prescription["fixed_parametrization"] as? String
            #expect(scheme == (fixed ?? p), "\(p): verified on \(scheme)")
            #expect(changes.isEmpty == (fixed == nil))
            let after = recomputedDiagnosis(runs, sweep: sweep, parametrization: scheme)
            if let fixed {
                // The plan trains the fixed scheme like any other: its runs are in the CSV.
                #expect(fixed == "\(p)-fixed")
                #expect(after.count == 15, "\(fixed): \(after.count) records recomputed")
                fixedSchemes += 1
            }
            compare(verified["diagnosis"] as? [[String: Any]] ?? [], after, "\(p) verified on \(scheme)")
            // Verified: every record at initialisation and after one step passes; at the end too.
            let pass = after.contains { $0.step <= 1 } && after.filter { $0.step <= 1 }.allSatisfy(\.pass)
            #expect(verified["pass"] as? Bool == pass, "\(p): verified")
            #expect(verified["pass_at_end"] as? Bool == (pass && after.filter { $0.step > 1 }.allSatisfy(\.pass)), "\(p): verified at the end")
            #expect(page.contains("**\(p) (sgd)**: ") && (changes.isEmpty || page.contains(pass ? "✓ verified: " : "✗ not verified: ")))
            // The before/after table: a row per layer for a prescription that changes something.
            let before = original[p] ?? []
            for layer in 1...3 {
                let kind = layer == 1 ? "input" : layer == 3 ? "output" : "hidden"
                let expected = [p, "sgd", String(layer), kind,
                                cell(before, layer: layer, "weight_spectral_norm", step: 0), cell(before, layer: layer, "weight_change_spectral_norm", step: 1),
                                cell(before, layer: layer, "feature_change_rms", step: 1), scheme,
                                cell(after, layer: layer, "weight_spectral_norm", step: 0), cell(after, layer: layer, "weight_change_spectral_norm", step: 1),
                                cell(after, layer: layer, "feature_change_rms", step: 1)]
                #expect(prescriptionRows.contains(expected) == !changes.isEmpty, "before/after row \(expected)")
            }
        }
        // The standard parametrization's layers are mis-scaled: it gets a fixed scheme.
        #expect(fixedSchemes >= 1)
    }
}
