import Foundation
import Training

/// The rows of one of a report's tables (diagnosis, prescriptions, learning-rate transfer)
/// that differ between two reports: present in one only, a pass that became a miss, or a
/// measurement that moved by more than its intervals combined.
public struct TableDiff: Encodable, Sendable {
    /// One row that differs.
    public struct Row: Encodable, Sendable {
        /// What the row is about (`standard · sgd · layer 2 (hidden) · ‖ΔW‖∗ · step 1`).
        public var item: String
        /// The row as each report has it; `nil` where a report has no such row.
        @ExplicitNull public var a: String?
        @ExplicitNull public var b: String?
        /// What differs, in words.
        public var difference: String
    }

    /// Rows matched in either report.
    public var compared: Int
    /// Rows that differ, in A's order and then B's.
    public var rows: [Row]

    /// Pairs `a` and `b` by `key` (the first row of each key) and keeps the pairs `differ`
    /// describes as different.
    static func make<T>(_ a: [T], _ b: [T], key: (T) -> String, item: (T) -> String, text: (T) -> String,
                        differ: (T, T) -> String?) -> TableDiff {
        var order: [String] = []
        var pairs: [String: (T?, T?)] = [:]
        for x in a where pairs[key(x)] == nil { order.append(key(x)); pairs[key(x)] = (x, nil) }
        for y in b {
            let k = key(y)
            if let existing = pairs[k] { if existing.1 == nil { pairs[k] = (existing.0, y) } } else { order.append(k); pairs[k] = (nil, y) }
        }
        let rows: [Row] = order.compactMap { k in
            guard let (x, y) = pairs[k] else { return nil }
            switch (x, y) {
            case let (x?, y?): return differ(x, y).map { Row(item: item(x), a: text(x), b: text(y), difference: $0) }
            case let (x?, nil): return Row(item: item(x), a: text(x), b: nil, difference: "only in A")
            case let (nil, y?): return Row(item: item(y), a: nil, b: text(y), difference: "only in B")
            case (nil, nil): return nil
            }
        }
        return TableDiff(compared: order.count, rows: rows)
    }

    /// Whether `y − x` exceeds the two 95% intervals combined (√(ciA² + ciB²)); never for
    /// an unbounded or missing interval.
    static func beyond(_ x: Double, _ ciX: Double?, _ y: Double, _ ciY: Double?) -> Bool {
        guard let ciX, let ciY, ciX.isFinite, ciY.isFinite, x.isFinite, y.isFinite else { return false }
        return abs(y - x) > (ciX * ciX + ciY * ciY).squareRoot()
    }

    /// `moved +0.21, beyond the intervals` or `nil`.
    static func moved(_ x: Double, _ ciX: Double?, _ y: Double, _ ciY: Double?) -> String? {
        beyond(x, ciX, y, ciY) ? "moved \(NumberFormat.signed(Summary.rounded(y - x))), beyond the intervals" : nil
    }

    /// The per-layer diagnosis: a row differs when the condition is met in one report and
    /// missed in the other, or when its slope moved beyond the intervals.
    static func diagnosis(_ a: [LayerDiagnosis], _ b: [LayerDiagnosis]) -> TableDiff {
        func step(_ d: LayerDiagnosis) -> String { d.step <= 1 ? "step \(d.step)" : "end" }
        return make(a, b, key: { "\($0.parametrization.rawValue)|\($0.optimizer.rawValue)|\($0.layer)|\($0.quantity.rawValue)|\(step($0))" },
                    item: { "\($0.parametrization.rawValue) · \($0.optimizer.rawValue) · layer \($0.layer) (\($0.layerKind.rawValue)) · \(name($0.quantity)) · \(step($0))" },
                    text: { "\(Verdicts.interval($0.slope, $0.ci95)) \($0.pass ? "✓" : "✗")" },
                    differ: { x, y in
                        let moved = moved(x.slope, x.ci95, y.slope, y.ci95)
                        guard x.pass != y.pass else { return moved }
                        let flip = x.pass ? "meets → misses the condition" : "misses → meets the condition"
                        return flip + (moved.map { "; " + $0 } ?? ", within the intervals")
                    })
    }

