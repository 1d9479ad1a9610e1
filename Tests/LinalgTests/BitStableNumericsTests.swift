import CKernels
import Foundation
import Testing
@testable import Linalg

/// Every operation whose result reaches the report must give the same bits on every
/// instruction set and for every thread count: the backward products, matrix–vector
/// products, the semi-orthogonal initialisation, norms through factors, and the element-wise
/// functions (which must also be accurate against double-precision references).
@Suite("Bit-stable numerics: the same bits on every instruction set and thread count", .serialized)
struct BitStableNumericsTests {
    static var runnable: [ProductKernel] { ProductKernelTests.runnable }

    /// The promise of `sr_product_ab`, in Swift: `s ← fma(op(A)[i][p], B[p][j], s)` for
    /// p = 0…k−1, finished as `alpha·s` or `fma(alpha, s, beta·c)`.
    static func fusedChains(_ a: Matrix, transposeA: Bool, _ b: Matrix, alpha: Float, beta: Float, c: Matrix) -> Matrix {
        let m = transposeA ? a.columns : a.rows, k = b.rows
        var result = c
        for i in 0..<m {
            for j in 0..<b.columns {
                var s: Float = 0
                for p in 0..<k { s = s.addingProduct(transposeA ? a[p, i] : a[i, p], b[p, j]) }
                result[i, j] = beta == 0 ? alpha * s : (beta * c[i, j]).addingProduct(alpha, s)
            }
        }
        return result
    }

    // Whole and partial register tiles, several depth blocks (256) and column panels (256),
    // an empty inner dimension, and the shapes of G·W and Gᵀ·H.
    @Test(arguments: [(7, 5, 3), (1, 1, 1), (13, 300, 600), (130, 70, 40), (64, 33, 257), (3, 20, 0), (6, 64, 128)])
    func backwardProductsComputeTheFusedChains(m: Int, n: Int, k: Int) {
        var generator = SeededGenerator(seed: UInt64(m * 10_000 + n * 10 + k))
        for transposeA in [false, true] {
            let a = transposeA
                ? Matrix.gaussian(rows: k, columns: m, std: 1, using: &generator)
                : Matrix.gaussian(rows: m, columns: k, std: 1, using: &generator)
            let b = Matrix.gaussian(rows: k, columns: n, std: 0.3, using: &generator)
            let old = Matrix.gaussian(rows: m, columns: n, std: 1, using: &generator)
            for beta: Float in [0, 1, 0.5] {
                let expected = Self.fusedChains(a, transposeA: transposeA, b, alpha: -0.75, beta: beta, c: old)
                for kernel in Self.runnable {
                    var c = beta == 0 ? Matrix(rows: m, columns: n, repeating: .nan) : old
                    Matrix.multiply(a, transposeA: transposeA, b, transposeB: false, into: &c, alpha: -0.75, beta: beta,
                                    productKernel: kernel)
                    #expect(c.elements == expected.elements, "\(kernel.rawValue) \(transposeA ? "Aᵀ·B" : "A·B") β=\(beta) at \(m)×\(n)×\(k)")
                }
                var blas = old
                Matrix.multiply(a, transposeA: transposeA, b, transposeB: false, into: &blas, alpha: -0.75, beta: beta,
                                productKernel: .openBLAS)
                for (x, y) in zip(blas.elements, expected.elements) {
                    #expect(abs(x - y) <= 1e-5 * max(1, Float(k).squareRoot()) * max(1, abs(y)), "OpenBLAS \(x) vs \(y)")
                }
            }
        }
    }

