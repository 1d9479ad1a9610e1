import Foundation
import Training
import Plotting
import Raster

/// Everything besides the experiment that nodes read: templates, fonts, data files and
/// output options. The planner hands each computation the piece it reads, and takes the
/// same piece's hash into the node's key.
struct PlanResources: Sendable {
    public var templates: TemplateSet
    public var fonts: FigureFontFiles
    /// A folder with CIFAR-10 or MNIST files, for experiments that use them.
    public var dataDirectory: String?
    /// Pages embed their figures as data URIs.
    public var embedImages: Bool
    /// The date the summary and the pages show (`PageRenderer.provenanceDate`): part of
    /// their keys, read once when the plan is made.
    public var reportDate: String
    /// Where `reportDate` came from (`PageRenderer.provenanceDateSource`), and the tool's
    /// commit (`PageRenderer.provenanceCommit`): in the summary's key too.
    public var reportDateSource: String
    public var toolCommit: String?

    public init(templates: TemplateSet, fonts: FigureFontFiles, dataDirectory: String? = nil, embedImages: Bool = false,
                reportDate: String = PageRenderer.provenanceDate(), reportDateSource: String = PageRenderer.provenanceDateSource(),
                toolCommit: String? = PageRenderer.provenanceCommit()) {
        self.reportDateSource = reportDateSource
        self.toolCommit = toolCommit
        self.templates = templates
        self.fonts = fonts
        self.dataDirectory = dataDirectory
        self.embedImages = embedImages
        self.reportDate = reportDate
    }
}

/// The fonts figures are drawn with, and the hash of the bytes they were parsed from.
struct FigureFontFiles: Sendable {
    public let fonts: FigureFonts
    /// SHA-256 over the regular and (when present) bold font files.
    public let hash: String

    /// Reads and parses the font files; the hash is of exactly the bytes parsed.
    /// - Throws: `FontError` when a file is missing or not a usable TrueType font.
    public static func load(regular: String, bold: String? = nil) throws -> FigureFontFiles {
        func read(_ path: String) throws -> [UInt8] {
            do { return [UInt8](try RegularFile.read(path, limit: 64 << 20)) } catch let failure as RegularFile.Failure {
                throw FontError("font file \(path): \(failure.problem)")
            }
        }
        let regularBytes = try read(regular)
        let boldBytes = try bold.map(read)
        let fonts = FigureFonts(regular: try TrueTypeFont(bytes: regularBytes, path: regular),
                                bold: try boldBytes.map { try TrueTypeFont(bytes: $0, path: bold ?? "") })
        return FigureFontFiles(fonts: fonts, hash: ContentHash.sha256(Data(regularBytes + (boldBytes ?? []))))
    }

    /// Finds and loads the figure fonts: `explicitPath` (`--font`) or DejaVu Sans, with a
    /// bold face beside it when there is one.
    /// - Throws: `FontError` saying where it looked.
    public static func locate(explicitPath: String? = nil) throws -> FigureFontFiles {
        let regular = try FontLocator.locate(explicitPath: explicitPath)
        let bold = (try? FontLocator.locate(explicitPath: explicitPath, bold: true)).flatMap { $0 == regular ? nil : $0 }
        return try load(regular: regular, bold: bold)
    }
}
