import Foundation

/// A linear scan of a Mustache template's tags that follows `{{=… …=}}` delimiter changes,
/// so that checks made before the library parses a template (section depth, known keys)
/// see the same tags the parser does and cannot be bypassed by switching delimiters.
enum TemplateTags {
    /// One tag: its line (1-based), its sigil (`#`, `^`, `/`, `>`, `!`, `&`, `{`, `$`, `<`, `%` (a pragma),
    /// `=`, or empty for a plain value) and its name, trimmed.
    struct Tag: Equatable {
        let line: Int
        let sigil: Character?
        let name: String
    }

    /// The deepest nesting of sections the library is asked to parse: its parser recurses
    /// once per open section, and thousands overflow the stack.
    static let maximumSectionDepth = 100

    /// Every tag of `text`, in order. Stops at a tag without its closing delimiter (the
    /// library's parser reports that one).
    static func scan(_ text: String) -> [Tag] {
        let bytes = Array(text.utf8)
        var open = Array("{{".utf8), close = Array("}}".utf8)
        var tags: [Tag] = []
        var index = 0, line = 1
        func matches(_ pattern: [UInt8], at position: Int) -> Bool {
            guard position + pattern.count <= bytes.count, !pattern.isEmpty else { return false }
            for offset in 0..<pattern.count where bytes[position + offset] != pattern[offset] { return false }
            return true
        }
        func find(_ pattern: [UInt8], from start: Int) -> Int? {
            var position = start
            while position + pattern.count <= bytes.count {
                if matches(pattern, at: position) { return position }
                position += 1
            }
            return nil
        }
        while index < bytes.count {
            guard let start = find(open, from: index) else { break }
            for position in index..<start where bytes[position] == UInt8(ascii: "\n") { line += 1 }
            let contentStart = start + open.count
            var closing = close
            // A triple mustache `{{{x}}}` ends with `}` before the closing delimiter.
            if contentStart < bytes.count, bytes[contentStart] == UInt8(ascii: "{") { closing = Array("}".utf8) + close }
            guard let end = find(closing, from: contentStart) else { break }
            let content = String(decoding: bytes[contentStart..<end], as: UTF8.self)
            let tagLine = line
            for position in start..<end where bytes[position] == UInt8(ascii: "\n") { line += 1 }
            index = end + closing.count
            var body = content.trimmingCharacters(in: .whitespacesAndNewlines)
            var sigil: Character? = nil
            if let first = body.first, "#^/>!&{$<=%".contains(first) {
                sigil = first
                body.removeFirst()
                if first == "=", body.hasSuffix("=") { body.removeLast() }
                body = body.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            tags.append(Tag(line: tagLine, sigil: sigil, name: body))
            if sigil == "=" {
                let parts = body.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
                guard parts.count == 2 else { break }
                open = Array(parts[0].utf8); close = Array(parts[1].utf8)
            }
        }
        return tags
    }

    /// Throws when sections (`{{#…}}`, `{{^…}}`, `{{$…}}`, `{{<…}}`), closed or not, nest
    /// deeper than `maximumSectionDepth`.
    /// - Throws: `InputError` naming `file` and the line of the section that goes too deep.
    static func checkDepth(_ tags: [Tag], file: String) throws {
        var depth = 0
        for tag in tags {
            switch tag.sigil {
            case "#", "^", "$", "<":
                depth += 1
                if depth > maximumSectionDepth {
                    throw InputError(file: file, line: tag.line, message: "sections nested deeper than \(maximumSectionDepth) (at '\(tag.name)')")
                }
            case "/": depth = max(0, depth - 1)
            default: break
            }
        }
    }

    /// The name a tag looks up in the context: the first component of a dotted name, or
    /// nil for `.`, comments, partials and parents (`{{> …}}`, `{{< …}}`), blocks
    /// (`{{$ …}}`), pragmas, delimiter changes and closing tags.
    static func lookedUp(_ tag: Tag) -> String? {
        if let sigil = tag.sigil, "!>=/%<$".contains(sigil) { return nil }
        var name = tag.name
        // swift-mustache transforms: `{{ uppercased(name) }}` looks up `name`.
        if let open = name.lastIndex(of: "("), let close = name.firstIndex(of: ")"), open < close {
            name = String(name[name.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
        }
        if name.isEmpty || name == "." || name.hasPrefix(".") { return nil }
        return name.split(separator: ".").first.map(String.init)
    }

    /// Whether the tag includes another template (`{{> name}}`, or `{{< name}}` as a parent).
    static func includes(_ tag: Tag) -> Bool { tag.sigil == ">" || tag.sigil == "<" }

    /// Every name a tag may look up in a context of this type: each component of each key
    /// path, at any depth (resolution inside sections climbs the context stack, so scope is
    /// not checked, only that the name exists somewhere in the type).
    static func names<T: Decodable>(of type: T.Type) -> Set<String> {
        Set(TemplateContextSchema.keys(of: type).flatMap { $0.path.split(separator: ".").map(String.init) })
    }

    /// The context names known to each page template (without `.mustache`), by its first
    /// component (`report`, `index`, `compare`).
    static func contextNames(forTemplate template: String) -> Set<String>? {
        switch template.split(separator: ".").first.map(String.init) {
        case "report": return names(of: PageContext.self)
        case "index": return names(of: IndexContext.self)
        case "compare": return names(of: ComparisonContext.self)
        default: return nil
        }
    }
}
