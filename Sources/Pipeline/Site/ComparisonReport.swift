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
    }

    /// Compares the two reports and writes the comparison.
    /// - Throws: `InputError` for a folder that is not a report, a missing or malformed data
    ///   file, figures of different kinds under one id, or bad templates and fonts.
    public static func write(_ request: Request) throws -> Result {
        let a = try ReportFolder.load(request.reportA), b = try ReportFolder.load(request.reportB)
        let (nameA, nameB) = displayNames(a.url, b.url)
        let comparison = try ReportComparison(a, b, nameA: nameA, nameB: nameB)
        let templates = try TemplateSet.load(directory: request.templatesDirectory.map { URL(fileURLWithPath: $0) })
        let fonts: FigureFontFiles
        do { fonts = try FigureFontFiles.locate(explicitPath: request.fontPath) } catch let error as FontError {
            throw InputError(file: request.fontPath ?? "font", message: error.description)
        }
        let directory = URL(fileURLWithPath: request.outputDirectory
            ?? (request.outputRoot as NSString).appendingPathComponent("compare-\(fileName(nameA))-vs-\(fileName(nameB))"))

        var files: [(String, Data)] = []
        var figures: [ComparisonPage.DrawnFigure] = []
        for pair in comparison.figures {
            let drawing = ComparisonFigure.figure(try a.figureData(pair.id), try b.figureData(pair.id), title: pair.title, nameA: nameA, nameB: nameB)
            files.append(("figures/\(pair.id).png", try drawing.renderPNG(fonts: fonts.fonts)))
            files.append(("figures/\(pair.id).svg", Data(drawing.renderSVG(fonts: fonts.fonts).utf8)))
            figures.append(.init(pair: pair, pixelWidth: drawing.pixelWidth, pixelHeight: drawing.pixelHeight))
        }
        let page = ComparisonPage(comparison: comparison, a: a, b: b, figures: figures, directory: directory, command: request.command)
        for format in PageFormat.allCases {
            files.append(("compare.\(format == .html ? "html" : "md")", Data(try page.render(format, templates: templates).utf8)))
        }
        var written: [String] = []
        for (path, data) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(data, to: url)
            written.append(url.path)
        }
        return Result(comparison: comparison, directory: directory.path, files: written)
    }

    /// How the page names the reports: their folder names, or, when those are equal,
    /// the parent folder's name too (`run-a/spectral-condition`).
    static func displayNames(_ a: URL, _ b: URL) -> (String, String) {
        let x = a.lastPathComponent, y = b.lastPathComponent
        guard x == y else { return (x, y) }
        let px = a.deletingLastPathComponent().lastPathComponent, py = b.deletingLastPathComponent().lastPathComponent
        return px == py ? ("A: \(x)", "B: \(y)") : ("\(px)/\(x)", "\(py)/\(y)")
    }

    /// A name made safe for a folder name.
    static func fileName(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "-" })
    }
}
