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

    /// Loads and validates every experiment named (folders mean their `*.toml` files)
    /// before anything runs; bad input in any of them becomes exit code 2.
    func sessions() throws -> [ExperimentSession] {
        var request = ExperimentSession.Request(experimentPath: "")
        request.quick = quick
        request.templatesDirectory = templates
        request.dataDirectory = dataDir
        request.fontPath = font
        request.embedImages = embedImages
        return try ExperimentSession.prepare(experiments, request, output: output)
    }
}

extension OutputFolder {
    /// The whole check for `run` and `watch`, with the folders `options` name.
    static func check(_ options: ExperimentOptions, sessions: [ExperimentSession]) throws {
        try check(output: options.output, sessions: sessions, cache: options.cacheURL)
    }
}
