import Foundation

/// The one rule for names that become file or folder names: figure and table ids, sweep
/// names, parametrization names. Experiment files and report folders read back by
/// `compare` and the site index are held to the same rule, so a name can never climb out
/// of a folder (`../x`), hide (`.x`) or carry a separator.
enum SafeName {
    /// The rule in words, for messages.
    static let rule = "use 1–64 lower-case letters, digits, '-' and '_', starting with a letter or digit"

    /// Whether `name` follows the rule.
    static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 64 else { return false }
        func allowed(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "-" || c == "_" }
        return allowed(first) && first != "-" && first != "_" && name.unicodeScalars.allSatisfy(allowed)
    }
}
