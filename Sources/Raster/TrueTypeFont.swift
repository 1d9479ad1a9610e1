import Foundation

/// A TrueType font read by our own code: metrics, character map, glyph outlines and
/// kerning, from the tables `head`, `hhea`, `hmtx`, `maxp`, `cmap` (formats 4 and 12),
/// `loca`, `glyf` (simple and composite glyphs), `kern` (format 0) and `GPOS` (pair
/// adjustment, lookup types 2 and 9).
///
/// Outlines are cached per glyph. The type is a class so that the cache is shared; access to
/// the cache is serialised by a lock, so one font can serve several threads.
public final class TrueTypeFont: @unchecked Sendable {
    /// The file the font came from.
    public let path: String
    /// Design units per em (2048 for DejaVu Sans).
    public let unitsPerEm: Int
    /// Typographic ascender and descender (negative), in font units.
    public let ascender: Int
    public let descender: Int
    public let lineGap: Int
    public let glyphCount: Int

    let reader: FontBinaryReader
    private let tables: [String: (offset: Int, length: Int)]
    private let advances: [Int]
    private let locaOffsets: [Int]
    private let glyfOffset: Int
    private let characterMap: CharacterMap
    let kerning: KerningTable
    private var outlineCache: [Int: GlyphOutline] = [:]
    /// Outlines flattened per pixel size, for drawing.
    let rasterCache = GlyphRasterCache()
    private let lock = NSLock()

    /// Reads the font at `path`.
    /// - Throws: `FontError` when the file is missing, unreadable or malformed.
    public convenience init(path: String) throws {
        // A FIFO or device would block the read or never end.
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            throw FontError("\(path): not a regular file, so not a font file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FontError("\(path): cannot read the font file")
        }
        try self.init(bytes: [UInt8](data), path: path)
    }

    /// Reads a font from its bytes; `path` names it in errors.
    public init(bytes: [UInt8], path: String) throws {
        self.path = path
        let r = FontBinaryReader(bytes: bytes, name: path)
        reader = r
        let version = try r.u32(0)
        guard version == 0x0001_0000 || version == 0x7472_7565 else {
            throw FontError("\(path): not a TrueType font (version \(String(version, radix: 16)))")
        }
        var tables: [String: (Int, Int)] = [:]
        let tableCount = try r.u16(4)
        for i in 0..<tableCount {
            let record = 12 + 16 * i
            let offset = try r.u32(record + 8), length = try r.u32(record + 12)
            guard offset + length <= bytes.count else {
                throw FontError("\(path): table \(try r.tag(record)) lies outside the file")
            }
            tables[try r.tag(record)] = (offset, length)
        }
        for required in ["head", "hhea", "hmtx", "maxp", "cmap", "loca", "glyf"] where tables[required] == nil {
            throw FontError("\(path): the '\(required)' table is missing (only TrueType outlines are supported)")
        }
        self.tables = tables
        let head = tables["head"]!.0, hhea = tables["hhea"]!.0
        unitsPerEm = try r.u16(head + 18)
        guard unitsPerEm > 0 else { throw FontError("\(path): unitsPerEm is 0") }
        let longOffsets = try r.i16(head + 50) == 1
        ascender = try r.i16(hhea + 4)
        descender = try r.i16(hhea + 6)
        lineGap = try r.i16(hhea + 8)
        let metricCount = try r.u16(hhea + 34)
        glyphCount = try r.u16(tables["maxp"]!.0 + 4)
        guard metricCount >= 1 else { throw FontError("\(path): hhea has no horizontal metrics") }

        let hmtx = tables["hmtx"]!.0
        var advances: [Int] = []
        advances.reserveCapacity(glyphCount)
        for g in 0..<glyphCount {
            advances.append(try r.u16(hmtx + 4 * min(g, metricCount - 1)))
        }
        self.advances = advances

        let loca = tables["loca"]!.0
        var offsets: [Int] = []
        offsets.reserveCapacity(glyphCount + 1)
        for g in 0...glyphCount {
            offsets.append(longOffsets ? try r.u32(loca + 4 * g) : 2 * (try r.u16(loca + 2 * g)))
        }
        locaOffsets = offsets
        glyfOffset = tables["glyf"]!.0
        characterMap = try CharacterMap(reader: r, tableOffset: tables["cmap"]!.0)
        kerning = try KerningTable(reader: r, gpos: tables["GPOS"]?.0, kern: tables["kern"]?.0)
    }

