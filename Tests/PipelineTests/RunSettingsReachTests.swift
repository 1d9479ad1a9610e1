import Foundation
import Testing
@testable import Pipeline
@testable import Training

/// Every row of `RunSettings.table` reaches training: a setting that is parsed and
/// validated but never reaches a run would silently do nothing.
@Suite("Every run setting reaches the runs' keys")
struct RunSettingsReachTests {
    /// The settings of the base experiment (small, so that any change stays valid).
    static let base: [String: String] = [
        "input_dimension": "8", "classes": "3", "steps": "3", "seeds": "1", "batch": "16",
        "train_examples": "64", "test_examples": "32", "probe_size": "16", "evaluation_size": "32",
    ]

    static func experiment(_ defaults: [String: String]) -> String {
        """
        title = "Settings"
        [defaults]
        \(defaults.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: "\n"))

        [sweeps.s]
        parametrizations = ["standard", "spectral"]
        widths = [16, 32]
        """
    }

    /// Another valid value of `setting`, as TOML, than `current` (its text as the settings
    /// reference writes it).
    static func otherValue(_ setting: SettingDefinition, current: String) -> String {
        switch setting.kind {
        case let .integer(range):
            let value = Int(current) ?? range.lowerBound
            return String(value < range.upperBound ? value + 1 : value - 1)
        case let .number(rule):
            let value = Double(current) ?? 0
            switch rule {
            case .fraction: return value == 0 ? "0.5" : String(value / 2)
            case .positive, .nonNegative: return value == 0 ? "0.01" : String(value * 2)
            }
        case .flag: return current == "true" ? "false" : "true"
        case let .name(names): return "\"\(names.first { $0 != current } ?? current)\""
        case .integerList: return "[1]"
        }
    }

    /// The keys of every run of the plan, as the executor derives them.
    static func runKeys(_ defaults: [String: String], dataDirectory: String?) throws -> Set<String> {
        let spec = try ExperimentLoader.parse(text: experiment(defaults), path: "settings.toml")
        let plan = try Planner.plan(spec, resources: PlanResources(templates: try TemplateSet.load(directory: nil), fonts: PipelineFixtures.fonts,
                                                                   dataDirectory: dataDirectory))
        let keys = NodeKeys()
        return Set(plan.runs.compactMap { keys.key(for: $0, outputHashes: [:])?.key })
    }

    @Test func changingAnySettingChangesTheRunKeys() throws {
        // A folder with every file data set's files (planning hashes them; nothing reads them).
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("settings-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: data) }
        for name in RunSettings.datasets where name != "teacher" {
            for file in DatasetSource.files(of: name, in: data.path) {
                try FileManager.default.createDirectory(at: URL(fileURLWithPath: file).deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data("\(name) \(file)".utf8).write(to: URL(fileURLWithPath: file))
            }
        }
        let baseKeys = try Self.runKeys(Self.base, dataDirectory: data.path)
        #expect(baseKeys.count == 4)
        let defaults = RunSettings()
        for setting in RunSettings.table {
            var changed = Self.base
            changed[setting.key] = Self.otherValue(setting, current: Self.base[setting.key] ?? setting.value(defaults))
            let keys = try Self.runKeys(changed, dataDirectory: data.path)
            #expect(keys != baseKeys && keys.isDisjoint(with: baseKeys) || setting.key == "seeds",
                    "setting \(setting.key) = \(changed[setting.key] ?? "") leaves some run keys as they were")
            if setting.key == "seeds" { #expect(keys.count == 2 * baseKeys.count && keys.isSuperset(of: baseKeys)) }
        }
    }

    @Test func aRecipeHoldsEveryValueOfTheTable() {
        // The defaults, written into a recipe, give the configuration the built-in defaults describe.
        let recipe = RunRecipe(RunSettings())
        #expect(recipe.configuration.architecture.inputDimension == 64 && recipe.data.inputDimension == 64)
        #expect(recipe.configuration.steps == 100 && recipe.seeds == 3 && recipe.data.name == "teacher")
        #expect(recipe.configuration.learningRate == 0.5 && recipe.configuration.recordsWeightMetrics)
    }
}
