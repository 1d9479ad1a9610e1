/// The blocked Householder LQ decomposition `X = L Q` of a wide matrix (`short × tall`,
/// `short ≤ tall`), for orthonormal rows.
///
/// Reflectors are found one row at a time inside panels of `panelRows` rows, and each panel's
/// block reflector `I − Vᵀ T V` is applied to the rows below it, and later to `Q`, by three
/// matrix products (`X V ᵀ`, `· T`, `· V`) that carry nearly all the work. Every product and
/// dot product goes through `Matrix.multiply` with `ProductKernel.current`, so with a
/// bit-stable kernel the bits are the same on every CPU and for any thread count; the panel
/// size is fixed, not tuned to the machine.
enum HouseholderLQ {
    /// Rows per panel: the inner dimension of the block products.
    static let panelRows = 32

    /// Overwrites `x` with its LQ factors (reflectors above the diagonal, `L` on and below)
    /// and returns `Q` (`short × tall`, orthonormal rows) with `L`'s diagonal made positive.
    static func orthonormalRows(of x: inout Matrix) throws -> Matrix {
        let short = x.rows, tall = x.columns
        precondition(short <= tall, "LQ needs a wide matrix")
        let kernel = ProductKernel.current
        var blocks: [(start: Int, rows: Int, t: [Float])] = []
        var signs = [Float](repeating: 1, count: short)
        try x.elements.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            var start = 0
            while start < short {
                let rows = min(panelRows, short - start)
                let length = tall - start
                var v = [Float](repeating: 0, count: rows * length)
                var tau = [Float](repeating: 0, count: rows)
                try factorPanel(base, ld: tall, start: start, rows: rows, length: length, v: &v, tau: &tau,
                                signs: &signs, kernel: kernel)
                let t = triangularFactor(v: v, tau: tau, rows: rows, length: length, kernel: kernel)
                // Rows below the panel: X₂ ← X₂ − (X₂ Vᵀ) T V.
                let below = short - start - rows
                if below > 0 {
                    applyBlock(base + (start + rows) * tall + start, ld: tall, rows: below, v: v, t: t,
                               reflectors: rows, length: length, transposeT: false, kernel: kernel)
                }
                blocks.append((start, rows, t))
                start += rows
            }
        }
        // Q = [I 0] · B_lastᵀ ⋯ B_1ᵀ, applying the blocks in reverse; block b changes only
        // rows and columns from its start on.
        var q = Matrix(rows: short, columns: tall)
        for i in 0..<short { q[i, i] = 1 }
        x.elements.withUnsafeBufferPointer { factors in
            q.elements.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress!
                for block in blocks.reversed() {
                    let length = tall - block.start
                    var v = [Float](repeating: 0, count: block.rows * length)
                    for i in 0..<block.rows {
                        let row = block.start + i
                        v[i * length + i] = 1
                        for j in (i + 1)..<length { v[i * length + j] = factors[row * tall + block.start + j] }
                    }
                    applyBlock(base + block.start * tall + block.start, ld: tall, rows: short - block.start, v: v,
                               t: block.t, reflectors: block.rows, length: length, transposeT: true, kernel: kernel)
                }
                for i in 0..<short where signs[i] < 0 {
                    for j in 0..<tall { base[i * tall + j] = -base[i * tall + j] }
                }
            }
        }
        return q
    }

    /// Householder reflectors for rows `start ..< start + rows`, columns `start ..< tall`:
    /// each row's reflector `I − τ v vᵀ` (v[0] = 1) zeroes it right of the diagonal and is
    /// applied to the panel's later rows. Writes the explicit `v`s into `v` (rows × length,
    /// zeros left of each diagonal) and the sign of each diagonal entry of `L`.
    private static func factorPanel(
        _ x: UnsafeMutablePointer<Float>, ld: Int, start: Int, rows: Int, length: Int,
        v: inout [Float], tau: inout [Float], signs: inout [Float], kernel: ProductKernel
    ) throws {
        var w = [Float](repeating: 0, count: rows)
        for i in 0..<rows {
            let row = x + (start + i) * ld + start + i    // the row from its diagonal entry on
            let n = length - i
            let alpha = row[0]
            var tail: Float = 0
            if n > 1 {
                Matrix.multiply(m: 1, n: 1, k: n - 1, alpha: 1, row + 1, lda: n - 1, transposeA: false,
                                row + 1, ldb: n - 1, transposeB: true, beta: 0, &tail, ldc: 1, productKernel: kernel)
            }
            v.withUnsafeMutableBufferPointer { vb in
                let vi = vb.baseAddress! + i * length
                vi[i] = 1
                guard tail > 0 else {
                    // Nothing right of the diagonal: no reflection.
                    tau[i] = 0
                    signs[start + i] = alpha < 0 ? -1 : 1
                    return
                }
                let norm = Float((Double(alpha) * Double(alpha) + Double(tail)).squareRoot())
                let beta = alpha >= 0 ? -norm : norm
                tau[i] = (beta - alpha) / beta
                let scale = 1 / (alpha - beta)
                for j in 1..<n { vi[i + j] = row[j] * scale }
                row[0] = beta
                for j in 1..<n { row[j] = vi[i + j] }
                signs[start + i] = beta < 0 ? -1 : 1
            }
            guard tau[i].isFinite else { throw LinalgError(description: "a Householder reflector is not finite") }
            // Later rows of the panel: R ← R − τ (R v) vᵀ over columns from this diagonal on.
            let later = rows - i - 1
            guard later > 0, tau[i] != 0 else { continue }
            v.withUnsafeBufferPointer { vb in
                w.withUnsafeMutableBufferPointer { wb in
                    let vi = vb.baseAddress! + i * length + i
                    let r = row + ld
                    Matrix.multiply(m: later, n: 1, k: n, alpha: 1, UnsafePointer(r), lda: ld, transposeA: false,
                                    vi, ldb: n, transposeB: true, beta: 0, wb.baseAddress!, ldc: 1, productKernel: kernel)
                    Matrix.multiply(m: later, n: n, k: 1, alpha: -tau[i], UnsafePointer(wb.baseAddress!), lda: 1, transposeA: false,
                                    vi, ldb: n, transposeB: false, beta: 1, r, ldc: ld, productKernel: kernel)
                }
            }
        }
    }

    /// The upper-triangular `T` (rows × rows) with `H_1 ⋯ H_rows = I − Vᵀ T V`:
    /// `T[i][i] = τ_i`, `T[0..<i][i] = −τ_i · T[0..<i][0..<i] · (V Vᵀ)[0..<i][i]`.
    private static func triangularFactor(v: [Float], tau: [Float], rows: Int, length: Int, kernel: ProductKernel) -> [Float] {
        var s = [Float](repeating: 0, count: rows * rows)
        v.withUnsafeBufferPointer { vb in
            s.withUnsafeMutableBufferPointer { sb in
                Matrix.multiply(m: rows, n: rows, k: length, alpha: 1, vb.baseAddress, lda: length, transposeA: false,
                                vb.baseAddress, ldb: length, transposeB: true, beta: 0, sb.baseAddress!, ldc: rows,
                                productKernel: kernel)
            }
        }
        var t = [Float](repeating: 0, count: rows * rows)
        for i in 0..<rows {
            t[i * rows + i] = tau[i]
            for r in 0..<i {
                var total: Float = 0
                for c in r..<i { total += t[r * rows + c] * s[c * rows + i] }
                t[r * rows + i] = -tau[i] * total
            }
        }
        return t
    }

    /// `Y ← Y − (Y Vᵀ) op(T) V` for `Y` (rows × length, leading dimension `ld`), `V`
    /// (reflectors × length) and `op(T)` `T` or `Tᵀ`: three products.
    private static func applyBlock(
        _ y: UnsafeMutablePointer<Float>, ld: Int, rows: Int, v: [Float], t: [Float],
        reflectors: Int, length: Int, transposeT: Bool, kernel: ProductKernel
    ) {
        var w = [Float](repeating: 0, count: rows * reflectors)
        var wt = [Float](repeating: 0, count: rows * reflectors)
        v.withUnsafeBufferPointer { vb in
            t.withUnsafeBufferPointer { tb in
                w.withUnsafeMutableBufferPointer { wb in
                    wt.withUnsafeMutableBufferPointer { wtb in
                        Matrix.multiply(m: rows, n: reflectors, k: length, alpha: 1, UnsafePointer(y), lda: ld, transposeA: false,
                                        vb.baseAddress, ldb: length, transposeB: true, beta: 0, wb.baseAddress!, ldc: reflectors,
                                        productKernel: kernel)
                        Matrix.multiply(m: rows, n: reflectors, k: reflectors, alpha: 1, UnsafePointer(wb.baseAddress!),
                                        lda: reflectors, transposeA: false, tb.baseAddress, ldb: reflectors, transposeB: transposeT,
                                        beta: 0, wtb.baseAddress!, ldc: reflectors, productKernel: kernel)
                        Matrix.multiply(m: rows, n: length, k: reflectors, alpha: -1, UnsafePointer(wtb.baseAddress!),
                                        lda: reflectors, transposeA: false, vb.baseAddress, ldb: length, transposeB: false,
                                        beta: 1, y, ldc: ld, productKernel: kernel)
                    }
                }
            }
        }
    }
}
