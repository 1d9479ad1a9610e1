/// Pair kerning, from GPOS pair-adjustment lookups of the `kern` feature when the font
/// has them, otherwise from a `kern` table subtable of format 0.
///
/// GPOS is read once into a dictionary of first-glyph x-advance adjustments (format 1
/// pairs and format 2 class pairs), which keeps lookups during layout cheap.
struct KerningTable {
    private var pairs: [Int: Int] = [:]
    private var classTables: [ClassPairTable] = []

    /// A GPOS pair-positioning subtable of format 2 (class to class).
    private struct ClassPairTable {
        let coverage: [Int: Int]
        let firstClasses: [Int: Int]
        let secondClasses: [Int: Int]
        let class2Count: Int
        let values: [Int]  // class1 × class2 x-advance adjustments
    }

    init(reader r: FontBinaryReader, gpos: Int?, kern: Int?) throws {
        if let gpos, (try? readGPOS(r, gpos)) != nil, !(pairs.isEmpty && classTables.isEmpty) { return }
        pairs = [:]
        classTables = []
        if let kern { try? readKern(r, kern) }
    }

    /// The adjustment in font units between `left` and `right` (0 if none).
    func adjustment(_ left: Int, _ right: Int) -> Int {
        if let value = pairs[left << 16 | right] { return value }
        for table in classTables {
            guard table.coverage[left] != nil else { continue }
            let c1 = table.firstClasses[left] ?? 0, c2 = table.secondClasses[right] ?? 0
            let index = c1 * table.class2Count + c2
            if index < table.values.count, table.values[index] != 0 { return table.values[index] }
        }
        return 0
    }

    var isEmpty: Bool { pairs.isEmpty && classTables.isEmpty }

    private mutating func readKern(_ r: FontBinaryReader, _ start: Int) throws {
        let count = try r.u16(start + 2)
        var offset = start + 4
        for _ in 0..<count {
            let length = try r.u16(offset + 2)
            let coverage = try r.u16(offset + 4)
            let format = coverage >> 8
            let horizontal = coverage & 0x1 != 0, crossStream = coverage & 0x4 != 0
            if format == 0 && horizontal && !crossStream {
                let pairCount = try r.u16(offset + 6)
                for p in 0..<pairCount {
                    let o = offset + 14 + 6 * p
                    pairs[(try r.u16(o)) << 16 | (try r.u16(o + 2))] = try r.i16(o + 4)
                }
            }
            offset += max(length, 6)
        }
    }

    private mutating func readGPOS(_ r: FontBinaryReader, _ start: Int) throws {
        let featureList = start + (try r.u16(start + 6))
        let lookupList = start + (try r.u16(start + 8))
        var lookups = Set<Int>()
        let featureCount = try r.u16(featureList)
        for f in 0..<featureCount {
            let record = featureList + 2 + 6 * f
            guard try r.tag(record) == "kern" else { continue }
            let feature = featureList + (try r.u16(record + 4))
            let indexCount = try r.u16(feature + 2)
            for i in 0..<indexCount { lookups.insert(try r.u16(feature + 4 + 2 * i)) }
        }
        let lookupCount = try r.u16(lookupList)
        for index in lookups.sorted() where index < lookupCount {
            let lookup = lookupList + (try r.u16(lookupList + 2 + 2 * index))
            let type = try r.u16(lookup)
            let subtableCount = try r.u16(lookup + 4)
            for s in 0..<subtableCount {
                var subtable = lookup + (try r.u16(lookup + 6 + 2 * s))
                var subtableType = type
                if type == 9 {  // extension: the real subtable is further on
                    subtableType = try r.u16(subtable + 2)
                    subtable += try r.u32(subtable + 4)
                }
                if subtableType == 2 { try readPairAdjustment(r, subtable) }
            }
        }
    }

