import ArgumentParser
import Raster

/// `--font`, for every command that draws text.
struct FontOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A TrueType font file (default: DejaVu Sans, or $\(FontLocator.environmentVariable)).", valueName: "path"))
    var font: String?

    /// Loads the regular font and, when one is found, the bold one.
    /// - Throws: `ValidationError` (exit code 2) when no usable font is found.
    func load() throws -> (regular: TrueTypeFont, bold: TrueTypeFont?) {
        do {
            let regular = try TrueTypeFont(path: try FontLocator.locate(explicitPath: font))
            let boldPath = try? FontLocator.locate(explicitPath: font, bold: true)
            let bold = boldPath.flatMap { $0 == regular.path ? nil : try? TrueTypeFont(path: $0) }
            return (regular, bold)
        } catch let error as FontError {
            throw ValidationError(error.description)
        }
    }
}
