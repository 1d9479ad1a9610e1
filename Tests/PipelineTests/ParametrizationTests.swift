import Foundation
import Testing
@testable import Pipeline
@testable import Training

/// Parametrizations an experiment defines: the written-out built-ins, validation.
@Suite("Parametrizations an experiment defines")
struct OwnParametrizationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built-ins written out as own parametrizations (docs/experiment-file.md shows
    /// this file; `IdentityTests` checks that it does).
    static func writtenOut() throws -> String {
        try String(contentsOf: repository.appendingPathComponent("experiments/parametrizations/written-out-builtins.toml"), encoding: .utf8)
    }

    static func experiment(_ definitions: String, parametrizations: [String]) -> String {
        """
        title = "Written out"
        \(definitions)
        [defaults]
        input_dimension = 8
        classes = 3
        steps = 3
        seeds = 1
        batch = 16
        train_examples = 64
        test_examples = 32
        probe_size = 16

        [sweeps.all]
        parametrizations = [\(parametrizations.map { "\"\($0)\"" }.joined(separator: ", "))]
        widths = [16, 64, 100]
        """
    }

    @Test func theWrittenOutBuiltInsTrainBitIdentically() throws {
        let block = try Self.writtenOut()
        let names = block.components(separatedBy: "\n").filter { $0.hasPrefix("[parametrizations.") }
            .map { String($0.dropFirst("[parametrizations.".count).dropLast()) }
        #expect(names.count == 6)
        let spec = try ExperimentLoader.parse(text: Self.experiment(block, parametrizations: names), path: "written-out.toml")
        for own in spec.sweeps[0].parametrizations {
            let builtin = Parametrization(rawValue: own.name.replacingOccurrences(of: "-written-out", with: "").replacingOccurrences(of: "-from-standard", with: ""))
            guard let builtin else { Issue.record("no built-in for \(own.name)"); continue }
            #expect(own.builtin == nil)
            // Every layer kind, both optimizers, widths below, at and above the base width.
            for width in [16, 64, 100, 1000] {
                let architecture = MLPArchitecture(inputDimension: 8, width: width, depth: 4, classes: 3)
                for shape in architecture.layerShapes {
                    for optimizer in OptimizerKind.allCases {
                        let a = own.scaling(for: shape, optimizer: optimizer, baseLearningRate: 0.3, gain: 1.5, baseWidth: 64)
                        let b = builtin.scaling(for: shape, optimizer: optimizer, baseLearningRate: 0.3, gain: 1.5, baseWidth: 64)
                        #expect(a == b, "\(own.name), width \(width), \(LayerKind(shape)), \(optimizer)")
                    }
                }
            }
            // And a run trains to the same bits.
            let dataset = TeacherConfiguration(inputDimension: 8, classes: 3, trainExamples: 64, testExamples: 32, seed: 1).makeDataset()
            for optimizer in OptimizerKind.allCases {
                func run(_ p: Parametrization) throws -> RunResult {
                    try Trainer.run(RunConfiguration(architecture: MLPArchitecture(inputDimension: 8, width: 24, depth: 3, classes: 3), parametrization: p,
                                                     optimizer: .init(kind: optimizer), learningRate: 0.05, baseWidth: 16, batchSize: 16, steps: 3,
                                                     probeSize: 16, evaluationSize: 32), dataset: dataset)
                }
                let (a, b) = (try run(own), try run(builtin))
                #expect(a.snapshots == b.snapshots && a.batchLosses == b.batchLosses, "\(own.name) under \(optimizer)")
            }
        }
    }

    @Test func aReplacedExponentScalesFromTheBaseWidth() throws {
        let spec = try ExperimentLoader.parse(text: Self.experiment("""
            [parametrizations.unscaled]
            from = "spectral"
            output = { lr = 0 }
            """, parametrizations: ["unscaled"]), path: "own.toml")
        let own = spec.sweeps[0].parametrizations[0]
        for width in [64, 256] {
            let output = MLPArchitecture(inputDimension: 8, width: width, depth: 3, classes: 3).layerShapes[2]
            let a = own.scaling(for: output, optimizer: .sgd, baseLearningRate: 1, gain: 1, baseWidth: 64)
            let b = Parametrization.spectral.scaling(for: output, optimizer: .sgd, baseLearningRate: 1, gain: 1, baseWidth: 64)
            // η·c/n times (n/n₀)^(0 − (−1)): η·c/n₀ at every width.
            #expect(abs(a.learningRate - 3.0 / 64) < 1e-7 && b.learningRate == 3 / Float(width))
        }
        // The run's key holds the definition.
        let run = Planner.runConfigurations(of: spec.sweeps[0])[0].configuration
        #expect(run.parametrizationScheme?.overrides[.output]?.learningRateSGD == 0)
    }

    @Test(arguments: [
        ("[parametrizations.spectral]\nfrom = \"standard\"", "parametrizations.spectral: 'spectral' is a built-in parametrization"),
        ("[parametrizations.x]\nfrom = \"spectrall\"", "parametrizations.x.from: unknown value 'spectrall' (did you mean 'spectral'?)"),
        ("[parametrizations.x]\noutput = { lr = 9 }", "parametrizations.x.output.lr: must be a width exponent between -4 and 4, got 9.0"),
        ("[parametrizations.x]\noutput = { rate = 1 }", "parametrizations.x.output.rate: unknown key"),
        ("[parametrizations.x]\nmiddle = { lr = 1 }", "parametrizations.x.middle: unknown key"),
        ("[parametrizations.x]\noutput = { lr = \"fast\" }", "parametrizations.x.output.lr: must be a number (a width exponent), found a string"),
        ("[parametrizations.\"Bad Name\"]", "'Bad Name' is not a safe file name"),
        ("[parametrizations.x]\nfrom = \"mup\"", "sweeps.all.parametrizations: unknown parametrization 'y'"),
    ])
    func badDefinitionsNameTheKey(definition: String, message: String) {
        do {
            _ = try ExperimentLoader.parse(text: Self.experiment(definition, parametrizations: ["y"]), path: "bad.toml")
            Issue.record("accepted: \(definition)")
        } catch let error as InputError {
            #expect(error.description.contains(message), "\(error)")
            #expect(error.line != nil, "\(error)")
        } catch {
            Issue.record("\(error)")
        }
    }
}
