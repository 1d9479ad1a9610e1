import Foundation
import Training

/// Reads typed values out of an experiment file's tree; every failure is an `InputError`
/// naming the file, the line and the key.
struct ExperimentReader {
    let path: String
    let locator: KeyLocator

    typealias Entries = [(key: String, value: TOMLNode)]

    func fail(_ key: String, _ message: String) -> InputError {
        InputError(file: path, line: locator.line(of: key), key: key, message: message)
    }

    /// The entries of a table, refusing keys not in `allowed`.
    func table(_ node: TOMLNode, _ key: String, allowed: [String]) throws -> Entries {
        guard case let .table(entries) = node else { throw fail(key, "must be a table, found \(node.typeName)") }
        for entry in entries where !allowed.contains(entry.key) {
            let full = key.isEmpty ? entry.key : "\(key).\(entry.key)"
            throw fail(full, "unknown key\(Suggestion.hint(for: entry.key, in: allowed))")
        }
        return entries
    }

    func string(_ node: TOMLNode, _ key: String) throws -> String {
        guard case let .string(s) = node else { throw fail(key, "must be a string, found \(node.typeName)") }
        return s
    }

    func int(_ node: TOMLNode, _ key: String, _ range: ClosedRange<Int>) throws -> Int {
        guard case let .int(v) = node else { throw fail(key, "must be an integer, found \(node.typeName)") }
        guard range.contains(v) else { throw fail(key, "must be between \(range.lowerBound) and \(range.upperBound), got \(v)") }
        return v
    }

    /// A number the engine's single precision can hold, within `rule`.
    func singlePrecision(_ node: TOMLNode, _ key: String, _ rule: SettingDefinition.NumberRule) throws -> Double {
        let v: Double
        switch node {
        case let .int(i): v = Double(i)
        case let .double(d): v = d
        default: throw fail(key, "must be a number, found \(node.typeName)")
        }
        guard v.isFinite else { throw fail(key, "must be a finite number") }
        switch rule {
        case .positive: if !(v > 0) { throw fail(key, "must be positive, got \(v)") }
        case .nonNegative: if v < 0 { throw fail(key, "must not be negative, got \(v)") }
        case .fraction: if v < 0 || v >= 1 { throw fail(key, "must be at least 0 and below 1, got \(v)") }
        }
        if v != 0 && !RunLimits.isPositiveSinglePrecision(abs(v)) {
            throw fail(key, "\(v) cannot be held in single precision, which training uses (magnitudes from \(Float.leastNormalMagnitude) to \(Float.greatestFiniteMagnitude))")
        }
        return v
    }

    func bool(_ node: TOMLNode, _ key: String) throws -> Bool {
        guard case let .bool(b) = node else { throw fail(key, "must be true or false, found \(node.typeName)") }
        return b
    }

    /// A non-empty array.
    func array(_ node: TOMLNode, _ key: String) throws -> [TOMLNode] {
        guard case let .array(items) = node else { throw fail(key, "must be an array, found \(node.typeName)") }
        guard !items.isEmpty else { throw fail(key, "must not be empty") }
        return items
    }

    func named<T: RawRepresentable>(_ node: TOMLNode, _ key: String, _ type: T.Type, all: [T]) throws -> T where T.RawValue == String {
        let name = try string(node, key)
        guard let value = T(rawValue: name) else {
            throw fail(key, "unknown value '\(name)'\(Suggestion.hint(for: name, in: all.map(\.rawValue)))")
        }
        return value
    }

    /// An id that is safe as a file name.
    func identifier(_ node: TOMLNode, _ key: String) throws -> String {
        let id = try string(node, key)
        guard SafeName.isValid(id) else { throw fail(key, "'\(id)' is not a safe file name: \(SafeName.rule)") }
        return id
    }

    /// Run settings from a table's entries (keys outside the settings table are skipped:
    /// the caller has checked them).
    func settings(_ entries: Entries, _ prefix: String) throws -> SettingOverrides {
        var overrides = SettingOverrides()
        for (key, value) in entries {
            guard let definition = RunSettings.table.first(where: { $0.key == key }) else { continue }
            overrides.entries.append(.init(key: key, apply: try definition.read(self, value, "\(prefix).\(key)")))
        }
        return overrides
    }
}
