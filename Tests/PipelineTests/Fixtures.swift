import Foundation
@testable import Notebook
import Plotting
import Raster

/// A tiny experiment that runs in about a second in a debug build.
enum NotebookFixtures {
    static let experiment = """
    title = "Tiny"
    description = "A *tiny* experiment <b>for tests</b>."

    [defaults]
    input_dimension = 8
    classes = 3
    depth = 3
    steps = 2
    seeds = 1
    batch = 16
    train_examples = 64
    test_examples = 32
    probe_size = 16
    metric_steps = [0, 1]

    [sweeps.movement]
    parametrizations = ["standard", "spectral"]
    widths = [8, 16, 32]

    [[figures]]
    id = "feature-movement"
    kind = "feature_movement"
    sweep = "movement"
    caption = "Feature movement."

    [[figures]]
    id = "weights"
    kind = "weight_movement"
    sweep = "movement"
    caption = "Weight movement."

    [[tables]]
    id = "exponents"
    kind = "exponents"
    """

    static let fonts: FigureFonts = {
        FigureFonts(regular: try! TrueTypeFont(path: try! FontLocator.locate()))
    }()

    /// A fresh folder with the experiment written into `experiments/`.
    static func workspace(_ text: String = experiment, name: String = "tiny") throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("notebook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("experiments"), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: root.appendingPathComponent("experiments/\(name).toml"))
        return root
    }

    /// Plans and executes the experiment in `root`.
    static let boldFonts: FigureFonts = {
        FigureFonts(regular: try! TrueTypeFont(path: try! FontLocator.locate(bold: true)))
    }()

    static func execute(_ root: URL, name: String = "tiny", templates: URL? = nil, fontHash: String = "font-v1", fonts: FigureFonts = fonts,
                        toolVersion: String = ToolInfo.version, force: ForceSelection = .none,
                        shard: (Int, Int)? = nil, edit: (inout ExperimentSpec) -> Void = { _ in }) throws -> ExecutionSummary {
        var spec = try ExperimentLoader.load(path: root.appendingPathComponent("experiments/\(name).toml").path)
        edit(&spec)
        let templateSet = try TemplateSet.load(directory: templates)
        let plan = try Planner.plan(spec, context: .init(templateHashes: templateSet.hashes, fontHash: fontHash))
        var options = ExecutionOptions(outputDirectory: root.appendingPathComponent("output"))
        options.toolVersion = toolVersion
        options.force = force
        options.shard = shard
        options.threads = 1
        let store = try CacheStore(root: root.appendingPathComponent("output/.cache"))
        return Executor(plan: plan, store: store, templates: templateSet, fonts: fonts, options: options).run()
    }
}
