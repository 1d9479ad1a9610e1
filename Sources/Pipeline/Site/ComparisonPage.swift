import Foundation

/// Builds the template context of a comparison and renders `compare.html` / `compare.md`.
struct ComparisonPage {
    /// An overlaid figure and its size in pixels.
    struct DrawnFigure {
        let pair: ReportComparison.FigurePair
        let pixelWidth, pixelHeight: Int
        /// The B/A ratio figure's size, when the figure has one (`ComparisonRatio`).
        var ratio: (width: Int, height: Int)? = nil
    }

    let comparison: ReportComparison
    let a: ReportFolder
    let b: ReportFolder
    let figures: [DrawnFigure]
    /// Where the page goes (links to the reports are relative to it).
    let directory: URL
    let command: String

    func render(_ format: PageFormat, templates: TemplateSet) throws -> String {
        let md = format == .markdown
        func text(_ s: String) -> String { md ? PageRenderer.markdownEscaped(s) : s }
        func code(_ s: String) -> String { md ? "`" + s.filter { !"`|\n".contains($0) } + "`" : s }
        func slope(_ e: WidthExponent?) -> String {
            guard let e else { return "—" }
            return "\(NumberFormat.signed(e.slope)) ± \(String(format: "%.2f", e.ci95))"
        }
        func mark(_ v: Summary.Verdict?) -> (String, String) {
            guard let v else { return ("—", "") }
            switch v.outcome {
            case .consistent: return ("✓", "pass")
            case .inconsistent: return ("✗", "fail")
            case .inconclusive: return ("?", "inconclusive")
            }
        }
        let settings = comparison.settings.map { ComparisonContext.Setting(key: code($0.key), a: text($0.a ?? "—"), b: text($0.b ?? "—")) }
        let verdicts = comparison.verdicts.map { row -> ComparisonContext.Verdict in
            let (markA, classA) = mark(row.a), (markB, classB) = mark(row.b)
            // A flip is news only when the measurements are apart by more than their intervals.
            let status = row.a == nil || row.b == nil ? "in one report only"
                : row.changed ? (row.beyondIntervals ? "changed, B − A \(NumberFormat.signed(row.difference))" : "outcome differs, within the intervals")
                : row.beyondIntervals ? "moved beyond the intervals, B − A \(NumberFormat.signed(row.difference))" : ""
            return ComparisonContext.Verdict(
                parametrization: text(row.parametrization), optimizer: text(row.optimizer), claim: PageRenderer.caption(row.claim, markdown: md),
                expected: (row.a ?? row.b).map { Verdicts.text($0).expected } ?? "—",
                measuredA: row.a.map { Verdicts.text($0).measured } ?? "—", measuredB: row.b.map { Verdicts.text($0).measured } ?? "—",
                markA: markA, classA: classA, markB: markB, classB: classB, changed: row.changed,
                significant: row.changed && row.beyondIntervals, status: status, hasStatus: !status.isEmpty,
                difference: NumberFormat.signed(row.difference))
        }
        let exponents = comparison.exponents.map { row in
            ComparisonContext.Exponent(parametrization: text(row.parametrization), optimizer: text(row.optimizer),
                                       quantity: text(Quantity(rawValue: row.quantity)?.captionName ?? row.quantity), layer: row.layer, step: row.step,
                                       a: slope(row.a), b: slope(row.b), difference: NumberFormat.signed(row.difference), beyond: row.beyondIntervals)
        }
        func diff(_ table: TableDiff) -> ComparisonContext.Diff {
            ComparisonContext.Diff(compared: table.compared, count: table.rows.count, hasRows: !table.rows.isEmpty, any: table.compared > 0,
                                   rows: table.rows.map { .init(item: text($0.item), a: text($0.a ?? "—"), b: text($0.b ?? "—"), difference: text($0.difference)) })
        }
        let figureContexts = figures.enumerated().map { number, figure in
            ComparisonContext.Figure(
                id: figure.pair.id, number: number + 1, title: text(figure.pair.title),
                alt: text("\(figure.pair.title): \(comparison.nameA) and \(comparison.nameB) overlaid"),
                png: "figures/\(figure.pair.id).png", svg: "figures/\(figure.pair.id).svg",
                width: figure.pixelWidth / 2, height: figure.pixelHeight / 2,
                hasRatio: figure.ratio != nil, ratioPng: "figures/\(figure.pair.id)-ratio.png", ratioSvg: "figures/\(figure.pair.id)-ratio.svg",
                ratioAlt: text("\(figure.pair.title): \(comparison.nameB) divided by \(comparison.nameA) at each width, per curve, on a log axis; 1 is no change"),
                ratioWidth: (figure.ratio?.width ?? 0) / 2, ratioHeight: (figure.ratio?.height ?? 0) / 2)
        }
        let context = try TemplateContext.make(ComparisonContext(
            toolVersion: ToolInfo.version, command: text(command),
            nameA: text(comparison.nameA), nameB: text(comparison.nameB), pathA: text(comparison.pathA), pathB: text(comparison.pathB),
            titleA: text(a.record.title), titleB: text(b.record.title), presetA: text(a.record.preset), presetB: text(b.record.preset),
            dateA: text(a.summary.provenance?.date ?? "date unknown"), dateB: text(b.summary.provenance?.date ?? "date unknown"),
            linkA: link(to: a.url, format), linkB: link(to: b.url, format),
            whatChanged: comparison.whatChanged.map(text), hasSettings: !settings.isEmpty, settings: settings,
            verdicts: verdicts, exponents: exponents, figures: figureContexts,
            diagnosisDiff: diff(comparison.diagnosis), prescriptionsDiff: diff(comparison.prescriptions), transferDiff: diff(comparison.transfer)))
        var page = try templates.render(md ? "compare.md" : "compare.html", context: context)
        while page.hasPrefix("\n") { page.removeFirst() }
        return page
    }

    /// A relative link from the comparison's folder to a report's page.
    func link(to report: URL, _ format: PageFormat) -> String {
        let page = report.appendingPathComponent(format == .html ? "report.html" : "report.md").standardizedFileURL.pathComponents
        let here = directory.standardizedFileURL.pathComponents
        var common = 0
        while common < min(page.count, here.count) && page[common] == here[common] { common += 1 }
        let path = Array(repeating: "..", count: here.count - common) + page[common...]
        return path.joined(separator: "/").addingPercentEncoding(withAllowedCharacters: .pageLinkAllowed) ?? path.joined(separator: "/")
    }
}
