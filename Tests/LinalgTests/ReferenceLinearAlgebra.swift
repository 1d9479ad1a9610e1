import COpenBLAS
@testable import Linalg

/// Dense references in Float64, independent of the code under test.
enum Reference {
    /// `A·B` by the textbook triple loop in Double.
    static func product(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        let n = b.first?.count ?? 0
        return a.map { row in
            (0..<n).map { j in row.indices.reduce(0.0) { $0 + row[$1] * b[$1][j] } }
        }
    }

    static func nested(_ m: Matrix) -> [[Double]] {
        (0..<m.rows).map { i in (0..<m.columns).map { Double(m[i, $0]) } }
    }

    /// The singular values of `m`, largest first, from LAPACK's dense SVD (`dgesvd`) in
    /// Double: a different algorithm from the eigensolver the code under test uses.
    static func singularValues(_ m: Matrix) -> [Double] {
        // Row-major m read column-major is mᵀ, which has the same singular values.
        var a = m.elements.map(Double.init)
        var jobu = CChar(UInt8(ascii: "N")), jobvt = CChar(UInt8(ascii: "N"))
        var rows = Int32(m.columns), columns = Int32(m.rows), lda = Int32(max(m.columns, 1))
        var values = [Double](repeating: 0, count: min(m.rows, m.columns))
        var noU = [Double](repeating: 0, count: 1), noVT = [Double](repeating: 0, count: 1), one = Int32(1), info: Int32 = 0
        var lwork = Int32(max(1, 5 * (m.rows + m.columns)))
        var work = [Double](repeating: 0, count: Int(lwork))
        dgesvd_(&jobu, &jobvt, &rows, &columns, &a, &lda, &values, &noU, &one, &noVT, &one, &work, &lwork, &info)
        precondition(info == 0)
        return values
    }

    /// The largest singular value of `m` from LAPACK's dense symmetric eigensolver on `MᵀM`.
    static func spectralNorm(_ m: Matrix) -> Double {
        let a = nested(m)
        let n = m.columns
        var gram = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                gram[i * n + j] = a.indices.reduce(0.0) { $0 + a[$1][i] * a[$1][j] }
            }
        }
        var jobz = CChar(UInt8(ascii: "N")), uplo = CChar(UInt8(ascii: "U"))
        var order = Int32(n), lda = Int32(n), info: Int32 = 0
        var eigenvalues = [Double](repeating: 0, count: n)
        var lwork = Int32(8 * n)
        var work = [Double](repeating: 0, count: Int(lwork))
        dsyev_(&jobz, &uplo, &order, &gram, &lda, &eigenvalues, &work, &lwork, &info)
        precondition(info == 0)
        return max(eigenvalues.max() ?? 0, 0).squareRoot()
    }
}
