import Foundation
import Linalg
import Plotting
import Raster
import Training
/// Measures what `cblas_sgemm` (or another `ProductKernel`) achieves on this machine, as the
/// ceiling for training.
public enum SgemmBenchmark {
    /// One measurement of `C = A·B` with `A` `m × k` and `B` `k × n`.
    public struct Measurement: Codable, Sendable {
        public let m: Int, n: Int, k: Int
        /// Median seconds per product over the timed repetitions.
        public let secondsPerProduct: Double
        /// `2·m·n·k / secondsPerProduct`, in 10⁹ operations per second.
        public let gflops: Double
        public let repetitions: Int
    }

    /// Times `C = op(A)·op(B) + beta·C` after one warm-up call, repeating until
    /// `minimumSeconds` have passed (and at least `minimumRepetitions` times), and reports the
    /// median. `kernel` computes the products (OpenBLAS unless given).
    public static func measure(
        m: Int, n: Int, k: Int, transposeA: Bool = false, transposeB: Bool = false,
        beta: Float = 0, minimumSeconds: Double = 0.5, minimumRepetitions: Int = 5,
        kernel: ProductKernel = .openBLAS
    ) -> Measurement {
        let previous = ProductKernel.current
        ProductKernel.select(kernel)
        defer { ProductKernel.select(previous) }
        var generator = SeededGenerator(seed: 1)
        let a = transposeA
            ? Matrix.gaussian(rows: k, columns: m, std: 1, using: &generator)
            : Matrix.gaussian(rows: m, columns: k, std: 1, using: &generator)
        let b = transposeB
            ? Matrix.gaussian(rows: n, columns: k, std: 1, using: &generator)
            : Matrix.gaussian(rows: k, columns: n, std: 1, using: &generator)
        var c = Matrix(rows: m, columns: n)
        func multiply() {
            Matrix.multiply(a, transposeA: transposeA, b, transposeB: transposeB, into: &c, alpha: 1e-3, beta: beta)
        }
        multiply()
        var times: [Double] = []
        let start = DispatchTime.now().uptimeNanoseconds
        repeat {
            let t0 = DispatchTime.now().uptimeNanoseconds
            multiply()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9)
        } while times.count < minimumRepetitions
            || Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 < minimumSeconds
        let median = times.sorted()[times.count / 2]
        return Measurement(
            m: m, n: n, k: k, secondsPerProduct: median,
            gflops: 2 * Double(m) * Double(n) * Double(k) / median / 1e9,
            repetitions: times.count)
    }
}
