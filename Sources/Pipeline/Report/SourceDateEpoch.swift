import Foundation

/// `SOURCE_DATE_EPOCH`, the reproducible-builds variable the provenance date comes from.
public enum SourceDateEpoch {
    /// The latest `SOURCE_DATE_EPOCH` a four-digit year holds (9999-12-31T23:59:59Z).
    public static let latest = 253_402_300_799

    /// `SOURCE_DATE_EPOCH` as whole seconds since 1970 (decimal digits only, as the
    /// reproducible-builds specification defines it), or nil when unset (or empty).
    public static func seconds(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
        guard let text = environment["SOURCE_DATE_EPOCH"], !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }),
              let seconds = Int(text), seconds <= latest else { return nil }
        return seconds
    }

    /// Refuses a `SOURCE_DATE_EPOCH` that is set but not a whole number of seconds from 0 to
    /// the end of year 9999 (the specification asks tools to fail rather than guess).
    /// - Throws: `InputError` naming the variable and its value.
    public static func check(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let text = environment["SOURCE_DATE_EPOCH"], !text.isEmpty, seconds(environment) == nil else { return }
        let shown = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) }.prefix(40))
        throw InputError(file: "SOURCE_DATE_EPOCH", message: "must be a whole number of seconds since 1970-01-01 (0 to \(latest)), got '\(shown)'")
    }
}
