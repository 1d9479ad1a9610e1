import Foundation
import Training

/// The short forms of the page's long lists, generated from the measurements: a sentence
/// for all verdicts and one per claim (each measurement with its interval), a row per
/// claim and per parametrization's fixes that links to its section.
enum PageSummaries {
    /// "All 16 verdicts came out as the theory predicts." or "14 of 16 verdicts came out as
    /// the theory predicts; not: standard (adam): features …".
    static func verdictSentence(_ verdicts: [Summary.Verdict]) -> String {
        let passed = verdicts.filter(\.pass).count
        guard passed < verdicts.count else {
            return verdicts.count == 1 ? "The verdict came out as the theory predicts." : "All \(verdicts.count) verdicts came out as the theory predicts."
        }
        let misses = verdicts.filter { !$0.pass }.map { "\(key($0)): \($0.claim)" }
        return "\(passed) of \(verdicts.count) verdicts came out as the theory predicts; not as predicted: " + misses.joined(separator: "; ") + "."
    }

    /// One claim's verdicts in a sentence, every measurement with its 95% interval and the
    /// theory's band: "As predicted for standard (sgd) +0.47 ± 0.05 (theory's band +0.5 ±
    /// 0.1), …; not as predicted for ntk (adam) +0.39 ± 0.0008 (theory's band +0.5 ± 0.1) …".
    static func claimSentence(_ verdicts: [Summary.Verdict]) -> String {
        func item(_ v: Summary.Verdict) -> String {
            let (measured, expected) = Verdicts.text(v)
            return "\(key(v)) \(measured) (theory's band \(expected))"
        }
        var parts: [String] = []
        let passed = verdicts.filter(\.pass), inconsistent = verdicts.filter { $0.outcome == .inconsistent }
        let undecided = verdicts.filter { !$0.pass && $0.outcome != .inconsistent }
        if !passed.isEmpty { parts.append("As predicted for " + passed.map(item).joined(separator: ", ")) }
        if !inconsistent.isEmpty { parts.append("not as predicted for " + inconsistent.map(item).joined(separator: ", ")) }
        if !undecided.isEmpty { parts.append("undecided (the interval reaches another band) for " + undecided.map(item).joined(separator: ", ")) }
        guard !parts.isEmpty else { return "" }
        var sentence = parts.joined(separator: "; ") + " (measured slope ± 95% interval)."
        sentence.replaceSubrange(sentence.startIndex...sentence.startIndex, with: sentence.prefix(1).uppercased())
        return sentence
    }

    static func key(_ v: Summary.Verdict) -> String { "\(v.parametrization.rawValue) (\(v.optimizer.rawValue))" }

    /// A row per claim that has verdicts, in the page's order, linking to its section.
    static func claimRows(_ verdicts: [Summary.Verdict], claims: [PageClaim], markdown: Bool, text: (String) -> String) -> [PageContext.ClaimSummary] {
        claims.compactMap { claim in
            let own = verdicts.filter { PageClaim.of($0) == claim }
            guard !own.isEmpty else { return nil }
            let passed = own.filter(\.pass).count
            let misses = own.filter { !$0.pass }.map { "\(key($0)) \(Verdicts.text($0).measured)" }.joined(separator: ", ")
            return PageContext.ClaimSummary(title: text(claim.title), anchor: markdown ? claim.markdownAnchor : claim.rawValue,
                                            passed: passed, total: own.count, mark: passed == own.count ? "✓" : "✗",
                                            class: passed == own.count ? "pass" : "fail", misses: text(misses), hasMisses: !misses.isEmpty)
        }
    }

    /// The diagnosis misses `fixGroups` lists, at a glance: one row per group with its
    /// count, layers and the verification of its prescription.
    static func fixRows(_ groups: [PageContext.FixGroup], prescriptions: [Prescription], markdown: Bool) -> [PageContext.FixSummary] {
        groups.map { group in
            let prescription = prescriptions.first { key($0.parametrization, $0.optimizer) == group.name && !$0.changes.isEmpty }
            return PageContext.FixSummary(name: group.name, count: group.count, one: group.one, layers: group.layers,
                                          anchor: markdown ? "per-layer-diagnosis-and-what-to-change" : group.id, hasPrescription: prescription != nil,
                                          prescriptionMark: prescription.map { $0.verified.pass ? "✓ verified" : "✗ not verified" } ?? "",
                                          prescriptionClass: prescription.map { $0.verified.pass ? "pass" : "fail" } ?? "")
        }
    }

    static func key(_ p: Parametrization, _ optimizer: OptimizerKind) -> String { "\(p.rawValue) (\(optimizer.rawValue))" }

    /// The fixes of `PageTables.diagnosisFixes`, grouped: one entry per parametrization and
    /// optimizer with the number of fixes, the layers they touch, and the fixes themselves
    /// (`format` turns each into page text).
    static func fixGroups(_ diagnosis: [LayerDiagnosis], format: (String) -> String) -> [PageContext.FixGroup] {
        let misses = diagnosis.filter { !$0.pass && ($0.fix != nil || $0.consequence != nil) && $0.step <= 1 }
        var groups: [PageContext.FixGroup] = []
        for p in Parametrization.inPaperOrder(misses.map(\.parametrization)) {
            for optimizer in OptimizerKind.allCases {
                let lines = misses.filter { $0.parametrization == p && $0.optimizer == optimizer }
                    .sorted { ($0.step, $0.layer, PageTables.order($0.quantity)) < ($1.step, $1.layer, PageTables.order($1.quantity)) }
                guard !lines.isEmpty else { continue }
                let layers = Array(Set(lines.map(\.layer))).sorted().map { "W_{\($0)}" }
                let fixes = lines.map { format("\($0.step == 0 ? "at initialisation" : "after one step"): \($0.fix ?? Diagnosis.consequenceText($0) ?? "")") }
                groups.append(PageContext.FixGroup(name: key(p, optimizer), id: "fix-\(p.rawValue)-\(optimizer.rawValue)", count: lines.count,
                                                   one: lines.count == 1, layers: format(layers.joined(separator: ", ")), fixes: fixes))
            }
        }
        return groups
    }
}
