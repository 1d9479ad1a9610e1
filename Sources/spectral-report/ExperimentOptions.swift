import ArgumentParser
import Foundation
import Pipeline

/// Options shared by `run` and `cache status`: which experiment, and where things go.
struct ExperimentOptions: ParsableArguments {
    @Argument(help: "The experiment file.")
    var experiment: String = "experiments/spectral-condition.toml"

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

    /// Loads and validates everything; bad input becomes exit code 2.
    func session() throws -> ExperimentSession {
        var request = ExperimentSession.Request(experimentPath: experiment)
        request.quick = quick
        request.templatesDirectory = templates
        request.dataDirectory = dataDir
        request.fontPath = font
        request.embedImages = embedImages
        return try ExperimentSession.prepare(request)
    }
}

/// Checks `--output` before anything runs: a folder (or a path whose nearest existing
/// ancestor is one) that this user can write.
enum OutputFolder {
    static func check(_ path: String) throws {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        while !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        guard isDirectory.boolValue else {
            throw InputError(file: path, message: "--output must be a folder, but \(url.path) is a file")
        }
        guard access(url.path, W_OK | X_OK) == 0 else {
            throw InputError(file: path, message: "--output cannot be written: \(url.path) is not writable by this user")
        }
    }
}
