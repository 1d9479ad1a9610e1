/// The `cmap` table: Unicode code points to glyph indices, from a format 12 subtable (full
/// Unicode) when the font has one, else format 4 (the Basic Multilingual Plane).
struct CharacterMap {
    private enum Subtable {
        case segments(reader: FontBinaryReader, offset: Int, segmentCount: Int)
        case groups([(start: Int, end: Int, glyph: Int)])
        case none
    }

    private let subtable: Subtable

    init(reader r: FontBinaryReader, tableOffset: Int) throws {
        let count = try r.u16(tableOffset + 2)
        var best: (priority: Int, offset: Int)?
        for i in 0..<count {
            let record = tableOffset + 4 + 8 * i
            let platform = try r.u16(record), encoding = try r.u16(record + 2)
            let offset = tableOffset + (try r.u32(record + 4))
            let format = try r.u16(offset)
            let unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))
            guard unicode, format == 4 || format == 12 else { continue }
            let priority = format == 12 ? 2 : 1
            if best == nil || priority > best!.priority { best = (priority, offset) }
        }
        guard let best else { subtable = .none; return }
        if try r.u16(best.offset) == 12 {
            let groupCount = try r.u32(best.offset + 12)
            guard groupCount < 1 << 20 else { throw FontError("\(r.name): implausible cmap group count") }
            var groups: [(Int, Int, Int)] = []
            for g in 0..<groupCount {
                let o = best.offset + 16 + 12 * g
                groups.append((try r.u32(o), try r.u32(o + 4), try r.u32(o + 8)))
            }
            subtable = .groups(groups)
        } else {
            subtable = .segments(reader: r, offset: best.offset, segmentCount: (try r.u16(best.offset + 6)) / 2)
        }
    }

    /// The glyph of code point `c`, 0 when unmapped.
    func glyph(for c: Int) -> Int {
        switch subtable {
        case .none:
            return 0
        case let .groups(groups):
            var low = 0, high = groups.count - 1
            while low <= high {
                let mid = (low + high) / 2
                if c < groups[mid].start { high = mid - 1 } else if c > groups[mid].end { low = mid + 1 } else {
                    return groups[mid].glyph + c - groups[mid].start
                }
            }
            return 0
        case let .segments(r, offset, n):
            guard c <= 0xFFFF else { return 0 }
            let ends = offset + 14, starts = ends + 2 * n + 2, deltas = starts + 2 * n, rangeOffsets = deltas + 2 * n
            // Segments are sorted by end code: find the first whose end is ≥ c.
            var low = 0, high = n - 1, found = -1
            while low <= high {
                let mid = (low + high) / 2
                guard let end = try? r.u16(ends + 2 * mid) else { return 0 }
                if end >= c { found = mid; high = mid - 1 } else { low = mid + 1 }
            }
            guard found >= 0,
                  let start = try? r.u16(starts + 2 * found), start <= c,
                  let delta = try? r.u16(deltas + 2 * found),
                  let rangeOffset = try? r.u16(rangeOffsets + 2 * found) else { return 0 }
            if rangeOffset == 0 { return (c + delta) & 0xFFFF }
            let address = rangeOffsets + 2 * found + rangeOffset + 2 * (c - start)
            guard let g = try? r.u16(address), g != 0 else { return 0 }
            return (g + delta) & 0xFFFF
        }
    }
}
