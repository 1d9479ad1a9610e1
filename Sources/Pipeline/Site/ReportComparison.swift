import Foundation
import Training

/// Two reports side by side: the settings that differ, the exponents and verdicts of
/// both, and the figures both draw. Made from the reports' data files only.
public struct ReportComparison: Encodable, Sendable {
    /// A setting that differs; `nil` where one report lacks it (a sweep only one has).
    public struct SettingChange: Encodable, Sendable, Equatable {
        /// `sweeps.<name>.<key>`, or a top-level field such as `preset`.
        public var key: String
        @ExplicitNull public var a: String?
        @ExplicitNull public var b: String?
    }

    /// One width exponent in both reports.
    public struct ExponentRow: Encodable, Sendable {
        public var parametrization, optimizer, quantity: String
        public var layer: Int
        /// `1` (after the first update) or `final`.
        public var step: String
        @ExplicitNull public var a: WidthExponent?
        @ExplicitNull public var b: WidthExponent?
        /// B − A.
        @ExplicitNull public var difference: Double?
        /// Whether the two slopes differ by more than their intervals combined (√(ciA² + ciB²)).
        public var beyondIntervals: Bool

        enum CodingKeys: String, CodingKey {
            case parametrization, optimizer, quantity, layer, step, a, b, difference, beyondIntervals = "beyond_intervals"
        }
    }

    /// One verdict in both reports.
    public struct VerdictRow: Encodable, Sendable {
        public var parametrization, optimizer, claim: String
        @ExplicitNull public var a: Summary.Verdict?
        @ExplicitNull public var b: Summary.Verdict?
        /// The outcome differs (or the verdict is in one report only).
        public var changed: Bool
        /// The two measurements differ by more than their 95% intervals combined
        /// (√(ciA² + ciB²)); for grid-step counts, which have no interval, by any amount.
        /// An outcome that flips while this is false is not a difference the data show.
        public var beyondIntervals: Bool
        /// B − A of the measurements.
        @ExplicitNull public var difference: Double?

        enum CodingKeys: String, CodingKey {
            case parametrization, optimizer, claim, a, b, changed, beyondIntervals = "beyond_intervals", difference
        }
    }

    /// A figure both reports draw.
    public struct FigurePair: Encodable, Sendable {
        public var id, kind, title: String
    }

    /// How the page and the legends name the two reports, and where they are.
    public var nameA, nameB: String
    public var pathA, pathB: String
    public var settings: [SettingChange]
    public var exponents: [ExponentRow]
    public var verdicts: [VerdictRow]
    public var figures: [FigurePair]
    /// Figures only one report has.
    public var unmatchedFigures: [String]
    /// The rows of the per-layer diagnosis, the prescriptions and the learning-rate
    /// transfer that differ.
    public var diagnosis: TableDiff
    public var prescriptions: TableDiff
    public var transfer: TableDiff
    /// The short "what changed" summary, one sentence each.
    public var whatChanged: [String]

    enum CodingKeys: String, CodingKey {
        case nameA = "name_a", nameB = "name_b", pathA = "path_a", pathB = "path_b", settings, exponents, verdicts, figures
        case unmatchedFigures = "unmatched_figures", diagnosis, prescriptions, transfer, whatChanged = "what_changed"
    }

    /// Compares `a` with `b`.
    /// - Throws: `InputError` when a figure id names figures of different kinds.
    public init(_ a: ReportFolder, _ b: ReportFolder, nameA: String, nameB: String) throws {
        self.nameA = nameA
        self.nameB = nameB
        pathA = a.url.path
        pathB = b.url.path
        settings = Self.settingChanges(a.record, b.record)
        exponents = Self.exponentRows(a.summary.exponents, b.summary.exponents)
        verdicts = Self.verdictRows(a.summary.verdicts, b.summary.verdicts)
        diagnosis = TableDiff.diagnosis(a.summary.diagnosis, b.summary.diagnosis)
        prescriptions = TableDiff.prescriptions(a.summary.prescriptions, b.summary.prescriptions)
        transfer = TableDiff.transfer(a.summary, b.summary)
        var pairs: [FigurePair] = []
        var unmatched: [String] = []
        for figure in a.record.figures {
            guard let other = b.record.figures.first(where: { $0.id == figure.id }) else { unmatched.append("\(figure.id) (only in \(nameA))"); continue }
            guard other.kind == figure.kind else {
                throw InputError(file: b.url.appendingPathComponent("data/experiment.json").path, key: "figures.\(figure.id).kind",
                                 message: "figure '\(figure.id)' is a \(other.kind) figure here but a \(figure.kind) figure in \(a.url.path): the two cannot be overlaid")
            }
            pairs.append(FigurePair(id: figure.id, kind: figure.kind, title: figure.title))
        }
        unmatched += b.record.figures.filter { f in !a.record.figures.contains { $0.id == f.id } }.map { "\($0.id) (only in \(nameB))" }
        figures = pairs
        unmatchedFigures = unmatched
        whatChanged = []
        whatChanged = summarySentences()
    }

