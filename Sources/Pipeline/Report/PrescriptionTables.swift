import Training

/// The page's prescriptions: per parametrization and optimizer the changes, the block to
/// paste, whether training the fixed scheme verified it, and a before/after row per layer.
enum PrescriptionTables {
    /// One entry per prescription, in the summary's order.
    static func entries(_ prescriptions: [Prescription], markdown: Bool) -> [PrescriptionEntry] {
        var shown = Set<String>()
        return prescriptions.map { p in
            // One block per fixed scheme (it holds every optimizer's changes).
            let showToml = p.toml != nil && shown.insert(p.fixedParametrization ?? "").inserted
            let changes = p.changes.map { change in
                PageRenderer.caption("\(change.layerKind.rawValue) layer's \(change.words) ×n^{\(Diagnosis.power(change.exponentChange))}", markdown: markdown)
            }
            let equivalent = p.equivalentTo.isEmpty ? "" : "equivalent to the built-in \(p.equivalentTo.joined(separator: " and "))"
            return PrescriptionEntry(
                parametrization: p.parametrization.rawValue, optimizer: p.optimizer.rawValue, sweep: p.sweep,
                hasChanges: !p.changes.isEmpty, changes: changes.joined(separator: "; "),
                hasToml: showToml, toml: p.toml ?? "", fixed: p.fixedParametrization ?? "", hasEquivalent: !equivalent.isEmpty, equivalent: equivalent,
                note: PageRenderer.caption(p.verified.note, markdown: markdown),
                mark: p.verified.pass ? "✓ verified" : "✗ not verified", class: p.verified.pass ? "pass" : "fail")
        }
    }

    /// Before/after rows: each layer's initial norm, first update and first feature change,
    /// measured for the original and for the scheme that verified the prescription.
    static func rows(_ prescriptions: [Prescription], original: [LayerDiagnosis]) -> [PrescriptionRow] {
        var rows: [PrescriptionRow] = []
        for p in prescriptions where !p.changes.isEmpty {
            let before = original.filter { $0.parametrization == p.parametrization && $0.optimizer == p.optimizer }
            let after = p.verified.diagnosis
            for layer in Array(Set(before.map(\.layer) + after.map(\.layer))).sorted() {
                func cell(_ lines: [LayerDiagnosis], _ quantity: LayerDiagnosis.Measure, _ step: Int) -> String {
                    guard let line = lines.first(where: { $0.layer == layer && $0.quantity == quantity && $0.step == step }) else { return "—" }
                    return "\(NumberFormat.signed(line.slope)) \(line.pass ? "✓" : "✗")"
                }
                let kind = (before + after).first { $0.layer == layer }?.layerKind.rawValue ?? ""
                rows.append(PrescriptionRow(
                    parametrization: p.parametrization.rawValue, optimizer: p.optimizer.rawValue, layer: layer, kind: kind,
                    fixed: p.verified.parametrization,
                    beforeWeight: cell(before, .weightNorm, 0), beforeUpdate: cell(before, .updateNorm, 1), beforeFeature: cell(before, .featureChange, 1),
                    afterWeight: cell(after, .weightNorm, 0), afterUpdate: cell(after, .updateNorm, 1), afterFeature: cell(after, .featureChange, 1)))
            }
        }
        return rows
    }
}
