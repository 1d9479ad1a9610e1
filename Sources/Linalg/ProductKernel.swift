import CKernels
import Foundation

/// The code that computes products `alpha · A · Bᵀ` with `beta = 0`: every layer's forward
/// pass, in training and in evaluation.
///
/// OpenBLAS 0.3.21 repacks `B` (the weight matrix) on every such call and reaches about 68
/// GFLOP/s on one Zen 4 core for a batch of 64 against a 4096² layer; the hand-written kernels
/// in `CKernels` read the weights in place and reach about 92. They compute every entry as
/// the same chain of fused multiply-adds in the same order, so `avx512`, `avx2` and
/// `portable` give the same bits on any CPU and for any cut into blocks (see
/// `sr_product_abt`).
public enum ProductKernel: String, CaseIterable, Sendable {
    /// AVX-512F, 16 lanes.
    case avx512
    /// AVX2 and FMA, 8 lanes.
    case avx2
    /// Plain C with `fmaf`: the reference, slow.
    case portable
    /// `cblas_sgemm`, like every other product.
    case openBLAS = "openblas"

    /// The fastest kernel `features` run: a hand-written one where the CPU has AVX2 and FMA,
    /// else OpenBLAS (a hand-written kernel without FMA instructions would emulate them).
    public static func best(for features: CPUFeatures) -> ProductKernel {
        if features.avx512f && features.hasAVX2Kernels { return .avx512 }
        if features.hasAVX2Kernels { return .avx2 }
        return .openBLAS
    }

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
