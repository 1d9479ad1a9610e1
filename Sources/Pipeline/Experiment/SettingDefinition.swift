import Training

/// One row of `RunSettings.table`: a TOML key, how its value is read and checked, where it
/// goes in `RunSettings`, and what it means.
struct SettingDefinition: Sendable {
    let key: String
    /// The type and range, in words, for the settings reference.
    let type: String
    let documentation: String
    /// Reads and checks a value; the result stores it.
    let read: @Sendable (ExperimentReader, TOMLNode, String) throws -> (inout RunSettings) -> Void
    /// The setting's value in `settings`, as plain text (the settings reference shows the
    /// defaults this way; reports record every sweep's values this way).
    let value: @Sendable (RunSettings) -> String
    /// Whether the reference shows the value as code (names, not numbers).
    var valueIsCode = false

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

    static func integer(_ key: String, _ path: WritableKeyPath<RunSettings, Int> & Sendable, _ range: ClosedRange<Int>, _ documentation: String) -> SettingDefinition {
        SettingDefinition(key: key, type: "integer \(range.lowerBound)…\(range.upperBound)", documentation: documentation,
                          read: { reader, node, fullKey in
                              let value = try reader.int(node, fullKey, range)
                              return { $0[keyPath: path] = value }
                          }, value: { String($0[keyPath: path]) })
    }

    static func number(_ key: String, _ path: WritableKeyPath<RunSettings, Double> & Sendable, _ rule: NumberRule, _ documentation: String) -> SettingDefinition {
        SettingDefinition(key: key, type: rule.words, documentation: documentation,
                          read: { reader, node, fullKey in
                              let value = try reader.singlePrecision(node, fullKey, rule)
                              return { $0[keyPath: path] = value }
                          }, value: { NumberFormat.identifier($0[keyPath: path]) })
    }

    static func flag(_ key: String, _ path: WritableKeyPath<RunSettings, Bool> & Sendable, _ documentation: String) -> SettingDefinition {
        SettingDefinition(key: key, type: "true or false", documentation: documentation,
                          read: { reader, node, fullKey in
                              let value = try reader.bool(node, fullKey)
                              return { $0[keyPath: path] = value }
                          }, value: { String($0[keyPath: path]) })
    }

    static func named<T: RawRepresentable & CaseIterable>(_ key: String, _ path: WritableKeyPath<RunSettings, T> & Sendable, _ documentation: String) -> SettingDefinition
    where T.RawValue == String {
        SettingDefinition(key: key, type: T.allCases.map { "`\($0.rawValue)`" }.joined(separator: " \\| "), documentation: documentation,
                          read: { reader, node, fullKey in
                              let value = try reader.named(node, fullKey, T.self, all: Array(T.allCases))
                              return { $0[keyPath: path] = value }
                          }, value: { $0[keyPath: path].rawValue }, valueIsCode: true)
    }

    static func choice(_ key: String, _ path: WritableKeyPath<RunSettings, String> & Sendable, _ allowed: [String], _ documentation: String) -> SettingDefinition {
        SettingDefinition(key: key, type: allowed.map { "`\($0)`" }.joined(separator: " \\| "), documentation: documentation,
                          read: { reader, node, fullKey in
                              let value = try reader.string(node, fullKey)
                              guard allowed.contains(value) else {
                                  throw reader.fail(fullKey, "unknown value '\(value)'\(Suggestion.hint(for: value, in: allowed))")
                              }
                              return { $0[keyPath: path] = value }
                          }, value: { $0[keyPath: path] }, valueIsCode: true)
    }

    static func integerList(_ key: String, _ path: WritableKeyPath<RunSettings, [Int]?> & Sendable, _ range: ClosedRange<Int>, _ documentation: String) -> SettingDefinition {
        SettingDefinition(key: key, type: "list of integers \(range.lowerBound)…\(range.upperBound)", documentation: documentation,
                          read: { reader, node, fullKey in
                              let values = try reader.array(node, fullKey).map { try reader.int($0, fullKey, range) }
                              return { $0[keyPath: path] = values }
                          }, value: { settings in settings[keyPath: path].map { "\($0)" } ?? "(schedule)" })
    }
}

extension RunSettings {
    /// The settings reference as a Markdown table (the README carries it; a test checks
    /// that the two agree).
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