    /// The glyph for a Unicode scalar, 0 (`.notdef`) when the font has none.
    public func glyphIndex(for scalar: Unicode.Scalar) -> Int {
        let g = characterMap.glyph(for: Int(scalar.value))
        return g < glyphCount ? g : 0
    }

    /// The advance width of a glyph in font units (from `hmtx`).
    public func advance(of glyph: Int) -> Int { glyph >= 0 && glyph < advances.count ? advances[glyph] : 0 }

    /// The kerning adjustment between two glyphs, in font units (GPOS, else `kern`).
    public func kerning(_ left: Int, _ right: Int) -> Int { kerning.adjustment(left, right) }

    /// The outline of a glyph in font units (y up), cached.
    public func outline(of glyph: Int) -> GlyphOutline {
        lock.lock()
        if let cached = outlineCache[glyph] { lock.unlock(); return cached }
        lock.unlock()
        let outline = (try? readOutline(glyph, depth: 0)) ?? GlyphOutline(path: Path(), bounds: .empty)
        lock.lock()
        outlineCache[glyph] = outline
        lock.unlock()
        return outline
    }

    private func readOutline(_ glyph: Int, depth: Int) throws -> GlyphOutline {
        guard glyph >= 0, glyph < glyphCount, depth < 8 else { return GlyphOutline(path: Path(), bounds: .empty) }
        let start = glyfOffset + locaOffsets[glyph], end = glyfOffset + locaOffsets[glyph + 1]
        guard end > start else { return GlyphOutline(path: Path(), bounds: .empty) }  // e.g. space
        let r = reader
        let contourCount = try r.i16(start)
        let bounds = Rect(minX: Double(try r.i16(start + 2)), minY: Double(try r.i16(start + 4)),
                          maxX: Double(try r.i16(start + 6)), maxY: Double(try r.i16(start + 8)))
        if contourCount >= 0 {
            return GlyphOutline(path: try simpleGlyphPath(at: start, contours: contourCount), bounds: bounds)
        }
        return GlyphOutline(path: try compositeGlyphPath(at: start + 10, depth: depth), bounds: bounds)
    }

