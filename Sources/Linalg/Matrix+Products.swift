import CKernels
import COpenBLAS

/// Matrix products through the kernel `ProductKernel.current` names: the hand-written,
/// bit-stable kernels of `CKernels` (every entry one chain of fused multiply-adds in a fixed
/// order, whatever the instruction set, thread count or blocking), or OpenBLAS's
/// `cblas_sgemm` and `cblas_sgemv` when `--products openblas` asks for it.
///
/// Transposes are passed as flags, so no operand is ever copied to transpose it (except
/// `Aᵀ·Bᵀ` in the hand-written kernels, which nothing in training computes).
extension Matrix {
    /// Computes `c ← alpha · op(a) · op(b) + beta · c`, where `op(x)` is `x` or `xᵀ`.
    ///
    /// - Parameters:
    ///   - a: the left operand; `transposeA` multiplies by its transpose instead.
    ///   - b: the right operand; `transposeB` multiplies by its transpose instead.
    ///   - c: the result; its shape must be `rows(op(a)) × columns(op(b))`.
    ///   - alpha: scale of the product.
    ///   - beta: scale of the old `c` (0 overwrites it, 1 accumulates).
    /// - Complexity: `2·m·n·k` floating-point operations, in the blocks of a `ProductGrid`
    ///   spread over `BLASRuntime.threads` workers; the result does not depend on their
    ///   number.
    public static func multiply(
        _ a: Matrix, transposeA: Bool = false,
        _ b: Matrix, transposeB: Bool = false,
        into c: inout Matrix, alpha: Float = 1, beta: Float = 0
    ) {
        multiply(a, transposeA: transposeA, b, transposeB: transposeB, into: &c, alpha: alpha, beta: beta,
                 productKernel: ProductKernel.current)
    }

