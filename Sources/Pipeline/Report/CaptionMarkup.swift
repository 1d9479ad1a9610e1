/// Captions write math the way figures do: `h_l`, `‖ΔW‖_*`, `n^−½`, `x_{i+1}`, `e^{−t}`. On an
/// HTML page the subscripts and superscripts become `<sub>`/`<sup>`; in Markdown, which many
/// renderers show without raw HTML, they become Unicode scripts (`n⁻¹ᐟ²`, `h₁`) where every
/// character has one, and `$…$` math otherwise. The text is escaped for the format first.
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
            if markdown {
                out += unicode(script, superscript: isSup) ?? (isSub ? "$_{\(script)}$" : "$^{\(script)}$")
            } else {
                out += isSub ? "<sub>\(script)</sub>" : "<sup>\(script)</sup>"
            }
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

    static let superscripts: [Character: String] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
        "+": "⁺", "−": "⁻", "-": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", "n": "ⁿ", "i": "ⁱ", "½": "¹ᐟ²", "/": "ᐟ",
    ]
    static let subscripts: [Character: String] = [
        "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉",
        "+": "₊", "−": "₋", "-": "₋", "a": "ₐ", "e": "ₑ", "h": "ₕ", "i": "ᵢ", "j": "ⱼ", "k": "ₖ", "l": "ₗ", "m": "ₘ",
        "n": "ₙ", "o": "ₒ", "p": "ₚ", "r": "ᵣ", "s": "ₛ", "t": "ₜ", "u": "ᵤ", "v": "ᵥ", "x": "ₓ",
    ]

    /// `script` in Unicode sub- or superscript characters, nil when one has none. The
    /// spectral norm's `*` (escaped `\*` in Markdown) becomes `∗`.
    static func unicode(_ script: String, superscript: Bool) -> String? {
        let table = superscript ? superscripts : subscripts
        var out = ""
        for c in script.replacingOccurrences(of: "\\*", with: "*") {
            if c == "*" { out += "∗"; continue }
            guard let mapped = table[c] else { return nil }
            out += mapped
        }
        return out
    }
}
