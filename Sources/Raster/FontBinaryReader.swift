/// A font file that cannot be used, and why.
public struct FontError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Bounds-checked big-endian reads from a font file: a malformed file raises `FontError`
/// instead of reading out of range.
struct FontBinaryReader {
    let bytes: [UInt8]
    let name: String

    func u8(_ offset: Int) throws -> Int {
        guard offset >= 0, offset < bytes.count else { throw outOfRange(offset, 1) }
        return Int(bytes[offset])
    }

    func u16(_ offset: Int) throws -> Int {
        guard offset >= 0, offset + 2 <= bytes.count else { throw outOfRange(offset, 2) }
        return Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
    }

    func i16(_ offset: Int) throws -> Int { Int(Int16(truncatingIfNeeded: try u16(offset))) }

    func u32(_ offset: Int) throws -> Int {
        guard offset >= 0, offset + 4 <= bytes.count else { throw outOfRange(offset, 4) }
        return Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
    }

    /// A 2.14 fixed-point number.
    func f2dot14(_ offset: Int) throws -> Double { Double(try i16(offset)) / 16384 }

    func tag(_ offset: Int) throws -> String {
        guard offset >= 0, offset + 4 <= bytes.count else { throw outOfRange(offset, 4) }
        return String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
    }

    private func outOfRange(_ offset: Int, _ size: Int) -> FontError {
        FontError("\(name): malformed font, a \(size)-byte read at offset \(offset) is outside the file (\(bytes.count) bytes)")
    }
}
