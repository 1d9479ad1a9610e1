import CSystemInfo

/// The instruction-set extensions of the host CPU that decide which OpenBLAS kernel can run.
///
/// Each flag is true only when the CPU reports the instructions (CPUID) *and* the operating
/// system saves the register state they need (XCR0), since either alone is not enough.
public struct CPUFeatures: Equatable, Sendable, CustomStringConvertible {
    public var avx2 = false
    public var fma = false
    public var avx512f = false
    public var avx512dq = false
    public var avx512bw = false
    public var avx512vl = false
    public var avx512bf16 = false
    public var avx512fp16 = false
    public var amxTile = false
    /// The CPUID vendor string, e.g. `GenuineIntel` or `AuthenticAMD`.
    public var vendor = ""
    /// The display family (base family plus extended family), e.g. 0x19 for AMD Zen 3 and 4.
    public var family = 0
    /// The display model (base model plus extended model where the family uses it), e.g. 0x11
    /// for an AMD EPYC Zen 4 of the 9004 series.
    public var model = 0

    public init() {}

    /// True on AMD family 19h with AVX-512 (Zen 4), which runs 512-bit instructions on
    /// 256-bit units: OpenBLAS's AVX2 kernels are faster there than its AVX-512 ones.
    public var prefersAVX2Kernels: Bool { vendor == "AuthenticAMD" && family == 0x19 && hasAVX512Kernels }

    /// True when the AVX-512 subsets that OpenBLAS's Skylake-X kernels use are all present.
    public var hasAVX512Kernels: Bool { avx512f && avx512dq && avx512bw && avx512vl }

    /// True when the AVX2 + FMA kernels (OpenBLAS's `Haswell`) can run.
    public var hasAVX2Kernels: Bool { avx2 && fma }

    public var description: String {
        let named: [(String, Bool)] = [
            ("avx2", avx2), ("fma", fma), ("avx512f", avx512f), ("avx512dq", avx512dq),
            ("avx512bw", avx512bw), ("avx512vl", avx512vl), ("avx512_bf16", avx512bf16),
            ("avx512_fp16", avx512fp16), ("amx_tile", amxTile),
        ]
        let present = named.filter(\.1).map(\.0)
        return present.isEmpty ? "none of avx2/avx512" : present.joined(separator: " ")
            + (vendor.isEmpty ? "" : " (\(vendor), family \(String(family, radix: 16))h)")
    }

    /// Reads the features of the CPU this process runs on.
    public static func detect() -> CPUFeatures {
        var features = CPUFeatures()
        var leaf0 = sr_cpuid_registers()
        var leaf1 = sr_cpuid_registers()
        var leaf7 = sr_cpuid_registers()
        var leaf7s1 = sr_cpuid_registers()
        if sr_cpuid(0, 0, &leaf0) != 0 {
            let bytes = [leaf0.ebx, leaf0.edx, leaf0.ecx].flatMap { word in (0..<4).map { UInt8((word >> (8 * $0)) & 0xFF) } }
            features.vendor = String(decoding: bytes, as: UTF8.self)
        }
        guard sr_cpuid(1, 0, &leaf1) != 0 else { return features }
        let baseFamily = Int((leaf1.eax >> 8) & 0xF)
        features.family = baseFamily == 0xF ? baseFamily + Int((leaf1.eax >> 20) & 0xFF) : baseFamily
        let baseModel = Int((leaf1.eax >> 4) & 0xF)
        features.model = baseFamily == 0xF || baseFamily == 0x6 ? baseModel + (Int((leaf1.eax >> 16) & 0xF) << 4) : baseModel
        let hasLeaf7 = sr_cpuid(7, 0, &leaf7) != 0
        let hasLeaf7s1 = hasLeaf7 && leaf7.eax >= 1 && sr_cpuid(7, 1, &leaf7s1) != 0

        let xcr0 = sr_xgetbv0()
        let osSavesAVX = xcr0 & 0b110 == 0b110                // XMM and YMM state
        let osSavesAVX512 = osSavesAVX && xcr0 & 0b1110_0000 == 0b1110_0000  // opmask, ZMM
        let osSavesAMX = xcr0 & (0b11 << 17) == (0b11 << 17)  // XTILECFG, XTILEDATA

        func bit(_ register: UInt32, _ index: UInt32) -> Bool { register & (1 << index) != 0 }
        features.fma = osSavesAVX && bit(leaf1.ecx, 12)
        guard hasLeaf7 else { return features }
        features.avx2 = osSavesAVX && bit(leaf7.ebx, 5)
        features.avx512f = osSavesAVX512 && bit(leaf7.ebx, 16)
        features.avx512dq = osSavesAVX512 && bit(leaf7.ebx, 17)
        features.avx512bw = osSavesAVX512 && bit(leaf7.ebx, 30)
        features.avx512vl = osSavesAVX512 && bit(leaf7.ebx, 31)
        features.avx512fp16 = osSavesAVX512 && bit(leaf7.edx, 23)
        features.amxTile = osSavesAMX && bit(leaf7.edx, 24)
        features.avx512bf16 = osSavesAVX512 && hasLeaf7s1 && bit(leaf7s1.eax, 5)
        return features
    }
}
