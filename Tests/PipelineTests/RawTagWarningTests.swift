import Foundation
import Testing
@testable import Pipeline

/// The warnings about values a custom template emits unescaped.
@Suite("Raw tags in custom templates")
struct RawTagWarningTests {
    static let bundled = BundledTemplates.files.keys.sorted().compactMap { BundledTemplates.files[$0] }

    @Test func aCopyOfTheBundledTemplatesIsNotWarnedAbout() {
        for (name, text) in BundledTemplates.files {
            #expect(TemplateSet.unescapedTags(in: text, file: name, bundled: Self.bundled).isEmpty, "\(name)")
        }
    }

    @Test func rawTagsAndOtherDelimitersAreNamedWithTheirLine() {
        let warnings = TemplateSet.unescapedTags(in: "<h1>{{{title}}}</h1>\n{{=<% %>=}}\n<%&title%>\n", file: "r.html.mustache", bundled: Self.bundled)
        #expect(warnings.count == 2, "\(warnings)")
        #expect(warnings.contains { $0.hasPrefix("r.html.mustache:1: 'title' is emitted unescaped") })
        #expect(warnings.contains { $0.hasPrefix("r.html.mustache:2: the template sets other tag delimiters") })
    }
}
