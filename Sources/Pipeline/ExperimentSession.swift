import Foundation
import Plotting
import Raster
import Training

/// Everything a run needs, loaded and validated before anything executes or is written.
public struct ExperimentSession: Sendable {
    public let plan: Plan
    public let templates: TemplateSet
    public let fonts: FigureFonts

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
        var experiment = try ExperimentLoader.load(path: request.experimentPath, quick: request.quick)
        let experimentDirectory = URL(fileURLWithPath: request.experimentPath).deletingLastPathComponent()
        let templatesURL: URL?
        if let explicit = request.templatesDirectory {
            templatesURL = URL(fileURLWithPath: explicit)
        } else if let named = experiment.templates {
            templatesURL = experimentDirectory.appendingPathComponent(named)
        } else {
            let beside = experimentDirectory.deletingLastPathComponent().appendingPathComponent("templates")
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: beside.appendingPathComponent("report.html.mustache").path, isDirectory: &isDirectory)
            templatesURL = exists ? beside : nil
        }
        let templates = try TemplateSet.load(directory: templatesURL)
        let fonts: FigureFonts
        let fontPath: String
        do {
            fontPath = try FontLocator.locate(explicitPath: request.fontPath)
            let bold = (try? FontLocator.locate(explicitPath: request.fontPath, bold: true)).flatMap { $0 == fontPath ? nil : try? TrueTypeFont(path: $0) }
            fonts = FigureFonts(regular: try TrueTypeFont(path: fontPath), bold: bold)
        } catch let error as FontError {
            throw InputError(file: request.fontPath ?? "font", message: error.description)
        }
        if let directory = request.dataDirectory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw InputError(file: directory, message: "--data-dir is not a directory")
            }
            let detected = try DataDirectory.detect(directory)
            experiment.sweeps = experiment.sweeps.map { sweep in
                var s = sweep
                s.settings.dataset = detected.name
                s.settings.inputDimension = detected.inputDimension
                s.settings.classes = 10
                return s
            }
        }
        let context = Planner.Context(dataDirectory: request.dataDirectory, templateHashes: templates.hashes,
                                      fontHash: ContentHash.sha256(file: fontPath) ?? "", embedImages: request.embedImages)
        return ExperimentSession(plan: try Planner.plan(experiment, context: context), templates: templates, fonts: fonts)
    }
}

/// Recognises the data set in a `--data-dir`.
public enum DataDirectory {
    public static func detect(_ directory: String) throws -> (name: String, inputDimension: Int) {
        let fm = FileManager.default
        if fm.fileExists(atPath: directory + "/data_batch_1.bin") || fm.fileExists(atPath: directory + "/cifar-10-batches-bin/data_batch_1.bin") {
            return ("cifar10", 3072)
        }
        for suffix in ["", ".gz"] where fm.fileExists(atPath: directory + "/train-images-idx3-ubyte" + suffix) {
            // Read one example of each split: checks the files and gives the image size.
            do {
                let sample = try DatasetLoaders.idx(directory: directory, trainLimit: 1, testLimit: 1)
                return ("mnist", sample.inputDimension)
            } catch let error as DatasetError {
                throw InputError(file: error.path, message: error.problem)
            }
        }
        throw InputError(file: directory, message: "no CIFAR-10 binary batches (data_batch_1.bin …) or MNIST IDX files (train-images-idx3-ubyte[.gz] …) found")
    }
}
