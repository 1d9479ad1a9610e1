/// How overlapping parts of a path combine.
public enum FillRule: Sendable {
    /// Inside where the winding number is not zero.
    case nonZero
    /// Inside where the winding number is odd.
    case evenOdd
}

/// Exact-area coverage of polygons by signed-area accumulation.
///
/// Every edge deposits, in each scanline it crosses, the first differences along x of the
/// area it covers to its right, signed by its direction. A prefix sum along each row then
/// gives every pixel's signed coverage; `min(|a|, 1)` is the nonzero coverage, and the
/// triangle wave `|a − 2·round(a/2)|` the even-odd one. No supersampling: coverage is the
/// exact area of the polygon inside each pixel (for edges that do not overlap within a
/// pixel). The buffer covers a clip region and is cleared while it is read, so it can be
/// reused for the next path without another pass.
public struct CoverageRasterizer: Sendable {
    /// Size of the region in pixels.
    public private(set) var width = 0
    public private(set) var height = 0
    /// Row stride of the accumulation buffer (one spare column for the right edge).
    private var stride = 0
    private var accumulation: [Float] = []
    /// Rows touched by the current path.
    private var minRow = Int.max
    private var maxRow = Int.min
    /// Per row, the first and last column an edge deposited into: outside them every
    /// prefix sum is zero (the deposits of closed paths cancel along each row), so only
    /// this span is read. A diagonal line across a large box then costs its length, not
    /// its box's area.
    private var rowFirstColumn: [Int] = []
    private var rowLastColumn: [Int] = []
    /// One row of coverage handed to `drain`'s visitor, reused.
    private var rowCoverage: [Float] = []

    public init() {}

    /// Prepares a `width × height` region, all zero.
    public mutating func reset(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        stride = self.width + 2
        let needed = stride * self.height
        if accumulation.count < needed {
            accumulation = [Float](repeating: 0, count: needed)
        }
        if rowFirstColumn.count < self.height {
            rowFirstColumn = [Int](repeating: Int.max, count: self.height)
            rowLastColumn = [Int](repeating: Int.min, count: self.height)
        }
        minRow = Int.max
        maxRow = Int.min
    }

    /// Adds the edges of `polylines` (closed implicitly), in region coordinates.
    public mutating func add(_ polylines: [Polyline]) {
        for polyline in polylines where polyline.points.count >= 2 {
            let points = polyline.points
            for i in 0..<(points.count - 1) { addEdge(points[i], points[i + 1]) }
            if let first = points.first, let last = points.last, first != last { addEdge(last, first) }
        }
    }

    /// Adds one directed edge. Parts outside the region's rows are dropped; parts left or
    /// right of it are moved onto its border, which keeps the coverage inside exact.
    public mutating func addEdge(_ a: Point, _ b: Point) {
        guard a.y != b.y, a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite else { return }
        let w = Double(width)
        // Split at x = 0 and x = width so that clamping x keeps the edges' areas exact.
        var cuts: [Double] = [0, 1]
        if (a.x < 0) != (b.x < 0) { cuts.append((0 - a.x) / (b.x - a.x)) }
        if (a.x > w) != (b.x > w) { cuts.append((w - a.x) / (b.x - a.x)) }
        if cuts.count == 2 {
            depositClamped(a, b)
            return
        }
        cuts.sort()
        for i in 0..<(cuts.count - 1) {
            let p = a + (b - a) * cuts[i], q = a + (b - a) * cuts[i + 1]
            depositClamped(p, q)
        }
    }

    private mutating func depositClamped(_ p: Point, _ q: Point) {
        let w = Double(width)
        deposit(Point(min(max(p.x, 0), w), p.y), Point(min(max(q.x, 0), w), q.y))
    }

    /// `Φ(z) = ∫_{−∞}^{z} clamp(s, 0, 1) ds`.
    @inline(__always)
    private static func ramp(_ z: Double) -> Double {
        z <= 0 ? 0 : (z >= 1 ? z - 0.5 : 0.5 * z * z)
    }