    /// The diagnosis's quantities as the tables name them.
    static func name(_ quantity: LayerDiagnosis.Measure) -> String {
        switch quantity {
        case .weightNorm: return "‖W‖∗ at init"
        case .updateNorm: return "‖ΔW‖∗"
        case .featureChange: return "‖Δh‖ RMS"
        }
    }

    /// The prescriptions: a row differs when the changes, the fixed scheme or the outcome of
    /// its verification differ.
    static func prescriptions(_ a: [Prescription], _ b: [Prescription]) -> TableDiff {
        func changes(_ p: Prescription) -> String {
            p.changes.isEmpty ? "no change" : p.changes.map { "\($0.layerKind.rawValue) \($0.words) ×n^\(Diagnosis.power($0.exponentChange))" }.joined(separator: "; ")
        }
        func text(_ p: Prescription) -> String { "\(changes(p)) (\(p.verified.pass ? "✓ verified" : "✗ not verified"))" }
        return make(a, b, key: { "\($0.parametrization.rawValue)|\($0.optimizer.rawValue)" },
                    item: { "\($0.parametrization.rawValue) · \($0.optimizer.rawValue)" }, text: text,
                    differ: { x, y in
                        var what: [String] = []
                        if changes(x) != changes(y) { what.append("different changes") }
                        if x.verified.pass != y.verified.pass { what.append(x.verified.pass ? "verified → not verified" : "not verified → verified") }
                        return what.isEmpty ? nil : what.joined(separator: "; ")
                    })
    }

    /// Learning-rate transfer: the width exponent of the best rate (beyond the intervals)
    /// and the grid steps it moves, per parametrization and optimizer; then each width's
    /// best rate.
    static func transfer(_ a: Summary, _ b: Summary) -> TableDiff {
        let shifts = make(a.lrTransferShift, b.lrTransferShift, key: { "\($0.parametrization.rawValue)|\($0.optimizer.rawValue)" },
                          item: { "\($0.parametrization.rawValue) · \($0.optimizer.rawValue) · exponent of the best rate" },
                          text: { s in "\(s.exponent.map { Verdicts.interval($0, s.ci95) } ?? "—") (\(s.gridSteps) grid step\(s.gridSteps == 1 ? "" : "s"))" },
                          differ: { x, y in
                              var what: [String] = []
                              if let ex = x.exponent, let ey = y.exponent, let m = moved(ex, x.ci95, ey, y.ci95) { what.append(m) }
                              if (x.exponent == nil) != (y.exponent == nil) { what.append(x.exponent == nil ? "fitted in B only" : "fitted in A only") }
                              if x.gridSteps != y.gridSteps { what.append("grid steps \(x.gridSteps) → \(y.gridSteps)") }
                              return what.isEmpty ? nil : what.joined(separator: "; ")
                          })
        // A parametrization and width can appear once per optimizer: the k-th of each pairs.
        func numbered(_ list: [Summary.Transfer]) -> [(Int, Summary.Transfer)] {
            var seen: [String: Int] = [:]
            return list.map { t in
                let k = "\(t.parametrization.rawValue)|\(t.width)"
                seen[k, default: 0] += 1
                return (seen[k] ?? 1, t)
            }
        }
        func rate(_ t: Summary.Transfer) -> String { t.bestLearningRate.map(NumberFormat.identifier) ?? "every rate diverged" }
        let widths = make(numbered(a.lrTransfer), numbered(b.lrTransfer), key: { "\($0.1.parametrization.rawValue)|\($0.1.width)|\($0.0)" },
                          item: { "\($0.1.parametrization.rawValue) · width \($0.1.width) · best rate" }, text: { rate($0.1) },
                          differ: { x, y in rate(x.1) == rate(y.1) ? nil : "best rate \(rate(x.1)) → \(rate(y.1))" })
        return TableDiff(compared: shifts.compared + widths.compared, rows: shifts.rows + widths.rows)
    }
}
