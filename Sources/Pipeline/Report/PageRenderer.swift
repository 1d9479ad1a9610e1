import Foundation

/// Builds the template context and renders report pages.
enum PageRenderer {
    /// What a page shows besides the summary.
    public struct Provenance: Sendable {
        public var experimentFile: String
        public var experimentHash: String
        public var blasKernel: String
        public var runs: Int
        public var divergedRuns: Int
        public var date: String
        /// `SOURCE_DATE_EPOCH` or `rendered`: where `date` came from.
        public var dateSource: String
        /// The tool's git commit (`ToolCommit`), left out under `SOURCE_DATE_EPOCH`.
        public var toolCommit: String?
    }

    /// A figure the page shows: its spec, data, measurements and PNG.
    public struct FigureRef: Sendable {
        public var spec: FigureSpec
        public var data: FigureData
        public var measurements: Measurements
        public var png: Data
    }

    /// The date for provenance: the moment `SOURCE_DATE_EPOCH` names when set
    /// (reproducible: `2023-11-14T22:13:20Z`), else today's date in UTC (`2026-12-03`). It is
    /// fixed when the plan is made and enters the keys of the nodes that show it, so a
    /// cached summary or page never shows a date other than the one asked for, and a warm
    /// rerun on the same day rewrites nothing.
    public static func provenanceDate(environment: [String: String] = ProcessInfo.processInfo.environment, now: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        if let epoch = SourceDateEpoch.seconds(environment) {
            return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(epoch)))
        }
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: now)
    }

    /// Where the provenance date comes from: `SOURCE_DATE_EPOCH` when it is set (and a
    /// number), else `rendered` (when the file was made).
    public static func provenanceDateSource(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        SourceDateEpoch.seconds(environment) != nil ? "SOURCE_DATE_EPOCH" : "rendered"
    }

    /// The tool's commit for provenance, or nil under `SOURCE_DATE_EPOCH`: a reproducible
    /// report's bytes depend on its inputs and the tool's version only, not on which commit
    /// of the same version (or which uncommitted edit) rendered it. Without it the date
    /// already makes every rendering different, and the commit says which code made it.
    public static func provenanceCommit(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        provenanceDateSource(environment: environment) == "SOURCE_DATE_EPOCH" ? nil : ToolCommit.current
    }

    /// A caption for the page: `$…$` math as MathML (HTML) or left for GitHub's renderer
    /// (Markdown), `_`/`^` scripts in the text as `<sub>`/`<sup>`, everything else escaped.
    static func caption(_ text: String, markdown: Bool) -> String {
        MathMarkup.parts(text).map { part in
            if part.math { return markdown ? "$\(MathMarkup.markdownSafe(part.text))$" : "<math>\(MathMarkup.mathML(part.text))</math>" }
            return CaptionMarkup.scripts(markdown ? markdownEscaped(part.text) : htmlEscaped(part.text), markdown: markdown)
        }.joined()
    }

    /// Escapes text for HTML (for values a template shows unescaped with `{{{…}}}`).
    static func htmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Escapes text for Markdown, so experiment text cannot become markup.
    static func markdownEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\`*_[]<>|#".contains(c) { out.append("\\") }
            out.append(c == "\n" ? " " : c)
        }
        return out
    }

    /// Renders one page.
    static func render(_ page: PageComputation.Content, summary: Summary, figures: [FigureRef],
                       provenance: Provenance, templates: TemplateSet) throws -> String {
        let context = PageBuilder(page: page, summary: summary, figures: figures, provenance: provenance).context()
        var text = try templates.render(page.format == .markdown ? "report.md" : "report.html", context: try TemplateContext.make(context))
        // The pragma line leaves an empty first line in Markdown output.
        while text.hasPrefix("\n") { text.removeFirst() }
        return text
    }
}