    private mutating func deposit(_ a: Point, _ b: Point) {
        let direction: Double = a.y < b.y ? 1 : -1
        let (top, bottom) = a.y < b.y ? (a, b) : (b, a)
        let y0 = max(top.y, 0), y1 = min(bottom.y, Double(height))
        guard y1 > y0 else { return }
        let dxdy = (bottom.x - top.x) / (bottom.y - top.y)
        let firstRow = Int(y0), lastRow = min(Int(y1.rounded(.up)), height) - 1
        guard firstRow <= lastRow else { return }
        minRow = min(minRow, firstRow)
        maxRow = max(maxRow, lastRow)
        let columns = width
        let stride = self.stride
        accumulation.withUnsafeMutableBufferPointer { acc in
          rowFirstColumn.withUnsafeMutableBufferPointer { firsts in
           rowLastColumn.withUnsafeMutableBufferPointer { lasts in
            for row in firstRow...lastRow {
                let rowTop = max(Double(row), y0), rowBottom = min(Double(row + 1), y1)
                let dy = rowBottom - rowTop
                if dy <= 0 { continue }
                let xa = top.x + (rowTop - top.y) * dxdy
                let xb = top.x + (rowBottom - top.y) * dxdy
                let x0 = min(xa, xb), x1 = max(xa, xb)
                let signedHeight = Float(direction * dy)
                let base = row * stride
                let firstColumn = max(Int(x0.rounded(.down)), 0)
                let lastColumn = min(Int(x1.rounded(.up)), columns)
                // r(i): mean over the slab of the part of pixel i right of the edge.
                var previous = 0.0
                let span = x1 - x0
                for i in firstColumn...lastColumn {
                    let c = Double(i + 1)
                    let r: Double
                    if span < 1e-9 {
                        r = min(max(c - x0, 0), 1)
                    } else {
                        r = (Self.ramp(c - x0) - Self.ramp(c - x1)) / span
                    }
                    acc[base + i] += signedHeight * Float(r - previous)
                    previous = r
                }
                // Beyond lastColumn r is 1; the remaining difference goes one cell further.
                var touchedLast = lastColumn
                if lastColumn + 1 <= columns {
                    acc[base + lastColumn + 1] += signedHeight * Float(1 - previous)
                    touchedLast = lastColumn + 1
                }
                firsts[row] = min(firsts[row], firstColumn)
                lasts[row] = max(lasts[row], touchedLast)
            }
           }
          }
        }
    }

    /// Reads every touched row's coverage and clears the buffer for the next path.
    ///
    /// - Parameter visit: called per row with the row index, the first column of the span
    ///   read, and the coverage (0…1) of the span's pixels; columns outside the span have no
    ///   coverage, and rows with none may be skipped.
    public mutating func drain(rule: FillRule, _ visit: (Int, Int, UnsafeBufferPointer<Float>) -> Void) {
        guard minRow <= maxRow else { return }
        if rowCoverage.count < width + 2 { rowCoverage = [Float](repeating: 0, count: width + 2) }
        var coverage: [Float] = []
        swap(&coverage, &rowCoverage)
        defer { swap(&coverage, &rowCoverage) }
        let columns = width
        let stride = self.stride
        let (rows0, rows1) = (minRow, maxRow)
        accumulation.withUnsafeMutableBufferPointer { acc in
          rowFirstColumn.withUnsafeMutableBufferPointer { firsts in
           rowLastColumn.withUnsafeMutableBufferPointer { lasts in
            coverage.withUnsafeMutableBufferPointer { out in
                for row in rows0...rows1 {
                    let first = firsts[row], last = lasts[row]
                    firsts[row] = Int.max
                    lasts[row] = Int.min
                    guard first <= last else { continue }
                    let base = row * stride
                    var sum: Float = 0
                    var any = false
                    let end = min(last, columns - 1)
                    if first <= end {
                        for i in first...end {
                            sum += acc[base + i]
                            acc[base + i] = 0
                            let value: Float
                            switch rule {
                            case .nonZero: value = min(abs(sum), 1)
                            case .evenOdd:
                                let m = sum - 2 * (sum * 0.5).rounded()
                                value = min(abs(m), 1)
                            }
                            out[i - first] = value
                            if value > 0.5 / 255 { any = true }
                        }
                    }
                    for i in Swift.stride(from: max(first, end + 1), through: min(last, stride - 1), by: 1) { acc[base + i] = 0 }
                    if any, first <= end {
                        visit(row, first, UnsafeBufferPointer(start: out.baseAddress, count: end - first + 1))
                    }
                }
            }
           }
          }
        }
        minRow = Int.max
        maxRow = Int.min
    }
}
