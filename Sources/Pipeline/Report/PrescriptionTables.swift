import Training

/// The page's prescriptions: per parametrization and optimizer the changes, the block to
/// paste, whether training the fixed scheme verified it, and a before/after row per layer.
enum PrescriptionTables {
    /// One entry per prescription, in the summary's order.
    static func entries(_ prescriptions: [Prescription], markdown: Bool) -> [[String: Any]] {
        var shown = Set<String>()
        return prescriptions.map { p in
            // One block per fixed scheme (it holds every optimizer's changes).
            let showToml = p.toml != nil && shown.insert(p.fixedParametrization ?? "").inserted
            let changes = p.changes.map { change in
                PageRenderer.caption("\(change.layerKind.rawValue) layer's \(change.words) ×n^{\(Diagnosis.power(change.exponentChange))}", markdown: markdown)
            }
            let equivalent = p.equivalentTo.isEmpty ? "" : "equivalent to the built-in \(p.equivalentTo.joined(separator: " and "))"
            return [
                "parametrization": p.parametrization.rawValue, "optimizer": p.optimizer.rawValue, "sweep": p.sweep,
                "has_changes": !p.changes.isEmpty, "changes": changes.joined(separator: "; "),
                "toml": p.toml ?? "", "has_toml": showToml, "fixed": p.fixedParametrization ?? "", "equivalent": equivalent, "has_equivalent": !equivalent.isEmpty,
                "note": PageRenderer.caption(p.verified.note, markdown: markdown),
                "mark": p.verified.pass ? "✓ verified" : "✗ not verified", "class": p.verified.pass ? "pass" : "fail",
            ] as [String: Any]
        }
    }

    /// Before/after rows: each layer's initial norm, first update and first feature change,
    /// measured for the original and for the scheme that verified the prescription.
    static func rows(_ prescriptions: [Prescription], original: [LayerDiagnosis]) -> [[String: Any]] {
        var rows: [[String: Any]] = []
        for p in prescriptions where !p.changes.isEmpty {
            let before = original.filter { $0.parametrization == p.parametrization && $0.optimizer == p.optimizer }
            let after = p.verified.diagnosis
            for layer in Array(Set(before.map(\.layer) + after.map(\.layer))).sorted() {
                func cell(_ lines: [LayerDiagnosis], _ quantity: LayerDiagnosis.Measure, _ step: Int) -> String {
                    guard let line = lines.first(where: { $0.layer == layer && $0.quantity == quantity && $0.step == step }) else { return "—" }
                    return "\(NumberFormat.signed(line.slope)) \(line.pass ? "✓" : "✗")"
                }
                let kind = (before + after).first { $0.layer == layer }?.layerKind.rawValue ?? ""
                rows.append([
                    "parametrization": p.parametrization.rawValue, "optimizer": p.optimizer.rawValue, "layer": layer, "kind": kind,
                    "fixed": p.verified.parametrization,
                    "before_weight": cell(before, .weightNorm, 0), "before_update": cell(before, .updateNorm, 1), "before_feature": cell(before, .featureChange, 1),
                    "after_weight": cell(after, .weightNorm, 0), "after_update": cell(after, .updateNorm, 1), "after_feature": cell(after, .featureChange, 1),
                ])
            }
        }
        return rows
    }
}
