import ArgumentParser
import Foundation
import Pipeline

/// `spectral-report compare A B`: two rendered reports side by side.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two rendered reports: settings that differ, exponents and verdicts side by side, and overlaid figures.",
        discussion: """
            A and B are report folders as `run` writes them (e.g. output/spectral-condition). Only their \
            data files are read; nothing is trained. Writes compare.html, compare.md and figures/ (PNG and \
            SVG, A solid and B dashed) to --output-dir, by default <output>/compare-<a>-vs-<b>/. \
            Exit codes: 0 written, 2 bad input (a folder that is not a report, a missing or malformed data \
            file, a figure id of different kinds in A and B): nothing is written.
            """
    )

    @Argument(help: "The first report folder (A, drawn solid).")
    var a: String

    @Argument(help: "The second report folder (B, drawn dashed).")
    var b: String

    @Option(help: ArgumentHelp("Where the comparison goes (default: <output>/compare-<a>-vs-<b>).", valueName: "dir"))
    var outputDir: String?

    @Option(help: "The folder that holds reports; the default comparison folder goes in it.")
    var output: String = "output"

    @Option(help: "A folder of Mustache templates overriding the built-in compare.html and compare.md.")
    var templates: String?

    @Option(help: ArgumentHelp("A TrueType font file for figures.", valueName: "path"))
    var font: String?

    @Flag(help: "Print the comparison as one JSON object on standard output.")
    var json = false

    func run() throws {
        var request = ComparisonReport.Request(reportA: a, reportB: b)
        request.outputDirectory = outputDir
        request.outputRoot = output
        request.templatesDirectory = templates
        request.fontPath = font
        request.command = (["spectral-report", "compare"] + CommandLine.arguments.dropFirst(2)).joined(separator: " ")
        try ComparisonReport.perform(request, json: json, console: Output.console)
    }
}
