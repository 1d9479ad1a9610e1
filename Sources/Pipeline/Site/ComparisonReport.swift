import Foundation
import Plotting
import Raster

/// `spectral-report compare A B`: reads two rendered reports, overlays the figures both
/// have, and writes `compare.html`, `compare.md` and `figures/` to one folder. Everything
/// is read, checked and rendered before the first byte is written.
public enum ComparisonReport {
    /// What the caller asks for.
    public struct Request: Sendable {
        public var reportA: String
        public var reportB: String
        /// The folder to write; nil for `<outputRoot>/compare-<a>-vs-<b>`.
        public var outputDirectory: String?
        public var outputRoot = "output"
        public var templatesDirectory: String?
        public var fontPath: String?
        /// The command line, for the page's provenance.
        public var command = "spectral-report compare"

        public init(reportA: String, reportB: String) {
            self.reportA = reportA
            self.reportB = reportB
        }
    }

    /// What was compared and written.
    public struct Result: Encodable, Sendable {
        public var comparison: ReportComparison
        public var directory: String
        public var files: [String]
        /// Warnings about the templates (a triple mustache in a custom template).
        public var warnings: [String]
    }

    /// Compares the two reports and writes the comparison.
    /// - Throws: `InputError` for a folder that is not a report, a missing or malformed data
    ///   file, figures of different kinds under one id, bad templates and fonts, or an
    ///   output folder that is (or lies inside) a report; `OutputError` when writing fails.
    ///   Either way nothing is written.
    public static func write(_ request: Request) throws -> Result {
        let a = try ReportFolder.load(request.reportA), b = try ReportFolder.load(request.reportB)
        let (nameA, nameB) = displayNames(a.url, b.url)
        let comparison = try ReportComparison(a, b, nameA: nameA, nameB: nameB)
        let templates = try TemplateSet.load(directory: request.templatesDirectory.map { URL(fileURLWithPath: $0) })
        let fonts: FigureFontFiles
        do { fonts = try FigureFontFiles.locate(explicitPath: request.fontPath) } catch let error as FontError {
            throw InputError(file: request.fontPath ?? "font", message: error.description)
        }
        let directory = try ComparisonDestination.resolve(request, nameA: folderName(nameA), nameB: folderName(nameB), reports: [a.url, b.url])

        var files: [(path: String, data: Data)] = [(ComparisonMarker.fileName, ComparisonMarker.contents)]
        var figures: [ComparisonPage.DrawnFigure] = []
        for pair in comparison.figures {
            let dataA = try a.figureData(pair.id), dataB = try b.figureData(pair.id)
            let drawing = ComparisonFigure.figure(dataA, dataB, title: pair.title, nameA: nameA, nameB: nameB)
            files.append(("figures/\(pair.id).png", try drawing.renderPNG(fonts: fonts.fonts)))
            files.append(("figures/\(pair.id).svg", Data(drawing.renderSVG(fonts: fonts.fonts).utf8)))
            var drawn = ComparisonPage.DrawnFigure(pair: pair, pixelWidth: drawing.pixelWidth, pixelHeight: drawing.pixelHeight)
            // (Not when another figure's own id is `<id>-ratio`: its files would collide.)
            if !comparison.figures.contains(where: { $0.id == pair.id + "-ratio" }),
               let ratio = ComparisonRatio.data(dataA, dataB, kind: pair.kind, nameA: nameA, nameB: nameB) {
                let ratioDrawing = FigureBuilder.figure(ratio, title: "\(pair.title): \(nameB) / \(nameA) per width")
                files.append(("figures/\(pair.id)-ratio.png", try ratioDrawing.renderPNG(fonts: fonts.fonts)))
                files.append(("figures/\(pair.id)-ratio.svg", Data(ratioDrawing.renderSVG(fonts: fonts.fonts).utf8)))
                drawn.ratio = (ratioDrawing.pixelWidth, ratioDrawing.pixelHeight)
            }
            figures.append(drawn)
        }
        let page = ComparisonPage(comparison: comparison, a: a, b: b, figures: figures, directory: directory, command: request.command)
        for format in PageFormat.allCases {
            files.append(("compare.\(format == .html ? "html" : "md")", Data(try page.render(format, templates: templates).utf8)))
        }
        // The folder appears whole or not at all, and holds exactly this comparison.
        try FolderReplacement.replace(directory, with: files, keepingOthers: false)
        return Result(comparison: comparison, directory: directory.path,
                      files: files.filter { $0.path != ComparisonMarker.fileName }.map { directory.appendingPathComponent($0.path).path },
                      warnings: templates.warnings)
    }

    /// How the page names the reports: their folder names, or, when those are equal,
    /// the parent folder's name too (`run-a/spectral-condition`).
    static func displayNames(_ a: URL, _ b: URL) -> (String, String) {
        let x = a.lastPathComponent, y = b.lastPathComponent
        guard x == y else { return (x, y) }
        let px = a.deletingLastPathComponent().lastPathComponent, py = b.deletingLastPathComponent().lastPathComponent
        return px == py ? ("A: \(x)", "B: \(y)") : ("\(px)/\(x)", "\(py)/\(y)")
    }

    /// A name made safe for a folder name, and short enough that the default folder name
    /// (`compare-<a>-vs-<b>`) stays within the 255 bytes a file name may have: a long name
    /// keeps its first 80 bytes and a hash of the whole.
    static func folderName(_ name: String) -> String {
        let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "-" })
        guard safe.utf8.count > 100 else { return safe }
        let start = String(decoding: safe.utf8.prefix(80), as: UTF8.self).filter { $0 != "\u{FFFD}" }
        return "\(start)-\(ContentHash.sha256(Data(safe.utf8)).prefix(12))"
    }
}
