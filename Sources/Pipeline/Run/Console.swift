import Foundation

/// Where a command's words go: results on standard output, messages on standard error.
/// The command line passes its own (which shows control characters in names read from
/// files as `\u{…}`); tests may collect the lines instead.
public struct Console: Sendable {
    /// One line (or block) of results.
    public var output: @Sendable (String) -> Void
    /// One message: progress, a warning, an error.
    public var error: @Sendable (String) -> Void

    /// A console writing results to `output` and messages to `error`.
    public init(output: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void) {
        self.output = output
        self.error = error
    }

    /// `value` as one JSON object on the output, keys sorted; `pretty` indents it.
    public func json<T: Encodable>(_ value: T, pretty: Bool = false) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        output(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// Any encodable value, for printing one of two shapes through one call.
struct AnyEncodable: Encodable {
    private let encodeValue: (Encoder) throws -> Void
    init<T: Encodable>(_ value: T) { encodeValue = value.encode }
    func encode(to encoder: Encoder) throws { try encodeValue(encoder) }
}
