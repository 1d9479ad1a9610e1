/// Decides whether OpenBLAS runs a kernel that fits the CPU, and which one to ask for if not.
///
/// OpenBLAS 0.3.21 picks its kernel from the CPU's model number. On CPUs newer than the
/// library it falls back to a generic SSE3 kernel (`Prescott`) that runs single-precision
/// products about 5× slower than the AVX-512 kernels the CPU can run. The variable
/// `OPENBLAS_CORETYPE` overrides the choice, but it is read only when the library loads, so
/// the fix is to set it and re-execute the process once.
///
/// This type holds only the decision, so that it can be tested for every combination of
/// features, chosen kernel and user setting without touching the real library.
public enum BLASKernelPolicy {
    /// What to do about the kernel OpenBLAS chose.
    public enum Decision: Equatable, Sendable {
        /// Run as is; `reason` says why.
        case keep(reason: String)
        /// Set `OPENBLAS_CORETYPE` to `coretype` and re-execute; `reason` says why.
        case reexec(coretype: String, reason: String)
    }

    /// Kernels that use AVX-512 for single precision.
    static let avx512Kernels: Set<String> = ["skylakex", "cooperlake", "sapphirerapids"]
    /// Kernels that use AVX2 + FMA and not AVX-512 for single precision.
    static let avx2OnlyKernels: Set<String> = ["haswell", "zen"]
    /// Kernels that use at least AVX2 + FMA for single precision.
    static let avx2Kernels: Set<String> = avx512Kernels.union(avx2OnlyKernels)

    /// The fastest kernel OpenBLAS 0.3.21 offers for `features`, or nil when only generic
    /// kernels fit. On AMD Zen 4 that is `Haswell`, not an AVX-512 kernel (see
    /// `CPUFeatures.prefersAVX2Kernels`; measured in the README's "The OpenBLAS kernel").
    public static func bestKernel(for features: CPUFeatures) -> String? {
        if features.hasAVX512Kernels && !features.prefersAVX2Kernels {
            // Sapphire Rapids kernels assume AMX and AVX512-FP16; Cooper Lake ones BF16.
            if features.amxTile && features.avx512fp16 && features.avx512bf16 {
                return "SapphireRapids"
            }
            return features.avx512bf16 ? "Cooperlake" : "SkylakeX"
        }
        if features.hasAVX2Kernels { return "Haswell" }
        return nil
    }

    /// Decides what to do.
    ///
    /// - Parameters:
    ///   - features: the CPU's features.
    ///   - currentKernel: what `openblas_get_corename()` reports.
    ///   - userCoretype: `OPENBLAS_CORETYPE` as the user set it, or nil. A user's setting is
    ///     never overridden.
    ///   - alreadyReexecuted: true when this process is the re-executed one; it never
    ///     re-executes twice, even if OpenBLAS refused the kernel asked for.
    /// - Returns: `.keep` or `.reexec` with the kernel to ask for.
    public static func decide(
        features: CPUFeatures,
        currentKernel: String,
        userCoretype: String?,
        alreadyReexecuted: Bool
    ) -> Decision {
        if let userCoretype, !userCoretype.isEmpty, !alreadyReexecuted {
            return .keep(reason: "OPENBLAS_CORETYPE=\(userCoretype) set by the user")
        }
        if alreadyReexecuted {
            return .keep(reason: "already re-executed to select the kernel")
        }
        let current = currentKernel.lowercased()
        guard let best = bestKernel(for: features) else {
            return .keep(reason: "the CPU has neither AVX-512 nor AVX2+FMA")
        }
        if features.prefersAVX2Kernels {
            if avx2OnlyKernels.contains(current) {
                return .keep(reason: "OpenBLAS chose \(currentKernel), the fastest on AMD Zen 4")
            }
            let why = avx512Kernels.contains(current)
                ? "OpenBLAS chose \(currentKernel), but on AMD Zen 4 (AVX-512 on 256-bit units) \(best) is faster"
                : "OpenBLAS fell back to \(currentKernel) on a CPU that runs \(best)"
            return .reexec(coretype: best, reason: why)
        }
        let fits = features.hasAVX512Kernels
            ? avx512Kernels.contains(current)
            : avx2Kernels.contains(current)
        if fits {
            return .keep(reason: "OpenBLAS chose \(currentKernel), which fits the CPU")
        }
        return .reexec(
            coretype: best,
            reason: "OpenBLAS fell back to \(currentKernel) on a CPU that runs \(best)"
        )
    }
}
