import Foundation

/// The keys a typed page context gives its template, read from the type itself: the type
/// is decoded from a decoder that answers every request with a placeholder and writes down
/// each key asked for and the kind of value. `templates/README.md` documents exactly these
/// keys (a test compares the two), so the documentation cannot drift from the code.
enum TemplateContextSchema {
    /// One key: its path below the context (`figures.panels.png`, in the templates' snake
    /// case) and its type in the README's words (`string`, `int`, `bool`, `[…]`, `object`).
    struct ContextKey: Equatable, Hashable, Sendable {
        let path: String
        let type: String
    }

    /// Every key of `type`, nested keys after their parent, in declaration order.
    static func keys<T: Decodable>(of type: T.Type) -> [ContextKey] {
        let recorder = Recorder()
        _ = try? T(from: SchemaDecoder(path: [], recorder: recorder))
        var seen = Set<ContextKey>()
        return recorder.keys.filter { seen.insert($0).inserted }
    }

    final class Recorder {
        var keys: [ContextKey] = []
        func add(_ path: [String], _ type: String) { keys.append(ContextKey(path: path.joined(separator: "."), type: type)) }
    }

    /// The name of a value type as the README writes it.
    static func typeName(_ type: Any.Type) -> String? {
        switch type {
        case is String.Type: return "string"
        case is Bool.Type: return "bool"
        case is Int.Type: return "int"
        case is Double.Type: return "number"
        default: return nil
        }
    }

    struct SchemaDecoder: Decoder {
        let path: [String]
        let recorder: Recorder
        var codingPath: [CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] = [:]
        init(path: [String], recorder: Recorder) { self.path = path; self.recorder = recorder }
        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            KeyedDecodingContainer(Keyed<Key>(path: path, recorder: recorder))
        }
        func unkeyedContainer() throws -> UnkeyedDecodingContainer { Unkeyed(path: path, recorder: recorder) }
        func singleValueContainer() throws -> SingleValueDecodingContainer { Single(path: path, recorder: recorder) }
    }

    /// A placeholder of a basic type, or nil for a type decoded through its own `init(from:)`.
    static func placeholder<T>(_ type: T.Type) -> T? {
        switch type {
        case is String.Type: return "" as? T
        case is Bool.Type: return false as? T
        case is Int.Type: return 0 as? T
        case is Double.Type: return 0.0 as? T
        default: return nil
        }
    }

    /// The README's word for a nested value: `[string]` for an array of strings, `[object]`
    /// for an array of structs, `object` for a struct.
    static func describe<T: Decodable>(_ type: T.Type, path: [String], recorder: Recorder) -> T? {
        if let value = placeholder(type) { return value }
        let probe = Recorder()
        let value = try? T(from: SchemaDecoder(path: path, recorder: probe))
        recorder.keys += probe.keys
        return value
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let path: [String]
        let recorder: Recorder
        var codingPath: [CodingKey] = []
        var allKeys: [Key] = []
        init(path: [String], recorder: Recorder) { self.path = path; self.recorder = recorder }
        func contains(_ key: Key) -> Bool { true }
        func name(_ key: Key) -> String { TemplateContext.snakeCase(key.stringValue) }
        func decodeNil(forKey key: Key) throws -> Bool { false }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            let child = path + [name(key)]
            if let basic = typeName(type) {
                recorder.add(child, basic)
                guard let value = placeholder(type) else { throw DecodingError.valueNotFound(type, .init(codingPath: [], debugDescription: "")) }
                return value
            }
            // Structs and arrays: the key first, then what is inside.
            let index = recorder.keys.count
            guard let value = describe(type, path: child, recorder: recorder) else {
                throw DecodingError.valueNotFound(type, .init(codingPath: [], debugDescription: "no placeholder"))
            }
            let inner = recorder.keys.count > index ? recorder.keys[index] : nil
            let kind: String
            if let inner, inner.path == child.joined(separator: ".") {
                // An array recorded its element's kind under its own path.
                recorder.keys.remove(at: index)
                kind = inner.type
            } else { kind = "object" }
            recorder.keys.insert(ContextKey(path: child.joined(separator: "."), type: kind), at: index)
            return value
        }
        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try decode(type, forKey: key) }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            KeyedDecodingContainer(Keyed<NestedKey>(path: path + [name(key)], recorder: recorder))
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer { Unkeyed(path: path + [name(key)], recorder: recorder) }
        func superDecoder() throws -> Decoder { SchemaDecoder(path: path, recorder: recorder) }
        func superDecoder(forKey key: Key) throws -> Decoder { SchemaDecoder(path: path + [name(key)], recorder: recorder) }
    }

    /// An array: one element, whose kind is recorded under the array's own path.
    struct Unkeyed: UnkeyedDecodingContainer {
        let path: [String]
        let recorder: Recorder
        var codingPath: [CodingKey] = []
        var count: Int? = 1
        var currentIndex = 0
        var isAtEnd: Bool { currentIndex >= 1 }
        init(path: [String], recorder: Recorder) { self.path = path; self.recorder = recorder }
        mutating func decodeNil() throws -> Bool { false }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            currentIndex += 1
            if let basic = typeName(type), let value = placeholder(type) {
                recorder.add(path, "[\(basic)]")
                return value
            }
            recorder.add(path, "[object]")
            guard let value = describe(type, path: path, recorder: recorder) else {
                throw DecodingError.valueNotFound(type, .init(codingPath: [], debugDescription: "no placeholder"))
            }
            return value
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            currentIndex += 1
            return KeyedDecodingContainer(Keyed<NestedKey>(path: path, recorder: recorder))
        }
        mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer { currentIndex += 1; return Unkeyed(path: path, recorder: recorder) }
        mutating func superDecoder() throws -> Decoder { SchemaDecoder(path: path, recorder: recorder) }
    }

    struct Single: SingleValueDecodingContainer {
        let path: [String]
        let recorder: Recorder
        var codingPath: [CodingKey] = []
        init(path: [String], recorder: Recorder) { self.path = path; self.recorder = recorder }
        func decodeNil() -> Bool { false }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            guard let value = placeholder(type) else { return try T(from: SchemaDecoder(path: path, recorder: recorder)) }
            if let basic = typeName(type) { recorder.add(path, basic) }
            return value
        }
    }
}
