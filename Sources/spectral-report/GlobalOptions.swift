import ArgumentParser
import Foundation
import Linalg

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Threads for OpenBLAS (default: all cores).")
    var threads: Int?

    mutating func validate() throws {
        if let threads, threads < 1 || threads > 1024 {
            throw ValidationError("--threads must be between 1 and 1024, got \(threads)")
        }
    }

    /// The thread count in force: `--threads` or every core.
    var resolvedThreads: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }

    /// Applies the options to the libraries; call first in `run()`.
    func apply() {
        BLASRuntime.setThreads(resolvedThreads)
    }
}