    /// Decodes a simple glyph: contours of on- and off-curve points, where two consecutive
    /// off-curve points imply an on-curve point midway.
    private func simpleGlyphPath(at start: Int, contours: Int) throws -> Path {
        let r = reader
        var endPoints: [Int] = []
        for i in 0..<contours { endPoints.append(try r.u16(start + 10 + 2 * i)) }
        let pointCount = (endPoints.last ?? -1) + 1
        guard pointCount > 0 else { return Path() }
        guard zip(endPoints, endPoints.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw FontError("\(path): glyph contours out of order")
        }
        let instructionLength = try r.u16(start + 10 + 2 * contours)
        var offset = start + 12 + 2 * contours + instructionLength
        var flags: [Int] = []
        flags.reserveCapacity(pointCount)
        while flags.count < pointCount {
            let flag = try r.u8(offset); offset += 1
            flags.append(flag)
            if flag & 0x08 != 0 {
                let repeats = try r.u8(offset); offset += 1
                for _ in 0..<repeats where flags.count < pointCount { flags.append(flag) }
            }
        }
        func coordinates(shortBit: Int, sameBit: Int) throws -> [Int] {
            var values: [Int] = []
            var value = 0
            for flag in flags {
                if flag & shortBit != 0 {
                    let delta = try r.u8(offset); offset += 1
                    value += flag & sameBit != 0 ? delta : -delta
                } else if flag & sameBit == 0 {
                    value += try r.i16(offset); offset += 2
                }
                values.append(value)
            }
            return values
        }
        let xs = try coordinates(shortBit: 0x02, sameBit: 0x10)
        let ys = try coordinates(shortBit: 0x04, sameBit: 0x20)
        var path = Path()
        var first = 0
        for last in endPoints {
            let indices = Array(first...last)
            first = last + 1
            guard indices.count >= 2 else { continue }
            let points = indices.map { Point(Double(xs[$0]), Double(ys[$0])) }
            let onCurve = indices.map { flags[$0] & 0x01 != 0 }
            // Start at an on-curve point, or at the midpoint of the first two off-curve ones.
            let n = points.count
            let startIndex = onCurve.firstIndex(of: true)
            let startPoint = startIndex.map { points[$0] } ?? midpoint(points[0], points[1])
            let rotation = startIndex ?? 0
            path.move(to: startPoint)
            var pendingControl: Point?
            for k in 1...n {
                let i = (rotation + k) % n
                let p = points[i]
                if startIndex == nil && k == n {
                    // Contour of only off-curve points: close through the starting midpoint.
                    if let control = pendingControl { path.quad(to: startPoint, control: control) }
                    break
                }
                if onCurve[i] {
                    if let control = pendingControl { path.quad(to: p, control: control) } else { path.line(to: p) }
                    pendingControl = nil
                } else {
                    if let control = pendingControl { path.quad(to: midpoint(control, p), control: control) }
                    pendingControl = p
                }
            }
            if let control = pendingControl { path.quad(to: startPoint, control: control) }
            path.close()
        }
        return path
    }

    private func midpoint(_ a: Point, _ b: Point) -> Point { Point((a.x + b.x) / 2, (a.y + b.y) / 2) }

    /// Decodes a composite glyph: other glyphs, each moved and optionally scaled.
    private func compositeGlyphPath(at start: Int, depth: Int) throws -> Path {
        let r = reader
        var offset = start
        var path = Path()
        while true {
            let flags = try r.u16(offset)
            let component = try r.u16(offset + 2)
            offset += 4
            var dx = 0.0, dy = 0.0
            if flags & 0x0001 != 0 {
                if flags & 0x0002 != 0 { dx = Double(try r.i16(offset)); dy = Double(try r.i16(offset + 2)) }
                offset += 4
            } else {
                if flags & 0x0002 != 0 {
                    dx = Double(Int8(truncatingIfNeeded: try r.u8(offset)))
                    dy = Double(Int8(truncatingIfNeeded: try r.u8(offset + 1)))
                }
                offset += 2
            }
            var a = 1.0, b = 0.0, c = 0.0, d = 1.0
            if flags & 0x0008 != 0 {
                a = try r.f2dot14(offset); d = a; offset += 2
            } else if flags & 0x0040 != 0 {
                a = try r.f2dot14(offset); d = try r.f2dot14(offset + 2); offset += 4
            } else if flags & 0x0080 != 0 {
                a = try r.f2dot14(offset); b = try r.f2dot14(offset + 2)
                c = try r.f2dot14(offset + 4); d = try r.f2dot14(offset + 6); offset += 8
            }
            // Point-matching placement (ARGS_ARE_XY_VALUES unset) is rare; place at origin.
            let transform = AffineTransform(a: a, b: b, c: c, d: d, tx: dx, ty: dy)
            path.append(try readOutline(component, depth: depth + 1).path.applying(transform))
            if flags & 0x0020 == 0 { break }
        }
        return path
    }
}

/// A glyph's outline and its bounding box from the `glyf` header, in font units (y up).
public struct GlyphOutline: Sendable {
    public let path: Path
    public let bounds: Rect
}
