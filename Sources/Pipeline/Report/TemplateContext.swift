import Foundation

/// The one conversion from a typed page context to what swift-mustache renders.
///
/// Page contexts are `Codable` structs with Swift names (`hasVerdicts`); the templates
/// name their keys in snake case (`has_verdicts`). swift-mustache reads dictionaries
/// (`[String: Any]`, through `MustacheParent`) and arrays, and tests `Bool`s for sections,
/// so a context is encoded to JSON and read back as plain values — strings, integers,
/// booleans, arrays and dictionaries with snake-case keys. A `nil` optional leaves its key
/// out, which a template reads as false or empty. `TemplateContextSchema` lists the same
/// keys from the types, for the templates' README.
enum TemplateContext {
    /// `value` as the template engine's context.
    /// - Throws: only if `value` cannot be encoded (a context holds no such values).
    static func make<T: Encodable>(_ value: T) throws -> Any {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(value)
        return try JSONDecoder().decode(Value.self, from: data).plain
    }

    /// `hasVerdicts` → `has_verdicts`, `ratioPNG` → `ratio_png`: an underscore before each
    /// upper-case letter that follows a lower-case letter or a digit, then lower case.
    static func snakeCase(_ name: String) -> String {
        var out = ""
        var previous: Character?
        for c in name {
            if c.isUppercase, let p = previous, p.isLowercase || p.isNumber { out.append("_") }
            out.append(contentsOf: c.lowercased())
            previous = c
        }
        return out
    }

    /// A JSON value read back from an encoded context.
    private enum Value: Decodable {
        case bool(Bool), int(Int), double(Double), string(String), array([Value]), object([String: Value]), null

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let b = try? container.decode(Bool.self) { self = .bool(b) }
            else if let i = try? container.decode(Int.self) { self = .int(i) }
            else if let d = try? container.decode(Double.self) { self = .double(d) }
            else if let s = try? container.decode(String.self) { self = .string(s) }
            else if let a = try? container.decode([Value].self) { self = .array(a) }
            else { self = .object(try container.decode([String: Value].self)) }
        }

        var plain: Any {
            switch self {
            case .bool(let b): return b
            case .int(let i): return i
            case .double(let d): return d
            case .string(let s): return s
            case .array(let a): return a.map(\.plain)
            case .object(let o):
                var out: [String: Any] = [:]
                for (key, value) in o { if case .null = value { continue }; out[TemplateContext.snakeCase(key)] = value.plain }
                return out
            case .null: return false
            }
        }
    }
}
