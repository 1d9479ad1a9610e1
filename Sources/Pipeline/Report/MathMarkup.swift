/// Inline math in captions, written `$…$` in a small TeX subset: letters, numbers,
/// operators, `_`/`^` scripts (with `{…}` groups), `\frac{a}{b}`, `\sqrt{x}`, Greek letters,
/// `\lVert`/`\rVert`, `\cdot`, `\times`, `\approx`, `\propto`, `\ast`, `\mathrm{…}`. On an
/// HTML page it becomes MathML, as the introduction is written; in Markdown it stays `$…$`
/// for GitHub's math renderer. Text outside `$…$` is escaped for the page; a caption without
/// `$` is plain text.
enum MathMarkup {
    /// Splits `text` into plain parts and math parts (the `$` removed); an unpaired `$`
    /// stays text.
    static func parts(_ text: String) -> [(math: Bool, text: String)] {
        var result: [(Bool, String)] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "$") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "$"), close > afterOpen else { break }
            if open > rest.startIndex { result.append((false, String(rest[..<open]))) }
            result.append((true, String(rest[afterOpen..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { result.append((false, String(rest))) }
        return result
    }

    /// TeX for a Markdown page's `$…$`: characters that Markdown (or the HTML it may
    /// contain) would read as markup become TeX commands that draw the same symbol, so math
    /// cannot open a tag, a link, code or a table cell. A character after an odd run of
    /// backslashes (`\|`, `\#`) is already a literal to Markdown and stays.
    static func markdownSafe(_ tex: String) -> String {
        let replacements: [Character: String] = [
            "<": "\\lt ", ">": "\\gt ", "&": "\\& ", "|": "\\vert ", "[": "\\lbrack ", "]": "\\rbrack ",
            "`": "\\grave{}", "*": "\\ast ", "#": "\\# ", "~": "\\sim ", "!": "\\text{!}",
        ]
        var out = ""
        var escaped = false
        for c in tex {
            if c == "\n" || c == "\r" { out.append(" "); escaped = false; continue }
            if !escaped, let replacement = replacements[c] { out += replacement } else { out.append(c) }
            escaped = c == "\\" ? !escaped : false
        }
        return out
    }

    static let symbols: [String: (String, String)] = [
        "lVert": ("mo", "‖"), "rVert": ("mo", "‖"), "|": ("mo", "‖"), "cdot": ("mo", "·"), "times": ("mo", "×"),
        "approx": ("mo", "≈"), "propto": ("mo", "∝"), "ast": ("mo", "*"), "le": ("mo", "≤"), "ge": ("mo", "≥"),
        "alpha": ("mi", "α"), "beta": ("mi", "β"), "gamma": ("mi", "γ"), "delta": ("mi", "δ"), "epsilon": ("mi", "ε"),
        "eta": ("mi", "η"), "theta": ("mi", "θ"), "lambda": ("mi", "λ"), "mu": ("mi", "μ"), "phi": ("mi", "φ"),
        "sigma": ("mi", "σ"), "tau": ("mi", "τ"), "Delta": ("mi", "Δ"), "Theta": ("mi", "Θ"), "Sigma": ("mi", "Σ"),
        "infty": ("mi", "∞"), "min": ("mi", "min"), "max": ("mi", "max"), "log": ("mi", "log"),
    ]

    /// MathML for a TeX subset (never fails: what it does not know it shows as text).
    static func mathML(_ tex: String) -> String {
        var parser = Parser(characters: Array(tex))
        return parser.row(until: nil)
    }

    struct Parser {
        let characters: [Character]
        var position = 0

        static func escaped(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }

        /// Atoms with their scripts until `end` (or the end of input).
        mutating func row(until end: Character?) -> String {
            var out = ""
            while position < characters.count {
                if let end, characters[position] == end { position += 1; break }
                guard var base = atom() else { continue }
                var sub: String?, sup: String?
                while position < characters.count, characters[position] == "_" || characters[position] == "^" {
                    let isSub = characters[position] == "_"
                    position += 1
                    let script = argument()
                    if isSub { sub = script } else { sup = script }
                }
                switch (sub, sup) {
                case let (s?, p?): base = "<msubsup>\(base)\(s)\(p)</msubsup>"
                case let (s?, nil): base = "<msub>\(base)\(s)</msub>"
                case let (nil, p?): base = "<msup>\(base)\(p)</msup>"
                default: break
                }
                out += base
            }
            return out
        }

        /// A script or command argument: a `{…}` group as an `<mrow>`, or one atom.
        mutating func argument() -> String {
            guard position < characters.count else { return "<mrow></mrow>" }
            if characters[position] == "{" {
                position += 1
                return "<mrow>\(row(until: "}"))</mrow>"
            }
            return atom() ?? "<mrow></mrow>"
        }

        /// One atom; nil for what makes no atom (a space, a stray brace).
        mutating func atom() -> String? {
            let c = characters[position]
            position += 1
            switch c {
            case " ": return nil
            case "{": return "<mrow>\(row(until: "}"))</mrow>"
            case "}": return nil
            case "\\": return command()
            default:
                if c.isNumber && c.isASCII {
                    var number = String(c)
                    while position < characters.count, characters[position].isASCII,
                          characters[position].isNumber || characters[position] == "." {
                        number.append(characters[position]); position += 1
                    }
                    return "<mn>\(number)</mn>"
                }
                if c == "½" || c == "²" { return "<mn>\(c)</mn>" }
                if c.isLetter { return "<mi>\(Self.escaped(String(c)))</mi>" }
                return "<mo>\(Self.escaped(c == "-" ? "−" : String(c)))</mo>"
            }
        }

        mutating func command() -> String? {
            var name = ""
            while position < characters.count, characters[position].isLetter { name.append(characters[position]); position += 1 }
            if name.isEmpty, position < characters.count {
                let symbol = characters[position]
                position += 1
                if symbol == "," || symbol == " " { return nil }
                if symbol == "|" { return "<mo>‖</mo>" }
                return "<mo>\(Self.escaped(String(symbol)))</mo>"
            }
            switch name {
            case "frac": return "<mfrac>\(argument())\(argument())</mfrac>"
            case "sqrt": return "<msqrt>\(argument())</msqrt>"
            case "mathrm", "text", "operatorname":
                guard position < characters.count, characters[position] == "{",
                      let close = characters[position...].firstIndex(of: "}") else { return nil }
                let word = String(characters[(position + 1)..<close])
                position = close + 1
                return "<mi mathvariant=\"normal\">\(Self.escaped(word))</mi>"
            default:
                if let (tag, symbol) = MathMarkup.symbols[name] { return "<\(tag)>\(symbol)</\(tag)>" }
                return "<mi>\(Self.escaped(name))</mi>"
            }
        }
    }
}
