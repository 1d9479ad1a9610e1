import ArgumentParser
import Foundation
import Linalg

extension ProductKernel: ExpressibleByArgument {}

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Threads for matrix products (default: all cores).")
    var threads: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Kernels for matrix products: avx512, avx2, portable (bit-stable: the same results on every CPU) or openblas (results depend on OpenBLAS's kernel and are labelled so). Default: the fastest bit-stable one this CPU runs.",
        valueName: "kernel"))
    var products: ProductKernel?

    mutating func validate() throws {
        if let threads, threads < 1 || threads > 1024 {
            throw ValidationError("--threads must be between 1 and 1024, got \(threads)")
        }
        if let products, !products.runs(on: CPUFeatures.detect()) {
            throw ValidationError("--products \(products.rawValue): this CPU does not run it (\(CPUFeatures.detect()))")
        }
    }

    /// The thread count in force: `--threads` or every core.
    var resolvedThreads: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }

    /// Applies the options to the libraries; call first in `run()`.
    func apply() {
        BLASRuntime.setThreads(resolvedThreads)
        if let products { ProductKernel.select(products) }
    }
}
