import ArgumentParser
import Foundation
import Pipeline

/// Options shared by `run` and `cache status`: which experiment, and where things go.
struct ExperimentOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Experiment files, or folders meaning every *.toml in them (default: experiments/spectral-condition.toml).", valueName: "experiment"))
    var experiments: [String] = []

    @Flag(help: "Use the experiment's [quick] preset (fewer widths, seeds and steps).")
    var quick = false

    @Option(help: "Where reports go: <output>/<experiment name>/.")
    var output: String = "output"

    @Option(help: "The cache directory (default: <output>/.cache).")
    var cacheDir: String?

    @Option(help: "A folder of Mustache templates overriding the defaults.")
    var templates: String?

    @Option(help: "A folder with CIFAR-10 binary batches or MNIST IDX files to train on instead of the teacher data.")
    var dataDir: String?

    @Flag(help: "Embed figures in report.html as data URIs (one self-contained file).")
    var embedImages = false

    @Option(help: ArgumentHelp("A TrueType font file for figures.", valueName: "path"))
    var font: String?

    var cacheURL: URL { URL(fileURLWithPath: cacheDir ?? (output as NSString).appendingPathComponent(".cache")) }

    /// The experiment files named, folders expanded to their `*.toml` files in name order.
    /// - Throws: `InputError` for a path that does not exist or a folder without experiments.
    func experimentPaths() throws -> [String] {
        var paths: [String] = []
        for path in experiments.isEmpty ? ["experiments/spectral-condition.toml"] : experiments {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                paths.append(path)  // a missing file is reported by the loader, with its name
                continue
            }
            let files = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".toml") && !$0.hasPrefix(".") }.sorted()
            guard !files.isEmpty else { throw InputError(file: path, message: "the folder holds no experiment files (*.toml)") }
            paths += files.map { (path as NSString).appendingPathComponent($0) }
        }
        return paths
    }

    /// Loads and validates every experiment before anything runs; bad input in any of them
    /// becomes exit code 2. Two experiments with the same name would write the same report
    /// folder, so that is bad input too.
    func sessions() throws -> [ExperimentSession] {
        var sessions: [ExperimentSession] = []
        for path in try experimentPaths() {
            var request = ExperimentSession.Request(experimentPath: path)
            request.quick = quick
            request.templatesDirectory = templates
            request.dataDirectory = dataDir
            request.fontPath = font
            request.embedImages = embedImages
            let session = try ExperimentSession.prepare(request)
            if let other = sessions.first(where: { $0.plan.experiment.name == session.plan.experiment.name }) {
                throw InputError(file: path, message: "has the same name as \(other.plan.experiment.path): both would write \(output)/\(session.plan.experiment.name)/")
            }
            sessions.append(session)
        }
        return sessions
    }
}

extension OutputFolder {
    /// The whole check for `run` and `watch`, with the folders `options` name.
    static func check(_ options: ExperimentOptions, sessions: [ExperimentSession]) throws {
        try check(output: options.output, sessions: sessions, cache: options.cacheURL)
    }
}