    /// `multiply` with the kernel given rather than `ProductKernel.current`.
    static func multiply(
        _ a: Matrix, transposeA: Bool, _ b: Matrix, transposeB: Bool,
        into c: inout Matrix, alpha: Float, beta: Float, productKernel: ProductKernel
    ) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kB = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(k == kB, "inner dimensions differ: \(k) vs \(kB)")
        precondition(c.rows == m && c.columns == n, "result shape \(c.rows)×\(c.columns), need \(m)×\(n)")
        guard m > 0, n > 0 else { return }
        if transposeA && transposeB && productKernel != .openBLAS {
            // Aᵀ·Bᵀ = Aᵀ·(Bᵀ): transpose B once, then the Aᵀ·B kernel.
            multiply(a, transposeA: true, b.transposed, transposeB: false, into: &c, alpha: alpha, beta: beta,
                     productKernel: productKernel)
            return
        }
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    multiply(m: m, n: n, k: k, alpha: alpha,
                             pa.baseAddress, lda: max(1, a.columns), transposeA: transposeA,
                             pb.baseAddress, ldb: max(1, b.columns), transposeB: transposeB,
                             beta: beta, pc.baseAddress!, ldc: max(1, c.columns), productKernel: productKernel)
                }
            }
        }
    }

    /// `C ← alpha · op(A) · op(B) + beta · C` on raw row-major buffers with leading
    /// dimensions (submatrices of larger ones), cut into the blocks of a `ProductGrid` and
    /// spread over the product workers. `Aᵀ·Bᵀ` is only for OpenBLAS.
    static func multiply(
        m: Int, n: Int, k: Int, alpha: Float,
        _ baseA: UnsafePointer<Float>?, lda: Int, transposeA: Bool,
        _ baseB: UnsafePointer<Float>?, ldb: Int, transposeB: Bool,
        beta: Float, _ baseC: UnsafeMutablePointer<Float>, ldc: Int, productKernel: ProductKernel
    ) {
        guard m > 0, n > 0 else { return }
        precondition(!(transposeA && transposeB) || productKernel == .openBLAS, "Aᵀ·Bᵀ is not a kernel of its own")
        let grid = ProductGrid(m: m, n: n, k: k)
        let isa = productKernel.isa
        ProductWorkers.forEach(grid.blocks) { index in
            // A band of rows of C takes the same rows of op(A) and all of op(B); a band of
            // columns takes all of op(A) and the same columns of op(B).
            let rows = grid.splitsRows ? grid.range(index, length: m) : 0..<m
            let columns = grid.splitsRows ? 0..<n : grid.range(index, length: n)
            let offsetA = transposeA ? rows.lowerBound : rows.lowerBound * lda
            let offsetB = transposeB ? columns.lowerBound * ldb : columns.lowerBound
            let blockA = baseA.map { $0 + offsetA }, blockB = baseB.map { $0 + offsetB }
            let blockC = baseC + rows.lowerBound * ldc + columns.lowerBound
            guard let isa else {
                cblas_sgemm(
                    CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(rows.count), Int32(columns.count), Int32(k), alpha, blockA, Int32(lda), blockB, Int32(ldb),
                    beta, blockC, Int32(ldc))
                return
            }
            if transposeB {
                if beta == 0 {
                    let status = sr_product_abt(isa, rows.count, columns.count, k, alpha, blockA, lda, blockB, ldb, blockC, ldc)
                    precondition(status == 0, "out of memory for a product's scratch space")
                } else {
                    // C ← alpha·A·Bᵀ + beta·C: the chains into scratch, then the same
                    // finishing step as every kernel, fma(alpha, s, beta·c).
                    var chains = [Float](repeating: 0, count: rows.count * columns.count)
                    chains.withUnsafeMutableBufferPointer { s in
                        let status = sr_product_abt(isa, rows.count, columns.count, k, 1, blockA, lda, blockB, ldb,
                                                    s.baseAddress, columns.count)
                        precondition(status == 0, "out of memory for a product's scratch space")
                        for i in 0..<rows.count {
                            for j in 0..<columns.count {
                                let old = blockC[i * ldc + j]
                                blockC[i * ldc + j] = (beta * old).addingProduct(alpha, s[i * columns.count + j])
                            }
                        }
                    }
                }
            } else {
                _ = sr_product_ab(isa, transposeA ? 1 : 0, rows.count, columns.count, k, alpha, blockA, lda,
                                  blockB, ldb, beta, blockC, ldc)
            }
        }
    }

    /// Returns `op(a) · op(b)` as a new matrix.
    public static func product(
        _ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false
    ) -> Matrix {
        var c = Matrix(
            rows: transposeA ? a.columns : a.rows, columns: transposeB ? b.rows : b.columns)
        multiply(a, transposeA: transposeA, b, transposeB: transposeB, into: &c)
        return c
    }

    /// Computes `y ← op(self) · x` for vectors given as arrays: with the hand-written
    /// kernels, `A·x` as the product `A·xᵀᵀ` of `sr_product_abt` and `Aᵀ·x` as `xᵀ·A` of
    /// `sr_product_ab`, so every entry is one chain of fused multiply-adds.
    /// - Precondition: `x.count` is the number of columns of `op(self)`, `y.count` its rows.
    public func apply(
        to x: UnsafePointer<Float>, transposed: Bool = false, into y: UnsafeMutablePointer<Float>
    ) {
        guard rows > 0, columns > 0 else { return }
        let kernel = ProductKernel.current
        elements.withUnsafeBufferPointer { pa in
            guard kernel != .openBLAS else {
                _ = ProductWorkers.singleThreadedBLAS
                cblas_sgemv(
                    CblasRowMajor, transposed ? CblasTrans : CblasNoTrans,
                    Int32(rows), Int32(columns), 1, pa.baseAddress, Int32(columns), x, 1, 0, y, 1)
                return
            }
            if transposed {
                // yᵀ (1 × columns) = xᵀ (1 × rows) · A.
                Self.multiply(m: 1, n: columns, k: rows, alpha: 1, x, lda: rows, transposeA: false,
                              pa.baseAddress, ldb: columns, transposeB: false, beta: 0, y, ldc: columns, productKernel: kernel)
            } else {
                // y (rows × 1) = A · (xᵀ)ᵀ.
                Self.multiply(m: rows, n: 1, k: columns, alpha: 1, pa.baseAddress, lda: columns, transposeA: false,
                              x, ldb: columns, transposeB: true, beta: 0, y, ldc: 1, productKernel: kernel)
            }
        }
    }
}
