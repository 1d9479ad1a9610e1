import Crypto
import Foundation

/// SHA-256 content hashes and the canonical JSON they are taken of.
enum ContentHash {
    /// Lower-case hex SHA-256 of `data`.
    public static func sha256(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// The output hash of an entry whose meaningful artifacts are `artifacts` (by name):
    /// SHA-256 over `name:hash` lines in name order, what dependents' keys fold in.
    static func outputHash(_ artifacts: [String: Data]) -> String {
        sha256(Data(artifacts.sorted { $0.key < $1.key }.map { "\($0.key):\(sha256($0.value))" }.joined(separator: "\n").utf8))
    }

    /// Lower-case hex of `bytes` (a warm rerun hashes thousands of artifacts: no
    /// `String(format:)` per byte).
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Hex SHA-256 of a file's bytes, or nil when it cannot be read.
    public static func sha256(file path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return sha256(data)
    }

    /// Canonical JSON: sorted keys, no escaped slashes, LF only, no whitespace. The same
    /// value always gives the same bytes, on every machine.
    public static func canonicalJSON<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = nonFinite
        return try encoder.encode(value)
    }

    /// Diverged runs produce NaN and infinities; JSON has no numbers for them, so they are
    /// written as these strings (and read back by `decoder`).
    static let nonFinite = JSONEncoder.NonConformingFloatEncodingStrategy.convertToString(
        positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")

    /// A decoder that reads what `canonicalJSON` and `prettyJSON` write.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }

    /// Pretty JSON with sorted keys, for files people read.
    public static func prettyJSON<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        encoder.nonConformingFloatEncodingStrategy = nonFinite
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }
}