    /// Every top-level field and sweep setting that differs.
    static func settingChanges(_ a: ExperimentRecord, _ b: ExperimentRecord) -> [SettingChange] {
        var changes: [SettingChange] = []
        func note(_ key: String, _ x: String?, _ y: String?) { if x != y { changes.append(SettingChange(key: key, a: x, b: y)) } }
        note("title", a.title, b.title)
        // The experiment file's name is where a setting lives, not a setting: two copies of
        // one experiment under two names differ in nothing that was run.
        note("preset", a.preset, b.preset)
        let names = a.sweeps.map(\.name) + b.sweeps.map(\.name).filter { name in !a.sweeps.contains { $0.name == name } }
        for name in names {
            let x = a.sweeps.first { $0.name == name }, y = b.sweeps.first { $0.name == name }
            guard let x, let y else {
                note("sweeps.\(name)", x == nil ? nil : "present", y == nil ? nil : "present")
                continue
            }
            let prefix = "sweeps.\(name)."
            // A list the sweep varies stands for its single setting: compare the values
            // the runs used, under the list's name when either sweep varies it.
            var shadowed = Set<String>()
            for axis in SweepAxis.allCases {
                guard let key = axis.listKey else { continue }
                let (listX, listY) = (x.listText(axis), y.listText(axis))
                guard let setting = axis.settingKey else { note(prefix + key, listX, listY); continue }
                guard listX != nil || listY != nil else { continue }
                shadowed.insert(setting)
                note(prefix + key, listX ?? x.settings[setting].map { "[\($0)]" }, listY ?? y.settings[setting].map { "[\($0)]" })
            }
            for key in Set(x.settings.keys).union(y.settings.keys).subtracting(shadowed).sorted() {
                note(prefix + key, x.settings[key], y.settings[key])
            }
        }
        return changes
    }

    /// Exponents matched by parametrization, optimizer, quantity, layer and step (the
    /// first update, or the end of training whatever its step number).
    static func exponentRows(_ a: [WidthExponent], _ b: [WidthExponent]) -> [ExponentRow] {
        func key(_ e: WidthExponent) -> String { "\(e.parametrization.rawValue)|\(e.optimizer.rawValue)|\(e.quantity.rawValue)|\(e.layer)|\(e.step == 1 ? "1" : "final")" }
        var order: [String] = []
        var pairs: [String: (WidthExponent?, WidthExponent?)] = [:]
        for e in a where pairs[key(e)] == nil { order.append(key(e)); pairs[key(e)] = (e, nil) }
        for e in b {
            if let existing = pairs[key(e)] { if existing.1 == nil { pairs[key(e)] = (existing.0, e) } }
            else { order.append(key(e)); pairs[key(e)] = (nil, e) }
        }
        // The reports' order: built-in parametrizations in the paper's, an experiment's own after them.
        func rank(_ k: String) -> (Int, String) {
            let e = pairs[k].flatMap { $0.0 ?? $0.1 }
            return (e?.parametrization.paperRank ?? 0, k)
        }
        order.sort { rank($0) < rank($1) }
        return order.compactMap { k in
            guard let (x, y) = pairs[k], let any = x ?? y else { return nil }
            var difference: Double?
            var beyond = false
            if let x, let y {
                difference = Summary.rounded(y.slope - x.slope)
                beyond = abs(y.slope - x.slope) > (x.ci95 * x.ci95 + y.ci95 * y.ci95).squareRoot()
            }
            return ExponentRow(parametrization: any.parametrization.rawValue, optimizer: any.optimizer.rawValue, quantity: any.quantity.rawValue,
                               layer: any.layer, step: any.step == 1 ? "1" : "final", a: x, b: y, difference: difference, beyondIntervals: beyond)
        }
    }

