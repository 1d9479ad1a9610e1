import Training

/// One row of `RunSettings.table`: a TOML key, how its value is read and checked, where it
/// goes in `RunSettings`, how it reaches a run (and so the run's key), and what it means.
struct SettingDefinition: Sendable {
    let key: String
    /// The kind of value and its range (the reference's type column is its words).
    let kind: Kind
    let documentation: String
    /// Reads and checks a value; the result stores it.
    let read: @Sendable (ExperimentReader, TOMLNode, String) throws -> (inout RunSettings) -> Void
    /// The setting's value in `settings`, as plain text (the settings reference shows the
    /// defaults this way; reports record every sweep's values this way).
    let value: @Sendable (RunSettings) -> String
    /// Writes the setting's value in `settings` into the recipe of a sweep's runs: where it
    /// reaches training and the run's key.
    let reach: @Sendable (RunSettings, inout RunRecipe) -> Void

    /// The kinds of value a setting takes.
    enum Kind: Sendable {
        case integer(ClosedRange<Int>)
        case number(NumberRule)
        case flag
        /// One of these names.
        case name([String])
        case integerList(ClosedRange<Int>)
    }

    /// The type and range, in words, for the settings reference.
    var type: String {
        switch kind {
        case let .integer(range): return "integer \(range.lowerBound)…\(range.upperBound)"
        case let .number(rule): return rule.words
        case .flag: return "true or false"
        case let .name(names): return names.map { "`\($0)`" }.joined(separator: " \\| ")
        case let .integerList(range): return "list of integers \(range.lowerBound)…\(range.upperBound)"
        }
    }

    /// Whether the reference shows the value as code (names, not numbers).
    var valueIsCode: Bool {
        if case .name = kind { return true }
        return false
    }

    /// How a floating-point setting is bounded.
    enum NumberRule {
        case positive, nonNegative
        /// In [0, 1).
        case fraction

        var words: String {
            switch self {
            case .positive: return "number > 0"
            case .nonNegative: return "number ≥ 0"
            case .fraction: return "number in [0, 1)"
            }
        }
    }

    static func integer(_ key: String, _ path: WritableKeyPath<RunSettings, Int> & Sendable, _ range: ClosedRange<Int>, _ documentation: String,
                        reaches: @escaping @Sendable (Int, inout RunRecipe) -> Void) -> SettingDefinition {
        SettingDefinition(key: key, kind: .integer(range), documentation: documentation,
                          read: { reader, node, fullKey in
                              let value = try reader.int(node, fullKey, range)
                              return { $0[keyPath: path] = value }
                          }, value: { String($0[keyPath: path]) }, reach: { reaches($0[keyPath: path], &$1) })
    }

    static func number(_ key: String, _ path: WritableKeyPath<RunSettings, Double> & Sendable, _ rule: NumberRule, _ documentation: String,
                       reaches: @escaping @Sendable (Double, inout RunRecipe) -> Void) -> SettingDefinition {
        SettingDefinition(key: key, kind: .number(rule), documentation: documentation,
                          read: { reader, node, fullKey in
                              let value = try reader.singlePrecision(node, fullKey, rule)
                              return { $0[keyPath: path] = value }
                          }, value: { NumberFormat.identifier($0[keyPath: path]) }, reach: { reaches($0[keyPath: path], &$1) })
    }

    static func flag(_ key: String, _ path: WritableKeyPath<RunSettings, Bool> & Sendable, _ documentation: String,
                     reaches: @escaping @Sendable (Bool, inout RunRecipe) -> Void) -> SettingDefinition {
        SettingDefinition(key: key, kind: .flag, documentation: documentation,
                          read: { reader, node, fullKey in
                              let value = try reader.bool(node, fullKey)
                              return { $0[keyPath: path] = value }
                          }, value: { String($0[keyPath: path]) }, reach: { reaches($0[keyPath: path], &$1) })
    }

    static func named<T: RawRepresentable & CaseIterable & Sendable>(_ key: String, _ path: WritableKeyPath<RunSettings, T> & Sendable, _ documentation: String,
                                                                     reaches: @escaping @Sendable (T, inout RunRecipe) -> Void) -> SettingDefinition
    where T.RawValue == String {
        SettingDefinition(key: key, kind: .name(T.allCases.map(\.rawValue)), documentation: documentation,
                          read: { reader, node, fullKey in
                              let value = try reader.named(node, fullKey, T.self, all: Array(T.allCases))
                              return { $0[keyPath: path] = value }
                          }, value: { $0[keyPath: path].rawValue }, reach: { reaches($0[keyPath: path], &$1) })
    }

    static func choice(_ key: String, _ path: WritableKeyPath<RunSettings, String> & Sendable, _ allowed: [String], _ documentation: String,
                       reaches: @escaping @Sendable (String, inout RunRecipe) -> Void) -> SettingDefinition {
        SettingDefinition(key: key, kind: .name(allowed), documentation: documentation,
                          read: { reader, node, fullKey in
                              let value = try reader.string(node, fullKey)
                              guard allowed.contains(value) else {
                                  throw reader.fail(fullKey, "unknown value '\(value)'\(Suggestion.hint(for: value, in: allowed))")
                              }
                              return { $0[keyPath: path] = value }
                          }, value: { $0[keyPath: path] }, reach: { reaches($0[keyPath: path], &$1) })
    }

    static func integerList(_ key: String, _ path: WritableKeyPath<RunSettings, [Int]?> & Sendable, _ range: ClosedRange<Int>, _ documentation: String,
                            reaches: @escaping @Sendable ([Int]?, inout RunRecipe) -> Void) -> SettingDefinition {
        SettingDefinition(key: key, kind: .integerList(range), documentation: documentation,
                          read: { reader, node, fullKey in
                              let values = try reader.array(node, fullKey).map { try reader.int($0, fullKey, range) }
                              return { $0[keyPath: path] = values }
                          }, value: { settings in settings[keyPath: path].map { "\($0)" } ?? "(schedule)" },
                          reach: { reaches($0[keyPath: path], &$1) })
    }
}

extension RunSettings {
    /// The settings reference as a Markdown table (`docs/experiment-file.md` carries it; a
    /// test checks that the two agree).
    public static func markdownReference() -> String {
        let defaults = RunSettings()
        var lines = ["| key | type | default | meaning |", "|---|---|---|---|"]
        for setting in table {
            let value = setting.value(defaults)
            lines.append("| `\(setting.key)` | \(setting.type) | \(setting.valueIsCode ? "`\(value)`" : value) | \(setting.documentation) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