    @Test func accumulatingABtAndTransposedBothAgreeAcrossKernels() {
        var generator = SeededGenerator(seed: 3)
        let a = Matrix.gaussian(rows: 20, columns: 30, std: 1, using: &generator)
        let b = Matrix.gaussian(rows: 17, columns: 20, std: 1, using: &generator)
        let old = Matrix.gaussian(rows: 30, columns: 17, std: 1, using: &generator)
        var results: [Matrix] = []
        for kernel in Self.runnable {
            var c = old, d = old
            Matrix.multiply(a, transposeA: true, b, transposeB: true, into: &c, alpha: 2, beta: 1, productKernel: kernel)
            Matrix.multiply(a.transposed, transposeA: false, b, transposeB: true, into: &d, alpha: 2, beta: 1, productKernel: kernel)
            #expect(c == d, "\(kernel.rawValue): Aᵀ·Bᵀ is A'·Bᵀ with A' = Aᵀ")
            results.append(c)
        }
        #expect(results.allSatisfy { $0 == results[0] })
        var blas = old
        Matrix.multiply(a, transposeA: true, b, transposeB: true, into: &blas, alpha: 2, beta: 1, productKernel: .openBLAS)
        for (x, y) in zip(blas.elements, results[0].elements) { #expect(abs(x - y) < 1e-4 * max(1, abs(y))) }
    }

    /// Runs `body` under every runnable kernel and one and three product workers.
    static func underEveryPath<T>(_ body: () throws -> T) rethrows -> [(String, T)] {
        let kernel = ProductKernel.current, threads = BLASRuntime.threads
        defer { ProductKernel.select(kernel); BLASRuntime.setThreads(threads) }
        var results: [(String, T)] = []
        for candidate in runnable {
            for workers in [1, 3] {
                ProductKernel.select(candidate)
                BLASRuntime.setThreads(workers)
                results.append(("\(candidate.rawValue), \(workers) workers", try body()))
            }
        }
        return results
    }

    @Test func matrixVectorProductsAndSpectralNormsAreBitStable() {
        var generator = SeededGenerator(seed: 8)
        let a = Matrix.gaussian(rows: 150, columns: 90, std: 1, using: &generator)
        let x = (0..<90).map { _ in Float(generator.nextGaussian()) }
        let results = Self.underEveryPath { () -> [Double] in
            var y = [Float](repeating: 0, count: 150)
            var z = [Float](repeating: 0, count: 90)
            x.withUnsafeBufferPointer { xb in
                y.withUnsafeMutableBufferPointer { yb in a.apply(to: xb.baseAddress!, into: yb.baseAddress!) }
            }
            y.withUnsafeBufferPointer { yb in
                z.withUnsafeMutableBufferPointer { zb in a.apply(to: yb.baseAddress!, transposed: true, into: zb.baseAddress!) }
            }
            return (y + z).map(Double.init) + [spectralNorm(of: a), spectralNorm(of: a.transposed)]
        }
        for (path, value) in results { #expect(value == results[0].1, "\(path)") }
        let reference = Reference.singularValues(a)[0]
        #expect(abs(results[0].1[240] - reference) / reference < 1e-5)
    }

    @Test(arguments: [(40, 100), (100, 40), (70, 70), (33, 1)])
    func semiOrthogonalIsBitStableAndOrthonormal(rows: Int, columns: Int) throws {
        let results = try Self.underEveryPath { () -> Matrix in
            var generator = SeededGenerator(seed: 77)
            return try Matrix.semiOrthogonal(rows: rows, columns: columns, using: &generator)
        }
        for (path, q) in results { #expect(q == results[0].1, "\(path)") }
        let q = results[0].1
        let gram = rows <= columns ? Matrix.product(q, q, transposeB: true) : Matrix.product(q, transposeA: true, q)
        for i in 0..<gram.rows {
            for j in 0..<gram.columns { #expect(abs(gram[i, j] - (i == j ? 1 : 0)) < 2e-6, "\(i), \(j)") }
        }
    }

    @Test func semiOrthogonalIsTheQOfTheDecompositionWithPositiveDiagonal() throws {
        // X = L Q with L lower triangular and positive on its diagonal: L = X Qᵀ.
        var generator = SeededGenerator(seed: 5)
        let q = try Matrix.semiOrthogonal(rows: 45, columns: 80, using: &generator)
        var again = SeededGenerator(seed: 5)
        let x = Matrix.gaussian(rows: 45, columns: 80, std: 1, using: &again)
        let l = Matrix.product(x, q, transposeB: true)
        for i in 0..<45 {
            #expect(l[i, i] > 0)
            for j in (i + 1)..<45 { #expect(abs(l[i, j]) < 1e-4 * abs(l[i, i]), "L[\(i)][\(j)] = \(l[i, j])") }
        }
    }

    @Test func lowRankNormsAreBitStable() {
        var generator = SeededGenerator(seed: 12)
        let product = LowRankProduct(left: Matrix.gaussian(rows: 9, columns: 60, std: 1, using: &generator),
                                     right: Matrix.gaussian(rows: 9, columns: 45, std: 1, using: &generator))
        let results = Self.underEveryPath { [product.spectralNorm(), product.frobeniusNorm()] }
        for (path, value) in results { #expect(value == results[0].1, "\(path)") }
    }
}

/// The element-wise functions against double-precision libm, as references.
@Suite("Bit-stable element-wise functions: accurate against double references")
struct ElementwiseFunctionTests {
    /// Distance in units in the last place (of the float nearest the reference).
    static func ulps(_ value: Float, _ reference: Double) -> Double {
        if value.isNaN || reference.isNaN { return value.isNaN && reference.isNaN ? 0 : .infinity }
        let nearest = Float(reference)
        if value == nearest { return 0 }
        let spacing = Double(nearest.ulp == 0 ? Float.leastNonzeroMagnitude : nearest.ulp)
        return abs(Double(value) - reference) / spacing
    }

    static let samples: [Double] = {
        var generator = SeededGenerator(seed: 1)
        var values: [Double] = [0, -0.0, 1e-30, -1e-8, 1e-4, 0.5, -1, 2, 3.7, -5, 9, 20, 80, -87, 88.7, -103, 1e10]
        for _ in 0..<4000 { values.append(generator.nextGaussian() * 4) }
        for _ in 0..<1000 { values.append(generator.nextUniform() * 200 - 100) }
        return values
    }()

    @Test func expAndLogInDoubleAreWithinAnUlp() {
        for x in Self.samples where abs(x) < 700 {
            let e = sr_exp(x), reference = Foundation.exp(x)
            #expect(abs(e - reference) <= 2 * reference.ulp, "exp(\(x)) = \(e), libm \(reference)")
        }
        for x in Self.samples.map({ abs($0) }) + [0x1p-1030, 1e300, 1, 2, 0.999_999_9] where x > 0 {
            let l = sr_log(x), reference = Foundation.log(x)
            #expect(abs(l - reference) <= 2 * max(abs(reference).ulp, 1e-300), "log(\(x)) = \(l), libm \(reference)")
        }
        #expect(sr_exp(-800) == 0 && sr_exp(800) == .infinity && sr_exp(.nan).isNaN)
        #expect(sr_log(0) == -.infinity && sr_log(-1).isNaN && sr_log(.infinity) == .infinity)
    }

    @Test func singlePrecisionFunctionsAreWithinOneUlp() {
        var worst: [String: Double] = [:]
        func check(_ name: String, _ value: Float, _ reference: Double) {
            let error = Self.ulps(value, reference)
            worst[name] = max(worst[name] ?? 0, error)
            #expect(error <= 1, "\(name): \(value) vs \(reference)")
        }
        let floats = Self.samples.map { Float($0) }
        var tanh = [Float](repeating: 0, count: floats.count)
        var gelu = [Float](repeating: 0, count: floats.count)
        var geluGradient = [Float](repeating: 1, count: floats.count)
        sr_tanh(floats, &tanh, floats.count)
        sr_gelu(floats, &gelu, floats.count)
        sr_gelu_backward(floats, &geluGradient, floats.count)
        for (i, x) in floats.enumerated() {
            let d = Double(x)
            if d < 88 { check("expf", sr_expf(x), Foundation.exp(d)) }
            if d > 0 { check("logf", sr_logf(x), Foundation.log(d)) }
            check("tanh", tanh[i], Foundation.tanh(d))
            let cdf = 0.5 * Foundation.erfc(-d / 2.0.squareRoot())
            if d > -9 { check("gelu", gelu[i], d * cdf) }  // beyond, x·Φ(x) underflows float's normal range
            if d > -9 { check("gelu'", geluGradient[i], cdf + d * Foundation.exp(-d * d / 2) / (2 * Double.pi).squareRoot()) }
        }
        for (x, reference) in [(0.3, Foundation.erf(0.3)), (-1.7, Foundation.erf(-1.7)), (2.6, Foundation.erf(2.6)), (5.0, Foundation.erf(5.0))] {
            #expect(abs(sr_erf(x) - reference) < 1e-15)
        }
        #expect(!worst.isEmpty)
    }

    @Test func reluBackwardZeroesNonPositivePreactivations() {
        let z: [Float] = [-1, 0, 2, .nan, -0.0, 1e-30]
        var g: [Float] = [5, 6, 7, 8, 9, 10]
        sr_relu_backward(z, &g, z.count)
        #expect(g == [0, 0, 7, 8, 0, 10])
    }
}
