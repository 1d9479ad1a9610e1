import CZlib
import Foundation

/// Decompression of gzip files through zlib.
enum Gzip {
    /// True when `data` starts with the gzip magic bytes.
    static func isCompressed(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    /// The decompressed bytes of a gzip stream.
    ///
    /// `limit` sees the output as soon as it holds `headerBytes` bytes (or the stream ends)
    /// and returns the most the whole may hold: decompression stops there, so a small file
    /// that expands to gigabytes (a "gzip bomb") is refused after its header is read, not
    /// after it filled the memory.
    /// - Throws: `DatasetError` naming `path` when the stream is corrupt, truncated or larger
    ///   than `limit` allows; whatever `limit` throws.
    static func decompress(_ data: Data, path: String, headerBytes: Int = 0, limit: (Data) throws -> Int = { _ in Int.max }) throws -> Data {
        var allowed: Int?
        var stream = z_stream()
        // 16 + MAX_WBITS: expect a gzip header and trailer.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DatasetError(path: path, problem: "zlib could not start decompressing")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        let chunkSize = 1 << 20
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var status: Int32 = Z_OK
        try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(input.count)
            repeat {
                try chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(chunkSize)
                    status = inflate(&stream, Z_NO_FLUSH)
                    guard status == Z_OK || status == Z_STREAM_END else {
                        let reason = status == Z_BUF_ERROR ? "the gzip stream is truncated" : "the gzip stream is corrupt (zlib error \(status))"
                        throw DatasetError(path: path, problem: reason)
                    }
                    output.append(buffer.baseAddress!, count: chunkSize - Int(stream.avail_out))
                    if allowed == nil, output.count >= headerBytes || status == Z_STREAM_END { allowed = try limit(output) }
                    if let allowed, output.count > allowed {
                        throw DatasetError(path: path, problem: "decompresses to more than the \(allowed) bytes its header promises; refusing to read further")
                    }
                }
            } while status != Z_STREAM_END && (stream.avail_in > 0 || stream.avail_out == 0)
        }
        guard status == Z_STREAM_END else {
            throw DatasetError(path: path, problem: "the gzip stream is truncated")
        }
        return output
    }
}
