import Foundation

/// Finds DejaVu Sans (package `fonts-dejavu-core`) or the font the user names.
public enum FontLocator {
    /// An environment variable naming the regular font file; `--font` overrides it.
    public static let environmentVariable = "SPECTRAL_REPORT_FONT"

    static let standardDirectories = [
        "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF",
        "/usr/local/share/fonts", "/usr/share/fonts/truetype", "/opt/homebrew/share/fonts",
        "/Library/Fonts", NSHomeDirectory() + "/.fonts", NSHomeDirectory() + "/.local/share/fonts",
    ]

    /// The path of the font to use.
    ///
    /// Looks at `explicitPath`, then `$SPECTRAL_REPORT_FONT`, then the standard locations of
    /// `DejaVuSans.ttf` (or `DejaVuSans-Bold.ttf`), then asks fontconfig (`fc-match`). For
    /// bold, a bold file beside the regular one is preferred.
    /// - Throws: `FontError` saying where it looked and how to install the font.
    public static func locate(explicitPath: String? = nil, bold: Bool = false) throws -> String {
        let fileName = bold ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf"
        let fileManager = FileManager.default
        if let explicitPath {
            guard fileManager.isReadableFile(atPath: explicitPath) else {
                throw FontError("font file \(explicitPath) (given with --font) does not exist or cannot be read")
            }
            return bold ? sibling(of: explicitPath, named: fileName) ?? explicitPath : explicitPath
        }
        if let fromEnvironment = ProcessInfo.processInfo.environment[environmentVariable], !fromEnvironment.isEmpty {
            guard fileManager.isReadableFile(atPath: fromEnvironment) else {
                throw FontError("font file \(fromEnvironment) (from \(environmentVariable)) does not exist or cannot be read")
            }
            return bold ? sibling(of: fromEnvironment, named: fileName) ?? fromEnvironment : fromEnvironment
        }
        for directory in standardDirectories {
            let candidate = directory + "/" + fileName
            if fileManager.isReadableFile(atPath: candidate) { return candidate }
        }
        if let matched = fontconfigMatch(bold ? "DejaVu Sans:bold" : "DejaVu Sans"),
           matched.lowercased().hasSuffix(".ttf"), fileManager.isReadableFile(atPath: matched) {
            return matched
        }
        throw FontError("""
            no font found: looked for \(fileName) in \(standardDirectories.joined(separator: ", ")) and asked fontconfig. \
            Install it (apt-get install fonts-dejavu-core), or name a TrueType file with --font or \(environmentVariable)
            """)
    }

    private static func sibling(of path: String, named name: String) -> String? {
        let candidate = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(name).path
        return FileManager.default.isReadableFile(atPath: candidate) ? candidate : nil
    }

    private static func fontconfigMatch(_ pattern: String) -> String? {
        for directory in ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"] {
            let tool = directory + "/fc-match"
            guard FileManager.default.isExecutableFile(atPath: tool) else { continue }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = ["--format=%{file}", pattern]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return nil }
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { return nil }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return nil
    }
}
