import AtomicWrite
import Foundation
import Training
import Plotting
import Raster

/// `<output>/index.html` and `index.md`: every report in the output folder — title, date,
/// verdict counts, a thumbnail of its first figure, a link — and every comparison.
public enum SiteIndex {
    /// One report as the index lists it.
    struct Entry {
        let folder: String
        let report: ReportFolder
        /// `thumbnails/<folder>.png`, when the first figure could be read.
        let thumbnail: (path: String, width: Int, height: Int)?
        /// How long it took, when `run` recorded it (`SiteIndexRunTime`).
        var runTime: SiteIndexRunTime? = nil
    }

    /// Thumbnails are this many pixels wide (shown at half that in CSS pixels, sharp on
    /// high-density screens).
    static let thumbnailWidth = 640

    /// Writes the index of `outputDirectory` (only files whose bytes changed, atomically).
    /// - Returns: the files of the index, and a warning per folder that looks like a report
    ///   but could not be read (it is left out).
    /// - Parameter templates: the session whose templates render the index.
    public static func write(outputDirectory: URL, templates session: ExperimentSession) throws -> (files: [String], warnings: [String]) {
        let templates = session.resources.templates
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: outputDirectory.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        var entries: [Entry] = []
        var comparisons: [String] = []
        var warnings: [String] = []
        var files: [(String, Data)] = []
        var thumbnails: [(path: String, data: Data)] = []
        for name in names {
            let folder = outputDirectory.appendingPathComponent(name)
            if ComparisonMarker.isComparison(folder) { comparisons.append(name); continue }
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("data/summary.json").path) else { continue }
            let report: ReportFolder
            do { report = try ReportFolder.load(folder.path) } catch {
                warnings.append("index: left out \(folder.path): \(error)")
                continue
            }
            var thumbnail: (path: String, width: Int, height: Int)?
            // The id passed the safe-name check in `ReportFolder.load`; the PNG is read only
            // if it is a regular file.
            // The first panel alone reads at thumbnail size; the whole figure when there is none.
            let firstPanel = report.record.figures.first.map { folder.appendingPathComponent("figures/\(FigureBuilder.panelFile($0.id, 0)).png") }
            if let first = report.record.figures.first,
               let png = (firstPanel.flatMap { try? ReportFolder.read($0) }) ?? (try? ReportFolder.read(folder.appendingPathComponent("figures/\(first.id).png"))),
               let image = try? PNGCodec.decode(png) {
                let small = Thumbnail.make(image, width: thumbnailWidth)
                let file = thumbnailName(name)
                thumbnails.append((file, try PNGCodec.encode(small, options: Figure.pngOptions)))
                thumbnail = ("thumbnails/\(file)", small.width, small.height)
            }
            entries.append(Entry(folder: name, report: report, thumbnail: thumbnail,
                                 runTime: SiteIndexRunTime.read(output: outputDirectory, report: name)))
        }
        for format in PageFormat.allCases {
            files.append(("index.\(format == .html ? "html" : "md")", Data(try page(format, entries: entries, comparisons: comparisons, templates: templates).utf8)))
        }
        // The thumbnails folder is replaced whole (a link standing in its place is replaced,
        // never followed); then the pages, each atomically.
        let thumbnailFolder = outputDirectory.appendingPathComponent("thumbnails")
        if !thumbnails.isEmpty || FolderReplacement.entryKind(thumbnailFolder.path) != .absent {
            try FolderReplacement.replace(thumbnailFolder, with: thumbnails, keepingOthers: false)
        }
        var written = thumbnails.map { thumbnailFolder.appendingPathComponent($0.path).path }
        for (path, data) in files {
            let url = outputDirectory.appendingPathComponent(path)
            if !FolderReplacement.holds(url, data) {
                do { try AtomicFile.write(data, to: url) } catch { throw OutputError(path: url.path, reason: OutputError.describe(error)) }
            }
            written.append(url.path)
        }
        return (written, warnings)
    }

    /// The thumbnail's file name for a report folder: the folder's name, or for a name too
    /// long for a file name once `.png` is added, its start and a hash of the whole.
    static func thumbnailName(_ folder: String) -> String {
        guard folder.utf8.count > 200 else { return "\(folder).png" }
        let start = String(decoding: folder.utf8.prefix(100), as: UTF8.self).filter { $0 != "\u{FFFD}" }
        return "\(start)-\(ContentHash.sha256(Data(folder.utf8)).prefix(16)).png"
    }

    /// "features after one step: standard n^{+0.45}, ntk n^{−0.50}, spectral n^{+0.01}": the
    /// feature-movement exponent each parametrization's verdicts read, in figure markup.
    static func headlineExponents(_ exponents: [WidthExponent]) -> String {
        var seen: [String] = []
        var parts: [String] = []
        // In the paper's order of parametrizations, SGD before Adam.
        let order = Parametrization.inPaperOrder(exponents.map(\.parametrization))
        let sorted = exponents.sorted { a, b in
            (OptimizerKind.allCases.firstIndex(of: a.optimizer) ?? 0, order.firstIndex(of: a.parametrization) ?? 0)
                < (OptimizerKind.allCases.firstIndex(of: b.optimizer) ?? 0, order.firstIndex(of: b.parametrization) ?? 0)
        }
        for exponent in sorted where exponent.step == 1 && exponent.quantity == .featureMovement {
            let key = "\(exponent.parametrization.rawValue) \(exponent.optimizer.rawValue)"
            guard !seen.contains(key), exponent.layer == Measurements.headlineLayer(of: exponent.parametrization, in: exponents.filter { $0.optimizer == exponent.optimizer }) else { continue }
            seen.append(key)
            let optimizer = exponent.optimizer == .sgd ? "" : " (\(exponent.optimizer.rawValue))"
            parts.append("\(exponent.parametrization.rawValue)\(optimizer) n^{\(NumberFormat.signed(exponent.slope))}")
        }
        return parts.isEmpty ? "" : "feature movement after one step: " + parts.joined(separator: ", ")
    }

    /// Renders `index.html` or `index.md`.
    static func page(_ format: PageFormat, entries: [Entry], comparisons: [String], templates: TemplateSet) throws -> String {
        let md = format == .markdown
        func text(_ s: String) -> String { md ? PageRenderer.markdownEscaped(s) : s }
        func link(_ path: String) -> String { path.addingPercentEncoding(withAllowedCharacters: .pageLinkAllowed) ?? path }
        // Reports of the same title are told apart by their folder's name.
        let titleCounts = Dictionary(grouping: entries, by: { $0.report.record.title }).mapValues(\.count)
        let reports = entries.map { entry -> IndexContext.Report in
            let verdicts = entry.report.summary.verdicts
            let title = entry.report.record.title
            let related = comparisons.filter { $0.hasPrefix("compare-\(entry.folder)-vs-") || $0.hasSuffix("-vs-\(entry.folder)") }
            let headline = headlineExponents(entry.report.summary.exponents)
            let first = entry.report.record.figures.first
            return IndexContext.Report(
                name: text(entry.folder), title: text(title),
                displayTitle: text((titleCounts[title] ?? 0) > 1 ? "\(title) — \(entry.folder)" : title),
                date: text(entry.report.summary.provenance?.date ?? "date unknown"), preset: text(entry.report.record.preset),
                runs: entry.report.summary.provenance?.runs ?? entry.report.record.sweeps.map(\.runs).reduce(0, +),
                figures: entry.report.record.figures.count,
                passed: verdicts.filter(\.pass).count, failed: verdicts.filter { $0.outcome == .inconsistent }.count,
                inconclusive: verdicts.filter { $0.outcome == .inconclusive }.count,
                hasInconclusive: verdicts.contains { $0.outcome == .inconclusive }, verdictCount: verdicts.count,
                hasHeadline: !headline.isEmpty, headline: PageRenderer.caption(headline, markdown: md),
                hasRunTime: entry.runTime != nil, runTime: text(entry.runTime?.text ?? ""),
                hasRelated: !related.isEmpty, comparisons: related.map { IndexContext.Link(name: text($0), link: link("\($0)/compare.\(md ? "md" : "html")")) },
                link: link("\(entry.folder)/report.\(md ? "md" : "html")"),
                hasThumbnail: entry.thumbnail != nil, thumbnail: entry.thumbnail.map { link($0.path) },
                thumbnailWidth: entry.thumbnail.map { $0.width / 2 }, thumbnailHeight: entry.thumbnail.map { $0.height / 2 },
                thumbnailAlt: entry.thumbnail.map { _ in text("First panel of the first figure of \(title): \(first?.title ?? first?.id ?? "")") })
        }
        let compared = comparisons.map { IndexContext.Link(name: text($0), link: link("\($0)/compare.\(md ? "md" : "html")")) }
        let context = try TemplateContext.make(IndexContext(
            toolVersion: ToolInfo.version, reportCount: reports.count, reportsWord: reports.count == 1 ? "report" : "reports",
            hasReports: !reports.isEmpty, reports: reports, hasComparisons: !compared.isEmpty, comparisons: compared))
        var page = try templates.render(md ? "index.md" : "index.html", context: context)
        while page.hasPrefix("\n") { page.removeFirst() }
        return page
    }
}
