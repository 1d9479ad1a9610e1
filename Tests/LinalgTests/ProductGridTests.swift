import Testing
@testable import Linalg

/// Products must give the same bits for any thread count: that is what lets `--threads`,
/// `--jobs` and Slurm shards reproduce each other byte for byte.
@Suite("Blocked products: thread-count invariance", .serialized)
struct ProductGridTests {
    @Test func theGridDependsOnlyOnTheShape() {
        let grid = ProductGrid(m: 128, n: 1024, k: 3072)
        #expect(!grid.splitsRows && grid.blocks == 4 && grid.blockSize == 256)
        #expect(ProductGrid(m: 1024, n: 128, k: 3072).splitsRows)
        // Small products stay whole; blocks are whole 16-wide panels and cover the result.
        #expect(ProductGrid(m: 8, n: 8, k: 8).blocks == 1)
        let odd = ProductGrid(m: 64, n: 1000, k: 512)
        #expect(odd.blockSize % 16 == 0 && (0..<odd.blocks).map { odd.range($0, length: 1000).count }.reduce(0, +) == 1000)
    }

    @Test(arguments: [(false, false, 0.25), (true, false, 0.25), (false, true, 0.25), (true, true, 0.25), (false, true, 0)] as [(Bool, Bool, Float)])
    func productsAreBitIdenticalForEveryThreadCount(transposeA: Bool, transposeB: Bool, beta: Float) {
        var generator = SeededGenerator(seed: 11)
        for (m, n, k) in [(64, 700, 300), (700, 64, 300), (257, 333, 129)] {
            let a = Matrix.gaussian(rows: transposeA ? k : m, columns: transposeA ? m : k, std: 1, using: &generator)
            let b = Matrix.gaussian(rows: transposeB ? n : k, columns: transposeB ? k : n, std: 1, using: &generator)
            let start = Matrix.gaussian(rows: m, columns: n, std: 1, using: &generator)
            var results: [Matrix] = []
            for threads in [1, 2, 3] {
                BLASRuntime.setThreads(threads)
                var c = start
                Matrix.multiply(a, transposeA: transposeA, b, transposeB: transposeB, into: &c, alpha: 0.5, beta: beta)
                results.append(c)
                // And it is the product: compare one row with a Float64 reference.
                let i = m / 2
                for j in stride(from: 0, to: n, by: 37) {
                    var sum = 0.0
                    for p in 0..<k {
                        let x = Double(transposeA ? a[p, i] : a[i, p]), y = Double(transposeB ? b[j, p] : b[p, j])
                        sum += x * y
                    }
                    #expect(abs(Double(c[i, j]) - (0.5 * sum + Double(beta) * Double(start[i, j]))) < 1e-3)
                }
            }
            BLASRuntime.setThreads(2)
            #expect(results[0].elements == results[1].elements && results[1].elements == results[2].elements, "\(m)×\(n)×\(k)")
        }
    }
}