    /// Verdicts matched by parametrization, optimizer and claim.
    static func verdictRows(_ a: [Summary.Verdict], _ b: [Summary.Verdict]) -> [VerdictRow] {
        // The layer a claim was read at may differ between two experiments (a deeper
        // network's middle layer): the claim without it is what pairs them.
        func key(_ v: Summary.Verdict) -> String {
            let claim = v.claim.replacingOccurrences(of: #" \(layer \d+, one step\)$"#, with: "", options: .regularExpression)
            return "\(v.parametrization.rawValue)|\(v.optimizer.rawValue)|\(claim)"
        }
        // Keys computed once each: a doctored summary may hold thousands of verdicts.
        var firstInB: [String: Summary.Verdict] = [:]
        for (k, y) in zip(b.map(key), b) where firstInB[k] == nil { firstInB[k] = y }
        let keysA = Set(a.map(key))
        var rows: [VerdictRow] = a.map { x in
            let y = firstInB[key(x)]
            var beyond = false
            var difference: Double?
            if let y, x.measure == y.measure, x.measured.isFinite, y.measured.isFinite {
                difference = Summary.rounded(y.measured - x.measured)
                beyond = x.measure == .gridSteps ? x.measured != y.measured : TableDiff.beyond(x.measured, x.ci95, y.measured, y.ci95)
            }
            return VerdictRow(parametrization: x.parametrization.rawValue, optimizer: x.optimizer.rawValue, claim: x.claim, a: x, b: y,
                              changed: y?.outcome != x.outcome, beyondIntervals: beyond, difference: difference)
        }
        rows += zip(b.map(key), b).filter { !keysA.contains($0.0) }.map(\.1).map {
            VerdictRow(parametrization: $0.parametrization.rawValue, optimizer: $0.optimizer.rawValue, claim: $0.claim, a: nil, b: $0, changed: true,
                       beyondIntervals: false, difference: nil)
        }
        return rows
    }

    /// The "what changed" sentences: settings, verdicts, exponents, figures.
    func summarySentences() -> [String] {
        var sentences: [String] = []
        if settings.isEmpty {
            sentences.append("The two experiments have the same settings.")
        } else {
            // Grouped by setting: "learning_rate 0.5 → 0.25 in 4 sweeps (losses, …)".
            var groups: [(name: String, changes: [(sweep: String?, change: SettingChange)])] = []
            for change in settings {
                let parts = change.key.split(separator: ".").map(String.init)
                let (name, sweep): (String, String?) = parts.count == 3 && parts[0] == "sweeps" ? (parts[2], parts[1])
                    : parts.count == 2 && parts[0] == "sweeps" ? ("sweep \(parts[1])", nil) : (change.key, nil)
                if let index = groups.firstIndex(where: { $0.name == name }) { groups[index].changes.append((sweep, change)) }
                else { groups.append((name, [(sweep, change)])) }
            }
            let described = groups.map { group -> String in
                let values = Statistics.ordered(group.changes.map { "\($0.change.a ?? "—") → \($0.change.b ?? "—")" })
                let sweeps = group.changes.compactMap(\.sweep)
                let place = sweeps.isEmpty ? "" : " in \(sweeps.count) sweep\(sweeps.count == 1 ? "" : "s") (\(sweeps.joined(separator: ", ")))"
                if group.name.hasPrefix("sweep ") { return "\(group.name) \(group.changes[0].change.a == nil ? "only in \(nameB)" : "only in \(nameA)")" }
                return values.count == 1 ? "\(group.name) \(values[0])\(place)" : "\(group.name)\(place)"
            }
            sentences.append("Settings that differ: \(described.joined(separator: "; ")).")
        }
        func symbol(_ v: Summary.Verdict?) -> String { v?.outcome == .consistent ? "✓" : v?.outcome == .inconclusive ? "?" : "✗" }
        let paired = verdicts.filter { $0.a != nil && $0.b != nil }
        let flipped = paired.filter { $0.changed && $0.beyondIntervals }
        let within = paired.filter { $0.changed && !$0.beyondIntervals }
        func described(_ rows: [VerdictRow]) -> String {
            rows.map { "\($0.parametrization) (\($0.optimizer)) \($0.claim): \(symbol($0.a)) → \(symbol($0.b))" }.joined(separator: "; ")
        }
        if flipped.isEmpty {
            sentences.append("No verdict changed beyond the measurements' 95% intervals (\(paired.count) in both).")
        } else {
            sentences.append("\(flipped.count) verdict\(flipped.count == 1 ? "" : "s") changed, the measurements apart by more than their intervals combined: \(described(flipped)).")
        }
        if !within.isEmpty {
            sentences.append("\(within.count) outcome\(within.count == 1 ? "" : "s") differ but the measurements agree within their intervals, so the data show no difference: \(described(within)).")
        }
        for (name, diff) in [("per-layer diagnosis", diagnosis), ("prescriptions", prescriptions), ("learning-rate transfer", transfer)] where diff.compared > 0 {
            sentences.append("\(diff.rows.count) of \(diff.compared) rows of the \(name) differ.")
        }
        let both = exponents.filter { $0.a != nil && $0.b != nil }
        let moved = both.filter(\.beyondIntervals)
        sentences.append("\(moved.count) of \(both.count) width exponents moved by more than their 95% intervals combined.")
        if !unmatchedFigures.isEmpty { sentences.append("Figures in one report only: \(unmatchedFigures.joined(separator: ", ")).") }
        return sentences
    }
}

extension ExperimentRecord.Sweep {
    /// The sweep's list on `axis` as `[a, b]`; nil when the sweep gives none (the single
    /// setting holds) or the axis has no list.
    func listText(_ axis: SweepAxis) -> String? {
        func list<T>(_ values: [T]) -> String { "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }
        switch axis {
        case .parametrization: return list(parametrizations)
        case .width: return list(widths)
        case .learningRate: return learningRates.map { "[" + $0.map { NumberFormat.identifier($0) }.joined(separator: ", ") + "]" }
        case .batch: return batchSizes.map(list)
        case .activation: return activations.map(list)
        case .seed: return nil
        }
    }
}
