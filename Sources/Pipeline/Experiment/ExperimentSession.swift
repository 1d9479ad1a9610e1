import Foundation
import Raster
import Training

/// Everything a run needs, loaded and validated before anything executes or is written.
public struct ExperimentSession: Sendable {
    public let plan: Plan
    let resources: PlanResources

    /// What the user asked for.
    public struct Request: Sendable {
        public var experimentPath: String
        public var quick = false
        public var templatesDirectory: String?
        public var dataDirectory: String?
        public var fontPath: String?
        public var embedImages = false

        public init(experimentPath: String) { self.experimentPath = experimentPath }
    }

    /// Loads and checks the experiment, templates, font and data, and builds the plan.
    /// - Throws: `InputError` for anything wrong with the inputs.
    public static func prepare(_ request: Request) throws -> ExperimentSession {
        // The data set first: it changes the settings the experiment is checked with.
        let data = try request.dataDirectory.map(FileDataSet.inspect)
        let experiment = try ExperimentLoader.load(path: request.experimentPath, quick: request.quick, data: data)
        let templates = try TemplateSet.load(directory: templatesDirectory(request, experiment))
        let fonts: FigureFontFiles
        do { fonts = try FigureFontFiles.locate(explicitPath: request.fontPath) } catch let error as FontError {
            throw InputError(file: request.fontPath ?? "font", message: error.description)
        }
        let resources = PlanResources(templates: templates, fonts: fonts, dataDirectory: request.dataDirectory, embedImages: request.embedImages)
        return ExperimentSession(plan: try Planner.plan(experiment, resources: resources), resources: resources)
    }

    /// Warnings about the inputs that do not stop the run (an unescaped tag in a custom template).
    public var warnings: [String] { resources.templates.warnings }

    /// Every file the plan read, for `watch`: the experiment file, the template folder (a
    /// new template there counts too), the fonts, and the data set's files.
    public var inputPaths: [String] {
        var paths = [plan.experiment.path]
        if let directory = resources.templates.directory { paths.append(directory.path) }
        paths += resources.templates.directory.map { directory in
            resources.templates.files.keys.sorted().map { directory.appendingPathComponent($0).path }
                .filter { FileManager.default.fileExists(atPath: $0) }
        } ?? []
        paths.append(resources.fonts.fonts.regular.path)
        if let bold = resources.fonts.fonts.bold { paths.append(bold.path) }
        if let directory = resources.dataDirectory {
            for name in Set(plan.experiment.sweeps.map(\.settings.dataset)) where name != "teacher" {
                paths += DatasetSource.files(of: name, in: directory)
            }
        }
        return paths
    }

    /// `--templates`, else the experiment's `templates` key, else `templates/` beside the
    /// experiment folder when it has a report template; nil for the built-in ones.
    static func templatesDirectory(_ request: Request, _ experiment: ExperimentSpec) -> URL? {
        let experimentDirectory = URL(fileURLWithPath: request.experimentPath).deletingLastPathComponent()
        if let explicit = request.templatesDirectory { return URL(fileURLWithPath: explicit) }
        if let named = experiment.templates { return experimentDirectory.appendingPathComponent(named) }
        let beside = experimentDirectory.deletingLastPathComponent().appendingPathComponent("templates")
        return FileManager.default.fileExists(atPath: beside.appendingPathComponent("report.html.mustache").path) ? beside : nil
    }
}
