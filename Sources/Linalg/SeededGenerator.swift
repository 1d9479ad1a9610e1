import Foundation

/// A seeded pseudo-random generator: xoshiro256** (Blackman & Vigna, 2018), its state
/// filled from the seed by SplitMix64.
///
/// The stream depends only on the seed and on the order of calls. Nothing here is shared
/// between threads, so a run draws the same numbers whatever the thread count. Gaussian
/// variates come from the Box–Muller transform, both values of each pair used in turn.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)
    private var spareGaussian: Double?

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

    /// A standard normal value.
    public mutating func nextGaussian() -> Double {
        if let spare = spareGaussian {
            spareGaussian = nil
            return spare
        }
        // 1 − u lies in (0, 1], so the logarithm is finite.
        let u1 = 1 - nextUniform()
        let u2 = nextUniform()
        let radius = (-2 * log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareGaussian = radius * sin(angle)
        return radius * cos(angle)
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
        for i in 0..<matrix.count { matrix.elements[i] = Float(generator.nextGaussian()) * std }
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
