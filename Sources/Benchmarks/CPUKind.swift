import Foundation
import Linalg

/// The kind of CPU a measurement was made on, as `docs/performance.md` names it: the model
/// name, CPUID vendor, family and model, the widest vector extension the kernels use and the
/// number of cores this process may use.
public struct CPUKind: Codable, Equatable, Sendable {
    /// `/proc/cpuinfo`'s model name, e.g. `AMD EPYC 9R14 96-Core Processor`.
    public var name: String
    public var vendor: String
    public var family: Int
    public var model: Int
    /// `AVX-512`, `AVX2` (with FMA) or `no AVX2`.
    public var vectorExtension: String
    public var cores: Int

    public init(name: String, vendor: String, family: Int, model: Int, vectorExtension: String, cores: Int) {
        self.name = name
        self.vendor = vendor
        self.family = family
        self.model = model
        self.vectorExtension = vectorExtension
        self.cores = cores
    }

    /// The CPU this process runs on.
    public static func current() -> CPUKind {
        let features = CPUFeatures.detect()
        let name = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        let vector = features.hasAVX512Kernels ? "AVX-512" : features.hasAVX2Kernels ? "AVX2" : "no AVX2"
        return CPUKind(name: name, vendor: features.vendor, family: features.family, model: features.model,
                       vectorExtension: vector, cores: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// E.g. `AuthenticAMD family 19h model 11h, AVX-512`.
    public var identification: String {
        "\(vendor.isEmpty ? "unknown vendor" : vendor) family \(String(family, radix: 16))h model \(String(model, radix: 16))h, \(vectorExtension)"
    }
}
