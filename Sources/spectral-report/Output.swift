import Foundation
import Pipeline

/// What the commands print: JSON on standard output, messages on standard error.
enum Output {
    /// `value` as one JSON object on standard output, keys sorted; `pretty` indents it.
    static func json<T: Encodable>(_ value: T, pretty: Bool = false) throws { try console.json(value, pretty: pretty) }

    /// Standard output and standard error (through `error`), for the library's commands.
    static let console = Console(output: { print($0) }, error: { Output.error($0) })

    /// A line on standard error. Control characters other than newlines and tabs (which a
    /// name read from a hostile file may carry, e.g. an escape sequence that recolours the
    /// terminal) are shown as `\u{…}`.
    static func error(_ text: String) {
        let shown = text.unicodeScalars.map { scalar -> String in
            (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
                ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined()
        FileHandle.standardError.write(Data((shown + "\n").utf8))
    }
}

/// A failure while working (not bad input): the command exits with code 1.
struct RuntimeFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
