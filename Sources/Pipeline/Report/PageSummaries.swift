import Foundation
import Training

/// The short forms of the page's long lists, generated from the measurements: a sentence
/// and a count per parametrization for the verdicts, and the per-layer fixes grouped by
/// parametrization and optimizer, each group with a one-line summary.
enum PageSummaries {
    /// "All 16 verdicts came out as the theory predicts." or "14 of 16 verdicts came out as
    /// the theory predicts; not: standard (adam): features …".
    static func verdictSentence(_ verdicts: [Summary.Verdict]) -> String {
        let passed = verdicts.filter(\.pass).count
        guard passed < verdicts.count else {
            return verdicts.count == 1 ? "The verdict came out as the theory predicts." : "All \(verdicts.count) verdicts came out as the theory predicts."
        }
        let misses = verdicts.filter { !$0.pass }.map { "\($0.parametrization.rawValue) (\($0.optimizer.rawValue)): \($0.claim)" }
        return "\(passed) of \(verdicts.count) verdicts came out as the theory predicts; not as predicted: " + misses.joined(separator: "; ") + "."
    }

    /// A count per parametrization and optimizer, in the verdicts' order.
    static func verdictGroups(_ verdicts: [Summary.Verdict]) -> [[String: Any]] {
        var keys: [String] = []
        for v in verdicts where !keys.contains(key(v)) { keys.append(key(v)) }
        return keys.map { key in
            let rows = verdicts.filter { Self.key($0) == key }
            let passed = rows.filter(\.pass).count
            return ["name": key, "passed": passed, "total": rows.count, "all": passed == rows.count,
                    "mark": passed == rows.count ? "✓" : "✗", "class": passed == rows.count ? "pass" : "fail"]
        }
    }

    static func key(_ v: Summary.Verdict) -> String { "\(v.parametrization.rawValue) (\(v.optimizer.rawValue))" }

    /// The fixes of `PageTables.diagnosisFixes`, grouped: one entry per parametrization and
    /// optimizer with the number of fixes, the layers they touch, and the fixes themselves
    /// (`format` turns each into page text).
    static func fixGroups(_ diagnosis: [LayerDiagnosis], format: (String) -> String) -> [[String: Any]] {
        let misses = diagnosis.filter { !$0.pass && ($0.fix != nil || $0.consequence != nil) && $0.step <= 1 }
        var groups: [[String: Any]] = []
        for p in Parametrization.inPaperOrder(misses.map(\.parametrization)) {
            for optimizer in OptimizerKind.allCases {
                let lines = misses.filter { $0.parametrization == p && $0.optimizer == optimizer }
                    .sorted { ($0.step, $0.layer, PageTables.order($0.quantity)) < ($1.step, $1.layer, PageTables.order($1.quantity)) }
                guard !lines.isEmpty else { continue }
                let layers = Array(Set(lines.map(\.layer))).sorted().map { "W_{\($0)}" }
                let fixes = lines.map { format("\($0.step == 0 ? "at initialisation" : "after one step"): \($0.fix ?? Diagnosis.consequenceText($0) ?? "")") }
                groups.append(["name": "\(p.rawValue) (\(optimizer.rawValue))", "count": lines.count, "one": lines.count == 1,
                               "layers": format(layers.joined(separator: ", ")), "fixes": fixes])
            }
        }
        return groups
    }
}
