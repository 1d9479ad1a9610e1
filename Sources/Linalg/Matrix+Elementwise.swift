/// Element-wise kernels and reductions. Loops run over raw buffers so that the optimiser
/// vectorises them; sums accumulate in `Double` so that they do not lose precision on
/// large matrices.
extension Matrix {
    /// `self ← self + alpha · other`, element by element as `y + (alpha·x)` (two roundings,
    /// no fused multiply-add, the same bits on every CPU; OpenBLAS's `saxpy` fuses or not
    /// depending on its kernel).
    public mutating func add(_ other: Matrix, scaledBy alpha: Float = 1) {
        precondition(count == other.count, "shapes differ")
        other.elements.withUnsafeBufferPointer { x in
            elements.withUnsafeMutableBufferPointer { y in
                if alpha == 1 {
                    for i in y.indices { y[i] += x[i] }
                } else {
                    for i in y.indices { y[i] += alpha * x[i] }
                }
            }
        }
    }

    /// `self ← alpha · self`.
    public mutating func scale(by alpha: Float) {
        elements.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] *= alpha }
        }
    }

    /// Sets every element to `value`.
    public mutating func fill(_ value: Float) {
        elements.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = value }
        }
    }

    /// Copies `other`'s elements into `self` without reallocating.
    public mutating func assign(_ other: Matrix) {
        precondition(count == other.count, "shapes differ")
        other.elements.withUnsafeBufferPointer { source in
            elements.withUnsafeMutableBufferPointer { target in
                target.baseAddress!.update(from: source.baseAddress!, count: source.count)
            }
        }
    }

    /// The sum of squared elements.
    public var sumOfSquares: Double {
        elements.withUnsafeBufferPointer { p in
            // Four partial sums of Float blocks keep the loop vectorised and accurate.
            var total = 0.0
            var start = 0
            let block = 256
            while start < p.count {
                let end = min(start + block, p.count)
                var partial: Float = 0
                for i in start..<end { partial += p[i] * p[i] }
                total += Double(partial)
                start = end
            }
            return total
        }
    }

    /// The Frobenius norm `‖A‖_F`.
    public var frobeniusNorm: Double { sumOfSquares.squareRoot() }

    /// The root mean square of the elements, `‖A‖_F / √count`.
    public var rms: Double { count == 0 ? 0 : (sumOfSquares / Double(count)).squareRoot() }

    /// The mean absolute value of the elements.
    public var meanAbsoluteValue: Double {
        guard count > 0 else { return 0 }
        return elements.withUnsafeBufferPointer { p in
            var total = 0.0
            for i in p.indices { total += Double(abs(p[i])) }
            return total / Double(p.count)
        }
    }

    /// `‖self − other‖_F`, without forming the difference.
    public func frobeniusDistance(to other: Matrix) -> Double {
        precondition(count == other.count, "shapes differ")
        return elements.withUnsafeBufferPointer { a in
            other.elements.withUnsafeBufferPointer { b in
                var total = 0.0
                var start = 0
                while start < a.count {
                    let end = min(start + 256, a.count)
                    var partial: Float = 0
                    for i in start..<end {
                        let d = a[i] - b[i]
                        partial += d * d
                    }
                    total += Double(partial)
                    start = end
                }
                return total.squareRoot()
            }
        }
    }

    /// `self − other` as a new matrix.
    public func subtracting(_ other: Matrix) -> Matrix {
        var result = self
        result.add(other, scaledBy: -1)
        return result
    }

    /// True when every element is finite.
    public var isFinite: Bool {
        elements.withUnsafeBufferPointer { p in
            var allFinite = true
            for i in p.indices where !p[i].isFinite { allFinite = false; break }
            return allFinite
        }
    }

    /// Adds `vector` (one entry per column) to every row.
    public mutating func addToEachRow(_ vector: [Float]) {
        precondition(vector.count == columns, "vector length must equal the column count")
        let columns = self.columns
        vector.withUnsafeBufferPointer { v in
            elements.withUnsafeMutableBufferPointer { p in
                for r in 0..<rows {
                    let base = r * columns
                    for c in 0..<columns { p[base + c] += v[c] }
                }
            }
        }
    }

    /// Writes the sum of each column into `result` (one entry per column).
    public func columnSums(into result: inout [Float]) {
        precondition(result.count == columns, "result length must equal the column count")
        let columns = self.columns
        elements.withUnsafeBufferPointer { p in
            result.withUnsafeMutableBufferPointer { out in
                for c in 0..<columns { out[c] = 0 }
                for r in 0..<rows {
                    let base = r * columns
                    for c in 0..<columns { out[c] += p[base + c] }
                }
            }
        }
    }

    /// The Euclidean norm of each row.
    public func rowNorms() -> [Double] {
        let columns = self.columns
        return elements.withUnsafeBufferPointer { p in
            (0..<rows).map { r in
                var total: Float = 0
                for c in 0..<columns { total += p[r * columns + c] * p[r * columns + c] }
                return Double(total).squareRoot()
            }
        }
    }
}
