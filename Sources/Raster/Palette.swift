import Foundation

/// A hash map from packed colours to small integers, with open addressing and a cheap
/// multiplicative hash: palette building looks up every pixel, and the standard
/// dictionary's seeded hashing costs more than the rest of the work.
struct ColorTable {
    private var keys: [UInt32]
    private var values: [Int32]
    private var occupied: [Bool]
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        keys = [UInt32](repeating: 0, count: size)
        values = [Int32](repeating: 0, count: size)
        occupied = [Bool](repeating: false, count: size)
        mask = size - 1
    }

    @inline(__always)
    private func slot(_ key: UInt32) -> Int { Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask }

    func value(for key: UInt32) -> Int32? {
        var i = slot(key)
        while occupied[i] {
            if keys[i] == key { return values[i] }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Adds `delta` to the key's value, inserting it with `delta` when absent.
    @inline(__always)
    mutating func add(_ key: UInt32, _ delta: Int32) {
        let i = find(key)
        if occupied[i] { values[i] &+= delta } else { insert(key, delta, at: i) }
    }

    mutating func set(_ key: UInt32, _ value: Int32) {
        let i = find(key)
        if occupied[i] { values[i] = value } else { insert(key, value, at: i) }
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    private func find(_ key: UInt32) -> Int {
        var i = slot(key)
        while occupied[i] && keys[i] != key { i = (i + 1) & mask }
        return i
    }

    private mutating func insert(_ key: UInt32, _ value: Int32, at i: Int) {
        occupied[i] = true
        keys[i] = key
        values[i] = value
        count += 1
        if count * 2 > keys.count { grow() }
    }

    var entries: [(key: UInt32, value: Int32)] {
        (0..<keys.count).filter { occupied[$0] }.map { (keys[$0], values[$0]) }
    }

    private mutating func grow() {
        let old = entries
        self = ColorTable(capacity: keys.count)
        for (k, v) in old { set(k, v) }
    }
}

/// Hands buffers to worker threads that touch disjoint parts of them.
struct SendablePointer<T>: @unchecked Sendable {
    let value: T
}

/// Exact palettes for images with few colours.
enum Palette {
    /// Colours as `0xRRGGBBAA` in order of first appearance, and each pixel's index; nil
    /// when there are more than 256 colours.
    static func build(rgba: [UInt8]) -> (colors: [UInt32], indices: [UInt8])? {
        var colors: [UInt32] = []
        var lookup = ColorTable(capacity: 256)
        var indices = [UInt8](repeating: 0, count: rgba.count / 4)
        var lastColor: UInt32 = 0, lastIndex: UInt8 = 0, hasLast = false
        let ok = rgba.withUnsafeBufferPointer { p -> Bool in
            indices.withUnsafeMutableBufferPointer { out in
                for i in 0..<out.count {
                    let c = UInt32(p[4 * i]) << 24 | UInt32(p[4 * i + 1]) << 16 | UInt32(p[4 * i + 2]) << 8 | UInt32(p[4 * i + 3])
                    if hasLast && c == lastColor { out[i] = lastIndex; continue }
                    let index: UInt8
                    if let known = lookup.value(for: c) {
                        index = UInt8(known)
                    } else {
                        guard colors.count < 256 else { return false }
                        index = UInt8(colors.count)
                        lookup.set(c, Int32(index))
                        colors.append(c)
                    }
                    out[i] = index
                    lastColor = c; lastIndex = index; hasLast = true
                }
                return true
            }
        }
        return ok ? (colors, indices) : nil
    }

    /// The colours of the image whose rows are those of `bands` stacked in order, most
    /// frequent first (ties by value, so the result is deterministic), and every pixel's
    /// index: exact when there are at most 256 colours; otherwise the 256 most frequent,
    /// every other colour mapped to its nearest among them.
    ///
    /// Returns nil — keep the exact colours — when a colour covering 24 pixels or more would
    /// move by more than `maximumCommonError` (RGB distance): only rare edge pixels may be
    /// approximated, never a visible patch such as a colour bar's band. The bands are never
    /// joined: counting and indexing run on one thread per band (per half, when there is one
    /// band), and the result does not depend on how the rows are cut.
    static func quantize(bands: [[UInt8]], maximumCommonError: Int? = nil) -> (colors: [UInt32], indices: [UInt8])? {
        // The parts: a band each, or the two halves of a single large one.
        var cuts: [(band: Int, pixels: Range<Int>, offset: Int)] = []
        var offset = 0
        for (band, rgba) in bands.enumerated() {
            let count = rgba.count / 4
            if bands.count == 1 && count >= 1 << 16 {
                cuts = [(0, 0..<count / 2, 0), (0, count / 2..<count, 0)]
            } else {
                cuts.append((band, 0..<count, offset))
            }
            offset += count
        }
        let parts = cuts
        let pixelCount = offset
        final class Shared: @unchecked Sendable {
            var tables: [ColorTable]
            let lock = NSLock()
            init(_ n: Int) { tables = Array(repeating: ColorTable(capacity: 1024), count: n) }
        }
        let shared = Shared(parts.count)
        withPixelPointers(bands) { pointers in
            DispatchQueue.concurrentPerform(iterations: parts.count) { index in
                let part = parts[index]
                let base = pointers.value[part.band]
                var table = ColorTable(capacity: 1024)
                // `last` holds the pixel's bytes as loaded; the key is them read big-endian.
                var last: UInt32 = 0
                var run: Int32 = 0
                var i = part.pixels.lowerBound
                let end = part.pixels.upperBound
                while i < end {
                    let c = base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)
                    i += 1
                    if c == last && run > 0 { run += 1; continue }
                    if run > 0 { table.add(UInt32(bigEndian: last), run) }
                    last = c
                    run = 1
                }
                if run > 0 { table.add(UInt32(bigEndian: last), run) }
                shared.lock.lock(); shared.tables[index] = table; shared.lock.unlock()
            }
        }
        var counts = shared.tables[0]
        for table in shared.tables.dropFirst() { for (key, value) in table.entries { counts.add(key, value) } }
        let ranked = counts.entries.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let palette = ranked.prefix(256).map(\.key)
        var lookup = ColorTable(capacity: ranked.count)
        for (i, c) in palette.enumerated() { lookup.set(c, Int32(i)) }
        func channels(_ c: UInt32) -> (Int, Int, Int, Int) { (Int(c >> 24), Int((c >> 16) & 0xFF), Int((c >> 8) & 0xFF), Int(c & 0xFF)) }
        for (color, count) in ranked.dropFirst(256) {
            let a = channels(color)
            var best = 0, bestDistance = Int.max
            for (i, candidate) in palette.enumerated() {
                let b = channels(candidate)
                let d = (a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1) + (a.2 - b.2) * (a.2 - b.2) + (a.3 - b.3) * (a.3 - b.3)
                if d < bestDistance { bestDistance = d; best = i }
            }
            if let limit = maximumCommonError, count >= 24, bestDistance > limit * limit { return nil }
            lookup.set(color, Int32(best))
        }
        let finalLookup = lookup
        var indices = [UInt8](repeating: 0, count: pixelCount)
        withPixelPointers(bands) { pointers in
            indices.withUnsafeMutableBufferPointer { out in
                let target = SendablePointer(value: out)
                DispatchQueue.concurrentPerform(iterations: parts.count) { index in
                    let part = parts[index]
                    let base = pointers.value[part.band]
                    let out = target.value.baseAddress! + part.offset
                    var last: UInt32 = 0, lastIndex: UInt8 = 0, hasLast = false
                    var i = part.pixels.lowerBound
                    let end = part.pixels.upperBound
                    while i < end {
                        let c = base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)
                        if !hasLast || c != last {
                            lastIndex = UInt8(finalLookup.value(for: UInt32(bigEndian: c)) ?? 0)
                            last = c
                            hasLast = true
                        }
                        out[i] = lastIndex
                        i += 1
                    }
                }
            }
        }
        return (palette, indices)
    }

    /// Calls `body` with the base address of every band's bytes.
    private static func withPixelPointers<R>(
        _ bands: [[UInt8]], _ body: (SendablePointer<[UnsafeRawPointer]>) -> R
    ) -> R {
        func nest(_ index: Int, _ pointers: [UnsafeRawPointer]) -> R {
            guard index < bands.count else { return body(SendablePointer(value: pointers)) }
            return bands[index].withUnsafeBytes { nest(index + 1, pointers + [$0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!]) }
        }
        return nest(0, [])
    }

    /// Packs indices into rows of `bitDepth`-bit samples, most significant bits first.
    static func pack(_ indices: [UInt8], width: Int, height: Int, bitDepth: Int) -> (rows: [UInt8], stride: Int) {
        let stride = (width * bitDepth + 7) / 8
        if bitDepth == 8 { return (indices, width) }
        var rows = [UInt8](repeating: 0, count: stride * height)
        let perByte = 8 / bitDepth
        for y in 0..<height {
            for x in 0..<width {
                let shift = 8 - bitDepth * (x % perByte + 1)
                rows[y * stride + x / perByte] |= indices[y * width + x] << shift
            }
        }
        return (rows, stride)
    }
}
