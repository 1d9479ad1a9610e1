import Foundation
import Testing
@testable import Pipeline

/// The templates' README documents exactly the keys the typed contexts give: for each
/// context a table between `<!-- context: NAME -->` and `<!-- end context: NAME -->` whose
/// key and type columns are the keys `TemplateContextSchema` reads from the type, in
/// order, each with a meaning. `SPECTRAL_REPORT_UPDATE_TEMPLATE_DOCS=1 swift test --filter
/// TemplateContextDocsTests` rewrites the key and type columns from the code, keeping the
/// meanings written for keys that remain (a new key's meaning is left empty, and the test
/// fails until it is written).
@Suite("Template contexts: the README documents every key")
struct TemplateContextDocsTests {
    static let contexts: [(name: String, keys: [TemplateContextSchema.ContextKey])] = [
        ("report", TemplateContextSchema.keys(of: PageContext.self)),
        ("index", TemplateContextSchema.keys(of: IndexContext.self)),
        ("comparison", TemplateContextSchema.keys(of: ComparisonContext.self)),
    ]

    static var readme: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("templates/README.md")
    }

    /// The rows of one context's table: key, type, meaning.
    static func rows(_ text: String, _ name: String) -> (range: Range<String.Index>, rows: [(key: String, type: String, meaning: String)])? {
        guard let start = text.range(of: "<!-- context: \(name) -->\n"), let end = text.range(of: "<!-- end context: \(name) -->", range: start.upperBound..<text.endIndex)
        else { return nil }
        let body = text[start.upperBound..<end.lowerBound]
        let rows = body.components(separatedBy: "\n").filter { $0.hasPrefix("| `") }.map { line -> (String, String, String) in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let key = cells.count > 1 ? cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`")) : ""
            return (key, cells.count > 2 ? cells[2] : "", cells.count > 3 ? cells[3...].dropLast().joined(separator: "|") : "")
        }
        return (start.upperBound..<end.lowerBound, rows)
    }

    static func table(_ keys: [TemplateContextSchema.ContextKey], meanings: [String: String]) -> String {
        "| key | type | meaning |\n|---|---|---|\n" + keys.map { "| `\($0.path)` | \($0.type) | \(meanings[$0.path] ?? "") |\n" }.joined()
    }

    @Test func schemaReadsNestedKeysFromTheTypes() {
        let report = Dictionary(Self.contexts[0].keys.map { ($0.path, $0.type) }, uniquingKeysWith: { a, _ in a })
        #expect(report["title"] == "string" && report["quick"] == "bool" && report["total_runs"] == "int")
        #expect(report["sections"] == "[object]" && report["sections.figures.panels.png"] == "string")
        #expect(report["description_paragraphs"] == "[string]" && report["provenance"] == "object" && report["provenance.tool_version"] == "string")
        let index = Dictionary(Self.contexts[1].keys.map { ($0.path, $0.type) }, uniquingKeysWith: { a, _ in a })
        #expect(index["reports.run_time"] == "string" && index["reports.thumbnail_width"] == "int")
    }

    @Test func theReadmeDocumentsEveryKeyOfEveryContext() throws {
        var text = try String(contentsOf: Self.readme, encoding: .utf8)
        if ProcessInfo.processInfo.environment["SPECTRAL_REPORT_UPDATE_TEMPLATE_DOCS"] == "1" {
            for (name, keys) in Self.contexts {
                let table: String
                if let found = Self.rows(text, name) {
                    table = Self.table(keys, meanings: Dictionary(found.rows.map { ($0.key, $0.meaning) }, uniquingKeysWith: { a, _ in a }))
                    text.replaceSubrange(found.range, with: table)
                } else {
                    text += "\n<!-- context: \(name) -->\n" + Self.table(keys, meanings: [:]) + "<!-- end context: \(name) -->\n"
                }
            }
            try Data(text.utf8).write(to: Self.readme)
        }
        for (name, keys) in Self.contexts {
            let found = try #require(Self.rows(text, name), "templates/README.md has no <!-- context: \(name) --> table")
            #expect(found.rows.map(\.key) == keys.map(\.path), "\(name): the README's keys differ from the code's; rerun with SPECTRAL_REPORT_UPDATE_TEMPLATE_DOCS=1")
            #expect(found.rows.map(\.type) == keys.map(\.type), "\(name): the README's types differ from the code's")
            let undocumented = found.rows.filter { $0.meaning.isEmpty }.map(\.key)
            #expect(undocumented.isEmpty, "\(name): no meaning written for \(undocumented)")
        }
    }

    /// The conversion gives the templates plain values with snake-case keys, booleans
    /// that open sections, and leaves out nil optionals.
    @Test func aContextBecomesSnakeCaseValues() throws {
        struct Sample: Codable { var hasThing: Bool; var ratioPng: String; var count: Int; var missing: String?; var items: [Inner] }
        struct Inner: Codable { var panelNumber: Int }
        let value = try #require(try TemplateContext.make(Sample(hasThing: true, ratioPng: "a.png", count: 3, missing: nil, items: [Inner(panelNumber: 2)])) as? [String: Any])
        #expect(value["has_thing"] as? Bool == true && value["ratio_png"] as? String == "a.png" && value["count"] as? Int == 3)
        #expect(value["missing"] == nil)
        #expect((value["items"] as? [[String: Any]])?.first?["panel_number"] as? Int == 2)
        #expect(TemplateContext.snakeCase("thumbnailAlt") == "thumbnail_alt" && TemplateContext.snakeCase("ci95") == "ci95")
    }
}
