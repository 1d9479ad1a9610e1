/// Finds the line of a key in TOML source text, since the parser does not report where
/// values came from. Understands `[table]` and `[[array]]` headers, dotted keys and
/// `key = value` lines; paths look like `sweeps.movement.widths` or `figures[2].kind`.
struct KeyLocator {
    private var lines: [String: Int] = [:]

    init(source: String) {
        var prefix = ""
        var arrayCounts: [String: Int] = [:]
        var lineNumber = 0
        var inMultiline = false
        for rawLine in source.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            let quotes = line.components(separatedBy: "\"\"\"").count - 1 + line.components(separatedBy: "'''").count - 1
            if inMultiline {
                if quotes % 2 == 1 { inMultiline = false }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[[") , let end = line.range(of: "]]") {
                let name = Self.normalize(String(line[line.index(line.startIndex, offsetBy: 2)..<end.lowerBound]))
                let index = arrayCounts[name, default: 0]
                arrayCounts[name] = index + 1
                prefix = "\(name)[\(index)]"
                record(prefix, lineNumber)
            } else if line.hasPrefix("["), let end = line.firstIndex(of: "]") {
                var name = Self.normalize(String(line[line.index(after: line.startIndex)..<end]))
                // A sub-table of the latest array element: [figures.options] after [[figures]].
                for (array, count) in arrayCounts where name.hasPrefix(array + ".") {
                    name = "\(array)[\(count - 1)]" + name.dropFirst(array.count)
                }
                prefix = name
                record(prefix, lineNumber)
            } else if let equals = line.firstIndex(of: "=") {
                let key = Self.normalize(String(line[..<equals]))
                record(prefix.isEmpty ? key : prefix + "." + key, lineNumber)
                if quotes % 2 == 1 { inMultiline = true }
            }
        }
    }

    private mutating func record(_ path: String, _ line: Int) {
        if lines[path] == nil { lines[path] = line }
    }

    /// `a . "b.c" . 'd'` → `a.b.c.d`: dots inside quotes belong to the key, so a quoted
    /// name such as `"../../x"` keeps its line.
    private static func normalize(_ key: String) -> String {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        for c in key {
            if let open = quote {
                if c == open { quote = nil } else { current.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "." {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(quote == nil ? current.trimmingCharacters(in: .whitespaces) : current)
        return parts.joined(separator: ".")
    }

    /// The line of `path`, or of its nearest enclosing table.
    func line(of path: String) -> Int? {
        var candidate = path
        while true {
            if let line = lines[candidate] { return line }
            if let dot = candidate.lastIndex(of: ".") { candidate = String(candidate[..<dot]) }
            else if let bracket = candidate.lastIndex(of: "[") { candidate = String(candidate[..<bracket]) }
            else { return nil }
        }
    }
}

import Foundation
