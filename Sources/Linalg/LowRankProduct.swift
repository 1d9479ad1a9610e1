import CKernels

/// A matrix kept as the product of two thin factors, `M = Lᵀ R` with `L` `k × m` and `R`
/// `k × n`, so `M` is `m × n` of rank at most `k`.
///
/// One SGD update of a layer has this form, `ΔW = c · Gᵀ H` with the batch's back-propagated
/// gradients `G` (`B × fan_out`) and the layer's inputs `H` (`B × fan_in`); the weights'
/// movement after `t` such steps stacks the factors of every step (`k = t·B`). While `k` is
/// small its spectral norm comes from Lanczos on `MᵀM = Rᵀ(L(Lᵀ(R x)))` through the factors,
/// four matrix–vector products of `O(k·(m + n))` per step instead of two of `O(m·n)` on the
/// dense matrix; its Frobenius norm from the `k × k` Gram matrices `P = L Lᵀ`, `Q = R Rᵀ`.
/// Every product is a bit-stable kernel's (`ProductKernel`), so the norms do not depend on
/// the CPU or the thread count.
public struct LowRankProduct: Sendable {
    /// `L`, `k × m`.
    public var left: Matrix
    /// `R`, `k × n`.
    public var right: Matrix

    /// `M = leftᵀ · right`.
    /// - Precondition: both factors have the same number of rows.
    public init(left: Matrix, right: Matrix) {
        precondition(left.rows == right.rows, "factors have \(left.rows) and \(right.rows) rows")
        self.left = left
        self.right = right
    }

    /// Factors with no rows yet, for a product of `rows × columns` that grows by `append`.
    public init(rows: Int, columns: Int) {
        self.init(left: Matrix(rows: 0, columns: rows), right: Matrix(rows: 0, columns: columns))
    }

    /// `k`, the bound on the rank.
    public var rank: Int { left.rows }
    /// `m`, the rows of `M`.
    public var rows: Int { left.columns }
    /// `n`, the columns of `M`.
    public var columns: Int { right.columns }

    /// Adds `scale · gᵀ h` to the product by appending the rows of `scale · g` to `L` and
    /// those of `h` to `R`.
    public mutating func append(_ g: Matrix, scaledBy scale: Float, _ h: Matrix) {
        precondition(g.rows == h.rows && g.columns == rows && h.columns == columns, "factor shapes do not match")
        var l = left.elements, r = right.elements
        l.append(contentsOf: g.elements.lazy.map { $0 * scale })
        r.append(contentsOf: h.elements)
        left = Matrix(rows: left.rows + g.rows, columns: rows, elements: l)
        right = Matrix(rows: right.rows + h.rows, columns: columns, elements: r)
    }

    /// The dense `m × n` matrix (for tests and small sizes).
    public var dense: Matrix { Matrix.product(left, transposeA: true, right) }

    /// Whether Lanczos through the factors costs less than Lanczos on the dense matrix, for a
    /// product of rank bound `rank` and shape `rows × columns`: a step reads `k·(m + n)`
    /// factor entries twice against `m·n` dense entries twice. Asks for half the dense cost,
    /// so the stacked factors never hold more than half a dense matrix (the memory budget).
    public static func factoredIsCheaper(rank: Int, rows: Int, columns: Int) -> Bool {
        guard rank > 0, rank < min(rows, columns) else { return false }
        return 2 * rank * (rows + columns) <= rows * columns
    }

    /// The spectral norm `‖Lᵀ R‖_*` (largest singular value) by Lanczos through the
    /// factors, to the relative `tolerance` of `spectralNorm(of:)`; 0 for an empty product.
    public func spectralNorm(tolerance: Double = 1e-5) -> Double {
        let k = rank, m = rows, n = columns
        guard k > 0, m > 0, n > 0 else { return 0 }
        // Iterate on MᵀM (size n) or MMᵀ (size m), whichever is smaller.
        let (inner, outer) = n <= m ? (right, left) : (left, right)
        var short = [Float](repeating: 0, count: k)
        var long = [Float](repeating: 0, count: outer.columns)
        return largestSingularValue(dimension: inner.columns, tolerance: tolerance, maxIterations: 80) { x, w in
            short.withUnsafeMutableBufferPointer { s in
                long.withUnsafeMutableBufferPointer { l in
                    inner.apply(to: x, into: s.baseAddress!)                        // R x
                    outer.apply(to: s.baseAddress!, transposed: true, into: l.baseAddress!)  // Lᵀ R x = M x
                    outer.apply(to: l.baseAddress!, into: s.baseAddress!)           // L M x
                    inner.apply(to: s.baseAddress!, transposed: true, into: w)      // Rᵀ L M x = MᵀM x
                }
            }
        }
    }

    /// `‖Lᵀ R‖_F = √tr(P Q) = √Σᵢⱼ Pᵢⱼ Qᵢⱼ`.
    public func frobeniusNorm() -> Double {
        guard rank > 0 else { return 0 }
        let p = Self.gram(left), q = Self.gram(right)
        var total = 0.0
        for i in p.indices { total += p[i] * q[i] }
        return max(total, 0).squareRoot()
    }

    /// `F Fᵀ` in `Double`, `k × k` row-major (symmetric, both triangles filled), summed in a
    /// fixed order (`sr_gram_double`).
    static func gram(_ factor: Matrix) -> [Double] {
        let k = factor.rows, width = factor.columns
        var result = [Double](repeating: 0, count: k * k)
        guard k > 0, width > 0 else { return result }
        factor.elements.withUnsafeBufferPointer { f in
            result.withUnsafeMutableBufferPointer { out in sr_gram_double(f.baseAddress, k, width, out.baseAddress) }
        }
        return result
    }
}
