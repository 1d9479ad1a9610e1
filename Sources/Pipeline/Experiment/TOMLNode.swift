import TOMLKit

/// A parsed TOML value, detached from the parser.
indirect enum TOMLNode {
    case table([(key: String, value: TOMLNode)])
    case array([TOMLNode])
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case other(String)

    init(_ value: TOMLValueConvertible) {
        switch value.type {
        case .table: self = .table((value.table.map { Array($0) } ?? []).map { ($0.0, TOMLNode($0.1)) })
        case .array: self = .array((value.array.map { Array($0) } ?? []).map { TOMLNode($0) })
        case .string: self = .string(value.string ?? "")
        case .int: self = .int(value.int ?? 0)
        case .double: self = .double(value.double ?? 0)
        case .bool: self = .bool(value.bool ?? false)
        default: self = .other(value.type.rawValue)
        }
    }

    /// "a table", "an integer", … for messages.
    var typeName: String {
        switch self {
        case .table: return "a table"
        case .array: return "an array"
        case .string: return "a string"
        case .int: return "an integer"
        case .double: return "a number"
        case .bool: return "a boolean"
        case let .other(name): return "a \(name)"
        }
    }
}
