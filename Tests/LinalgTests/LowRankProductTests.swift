import Testing
@testable import Linalg

@Suite("Norms of low-rank products through their factors, against a reference SVD")
struct LowRankProductTests {
    static func factors(rank: Int, rows: Int, columns: Int, seed: UInt64) -> LowRankProduct {
        var generator = SeededGenerator(seed: seed)
        return LowRankProduct(left: Matrix.gaussian(rows: rank, columns: rows, std: 1, using: &generator),
                              right: Matrix.gaussian(rows: rank, columns: columns, std: 0.1, using: &generator))
    }

    @Test(arguments: [(1, 30, 20), (4, 40, 30), (8, 20, 50), (16, 64, 64), (50, 40, 30)])
    func spectralAndFrobeniusNormsMatchTheReferenceSVD(rank: Int, rows: Int, columns: Int) throws {
        let product = Self.factors(rank: rank, rows: rows, columns: columns, seed: UInt64(rank * 100 + rows))
        let dense = product.dense
        let singular = Reference.singularValues(dense)
        let spectral = product.spectralNorm(tolerance: 1e-8)
        #expect(abs(spectral - singular[0]) / singular[0] < 1e-5, "\(spectral) vs \(singular[0])")
        let frobenius = singular.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(abs(product.frobeniusNorm() - frobenius) / frobenius < 1e-5)
        // Lanczos on the dense matrix, the other route, agrees with both.
        let lanczos = spectralNorm(of: dense, tolerance: 1e-7)
        #expect(abs(lanczos - singular[0]) / singular[0] < 1e-5, "\(lanczos) vs \(singular[0])")
    }

    @Test func rankDeficientAndZeroFactors() throws {
        // Right factor with repeated and zero rows: Q = R Rᵀ is singular.
        var generator = SeededGenerator(seed: 9)
        let g = Matrix.gaussian(rows: 6, columns: 25, std: 1, using: &generator)
        var h = Matrix.gaussian(rows: 6, columns: 18, std: 1, using: &generator)
        for j in 0..<18 { h[3, j] = h[1, j]; h[5, j] = 0 }
        let product = LowRankProduct(left: g, right: h)
        let expected = Reference.singularValues(product.dense)[0]
        #expect(abs(product.spectralNorm(tolerance: 1e-8) - expected) / expected < 1e-5)
        // All zero, and no rows at all.
        #expect(LowRankProduct(left: Matrix(rows: 3, columns: 7), right: Matrix(rows: 3, columns: 5)).spectralNorm() == 0)
        #expect(LowRankProduct(rows: 7, columns: 5).spectralNorm() == 0)
        #expect(LowRankProduct(rows: 7, columns: 5).frobeniusNorm() == 0)
    }

    @Test func appendingFactorsSumsTheProducts() throws {
        var generator = SeededGenerator(seed: 11)
        var product = LowRankProduct(rows: 12, columns: 9)
        var expected = Matrix(rows: 12, columns: 9)
        for scale: Float in [0.5, -2, 1] {
            let g = Matrix.gaussian(rows: 3, columns: 12, std: 1, using: &generator)
            let h = Matrix.gaussian(rows: 3, columns: 9, std: 1, using: &generator)
            product.append(g, scaledBy: scale, h)
            expected.add(Matrix.product(g, transposeA: true, h), scaledBy: scale)
        }
        #expect(product.rank == 9)
        let dense = product.dense
        for i in 0..<dense.count { #expect(abs(dense.elements[i] - expected.elements[i]) < 1e-4) }
        let reference = Reference.singularValues(expected)[0]
        #expect(abs(product.spectralNorm(tolerance: 1e-8) - reference) / reference < 1e-5)
    }

    @Test func theFactoredRouteIsChosenOnlyWhenCheaper() {
        // One update at batch 64 of a 4096 × 4096 layer, and three: through the factors.
        #expect(LowRankProduct.factoredIsCheaper(rank: 64, rows: 4096, columns: 4096))
        #expect(LowRankProduct.factoredIsCheaper(rank: 192, rows: 4096, columns: 4096))
        // Twenty steps' movement: the dense matrix.
        #expect(!LowRankProduct.factoredIsCheaper(rank: 1280, rows: 4096, columns: 4096))
        // A rank bound at or above the short side is no structure at all.
        #expect(!LowRankProduct.factoredIsCheaper(rank: 64, rows: 4096, columns: 64))
        #expect(!LowRankProduct.factoredIsCheaper(rank: 0, rows: 10, columns: 10))
    }
}
