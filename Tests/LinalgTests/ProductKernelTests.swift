import Testing
@testable import Linalg

/// The hand-written kernels for `A·Bᵀ` must compute, on every instruction set and for every
/// cut into blocks, exactly the chains of fused multiply-adds they promise.
@Suite("Hand-written A·Bᵀ kernels: the same bits on every instruction set")
struct ProductKernelTests {
    /// The kernels this CPU runs, OpenBLAS aside.
    static var runnable: [ProductKernel] {
        ProductKernel.allCases.filter { $0 != .openBLAS && $0.runs(on: CPUFeatures.detect()) }
    }

    /// `alpha · s` with `s ← fma(a[i][p], b[j][p], s)` for p = 0…k−1: the promise, in Swift.
    static func fusedChains(_ a: Matrix, _ b: Matrix, alpha: Float) -> Matrix {
        var c = Matrix(rows: a.rows, columns: b.rows)
        for i in 0..<a.rows {
            for j in 0..<b.rows {
                var s: Float = 0
                for p in 0..<a.columns { s = s.addingProduct(a[i, p], b[j, p]) }
                c[i, j] = alpha * s
            }
        }
        return c
    }

    // Shapes cover whole and partial register tiles (6 rows, 64/16/8 columns, single
    // columns), more than 64 rows of A (several packed chunks), more than 1024 inner
    // indices (several packed depths), and empty inner dimensions.
    @Test(arguments: [(64, 96, 130), (7, 5, 3), (1, 1, 1), (65, 13, 1100), (130, 70, 40), (16, 6, 16), (3, 20, 0), (200, 7, 2049)])
    func everyKernelComputesTheFusedChains(m: Int, n: Int, k: Int) {
        var generator = SeededGenerator(seed: UInt64(m * 10_000 + n * 10 + k))
        let a = Matrix.gaussian(rows: m, columns: k, std: 1, using: &generator)
        let b = Matrix.gaussian(rows: n, columns: k, std: 0.3, using: &generator)
        let expected = Self.fusedChains(a, b, alpha: 0.75)
        #expect(!Self.runnable.isEmpty)
        for kernel in Self.runnable {
            var c = Matrix(rows: m, columns: n, repeating: .nan)
            Matrix.multiply(a, transposeA: false, b, transposeB: true, into: &c, alpha: 0.75, beta: 0, productKernel: kernel)
            #expect(c.elements == expected.elements, "\(kernel.rawValue) at \(m)×\(n)×\(k)")
        }
        // OpenBLAS sums in another order: the same numbers to rounding.
        var blas = Matrix(rows: m, columns: n)
        Matrix.multiply(a, transposeA: false, b, transposeB: true, into: &blas, alpha: 0.75, beta: 0, productKernel: .openBLAS)
        for (x, y) in zip(blas.elements, expected.elements) {
            #expect(abs(x - y) <= 1e-5 * max(1, Float(k).squareRoot()), "\(x) vs \(y)")
        }
    }

    @Test func onlyStridedOperandsAreRead() {
        // Operands that are bands of larger matrices, as the product grid passes them: the
        // kernel reads only the band and writes only its block of C.
        var generator = SeededGenerator(seed: 5)
        let a = Matrix.gaussian(rows: 64, columns: 300, std: 1, using: &generator)
        let b = Matrix.gaussian(rows: 1000, columns: 300, std: 1, using: &generator)
        let whole = Self.fusedChains(a, b, alpha: 1)
        for kernel in Self.runnable {
            var c = Matrix(rows: 64, columns: 1000)
            Matrix.multiply(a, transposeA: false, b, transposeB: true, into: &c, alpha: 1, beta: 0, productKernel: kernel)
            #expect(c.elements == whole.elements, "\(kernel.rawValue)")
        }
    }

    @Test func theFastestKernelTheCPURunsIsChosen() {
        var features = CPUFeatures()
        #expect(ProductKernel.best(for: features) == .portable, "no AVX2: the portable kernel, the same bits")
        features.avx2 = true
        #expect(ProductKernel.best(for: features) == .portable, "AVX2 without FMA")
        features.fma = true
        #expect(ProductKernel.best(for: features) == .avx2)
        features.avx512f = true
        #expect(ProductKernel.best(for: features) == .avx512)
        #expect(!ProductKernel.avx512.runs(on: CPUFeatures()) && ProductKernel.portable.runs(on: CPUFeatures()))
        #expect(ProductKernel.current.runs(on: CPUFeatures.detect()))
        #expect(ProductKernel.allCases.filter(\.isBitStable) == [.avx512, .avx2, .portable])
        #expect(Set(ProductKernel.allCases.filter(\.isBitStable).map(\.numericsLabel)) == [ProductKernel.bitStableLabel])
        #expect(ProductKernel.openBLAS.numericsLabel.hasPrefix("kernel-dependent: OpenBLAS "))
    }
}
