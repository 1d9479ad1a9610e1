import CKernels
import Foundation

/// A seeded pseudo-random generator: xoshiro256** (Blackman & Vigna, 2018), its state
/// filled from the seed by SplitMix64.
///
/// The stream depends only on the seed and on the order of calls. Nothing here is shared
/// between threads, so a run draws the same numbers whatever the thread count. Gaussian
/// variates come from the ziggurat method, about ten times faster than the Box–Muller
/// transform (which takes a logarithm, a sine and a cosine per pair): drawing a 4096 × 4096
/// initialisation is a noticeable part of a short run at that width.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) {
        var splitmix = seed
        func next() -> UInt64 {
            splitmix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitmix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    /// A generator for a named sub-stream of `seed`, so that independent uses (data,
    /// initialisation, probe batch) do not shift each other's numbers.
    public init(seed: UInt64, stream: String) {
        // FNV-1a of the stream name, mixed into the seed.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in stream.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01B3
        }
        self.init(seed: seed ^ hash)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// A uniform value in [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal value, by the ziggurat method (Marsaglia & Tsang, 2000) with 256
    /// layers: one 64-bit draw picks a layer (8 bits), a sign (1 bit) and a position in the
    /// layer (53 bits), and about 99 % of values are accepted there with one multiplication
    /// and one comparison. The rest test the wedge against the density, or draw from the
    /// tail beyond `r` by Marsaglia's exponential method.
    public mutating func nextGaussian() -> Double {
        Ziggurat.x.withUnsafeBufferPointer { x in
            Ziggurat.f.withUnsafeBufferPointer { f in gaussian(x.baseAddress!, f.baseAddress!) }
        }
    }

    /// Fills `buffer` with `std` times standard normal values: the same values, in the same
    /// order, as as many calls of `nextGaussian`, without looking the tables up for each.
    public mutating func fillGaussian(_ buffer: UnsafeMutableBufferPointer<Float>, std: Float) {
        Ziggurat.x.withUnsafeBufferPointer { x in
            Ziggurat.f.withUnsafeBufferPointer { f in
                for i in buffer.indices { buffer[i] = Float(gaussian(x.baseAddress!, f.baseAddress!)) * std }
            }
        }
    }

    /// One standard normal value from the tables `x` and `f` (257 entries each).
    @inline(__always)
    private mutating func gaussian(_ x: UnsafePointer<Double>, _ f: UnsafePointer<Double>) -> Double {
        while true {
            let bits = next()
            let layer = Int(bits & 0xFF)
            let negative = bits & 0x100 != 0
            let z = Double(bits >> 11) * 0x1.0p-53 * x[layer]
            if z < x[layer + 1] { return negative ? -z : z }
            if layer == 0 {
                // The tail beyond r: r + a with a exponential, accepted with probability
                // exp(−a²/2). 1 − u lies in (0, 1], so the logarithms are finite.
                while true {
                    let a = -sr_log(1 - nextUniform()) / Ziggurat.r
                    let b = -sr_log(1 - nextUniform())
                    if 2 * b > a * a { return negative ? -(Ziggurat.r + a) : Ziggurat.r + a }
                }
            }
            // The wedge between the layer's rectangle and the density.
            let y = f[layer] + nextUniform() * (f[layer + 1] - f[layer])
            if y < sr_exp(-0.5 * z * z) { return negative ? -z : z }
        }
    }

    /// A uniform integer in `0..<bound`, without modulo bias.
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next(upperBound: UInt64(bound)))
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

extension Matrix {
    /// A matrix of independent normal entries with mean 0 and standard deviation `std`.
    public static func gaussian(
        rows: Int, columns: Int, std: Float, using generator: inout SeededGenerator
    ) -> Matrix {
        var matrix = Matrix(rows: rows, columns: columns)
        matrix.elements.withUnsafeMutableBufferPointer { generator.fillGaussian($0, std: std) }
        return matrix
    }

    /// A matrix of independent entries uniform on `[low, high)`.
    public static func uniform(
        rows: Int, columns: Int, low: Float, high: Float, using generator: inout SeededGenerator
    ) -> Matrix {
        var matrix = Matrix(rows: rows, columns: columns)
        for i in 0..<matrix.count {
            matrix.elements[i] = low + (high - low) * Float(generator.nextUniform())
        }
        return matrix
    }
}

/// The tables of `SeededGenerator.nextGaussian`: 256 layers of equal area `v` under the
/// density `exp(−x²/2)` (computed with the bit-stable `sr_exp`/`sr_log`, not libm), the lowest (layer 0) a rectangle of width `r` plus the tail.
/// `x[i]` is the right edge of layer `i` (`x[0] = v / f(r)`, the width a rectangle of the
/// base layer's area would have; `x[1] = r`; `x[256] = 0`), `f[i] = exp(−x[i]²/2)`.
enum Ziggurat {
    static let r = 3.6541528853610088
    static let v = 4.92867323399e-3
    static let x: [Double] = {
        var x = [Double](repeating: 0, count: 257)
        x[0] = v / sr_exp(-0.5 * r * r)
        x[1] = r
        for i in 1..<255 { x[i + 1] = (-2 * sr_log(v / x[i] + sr_exp(-0.5 * x[i] * x[i]))).squareRoot() }
        x[256] = 0
        return x
    }()
    static let f: [Double] = x.map { sr_exp(-0.5 * $0 * $0) }
}
