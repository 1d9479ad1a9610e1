import COpenBLAS

/// A matrix kept as the product of two thin factors, `M = Lᵀ R` with `L` `k × m` and `R`
/// `k × n`, so `M` is `m × n` of rank at most `k`.
///
/// One SGD update of a layer has this form, `ΔW = c · Gᵀ H` with the batch's back-propagated
/// gradients `G` (`B × fan_out`) and the layer's inputs `H` (`B × fan_in`); the weights'
/// movement after `t` such steps stacks the factors of every step (`k = t·B`). While `k` is
/// small its spectral norm comes from `k × k` Gram matrices in `O((m + n)·k² + k³)`, instead
/// of Lanczos on the `m × n` matrix, whose every step reads the whole matrix twice.
///
/// The nonzero singular values of `Lᵀ R` are the square roots of the eigenvalues of
/// `P Q` with `P = L Lᵀ` and `Q = R Rᵀ`, which are those of the symmetric
/// `T = Q^{1/2} P Q^{1/2}`. Everything after reading the factors is in `Double`, with
/// OpenBLAS single-threaded so the result does not depend on the thread count.
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

    /// Whether the Gram route costs less than Lanczos on the dense matrix, for a product of
    /// rank bound `rank` and shape `rows × columns`. Counts multiply–adds: two Gram matrices
    /// in `Double` at about half the single-precision rate, two symmetric eigenproblems and a
    /// product of `k × k` matrices at about 10 k³, against some 40 Lanczos steps of two
    /// memory-bound passes over the matrix, each worth about two multiply–adds per entry.
    public static func gramIsCheaper(rank: Int, rows: Int, columns: Int) -> Bool {
        guard rank > 0, rank < min(rows, columns) else { return false }
        let k = Double(rank), m = Double(rows), n = Double(columns)
        let gram = 2 * (m + n) * k * k + 10 * k * k * k
        let lanczos = 40 * 2 * 2 * m * n
        return gram < lanczos
    }

    /// The spectral norm `‖Lᵀ R‖_*` (largest singular value); 0 for an empty product.
    /// - Throws: `LinalgError` if LAPACK's eigensolver fails to converge.
    public func spectralNorm() throws -> Double {
        let k = rank
        guard k > 0, rows > 0, columns > 0 else { return 0 }
        _ = ProductWorkers.singleThreadedBLAS
        let p = Self.gram(left)
        var q = Self.gram(right)
        // Q = V Λ Vᵀ; S = V Λ^{1/2} (Q is positive semidefinite: clamp rounding below zero).
        let lambda = try Self.symmetricEigen(&q, vectors: true)
        // dsyev returns V column-major in q, i.e. q read row-major is Vᵀ; scale its rows.
        var sT = q
        for j in 0..<k {
            let root = max(lambda[j], 0).squareRoot()
            for i in 0..<k { sT[j * k + i] *= root }
        }
        // T = Sᵀ P S, with Sᵀ stored row-major in sT.
        var ps = [Double](repeating: 0, count: k * k)
        var t = [Double](repeating: 0, count: k * k)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(k), Int32(k), Int32(k), 1, p, Int32(k), sT, Int32(k), 0, &ps, Int32(k))
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(k), Int32(k), Int32(k), 1, sT, Int32(k), ps, Int32(k), 0, &t, Int32(k))
        let eigenvalues = try Self.symmetricEigen(&t, vectors: false)
        return max(eigenvalues.max() ?? 0, 0).squareRoot()
    }

    /// `‖Lᵀ R‖_F = √tr(P Q) = √Σᵢⱼ Pᵢⱼ Qᵢⱼ`.
    public func frobeniusNorm() -> Double {
        guard rank > 0 else { return 0 }
        _ = ProductWorkers.singleThreadedBLAS
        let p = Self.gram(left), q = Self.gram(right)
        var total = 0.0
        for i in p.indices { total += p[i] * q[i] }
        return max(total, 0).squareRoot()
    }

    /// `F Fᵀ` in `Double`, `k × k` row-major (symmetric, both triangles filled).
    static func gram(_ factor: Matrix) -> [Double] {
        let k = factor.rows, width = factor.columns
        let wide = factor.elements.map(Double.init)
        var result = [Double](repeating: 0, count: k * k)
        guard width > 0 else { return result }
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(k), Int32(k), Int32(width), 1,
                    wide, Int32(width), wide, Int32(width), 0, &result, Int32(k))
        return result
    }

    /// Eigenvalues (ascending) of the symmetric `k × k` matrix in `a` by LAPACK `dsyev`;
    /// with `vectors`, `a` is overwritten by the eigenvectors, one per column (column-major).
    static func symmetricEigen(_ a: inout [Double], vectors: Bool) throws -> [Double] {
        let k = Int(Double(a.count).squareRoot())
        var jobz = CChar(UInt8(ascii: vectors ? "V" : "N")), uplo = CChar(UInt8(ascii: "U"))
        var order = Int32(k), lda = Int32(max(k, 1)), info: Int32 = 0
        var eigenvalues = [Double](repeating: 0, count: k)
        var query = Int32(-1), size = 0.0
        dsyev_(&jobz, &uplo, &order, &a, &lda, &eigenvalues, &size, &query, &info)
        var lwork = Int32(max(Double(3 * k), size))
        var work = [Double](repeating: 0, count: Int(lwork))
        dsyev_(&jobz, &uplo, &order, &a, &lda, &eigenvalues, &work, &lwork, &info)
        guard info == 0 else { throw LinalgError(description: "dsyev failed with info \(info)") }
        return eigenvalues
    }
}
