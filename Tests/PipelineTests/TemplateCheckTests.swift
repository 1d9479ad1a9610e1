import Foundation
import Testing
@testable import Pipeline

/// The checks a template folder passes before the library parses it: section depth, keys
/// known to the template's context, files nothing uses.
@Suite("Template checks")
struct TemplateCheckTests {
    static func folder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        return folder
    }

    static func error(_ files: [String: String]) throws -> InputError? {
        let folder = try folder(files)
        defer { try? FileManager.default.removeItem(at: folder) }
        do { _ = try TemplateSet.load(directory: folder) } catch let error as InputError { return error }
        return nil
    }

    @Test func theBundledTemplatesPass() throws {
        let set = try TemplateSet.load(directory: nil)
        #expect(set.warnings.isEmpty)
    }

    @Test func unknownKeysAreNamedWithTheNearestKnownOne() throws {
        let error = try #require(try Self.error(["compare.html.mustache": "<p>\n{{#verdicts}}{{nosuchkey}}{{/verdicts}}\n"]))
        #expect(error.file.hasSuffix("compare.html.mustache") && error.line == 2 && error.key == "nosuchkey", "\(error)")
        let index = try #require(try Self.error(["index.md.mustache": "{{#reportss}}x{{/reportss}}\n"]))
        #expect(index.key == "reportss" && index.description.contains("did you mean 'reports'"), "\(index)")
        // A partial is checked against the context of the template that includes it.
        let partial = try #require(try Self.error(["report.md.mustache": "{{> mine.md}}\n", "mine.md.mustache": "{{title}}\n{{titel}}\n"]))
        #expect(partial.file.hasSuffix("mine.md.mustache") && partial.line == 2 && partial.key == "titel", "\(partial)")
        // Dotted names, `.` and nested keys used anywhere are fine.
        #expect(try Self.error(["report.md.mustache": "{{#figures}}{{caption}}{{.}}{{/figures}}{{figures.0.caption}}\n"]) == nil)
        // Blocks and parents name templates and blocks, not keys; a parent's keys are checked.
        #expect(try Self.error(["report.md.mustache": "{{<base.md}}{{$body}}{{title}}{{/body}}{{/base.md}}\n",
                                "base.md.mustache": "{{$body}}x{{/body}}{{quick}}\n"]) == nil)
        let parent = try #require(try Self.error(["report.md.mustache": "{{<base.md}}{{/base.md}}\n", "base.md.mustache": "{{quik}}\n"]))
        #expect(parent.file.hasSuffix("base.md.mustache") && parent.key == "quik", "\(parent)")
    }

    @Test func deepSectionsAreRefusedBeforeParsing() throws {
        let error = try #require(try Self.error(["report.md.mustache": "a\n" + String(repeating: "{{#title}}", count: 90000)]))
        #expect(error.line == 2 && error.message.contains("sections nested deeper than 100"), "\(error)")
        #expect(try Self.error(["report.md.mustache": String(repeating: "{{#title}}", count: 100) + String(repeating: "{{/title}}", count: 100)]) == nil)
    }

    @Test func filesNothingUsesAreWarnedAbout() throws {
        let folder = try Self.folder(["report.htm.mustache": "{{title}}\n", "mine.md.mustache": "{{title}}\n",
                                      "report.md.mustache": "{{> mine.md}}\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let set = try TemplateSet.load(directory: folder)
        #expect(set.warnings.count == 1, "\(set.warnings)")
        #expect(set.warnings.first?.contains("report.htm.mustache: not a template the tool renders") == true, "\(set.warnings)")
        #expect(set.warnings.first?.contains("did you mean 'report.html.mustache'") == true, "\(set.warnings)")
    }
}
