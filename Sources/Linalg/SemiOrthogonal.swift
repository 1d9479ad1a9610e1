/// Errors from the linear algebra of this module.
public struct LinalgError: Error, CustomStringConvertible {
    public let description: String
}

extension Matrix {
    /// A random semi-orthogonal `rows × columns` matrix: orthonormal rows when
    /// `rows ≤ columns`, orthonormal columns otherwise, so every singular value is 1.
    ///
    /// Draws a Gaussian `short × tall` matrix `X` and takes the `Q` of its LQ decomposition
    /// `X = L Q`, with signs fixed so that `L`'s diagonal is positive: the result is
    /// Haar-distributed and depends only on the generator's stream. The decomposition is a
    /// blocked Householder one (`HouseholderLQ`) whose every product is a bit-stable
    /// kernel's, spread over the product workers, so the bits do not depend on the CPU or the
    /// thread count.
    /// - Throws: never for finite Gaussian draws; `LinalgError` if a reflector is not finite.
    public static func semiOrthogonal(
        rows: Int, columns: Int, using generator: inout SeededGenerator
    ) throws -> Matrix {
        let tall = max(rows, columns), short = min(rows, columns)
        guard short > 0 else { return Matrix(rows: rows, columns: columns) }
        var x = gaussian(rows: short, columns: tall, std: 1, using: &generator)
        let wide = try HouseholderLQ.orthonormalRows(of: &x)
        return rows <= columns ? wide : wide.transposed
    }
}
