import COpenBLAS

/// Errors from the LAPACK routines this module calls.
public struct LinalgError: Error, CustomStringConvertible {
    public let description: String
}

extension Matrix {
    /// A random semi-orthogonal `rows × columns` matrix: orthonormal rows when
    /// `rows ≤ columns`, orthonormal columns otherwise, so every singular value is 1.
    ///
    /// Draws a Gaussian matrix and takes the Q factor of its QR decomposition (LAPACK
    /// `sgeqrf` + `sorgqr`), with signs fixed by R's diagonal so the result is Haar-distributed
    /// and depends only on the generator's stream.
    public static func semiOrthogonal(
        rows: Int, columns: Int, using generator: inout SeededGenerator
    ) throws -> Matrix {
        let tall = max(rows, columns), short = min(rows, columns)
        guard short > 0 else { return Matrix(rows: rows, columns: columns) }
        // Column-major tall × short buffer; its columns get orthonormalised.
        var a = gaussian(rows: short, columns: tall, std: 1, using: &generator).elements
        var tau = [Float](repeating: 0, count: short)
        var m = Int32(tall), n = Int32(short), k = Int32(short), lda = Int32(tall)
        var info: Int32 = 0
        var workSize: Float = 0
        var query: Int32 = -1
        _ = ProductWorkers.singleThreadedBLAS
        sgeqrf_(&m, &n, &a, &lda, &tau, &workSize, &query, &info)
        var lwork = Int32(max(1, Int(workSize)))
        var work = [Float](repeating: 0, count: Int(lwork))
        sgeqrf_(&m, &n, &a, &lda, &tau, &work, &lwork, &info)
        guard info == 0 else { throw LinalgError(description: "sgeqrf failed with info \(info)") }
        let signs = (0..<short).map { a[$0 * tall + $0] < 0 ? Float(-1) : 1 }
        query = -1
        sorgqr_(&m, &n, &k, &a, &lda, &tau, &workSize, &query, &info)
        lwork = Int32(max(1, Int(workSize)))
        if work.count < Int(lwork) { work = [Float](repeating: 0, count: Int(lwork)) }
        sorgqr_(&m, &n, &k, &a, &lda, &tau, &work, &lwork, &info)
        guard info == 0 else { throw LinalgError(description: "sorgqr failed with info \(info)") }
        for column in 0..<short {
            for row in 0..<tall { a[column * tall + row] *= signs[column] }
        }
        // The column-major tall × short buffer read row-major is its short × tall transpose.
        let wide = Matrix(rows: short, columns: tall, elements: a)
        return rows <= columns ? wide : wide.transposed
    }
}
