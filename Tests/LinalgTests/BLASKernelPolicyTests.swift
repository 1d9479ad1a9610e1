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
