import Foundation
import Testing
import TestSupport

/// Prescriptions on the built binary: solved jointly, trained on the same sweep, verified.
/// Standard and NTK under SGD and Adam get fixes whose schemes pass every layer and are
/// equivalent to the spectral parametrization and μP; four schemes broken in different ways
/// get back exactly their broken fields; consequences carry no fix of their own.
@Suite("Prescriptions verified by training, on the built binary")
struct PrescriptionTests {
    static let experiment = """
        title = "Prescriptions"

        # One layer's initialisation: the hidden weights' scale no longer shrinks like 1/√n.
        [parametrizations.hidden-init]
        from = "spectral"
        hidden = { init = 0 }

        # One layer's rate: the output's learning rate no longer shrinks like 1/n.
        [parametrizations.output-rate]
        from = "spectral"
        output = { lr = 0 }

        # A multiplier: the hidden layer multiplies by 1/√n, with nothing to make up for it.
        [parametrizations.hidden-multiplier]
        from = "spectral"
        hidden = { multiplier = -0.5 }

        # Two faults at once, in two layers.
        [parametrizations.two-faults]
        from = "spectral"
        input = { lr_sgd = 0 }
        output = { init = -0.5 }

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
        learning_rate = 0.1

        [sweeps.sgd]
        parametrizations = ["standard", "ntk", "spectral", "hidden-init", "output-rate", "hidden-multiplier", "two-faults"]
        widths = [64, 128, 256, 512]

        [sweeps.adam]
        parametrizations = ["standard", "ntk", "spectral"]
        widths = [64, 128, 256, 512]
        optimizer = "adam"
        learning_rate = 0.01

        [[figures]]
        id = "features"
        kind = "feature_movement"
        sweep = "sgd"
        caption = "Features."
        """

    typealias Record = [String: Any]

    static func changes(_ record: Record) -> [String] {
        (record["changes"] as? [Record] ?? []).map { "\($0["layer_kind"] ?? "").\($0["field"] ?? "") \($0["exponent_change"] ?? "")" }
    }

    static func describe(_ records: [Record]) -> String {
        records.map { "W_\($0["layer"] ?? "") \($0["quantity"] ?? "") step \($0["step"] ?? ""): \($0["slope"] ?? "") \($0["pass"] ?? "")" }.joined(separator: "\n")
    }

