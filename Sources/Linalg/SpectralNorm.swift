/// The spectral norm `‖A‖_*` (largest singular value) by the Lanczos method.
///
/// Lanczos runs on `AᵀA` (or `AAᵀ`, whichever is smaller) with full reorthogonalisation in
/// `Double`, from a fixed pseudo-random start vector so the result is deterministic. After
/// each step the largest eigenvalue of the tridiagonal matrix is found by Sturm-sequence
/// bisection; iteration stops when it changes by less than `tolerance` (relative), when the
/// Krylov space is exhausted, or after `maxIterations` steps. Largest-eigenvalue estimates
/// converge from below and much faster than plain power iteration when the top singular
/// values are close together, as they are for random matrices.
///
/// - Parameters:
///   - a: the matrix.
///   - tolerance: relative change in `σ²` at which to stop.
///   - maxIterations: the most Lanczos steps.
/// - Returns: the largest singular value (0 for an empty or zero matrix).
/// - Complexity: two matrix–vector products per step plus `O(steps · min(m, n))` for
///   reorthogonalisation.
public func spectralNorm(of a: Matrix, tolerance: Double = 1e-6, maxIterations: Int = 80) -> Double {
    let useGram = a.columns <= a.rows  // iterate on AᵀA (size columns) or AAᵀ (size rows)
    let dimension = useGram ? a.columns : a.rows
    let other = useGram ? a.rows : a.columns
    guard dimension > 0, other > 0 else { return 0 }
    var intermediate = [Float](repeating: 0, count: other)
    return largestSingularValue(dimension: dimension, tolerance: tolerance, maxIterations: maxIterations) { x, w in
        // w = AᵀA x (or AAᵀ x): two matrix–vector products.
        intermediate.withUnsafeMutableBufferPointer { t in
            a.apply(to: x, transposed: !useGram, into: t.baseAddress!)
            a.apply(to: t.baseAddress!, transposed: useGram, into: w)
        }
    }
}

/// The square root of the largest eigenvalue of the positive semidefinite operator
/// `gramOperator` (`w ← MᵀM x` or `MMᵀ x` for a matrix `M`, in single precision) on vectors
/// of `dimension` entries, by Lanczos as `spectralNorm(of:)` describes.
func largestSingularValue(
    dimension: Int, tolerance: Double, maxIterations: Int,
    gramOperator: (UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void
) -> Double {
    guard dimension > 0 else { return 0 }
    var generator = SeededGenerator(seed: 0x5EED_5EED)
    var q = (0..<dimension).map { _ in generator.nextGaussian() }
    normalize(&q)

    var basis: [[Double]] = []
    var diagonal: [Double] = []
    var offDiagonal: [Double] = []
    var single = [Float](repeating: 0, count: dimension)
    var product = [Float](repeating: 0, count: dimension)
    var previousEstimate = 0.0
    var estimate = 0.0

    for step in 0..<min(maxIterations, dimension) {
        for i in 0..<dimension { single[i] = Float(q[i]) }
        single.withUnsafeBufferPointer { x in
            product.withUnsafeMutableBufferPointer { w in gramOperator(x.baseAddress!, w.baseAddress!) }
        }
        var w = product.map(Double.init)
        let alpha = dot(w, q)
        basis.append(q)
        diagonal.append(alpha)
        // Full reorthogonalisation against every earlier basis vector (twice is enough).
        for _ in 0..<2 {
            for v in basis {
                let projection = dot(w, v)
                for i in 0..<dimension { w[i] -= projection * v[i] }
            }
        }
        estimate = largestEigenvalue(diagonal: diagonal, offDiagonal: offDiagonal)
        let beta = dot(w, w).squareRoot()
        let converged = step > 0 && abs(estimate - previousEstimate) <= tolerance * estimate
        if converged || beta <= 1e-12 * max(estimate, 1e-30) { break }
        previousEstimate = estimate
        offDiagonal.append(beta)
        q = w.map { $0 / beta }
    }
    return max(estimate, 0).squareRoot()
}

private func dot(_ x: [Double], _ y: [Double]) -> Double {
    var total = 0.0
    for i in x.indices { total += x[i] * y[i] }
    return total
}

private func normalize(_ x: inout [Double]) {
    let norm = dot(x, x).squareRoot()
    guard norm > 0 else { return }
    for i in x.indices { x[i] /= norm }
}

/// The largest eigenvalue of the symmetric tridiagonal matrix with the given diagonal and
/// off-diagonal (one shorter), by bisection on the Sturm count.
func largestEigenvalue(diagonal: [Double], offDiagonal: [Double]) -> Double {
    let n = diagonal.count
    guard n > 0 else { return 0 }
    var low = Double.infinity, high = -Double.infinity
    for i in 0..<n {  // Gershgorin discs bound every eigenvalue
        let radius = (i > 0 ? abs(offDiagonal[i - 1]) : 0) + (i < n - 1 ? abs(offDiagonal[i]) : 0)
        low = min(low, diagonal[i] - radius)
        high = max(high, diagonal[i] + radius)
    }
    func countBelow(_ x: Double) -> Int {
        var count = 0
        var d = 1.0
        for i in 0..<n {
            let coupling = i > 0 ? offDiagonal[i - 1] * offDiagonal[i - 1] : 0
            d = diagonal[i] - x - (i > 0 ? coupling / d : 0)
            if d == 0 { d = -1e-300 }
            if d < 0 { count += 1 }
        }
        return count
    }
    for _ in 0..<200 {
        let middle = 0.5 * (low + high)
        if middle <= low || middle >= high { break }
        if countBelow(middle) == n { high = middle } else { low = middle }
    }
    return high
}
