import Foundation
import Testing
import TestSupport

/// The pages as a reader and a publisher meet them: contents, numbered figures and tables,
/// the citation and how to reproduce, links to every file; HTML that `tidy` finds clean and
/// Markdown that GitHub's renderer (`cmark-gfm`) renders with its math intact.
@Suite("Publishable pages", .serialized)
struct PublishableReportTests {
    static let tidy = "/usr/bin/tidy", cmark = "/usr/bin/cmark-gfm"

    /// One report of the tiny experiment with two figures and both tables.
    static let report: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("publish-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = TinyExperiment.toml(title: "Publish", extra: """
            [[figures]]
            id = "weights"
            kind = "weight_movement"
            sweep = "movement"
            caption = "Weights."
            [[tables]]
            id = "exponents"
            kind = "exponents"
            caption = "Exponents."
            """)
        try! Data(text.utf8).write(to: folder.appendingPathComponent("publish.toml"))
        let result = try! Binary.run(["run", folder.appendingPathComponent("publish.toml").path, "--output", folder.path, "--quiet", "--threads", "1"],
                                     environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        precondition(result.status == 0, result.standardError)
        return folder.appendingPathComponent("publish")
    }()

    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test func theHTMLPageHasContentsNumbersCitationAndLinks() throws {
        let html = try String(contentsOf: Self.report.appendingPathComponent("report.html"), encoding: .utf8)
        for words in ["<nav aria-label=\"Contents\">", "href=\"#what-was-run\"", "<section id=\"what-was-run\">",
                      "<strong>Figure 1. ", "<strong>Figure 2. ", "<strong>Table 1.</strong> Verdicts.", "<strong>Table 2.</strong> Width exponents per layer", "<strong>Table 3.</strong> Before and after", "<strong>Table 4.</strong> Exponents.", "href=\"#diagnosis\"",
                      "arXiv:2310.17813", "@article{yang2023spectral", "spectral-report run publish.toml",
                      "<a class=\"figure-whole\" href=\"figures/weights.png\"><img", "href=\"figures/weights.svg\"", "href=\"data/weights.csv\"",
                      "class=\"table-scroll\"", "prefers-color-scheme: dark", "@media print", "(Figures 1 and 2 show the measurements)"] {
            #expect(html.contains(words), "\(words)")
        }
        // What was run comes from the plan, not from prose.
        #expect(html.contains("widths 8–32 (3)") && html.contains("2 SGD steps"))
        // Embedding keeps the links to the SVG and CSV files.
        let embedded = try Binary.run(["run", Self.report.deletingLastPathComponent().appendingPathComponent("publish.toml").path,
                                       "--output", Self.report.deletingLastPathComponent().appendingPathComponent("embedded").path,
                                       "--embed-images", "--quiet", "--threads", "1"])
        #expect(embedded.status == 0)
        let page = try String(contentsOf: Self.report.deletingLastPathComponent().appendingPathComponent("embedded/publish/report.html"), encoding: .utf8)
        #expect(page.contains("src=\"data:image/png;base64,") && page.contains("href=\"figures/weights.svg\"") && page.contains("href=\"data/weights.csv\""))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: tidy), "needs Debian's tidy"))
    func tidyFindsTheHTMLClean() throws {
        let (status, output) = try Self.run(Self.tidy, ["-e", "-q", Self.report.appendingPathComponent("report.html").path])
        #expect(status == 0, "\(output)")
        #expect(output.isEmpty, "\(output)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: cmark), "needs Debian's cmark-gfm"))
    func githubFlavouredMarkdownRendersTablesLinksAndMath() throws {
        let (status, html) = try Self.run(Self.cmark, ["-e", "table", "-e", "autolink", Self.report.appendingPathComponent("report.md").path])
        #expect(status == 0)
        #expect(html.components(separatedBy: "<table>").count - 1 == 4)  // verdicts, diagnosis, before and after, exponents
        #expect(html.contains("<img src=\"figures/weights.png\"") && html.contains("<a href=\"data/weights.csv\">CSV</a>"))
        #expect(html.contains("<strong>Figure 2. weights.</strong>") || html.contains("<strong>Figure 2."))
        // Math reaches GitHub's math renderer whole: no emphasis leaks out of a formula.
        #expect(html.contains("$\\lVert h_l \\rVert_2 = \\Theta(\\sqrt{n_l})$"))
        let emphasis = html.components(separatedBy: "<em>").dropFirst().map { $0.prefix(40) }
        #expect(!emphasis.contains { $0.contains("\\") || $0.contains("_") }, "\(emphasis)")
        // The data dictionary renders too.
        let (dictionaryStatus, dictionary) = try Self.run(Self.cmark, ["-e", "table", Self.report.appendingPathComponent("data/README.md").path])
        #expect(dictionaryStatus == 0 && dictionary.contains("<table>") && dictionary.contains("<code>n_seeds</code>"))
    }
}