    @Test func prescriptionsAreJointMinimalAndVerified() throws {
        let folder = try RunCommandTests.folder()
        let path = try RunCommandTests.write(Self.experiment, in: folder, name: "prescriptions")
        let output = folder.appendingPathComponent("out").path
        let result = try Binary.run(["run", path, "--output", output, "--quiet", "--jobs", "2"])
        #expect(result.status == 0, "\(result.standardError)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/prescriptions/data/summary.json"))) as? Record ?? [:]
        let prescriptions = summary["prescriptions"] as? [Record] ?? []
        func prescription(_ p: String, _ optimizer: String = "sgd") throws -> Record {
            try #require(prescriptions.first { $0["parametrization"] as? String == p && $0["optimizer"] as? String == optimizer }, "\(p) \(optimizer)")
        }
        // One record per parametrization and optimizer diagnosed.
        #expect(prescriptions.count == 10)

        // The built-ins: standard and NTK are fixed into schemes equivalent to spectral and μP
        // that pass every layer once trained; spectral needs nothing.
        let expected: [String: [String]] = [
            "standard/sgd": ["input.lr_sgd 1", "output.multiplier -0.5"],
            "standard/adam": ["hidden.lr_adam -1", "output.multiplier -0.5", "output.lr_adam -0.5"],
            "ntk/sgd": ["input.lr_sgd 1", "hidden.lr_sgd 1", "output.init -0.5"],
            "ntk/adam": ["hidden.lr_adam -0.5", "output.init -0.5", "output.lr_adam -0.5"],
        ]
        for (key, changes) in expected {
            let parts = key.split(separator: "/").map(String.init)
            let record = try prescription(parts[0], parts[1])
            #expect(Self.changes(record) == changes, "\(key): \(Self.changes(record))")
            #expect(record["fixed_parametrization"] as? String == "\(parts[0])-fixed")
            #expect((record["equivalent_to"] as? [String]) == ["spectral", "mup"], "\(key)")
            let verified = record["verified"] as? Record ?? [:]
            let lines = verified["diagnosis"] as? [Record] ?? []
            #expect(verified["pass"] as? Bool == true && lines.count == 15, "\(key):\n\(Self.describe(lines))")
            #expect((record["toml"] as? String ?? "").hasPrefix("[parametrizations.\(parts[0])-fixed]"))
        }
        for optimizer in ["sgd", "adam"] {
            let spectral = try prescription("spectral", optimizer)
            #expect(Self.changes(spectral).isEmpty && spectral["toml"] is NSNull && (spectral["verified"] as? Record)?["pass"] as? Bool == true)
        }

        // Broken schemes get back exactly their broken fields, and the fix verifies.
        let broken: [String: [String]] = [
            "hidden-init": ["hidden.init -0.5"],
            "output-rate": ["output.lr_sgd -1"],
            "hidden-multiplier": ["hidden.multiplier 0.5"],
            "two-faults": ["input.lr_sgd 1", "output.init -0.5"],
        ]
        for (name, changes) in broken {
            let record = try prescription(name)
            #expect(Self.changes(record) == changes, "\(name): \(Self.changes(record))")
            let verified = record["verified"] as? Record ?? [:]
            #expect(verified["pass"] as? Bool == true, "\(name):\n\(Self.describe(verified["diagnosis"] as? [Record] ?? []))")
            #expect((record["equivalent_to"] as? [String])?.contains("spectral") == true)
        }

        // Consequences: the one initial fault of hidden-init shows in the other layers'
        // updates under SGD; those records name it and carry no fix.
        let diagnosis = summary["diagnosis"] as? [Record] ?? []
        let hiddenInit = diagnosis.filter { $0["parametrization"] as? String == "hidden-init" && $0["pass"] as? Bool == false }
        let fixes = hiddenInit.filter { !($0["fix"] is NSNull) }
        #expect(!fixes.isEmpty && fixes.allSatisfy { $0["layer"] as? Int == 2 && $0["quantity"] as? String == "weight_spectral_norm" }, "\(Self.describe(hiddenInit))")
        let consequences = hiddenInit.filter { ($0["consequence"] as? String)?.contains("hidden layer's initialisation") == true }
        #expect(consequences.contains { $0["layer"] as? Int != 2 && $0["quantity"] as? String == "weight_change_spectral_norm" }, "\(Self.describe(hiddenInit))")
        // The standard parametrization's hidden update is the output's initial fault.
        let standardHidden = diagnosis.first { $0["parametrization"] as? String == "standard" && $0["optimizer"] as? String == "sgd"
            && $0["layer"] as? Int == 2 && $0["quantity"] as? String == "weight_change_spectral_norm" && $0["step"] as? Int == 1 }
        #expect(standardHidden?["pass"] as? Bool == false && standardHidden?["fix"] is NSNull
            && (standardHidden?["consequence"] as? String ?? "").contains("output layer's"), "\(standardHidden ?? [:])")

        // The refined coordinate check reaches runs.csv, and the feature records carry it.
        let runs = try String(contentsOfFile: output + "/prescriptions/data/runs.csv", encoding: .utf8)
        #expect(runs.contains(",feature_change_own_rms,") && runs.contains(",feature_change_drift_rms,"))
        #expect(runs.contains(",standard-fixed,"))
        #expect(diagnosis.filter { $0["quantity"] as? String == "feature_change_rms" }.allSatisfy { $0["own_slope"] is Double })

        // The page shows the blocks and the before/after table.
        let page = try String(contentsOfFile: output + "/prescriptions/report.md", encoding: .utf8)
        #expect(page.contains("### Prescriptions, verified by training") && page.contains("[parametrizations.standard-fixed]"))
        #expect(page.contains("Before and after"))

        // A block pasted into an experiment file reads back: the plan trains it by that name
        // and prescribes nothing more for it.
        let toml = try prescription("two-faults")["toml"] as? String ?? ""
        let pasted = Self.experiment.replacingOccurrences(of: "[defaults]", with: toml + "\n[defaults]")
            .replacingOccurrences(of: "\"two-faults\"]", with: "\"two-faults\", \"two-faults-fixed\"]")
        let pastedPath = try RunCommandTests.write(pasted, in: folder, name: "pasted")
        let dry = try Binary.run(["run", pastedPath, "--output", output, "--dry-run"])
        #expect(dry.status == 0, "\(dry.standardError)")
    }
}
