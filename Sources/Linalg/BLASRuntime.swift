import COpenBLAS
import CSystemInfo
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The OpenBLAS library this process runs: its version, kernel and thread count, and the
/// start-up step that moves it onto a fast kernel.
public enum BLASRuntime {
    /// Set in the environment of a re-executed process, holding the kernel OpenBLAS had
    /// chosen before; it marks `OPENBLAS_CORETYPE` as ours rather than the user's.
    public static let reexecMarkerVariable = "SPECTRAL_REPORT_OPENBLAS_FALLBACK"

    /// For tests on CPUs that OpenBLAS does recognise: when set to 1, an
    /// `OPENBLAS_CORETYPE` in the environment counts as OpenBLAS's own fallback rather than
    /// the user's choice, so the re-execution path runs for real.
    public static let simulateFallbackVariable = "SPECTRAL_REPORT_SIMULATE_FALLBACK"

    /// The kernel OpenBLAS runs, as `openblas_get_corename()` names it (e.g. `SkylakeX`).
    public static var kernel: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// OpenBLAS's build description, e.g. `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY …`.
    public static var configuration: String {
        guard let text = openblas_get_config() else { return "unknown" }
        return String(cString: text)
    }

    /// The OpenBLAS version number, e.g. `0.3.21`.
    public static var version: String {
        let words = configuration.split(separator: " ")
        if let index = words.firstIndex(of: "OpenBLAS"), index + 1 < words.count {
            return String(words[index + 1])
        }
        return "unknown"
    }

    /// The workers a matrix product is spread over (see `ProductGrid`). OpenBLAS itself
    /// always runs one thread: its own threading gives different bits with different thread
    /// counts, ours does not.
    public static var threads: Int { ProductWorkers.count }

    /// Sets the workers for matrix products; values below 1 are raised to 1.
    public static func setThreads(_ count: Int) {
        openblas_set_num_threads(1)
        ProductWorkers.count = max(1, count)
    }

    /// The kernel OpenBLAS chose by itself before this program re-executed with a better
    /// one, or nil when no re-execution happened.
    public static var replacedKernel: String? {
        environment(reexecMarkerVariable)
    }

    /// A one-line account of which kernel runs and who chose it.
    public static var kernelSummary: String {
        if let replaced = replacedKernel {
            return "\(kernel) (selected by spectral-report; OpenBLAS had chosen \(replaced))"
        }
        if let user = environment("OPENBLAS_CORETYPE"), !user.isEmpty {
            return "\(kernel) (OPENBLAS_CORETYPE=\(user) set by the user)"
        }
        return "\(kernel) (chosen by OpenBLAS)"
    }

    /// What `BLASKernelPolicy` decides for this process.
    public static func currentDecision() -> BLASKernelPolicy.Decision {
        BLASKernelPolicy.decide(
            features: CPUFeatures.detect(),
            currentKernel: kernel,
            userCoretype: environment(simulateFallbackVariable) == "1"
                ? nil : environment("OPENBLAS_CORETYPE"),
            alreadyReexecuted: replacedKernel != nil
        )
    }

    /// Makes sure OpenBLAS runs a kernel that fits the CPU, re-executing the process with
    /// `OPENBLAS_CORETYPE` set when it fell back to a generic one.
    ///
    /// Call it first thing in `main`, before any other work: on re-execution the process
    /// starts again from the top with the same arguments. If re-execution fails the program
    /// goes on with the slow kernel rather than stopping.
    ///
    /// - Parameter arguments: the process's arguments, `CommandLine.arguments`.
    /// - Returns: the decision, when the process goes on.
    @discardableResult
    public static func ensureFastKernel(arguments: [String]) -> BLASKernelPolicy.Decision {
        let decision = currentDecision()
        guard case let .reexec(coretype, _) = decision else { return decision }
        setenv("OPENBLAS_CORETYPE", coretype, 1)
        setenv(reexecMarkerVariable, kernel, 1)
        unsetenv(simulateFallbackVariable)
        #if os(Linux)
        let executable = "/proc/self/exe"
        #else
        let executable = arguments.first ?? ""
        #endif
        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        cArguments.append(nil)
        _ = sr_reexec(executable, &cArguments)
        // Still here: exec failed. Undo, and go on with the kernel there is.
        for pointer in cArguments { free(pointer) }
        unsetenv("OPENBLAS_CORETYPE")
        unsetenv(reexecMarkerVariable)
        return .keep(reason: "re-execution failed; running \(kernel)")
    }

    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
