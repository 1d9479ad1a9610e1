import Foundation
@testable import Pipeline
import Plotting
import Raster
import TestSupport

/// A tiny experiment that runs in about a second in a debug build.
enum PipelineFixtures {
    static let experiment = TinyExperiment.toml(description: "A *tiny* experiment <b>for tests</b>.", extra: """

        [[figures]]
        id = "weights"
        kind = "weight_movement"
        sweep = "movement"
        caption = "Weight movement."

        [[tables]]
        id = "exponents"
        kind = "exponents"
        """)

    /// DejaVu Sans, as figures are drawn by default.
    static let fonts: FigureFontFiles = { try! FigureFontFiles.locate() }()

    /// Another font (the bold face as the regular one): figures must be redrawn with it.
    static let boldFonts: FigureFontFiles = { try! FigureFontFiles.load(regular: try! FontLocator.locate(bold: true)) }()

    /// A fresh folder with the experiment written into `experiments/`.
    static func workspace(_ text: String = experiment, name: String = "tiny") throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("experiments"), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: root.appendingPathComponent("experiments/\(name).toml"))
        return root
    }

    /// The plan of the experiment in `root`, with the given templates and fonts.
    static func plan(_ root: URL, name: String = "tiny", templates: URL? = nil, fonts: FigureFontFiles = fonts,
                     edit: (inout ExperimentSpec) -> Void = { _ in }) throws -> Plan {
        var spec = try ExperimentLoader.load(path: root.appendingPathComponent("experiments/\(name).toml").path)
        edit(&spec)
        return try Planner.plan(spec, resources: PlanResources(templates: try TemplateSet.load(directory: templates), fonts: fonts))
    }

    static func store(_ root: URL) throws -> CacheStore { try CacheStore(root: root.appendingPathComponent("output/.cache")) }

    /// Plans and executes the experiment in `root`, writing its report.
    static func execute(_ root: URL, name: String = "tiny", templates: URL? = nil, fonts: FigureFontFiles = fonts,
                        toolVersion: String = ToolInfo.version, force: ForceSelection = .none,
                        shard: (Int, Int)? = nil, edit: (inout ExperimentSpec) -> Void = { _ in }) throws -> ExecutionSummary {
        let plan = try plan(root, name: name, templates: templates, fonts: fonts, edit: edit)
        var options = ExecutionOptions()
        options.toolVersion = toolVersion
        options.force = force
        options.shard = shard
        options.threads = 1
        return PipelineRunner.run(plan: plan, store: try store(root), options: options, outputDirectory: root.appendingPathComponent("output"))
    }
}
