import Foundation
import Mustache
import Training

/// The report templates in force: a folder's files over the built-in copies.
struct TemplateSet: Sendable {
    /// Template file name → text.
    public let files: [String: String]
    /// Template file name → SHA-256 (these enter the page nodes' keys).
    public let hashes: [String: String]
    /// Where they came from, for messages.
    public let source: String
    /// The folder read over the built-in templates, if any.
    public let directory: URL?
    /// One line per tag of a custom template that emits a value unescaped (`{{{…}}}` or
    /// `{{& …}}`): the bundled templates do so only for markup the tool builds itself, a
    /// custom one may put report text on the page raw.
    public let warnings: [String]
    let library: MustacheLibrary

    /// Loads `directory`'s `*.mustache` files over the built-in ones (nil: built-in only),
    /// parsing every template so that errors surface before anything runs.
    /// - Throws: `InputError` naming the template file and line.
    public static func load(directory: URL?) throws -> TemplateSet {
        var files = BundledTemplates.files
        var warnings: [String] = []
        var source = "built-in templates"
        if let directory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw InputError(file: directory.path, message: "template folder not found")
            }
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where name.hasSuffix(".mustache") {
                let path = directory.appendingPathComponent(name).path
                let data: Data
                do { data = try RegularFile.read(path, limit: maximumTemplateBytes) } catch let failure as RegularFile.Failure {
                    throw InputError(file: path, message: "cannot read the template: \(failure.problem)")
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    throw InputError(file: path, message: "cannot read the template (not UTF-8 text)")
                }
                // Markdown templates get values escaped for Markdown whatever the tag; HTML
                // templates escape only with {{…}}.
                if !name.hasSuffix(".md.mustache") { warnings += unescapedTags(in: text, file: path, bundled: Array(BundledTemplates.files.values)) }
                files[name] = text
            }
            source = directory.path
        }
        func location(_ file: String) -> String { directory.map { $0.appendingPathComponent(file).path } ?? "built-in \(file)" }
        let tags = files.mapValues(TemplateTags.scan)
        for (name, fileTags) in tags.sorted(by: { $0.key < $1.key }) { try TemplateTags.checkDepth(fileTags, file: location(name)) }
        try checkPartials(files, directory: directory)
        try checkKeys(tags, location: location)
        if let directory { warnings += unusedFiles(in: directory, tags: tags) }
        var library = MustacheLibrary()
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            do {
                library.register(try MustacheTemplate(string: text), named: String(name.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                let where_ = directory.map { $0.appendingPathComponent(name).path } ?? "built-in \(name)"
                throw InputError(file: where_, line: error.context.lineNumber, message: "template syntax error: \(error.error) (column \(error.context.columnNumber))")
            } catch {
                throw InputError(file: name, message: "template syntax error: \(error)")
            }
        }
        return TemplateSet(files: files, hashes: files.mapValues { ContentHash.sha256(Data($0.utf8)) }, source: source, directory: directory, warnings: warnings, library: library)
    }

    /// The largest template file read.
    static let maximumTemplateBytes = 1 << 20

    /// A warning per unescaped tag (`{{{name}}}`, `{{& name}}`) in a custom template, except
    /// for values the bundled templates emit unescaped too (markup the tool builds and
    /// escapes itself, such as a caption's MathML), and for lines a bundled template has as
    /// they are (a copy of the bundled templates, or of one of their `{{{.}}}` lists, is
    /// not warned about).
    static func unescapedTags(in text: String, file: String, bundled: [String]) -> [String] {
        let tag = try! NSRegularExpression(pattern: #"\{\{(\{\s*([^}\s]+)\s*\}|&\s*([^}\s]+)\s*)\}\}"#)
        func tags(_ text: String) -> [(line: Int, name: String, text: String)] {
            text.components(separatedBy: "\n").enumerated().flatMap { index, line in
                tag.matches(in: line, range: NSRange(line.startIndex..., in: line)).map { match in
                    (index + 1, [2, 3].compactMap { Range(match.range(at: $0), in: line).map { String(line[$0]) } }.first ?? "?",
                     line.trimmingCharacters(in: .whitespaces))
                }
            }
        }
        let bundledTags = bundled.flatMap(tags)
        let trusted = Set(bundledTags.map(\.name)).subtracting(["."])
        let trustedLines = Set(bundledTags.map(\.text))
        // With other delimiters (`{{=<% %>=}}`) the tags below are not `{{{…}}}` any more:
        // say that this template's raw output cannot be checked.
        let delimiters = text.components(separatedBy: "\n").enumerated().filter { $0.element.contains("{{=") }.map { index, _ in
            "\(file):\(index + 1): the template sets other tag delimiters ({{=… …=}}), so its unescaped tags cannot be checked: report text may reach the page as raw HTML"
        }
        return delimiters + tags(text).filter { !trusted.contains($0.name) && !trustedLines.contains($0.text) }.map { tag in
            "\(file):\(tag.line): '\(tag.name)' is emitted unescaped ({{{\(tag.name)}}} or {{& \(tag.name)}}): report text in it reaches the page as raw HTML; write {{\(tag.name)}} unless the value is markup you trust"
        }
    }

    /// Every `{{> name}}` must name a template of the set, and no template may include
    /// itself, directly or through others: a misspelt partial would render as nothing and a
    /// cycle would recurse until the stack overflows.
    /// - Throws: `InputError` naming the template file and line.
    static func checkPartials(_ files: [String: String], directory: URL?) throws {
        let tag = try! NSRegularExpression(pattern: #"\{\{\s*>\s*([^}\s]+)\s*\}\}"#)
        func location(_ file: String) -> String { directory.map { $0.appendingPathComponent(file).path } ?? "built-in \(file)" }
        let names = Set(files.keys.map { String($0.dropLast(".mustache".count)) })
        var includes: [String: [(name: String, line: Int)]] = [:]
        for (file, text) in files.sorted(by: { $0.key < $1.key }) {
            let template = String(file.dropLast(".mustache".count))
            for (index, line) in text.components(separatedBy: "\n").enumerated() {
                for match in tag.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                    guard let range = Range(match.range(at: 1), in: line) else { continue }
                    let partial = String(line[range])
                    guard names.contains(partial) else {
                        throw InputError(file: location(file), line: index + 1,
                                         message: "partial '\(partial)' does not exist\(Suggestion.hint(for: partial, in: names.sorted()))")
                    }
                    includes[template, default: []].append((partial, index + 1))
                }
            }
        }
        // Depth-first search for a cycle, reported at the include that closes it.
        var finished = Set<String>()
        func visit(_ template: String, _ path: [String]) throws {
            if finished.contains(template) { return }
            for include in includes[template] ?? [] {
                if include.name == template || path.contains(include.name) {
                    throw InputError(file: location(template + ".mustache"), line: include.line,
                                     message: "template includes itself: \((path + [template, include.name]).joined(separator: " → "))")
                }
                try visit(include.name, path + [template])
            }
            finished.insert(template)
        }
        for template in names.sorted() { try visit(template, []) }
    }

    /// Every name a tag looks up must be a key of the context its template is rendered
    /// with (`report.*`: the page, `index.*`: the site index, `compare.*`: the comparison;
    /// a partial: those of the templates that include it): a misspelt key would render as
    /// nothing.
    /// - Throws: `InputError` naming the template file, line and key, with the nearest key.
    static func checkKeys(_ tags: [String: [TemplateTags.Tag]], location: (String) -> String) throws {
        var known: [String: Set<String>] = [:]
        func assign(_ template: String, _ names: Set<String>, _ path: Set<String>) {
            guard !path.contains(template), !(known[template]?.isSuperset(of: names) ?? false) else { return }
            known[template, default: []].formUnion(names)
            for tag in tags[template + ".mustache"] ?? [] where TemplateTags.includes(tag) { assign(tag.name, names, path.union([template])) }
        }
        for file in tags.keys.sorted() {
            let template = String(file.dropLast(".mustache".count))
            if BundledTemplates.files[file] != nil, let names = TemplateTags.contextNames(forTemplate: template) { assign(template, names, []) }
        }
        for (file, fileTags) in tags.sorted(by: { $0.key < $1.key }) {
            guard let names = known[String(file.dropLast(".mustache".count))] else { continue }
            for tag in fileTags {
                guard let name = TemplateTags.lookedUp(tag), !names.contains(name) else { continue }
                throw InputError(file: location(file), line: tag.line, key: name,
                                 message: "not a key of this template's context\(Suggestion.closest(to: name, in: names.sorted()).map { " (did you mean '\($0)'?)" } ?? ""); templates/README.md lists the keys")
            }
        }
    }

    /// A warning per file of the template folder that is neither a template the tool
    /// renders nor a partial some template includes (a misspelt `report.htm.mustache` would
    /// otherwise be ignored without a word).
    static func unusedFiles(in directory: URL, tags: [String: [TemplateTags.Tag]]) -> [String] {
        let included = Set(tags.values.flatMap { $0.filter(TemplateTags.includes).map { $0.name + ".mustache" } })
        let known = BundledTemplates.files.keys.sorted()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()) ?? []
        return names.filter { $0.hasSuffix(".mustache") && BundledTemplates.files[$0] == nil && !included.contains($0) }.map { name in
            "\(directory.appendingPathComponent(name).path): not a template the tool renders, and no template includes it as a partial, so it is not used\(Suggestion.closest(to: name, in: known).map { " (did you mean '\($0)'?)" } ?? "")"
        }
    }

    /// Renders the template `name` (without `.mustache`) with `context`.
    public func render(_ name: String, context: Any) throws -> String {
        guard let text = library.render(context, withTemplate: name) else {
            throw InputError(file: "\(name).mustache", message: "template missing from \(source)")
        }
        return text
    }
}
