/// Typographic conventions shared by text on figures and in reports.
public enum Typography {
    /// `text` with every hyphen-minus turned into a true minus sign (U+2212), as numbers are
    /// set in print: `-0.5` becomes `−0.5`.
    public static func unicodeMinus(_ text: String) -> String {
        text.replacingOccurrences(of: "-", with: "\u{2212}")
    }
}