    /// Size in bytes of a ValueRecord with `format`, and the offset of XAdvance in it.
    private static func valueRecord(_ format: Int) -> (size: Int, xAdvance: Int?) {
        var size = 0
        var xAdvance: Int?
        for bit in 0..<8 where format & (1 << bit) != 0 {
            if bit == 2 { xAdvance = size }
            size += 2
        }
        return (size, xAdvance)
    }

    private mutating func readPairAdjustment(_ r: FontBinaryReader, _ start: Int) throws {
        let format = try r.u16(start)
        let coverage = try Self.coverage(r, start + (try r.u16(start + 2)))
        let first = Self.valueRecord(try r.u16(start + 4)), second = Self.valueRecord(try r.u16(start + 6))
        if format == 1 {
            let setCount = try r.u16(start + 8)
            let glyphsByCoverageIndex = Dictionary(uniqueKeysWithValues: coverage.map { ($1, $0) })
            for s in 0..<setCount {
                guard let left = glyphsByCoverageIndex[s] else { continue }
                let set = start + (try r.u16(start + 10 + 2 * s))
                let count = try r.u16(set)
                let recordSize = 2 + first.size + second.size
                for p in 0..<count {
                    let record = set + 2 + recordSize * p
                    guard let x = first.xAdvance else { continue }
                    let value = try r.i16(record + 2 + x)
                    let key = left << 16 | (try r.u16(record))
                    if value != 0 && pairs[key] == nil { pairs[key] = value }
                }
            }
        } else if format == 2 {
            let firstClasses = try Self.classDefinition(r, start + (try r.u16(start + 8)))
            let secondClasses = try Self.classDefinition(r, start + (try r.u16(start + 10)))
            let class1Count = try r.u16(start + 12), class2Count = try r.u16(start + 14)
            guard class1Count * class2Count < 1 << 22 else { throw FontError("\(r.name): implausible GPOS class counts") }
            var values = [Int](repeating: 0, count: class1Count * class2Count)
            let recordSize = first.size + second.size
            if let x = first.xAdvance {
                for c1 in 0..<class1Count {
                    for c2 in 0..<class2Count {
                        values[c1 * class2Count + c2] = try r.i16(start + 16 + (c1 * class2Count + c2) * recordSize + x)
                    }
                }
            }
            classTables.append(ClassPairTable(coverage: coverage, firstClasses: firstClasses, secondClasses: secondClasses, class2Count: class2Count, values: values))
        }
    }

    /// A Coverage table: glyph → coverage index.
    private static func coverage(_ r: FontBinaryReader, _ start: Int) throws -> [Int: Int] {
        var result: [Int: Int] = [:]
        let format = try r.u16(start), count = try r.u16(start + 2)
        if format == 1 {
            for i in 0..<count { result[try r.u16(start + 4 + 2 * i)] = i }
        } else if format == 2 {
            for i in 0..<count {
                let record = start + 4 + 6 * i
                let first = try r.u16(record), last = try r.u16(record + 2), index = try r.u16(record + 4)
                guard last >= first else { continue }
                for g in first...last { result[g] = index + g - first }
            }
        }
        return result
    }

    /// A ClassDef table: glyph → class (absent glyphs are class 0).
    private static func classDefinition(_ r: FontBinaryReader, _ start: Int) throws -> [Int: Int] {
        var result: [Int: Int] = [:]
        let format = try r.u16(start)
        if format == 1 {
            let firstGlyph = try r.u16(start + 2), count = try r.u16(start + 4)
            for i in 0..<count { result[firstGlyph + i] = try r.u16(start + 6 + 2 * i) }
        } else if format == 2 {
            let count = try r.u16(start + 2)
            for i in 0..<count {
                let record = start + 4 + 6 * i
                let first = try r.u16(record), last = try r.u16(record + 2), value = try r.u16(record + 4)
                guard last >= first else { continue }
                for g in first...last { result[g] = value }
            }
        }
        return result
    }
}
