import Testing
@testable import Linalg

@Suite("Matrix products and element-wise kernels")
struct MatrixTests {
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func productsMatchReferenceForEveryTranspose(transposeA: Bool, transposeB: Bool) {
        var generator = SeededGenerator(seed: 7)
        let (m, k, n) = (5, 7, 3)
        let a = Matrix.gaussian(rows: transposeA ? k : m, columns: transposeA ? m : k, std: 1, using: &generator)
        let b = Matrix.gaussian(rows: transposeB ? n : k, columns: transposeB ? k : n, std: 1, using: &generator)
        let result = Matrix.product(a, transposeA: transposeA, b, transposeB: transposeB)
        let expected = Reference.product(
            Reference.nested(transposeA ? a.transposed : a),
            Reference.nested(transposeB ? b.transposed : b))
        #expect(result.rows == m && result.columns == n)
        for i in 0..<m {
            for j in 0..<n { #expect(abs(Double(result[i, j]) - expected[i][j]) < 1e-4) }
        }
    }

    @Test func multiplyAccumulatesWithBeta() {
        let a = Matrix([[1, 2], [3, 4]])
        let identity = Matrix([[1, 0], [0, 1]])
        var c = Matrix([[10, 10], [10, 10]])
        Matrix.multiply(a, identity, into: &c, alpha: 2, beta: 1)
        #expect(c == Matrix([[12, 14], [16, 18]]))
    }

    @Test func reductions() {
        let a = Matrix([[3, -4], [0, 0]])
        #expect(a.frobeniusNorm == 5)
        #expect(abs(a.rms - 2.5) < 1e-12)
        #expect(a.meanAbsoluteValue == 1.75)
        #expect(a.frobeniusDistance(to: Matrix(rows: 2, columns: 2)) == 5)
        var sums = [Float](repeating: 0, count: 2)
        a.columnSums(into: &sums)
        #expect(sums == [3, -4])
        #expect(a.rowNorms() == [5, 0])
    }

    @Test func largeSumsKeepPrecision() {
        let a = Matrix(rows: 1000, columns: 1000, repeating: 0.1)
        #expect(abs(a.sumOfSquares - 10_000) / 10_000 < 1e-6)
    }

    @Test func finiteCheck() {
        var a = Matrix(rows: 3, columns: 3, repeating: 1)
        #expect(a.isFinite)
        a[2, 1] = .nan
        #expect(!a.isFinite)
    }

    @Test func axpyScaleFillAssign() {
        var a = Matrix([[1, 2, 3]])
        a.add(Matrix([[1, 1, 1]]), scaledBy: -2)
        #expect(a == Matrix([[-1, 0, 1]]))
        a.scale(by: 3)
        #expect(a == Matrix([[-3, 0, 3]]))
        a.addToEachRow([1, 2, 3])
        #expect(a == Matrix([[-2, 2, 6]]))
        var b = Matrix(rows: 1, columns: 3)
        b.assign(a)
        #expect(b == a)
        b.fill(7)
        #expect(b.elements == [7, 7, 7])
    }
}
