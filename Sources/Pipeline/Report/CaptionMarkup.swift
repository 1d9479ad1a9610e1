/// Captions write math the way figures do: `h_l`, `‖ΔW‖_*`, `n^−½`, `x_{i+1}`, `e^{−t}`. On a
/// page the subscripts and superscripts become `<sub>`/`<sup>` (which GitHub's Markdown
/// renders too), after the text has been escaped for the page's format.
enum CaptionMarkup {
    /// `escaped` text with its `_…` and `^…` turned into subscripts and superscripts.
    static func scripts(_ escaped: String, markdown: Bool) -> String {
        var out = ""
        var characters = Substring(escaped)
        // In escaped Markdown `_` arrives as `\_`; `^` is never escaped.
        let underscore = markdown ? "\\_" : "_"
        while let first = characters.first {
            let isSub = characters.hasPrefix(underscore), isSup = first == "^"
            guard isSub || isSup else {
                out.append(first)
                characters = characters.dropFirst()
                continue
            }
            let rest = characters.dropFirst(isSub ? underscore.count : 1)
            let (script, remainder) = take(rest, superscript: isSup)
            guard !script.isEmpty else {
                out.append(contentsOf: characters.prefix(isSub ? underscore.count : 1))
                characters = rest
                continue
            }
            out += isSub ? "<sub>\(script)</sub>" : "<sup>\(script)</sup>"
            characters = remainder
        }
        return out
    }

    /// A script: `{…}`, or a run of letters, digits and `*` (a superscript may start with a
    /// sign and use `½`).
    static func take(_ text: Substring, superscript: Bool) -> (String, Substring) {
        if text.first == "{", let close = text.firstIndex(of: "}") {
            return (String(text[text.index(after: text.startIndex)..<close]), text[text.index(after: close)...])
        }
        var end = text.startIndex
        if superscript, let first = text.first, "−-+".contains(first) { end = text.index(after: end) }
        while end < text.endIndex, (text[end].isASCII && (text[end].isLetter || text[end].isNumber)) || text[end] == "*" || text[end] == "½" || text[end] == "\\" {
            if text[end] == "\\" {
                // An escaped `*` in Markdown.
                let next = text.index(after: end)
                guard next < text.endIndex, text[next] == "*" else { break }
                end = text.index(after: next)
                continue
            }
            end = text.index(after: end)
        }
        let script = String(text[text.startIndex..<end])
        return script.allSatisfy({ "−-+".contains($0) }) ? ("", text) : (script, text[end...])
    }
}
