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
                      "<strong>Figure 1. ", "<strong>Figure 2. ", "<strong>Table 1.</strong> Exponents.", "<strong>Table 2.</strong> Verdicts: Weights and updates",
                      "<strong>Table 3.</strong> Exponents.", "<strong>Table 4.</strong> Verdicts: Feature movement", "<strong>Table 5.</strong> Width exponents per layer",
                      "<strong>Table 6.</strong> Before and after", "href=\"#diagnosis\"", "<section id=\"glance\">",
                      "arXiv:2310.17813", "@article{yang2023spectral", "spectral-report run publish.toml",
                      "<a class=\"figure-whole\" href=\"figures/weights.png\"><img", "href=\"figures/weights.svg\"", "href=\"data/weights.csv\"",
                      "class=\"table-scroll\"", "prefers-color-scheme: dark", "@media print"] {
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

    /// Each claim is a section that reads as a notebook cell: what the theory says, then
    /// its figures, then its slopes, then its verdict; the summaries at the top link to
    /// sections that exist, and the run counts agree with the provenance.
    @Test func eachClaimReadsTheoryFigureSlopesVerdictAndTheSummariesLinkToIt() throws {
        let html = try String(contentsOf: Self.report.appendingPathComponent("report.html"), encoding: .utf8)
        let sections = html.components(separatedBy: "<section id=\"claim-").dropFirst().map { $0.components(separatedBy: "</section>")[0] }
        #expect(sections.count == 2, "weights and features")
        #expect(sections.first?.hasPrefix("spectral-condition\"") == true && sections.last?.hasPrefix("feature-movement\"") == true, "the paper's order")
        for section in sections {
            let steps = ["What the theory says.", "<figure id=", "Exponents.", "<strong>Verdict.</strong>", "Verdicts: "]
            let positions = steps.map { section.range(of: $0)?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil }, "\(section.prefix(60)): \(steps)")
            let found = positions.compactMap { $0 }
            #expect(found == found.sorted(), "theory → figure → slopes → verdict in \(section.prefix(60))")
            // The verdict sentence gives each measurement with its interval.
            let verdict = section.components(separatedBy: "<strong>Verdict.</strong>")[1].components(separatedBy: "</p>")[0]
            #expect(verdict.contains(" ± ") && verdict.contains("theory's band"), "\(verdict)")
        }
        let glance = html.components(separatedBy: "<section id=\"glance\">")[1].components(separatedBy: "</section>")[0]
        let anchors = glance.components(separatedBy: "href=\"#").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(anchors.contains("claim-spectral-condition") && anchors.contains("claim-feature-movement"), "\(anchors)")
        for anchor in anchors { #expect(html.contains("id=\"\(anchor)\""), "the summary links to #\(anchor), which the page has") }
        // What was run counts every run the provenance counts (the fixed schemes' too).
        let provenance = try #require(html.range(of: "training runs (").map { html[..<$0.lowerBound].split(separator: " ").last.map(String.init) } ?? nil)
        let whatWasRun = html.components(separatedBy: "<section id=\"what-was-run\">")[1]
        #expect(whatWasRun.contains("<p>\(provenance) training runs: "), "\(whatWasRun.prefix(300))")
        #expect(whatWasRun.contains("runs of the prescriptions&#39; fixed schemes (standard-fixed on sweep movement)"), "\(whatWasRun.prefix(400))")
        let markdown = try String(contentsOf: Self.report.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(markdown.contains("[Weights and updates: the spectral condition](#weights-and-updates-the-spectral-condition)")
                && markdown.contains("\n## Weights and updates: the spectral condition\n"))
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
        #expect(html.components(separatedBy: "<table>").count - 1 == 7)  // the summary; per claim exponents and verdicts; diagnosis, before and after
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
