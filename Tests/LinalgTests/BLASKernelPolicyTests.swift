import Testing
@testable import Linalg

@Suite("Kernel selection: CPU features × OpenBLAS's choice × user setting → action")
struct BLASKernelPolicyTests {
    static var avx512: CPUFeatures {
        var f = CPUFeatures()
        f.avx2 = true; f.fma = true
        f.avx512f = true; f.avx512dq = true; f.avx512bw = true; f.avx512vl = true
        return f
    }
    static var avx2Only: CPUFeatures {
        var f = CPUFeatures()
        f.avx2 = true; f.fma = true
        return f
    }

    @Test func genericKernelOnAVX512CPUReexecsWithSkylakeX() {
        let decision = BLASKernelPolicy.decide(
            features: Self.avx512, currentKernel: "Prescott", userCoretype: nil,
            alreadyReexecuted: false)
        guard case let .reexec(coretype, _) = decision else {
            Issue.record("expected a re-execution, got \(decision)"); return
        }
        #expect(coretype == "SkylakeX")
    }

    @Test func bf16SelectsCooperlakeAndAMXSelectsSapphireRapids() {
        var cooper = Self.avx512
        cooper.avx512bf16 = true
        #expect(BLASKernelPolicy.bestKernel(for: cooper) == "Cooperlake")
        var sapphire = cooper
        sapphire.amxTile = true
        sapphire.avx512fp16 = true
        #expect(BLASKernelPolicy.bestKernel(for: sapphire) == "SapphireRapids")
        // AMX without FP16 is not enough for the Sapphire Rapids kernels.
        var partial = cooper
        partial.amxTile = true
        #expect(BLASKernelPolicy.bestKernel(for: partial) == "Cooperlake")
    }

    @Test func genericKernelOnAVX2CPUReexecsWithHaswell() {
        let decision = BLASKernelPolicy.decide(
            features: Self.avx2Only, currentKernel: "Prescott", userCoretype: nil,
            alreadyReexecuted: false)
        #expect(decision == .reexec(
            coretype: "Haswell", reason: "OpenBLAS fell back to Prescott on a CPU that runs Haswell"))
    }

    @Test(arguments: ["SkylakeX", "COOPERLAKE", "SapphireRapids"])
    func fittingAVX512KernelIsKept(kernel: String) {
        let decision = BLASKernelPolicy.decide(
            features: Self.avx512, currentKernel: kernel, userCoretype: nil,
            alreadyReexecuted: false)
        guard case .keep = decision else { Issue.record("\(kernel) should be kept"); return }
    }

    @Test func avx2KernelOnAVX512CPUIsUpgraded() {
        let decision = BLASKernelPolicy.decide(
            features: Self.avx512, currentKernel: "Haswell", userCoretype: nil,
            alreadyReexecuted: false)
        guard case .reexec("SkylakeX", _) = decision else {
            Issue.record("expected SkylakeX, got \(decision)"); return
        }
    }

    static var zen4: CPUFeatures {
        var f = avx512
        f.avx512bf16 = true
        f.vendor = "AuthenticAMD"; f.family = 0x19
        return f
    }

    @Test func onZen4TheAVX2KernelIsChosenOverAVX512Ones() {
        #expect(Self.zen4.prefersAVX2Kernels)
        #expect(BLASKernelPolicy.bestKernel(for: Self.zen4) == "Haswell")
        // OpenBLAS's own choice there, an AVX-512 kernel, is replaced; its generic fallback too.
        for chosen in ["Cooperlake", "SkylakeX", "Prescott"] {
            let decision = BLASKernelPolicy.decide(features: Self.zen4, currentKernel: chosen, userCoretype: nil, alreadyReexecuted: false)
            guard case .reexec("Haswell", _) = decision else { Issue.record("\(chosen): \(decision)"); continue }
        }
        for chosen in ["Haswell", "Zen"] {
            guard case .keep = BLASKernelPolicy.decide(features: Self.zen4, currentKernel: chosen, userCoretype: nil, alreadyReexecuted: false) else {
                Issue.record("\(chosen) should be kept on Zen 4"); continue
            }
        }
        // A user's setting still wins; Intel, and AMD's next family, keep the AVX-512 kernels.
        guard case .keep = BLASKernelPolicy.decide(features: Self.zen4, currentKernel: "Cooperlake", userCoretype: "Cooperlake", alreadyReexecuted: false) else {
            Issue.record("a user's OPENBLAS_CORETYPE was overridden on Zen 4"); return
        }
        var intel = Self.zen4
        intel.vendor = "GenuineIntel"; intel.family = 6
        var zen5 = Self.zen4
        zen5.family = 0x1A
        #expect(BLASKernelPolicy.bestKernel(for: intel) == "Cooperlake" && BLASKernelPolicy.bestKernel(for: zen5) == "Cooperlake")
        // Zen 3 (family 19h without AVX-512) runs the AVX2 kernels anyway.
        var zen3 = Self.avx2Only
        zen3.vendor = "AuthenticAMD"; zen3.family = 0x19
        #expect(!zen3.prefersAVX2Kernels && BLASKernelPolicy.bestKernel(for: zen3) == "Haswell")
    }

    @Test func thisCPUsVendorAndFamilyAreRead() {
        let features = CPUFeatures.detect()
        #if arch(x86_64)
        #expect(["GenuineIntel", "AuthenticAMD"].contains(features.vendor) && features.family >= 6, "\(features)")
        #endif
    }

    @Test func userSettingIsNeverOverridden() {
        let decision = BLASKernelPolicy.decide(
            features: Self.avx512, currentKernel: "Prescott", userCoretype: "Prescott",
            alreadyReexecuted: false)
        guard case let .keep(reason) = decision else {
            Issue.record("a user's OPENBLAS_CORETYPE was overridden"); return
        }
        #expect(reason.contains("set by the user"))
    }

    @Test func emptyUserSettingCountsAsUnset() {
        let decision = BLASKernelPolicy.decide(
            features: Self.avx512, currentKernel: "Prescott", userCoretype: "",
            alreadyReexecuted: false)
        guard case .reexec = decision else { Issue.record("expected re-execution"); return }
    }

    @Test func neverReexecutesTwice() {
        // OpenBLAS may refuse the kernel asked for; the second process must not loop.
        let decision = BLASKernelPolicy.decide(
            features: Self.avx512, currentKernel: "Prescott", userCoretype: "SkylakeX",
            alreadyReexecuted: true)
        guard case .keep = decision else { Issue.record("re-executed twice"); return }
    }

    @Test func oldCPUKeepsGenericKernel() {
        let decision = BLASKernelPolicy.decide(
            features: CPUFeatures(), currentKernel: "Prescott", userCoretype: nil,
            alreadyReexecuted: false)
        guard case .keep = decision else { Issue.record("nothing faster to pick"); return }
    }

    @Test func detectionAgreesWithItself() {
        // AVX-512 kernels imply AVX2 kernels on every real CPU.
        let features = CPUFeatures.detect()
        if features.hasAVX512Kernels { #expect(features.hasAVX2Kernels) }
    }
}
