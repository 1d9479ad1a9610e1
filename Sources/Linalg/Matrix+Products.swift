import CKernels
import COpenBLAS

/// Matrix products through OpenBLAS's `cblas_sgemm` and `cblas_sgemv`, and products `A·Bᵀ`
/// (the forward pass) through the kernel `ProductKernel.current` names.
///
/// Transposes are passed to BLAS as flags, so no operand is ever copied to transpose it.
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

    /// `multiply` with the kernel for `A·Bᵀ` given rather than `ProductKernel.current`.
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
        let lda = max(1, a.columns), ldb = max(1, b.columns), ldc = max(1, c.columns)
        let grid = ProductGrid(m: m, n: n, k: k)
        // A·Bᵀ overwriting C: the hand-written kernel, unless OpenBLAS is selected.
        let ownKernel = !transposeA && transposeB && beta == 0 ? productKernel.isa : nil
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    let (baseA, baseB, baseC) = (pa.baseAddress, pb.baseAddress, pc.baseAddress)
                    ProductWorkers.forEach(grid.blocks) { index in
                        // A band of rows of C takes the same rows of op(A) and all of op(B);
                        // a band of columns takes all of op(A) and the same columns of op(B).
                        let rows = grid.splitsRows ? grid.range(index, length: m) : 0..<m
                        let columns = grid.splitsRows ? 0..<n : grid.range(index, length: n)
                        let offsetA = transposeA ? rows.lowerBound : rows.lowerBound * lda
                        let offsetB = transposeB ? columns.lowerBound * ldb : columns.lowerBound
                        let offsetC = rows.lowerBound * ldc + columns.lowerBound
                        if let ownKernel {
                            let status = sr_product_abt(
                                ownKernel, rows.count, columns.count, k, alpha,
                                baseA.map { $0 + offsetA }, lda, baseB.map { $0 + offsetB }, ldb,
                                baseC.map { $0 + offsetC }, ldc)
                            precondition(status == 0, "out of memory for a product's scratch space")
                            return
                        }
                        cblas_sgemm(
                            CblasRowMajor,
                            transposeA ? CblasTrans : CblasNoTrans,
                            transposeB ? CblasTrans : CblasNoTrans,
                            Int32(rows.count), Int32(columns.count), Int32(k), alpha,
                            baseA.map { $0 + offsetA }, Int32(lda),
                            baseB.map { $0 + offsetB }, Int32(ldb),
                            beta, baseC.map { $0 + offsetC }, Int32(ldc)
                        )
                    }
                }
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

    /// Computes `y ← op(self) · x` for vectors given as arrays.
    /// - Precondition: `x.count` is the number of columns of `op(self)`, `y.count` its rows.
    public func apply(
        to x: UnsafePointer<Float>, transposed: Bool = false, into y: UnsafeMutablePointer<Float>
    ) {
        guard rows > 0, columns > 0 else { return }
        _ = ProductWorkers.singleThreadedBLAS
        elements.withUnsafeBufferPointer { pa in
            cblas_sgemv(
                CblasRowMajor, transposed ? CblasTrans : CblasNoTrans,
                Int32(rows), Int32(columns), 1, pa.baseAddress, Int32(columns),
                x, 1, 0, y, 1)
        }
    }
}
