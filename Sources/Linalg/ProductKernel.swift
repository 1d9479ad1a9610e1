import CKernels
import Foundation

/// The code that computes every matrix product: the forward products `h·Wᵀ`, the backward
/// products `G·W` and `Gᵀ·H` (with the SGD update fused into the latter), evaluations and the
/// matrix–vector products of the spectral norms.
///
/// The hand-written kernels in `CKernels` compute every entry as one chain of fused
/// multiply-adds over the inner index in increasing order, so `avx512`, `avx2` and
/// `portable` give the same bits on any CPU, for any thread count and any cut into blocks
/// (see `sr_product_abt` and `sr_product_ab`); they also read the weights in place, where
/// OpenBLAS 0.3.21 repacks them on every call. `openblas` hands products to `cblas_sgemm`
/// and `cblas_sgemv`, whose bits depend on the OpenBLAS kernel the CPU runs: results made
/// that way are labelled kernel-dependent (`numericsLabel`).
public enum ProductKernel: String, CaseIterable, Sendable {
    /// AVX-512F, 16 lanes.
    case avx512
    /// AVX2 and FMA, 8 lanes.
    case avx2
    /// Plain C with `fmaf`: the reference, slow.
    case portable
    /// `cblas_sgemm` and `cblas_sgemv`: bits that depend on OpenBLAS's kernel.
    case openBLAS = "openblas"

    /// The fastest bit-stable kernel `features` run: a vector one where the CPU has AVX2 and
    /// FMA, else the portable one (the same bits, slowly: `fmaf` is emulated without FMA).
    public static func best(for features: CPUFeatures) -> ProductKernel {
        if features.avx512f && features.hasAVX2Kernels { return .avx512 }
        if features.hasAVX2Kernels { return .avx2 }
        return .portable
    }

    /// Whether results do not depend on the CPU: true for the hand-written kernels.
    public var isBitStable: Bool { self != .openBLAS }

    /// What results made with this kernel say about their numerics, in provenance and cache
    /// keys: one label for every bit-stable kernel (they give the same bits), and OpenBLAS's
    /// kernel name otherwise.
    public var numericsLabel: String {
        isBitStable ? Self.bitStableLabel : "kernel-dependent: OpenBLAS \(BLASRuntime.version) \(BLASRuntime.kernel)"
    }

    /// The label of bit-stable results.
    public static let bitStableLabel = "bit-stable on x86-64 with AVX2+FMA"

    /// Whether a CPU with `features` runs this kernel.
    public func runs(on features: CPUFeatures) -> Bool {
        switch self {
        case .avx512: features.avx512f && features.hasAVX2Kernels
        case .avx2: features.hasAVX2Kernels
        case .portable, .openBLAS: true
        }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var selected = best(for: CPUFeatures.detect())

    /// The kernel products use; by default `best(for:)` this CPU.
    public static var current: ProductKernel {
        lock.withLock { selected }
    }

    /// Selects the kernel for products from now on (benchmarks compare them).
    /// - Precondition: the CPU runs `kernel`.
    public static func select(_ kernel: ProductKernel) {
        precondition(kernel.runs(on: CPUFeatures.detect()), "this CPU does not run \(kernel.rawValue)")
        lock.withLock { selected = kernel }
    }

    /// The `CKernels` instruction set, or nil for OpenBLAS.
    var isa: sr_isa? {
        switch self {
        case .avx512: sr_isa_avx512
        case .avx2: sr_isa_avx2
        case .portable: sr_isa_portable
        case .openBLAS: nil
        }
    }
}
