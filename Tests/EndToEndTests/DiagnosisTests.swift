import Foundation
import Testing
import TestSupport

/// The per-layer diagnosis of a report, read from its `summary.json`: a deliberately
/// broken scheme is caught at the layer that breaks, with the fix; the built-in spectral
/// parametrization passes everywhere under SGD and Adam; the standard one fails where the
/// theory says it breaks the condition.
@Suite("Per-layer diagnosis on the built binary")
struct DiagnosisTests {
    static let experiment = """
        title = "Diagnosis"

        [parametrizations.spectral-output-unscaled]
        from = "spectral"
        output = { lr = 0 }

        [defaults]
        input_dimension = 4
        classes = 2
        depth = 3
        steps = 2
        seeds = 2
        batch = 32
        train_examples = 256
        test_examples = 64
        probe_size = 32
        evaluation_size = 64
        metric_steps = [0, 1, 2]

        [sweeps.sgd]
        parametrizations = ["standard", "spectral", "spectral-output-unscaled"]
        widths = [32, 64, 128, 256]

        [sweeps.adam]
        parametrizations = ["spectral"]
        widths = [32, 64, 128, 256]
        optimizer = "adam"
        learning_rate = 0.01

        [[figures]]
        id = "features"
        kind = "feature_movement"
        sweep = "sgd"
        caption = "Features."
        """

    typealias Record = [String: Any]

    @Test func brokenSchemesAreCaughtAtTheirLayerWithTheFix() throws {
        let folder = try RunCommandTests.folder()
        let path = try RunCommandTests.write(Self.experiment, in: folder, name: "diagnosis")
        let output = folder.appendingPathComponent("out").path
        let result = try Binary.run(["run", path, "--output", output, "--quiet", "--jobs", "2"])
        #expect(result.status == 0, "\(result.standardError)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/diagnosis/data/summary.json"))) as? Record ?? [:]
        let records = summary["diagnosis"] as? [Record] ?? []
        func lines(_ p: String, _ optimizer: String = "sgd") -> [Record] {
            records.filter { $0["parametrization"] as? String == p && $0["optimizer"] as? String == optimizer }
        }
        func describe(_ rows: [Record]) -> String {
            rows.map { "\($0["layer"] ?? "") \($0["quantity"] ?? "") step \($0["step"] ?? ""): \($0["slope"] ?? "") \($0["pass"] ?? "")" }.joined(separator: "\n")
        }
        // Every record has its fields; three layers × five measurements. The standard
        // parametrization may lose its end-of-training records: a run whose loss ends more
        // than 2× above its start is diverged (`Divergence`), and a diverged width is no slope.
        for p in ["spectral", "spectral-output-unscaled"] { #expect(lines(p).count == 15, "\(p)") }
        let standardRecords = lines("standard")
        #expect(standardRecords.count == 15 || (standardRecords.count == 9 && standardRecords.allSatisfy { ($0["step"] as? Int ?? 0) <= 1 }),
                "\(describe(standardRecords))")
        #expect(records.allSatisfy { $0["slope"] is Double && $0["ci95"] is Double && $0["target"] is Double && $0["pass"] is Bool })

        // The built-in spectral parametrization meets the condition in every layer, SGD and Adam.
        for optimizer in ["sgd", "adam"] {
            let spectral = lines("spectral", optimizer)
            #expect(!spectral.isEmpty && spectral.allSatisfy { $0["pass"] as? Bool == true }, "spectral \(optimizer):\n\(describe(spectral))")
        }

        // The broken scheme: its output layer's updates are ✗ with a fix that scales the
        // learning rate down with width; its hidden layer is ✓.
        let broken = lines("spectral-output-unscaled")
        let outputUpdate = broken.first { $0["layer"] as? Int == 3 && $0["quantity"] as? String == "weight_change_spectral_norm" && $0["step"] as? Int == 1 }
        #expect(outputUpdate?["pass"] as? Bool == false, "\(describe(broken))")
        let fix = outputUpdate?["fix"] as? String ?? ""
        #expect(fix.contains("output layer") && fix.contains("scale its learning rate by n^{−1}"), "\(fix)")
        #expect(broken.filter { $0["layer"] as? Int == 2 }.allSatisfy { $0["pass"] as? Bool == true }, "\(describe(broken))")

        // The standard parametrization breaks the condition where the theory says: hidden
        // updates √n too large, the output layer's initial weights √n too large. The hidden
        // miss is a consequence of the output's initial fault (no fix of its own); the
        // output's norm is fixed by its multiplier, jointly with its update.
        let standard = lines("standard")
        let hidden = standard.first { $0["layer"] as? Int == 2 && $0["quantity"] as? String == "weight_change_spectral_norm" && $0["step"] as? Int == 1 }
        #expect(hidden?["pass"] as? Bool == false && hidden?["fix"] is NSNull
            && ((hidden?["consequence"] as? String) ?? "").contains("follows from the output layer's"), "\(describe(standard))")
        let outputInit = standard.first { $0["layer"] as? Int == 3 && $0["quantity"] as? String == "weight_spectral_norm" }
        #expect(outputInit?["pass"] as? Bool == false && ((outputInit?["fix"] as? String) ?? "").contains("forward multiplier by n^{−½}"), "\(describe(standard))")
        #expect(standard.filter { $0["layer"] as? Int == 2 && $0["quantity"] as? String == "weight_spectral_norm" }.allSatisfy { $0["pass"] as? Bool == true })

        // The page shows the table and the fix in words.
        let page = try String(contentsOfFile: output + "/diagnosis/report.md", encoding: .utf8)
        #expect(page.contains("## Per-layer diagnosis") && page.contains("scale its learning rate by n⁻¹"))
        #expect(page.contains("no fix of its own"))
    }
}
