import ArgumentParser
import Foundation
import Linalg
import Pipeline

/// The root command: a tool version and the subcommands.
struct SpectralReport: ParsableCommand {
    /// The tool's version; part of every cache key once the pipeline exists.
    static var toolVersion: String { ToolInfo.version }

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "spectral-report",
            abstract: "Train MLPs under standard, NTK and spectral parametrizations and measure how their features and weights move.",
            discussion: """
                OpenBLAS runs its fastest kernel for this CPU: when it falls back to a generic \
                one, spectral-report restarts itself once with OPENBLAS_CORETYPE set. A value \
                you set yourself is never overridden.
                """,
            version: versionText,
            subcommands: [RunCommand.self, CompareCommand.self, WatchCommand.self, CacheCommand.self, SettingsCommand.self, BenchCommand.self, TestSheetCommand.self]
        )
    }

    /// What `--version` prints: tool, OpenBLAS version, kernel and who chose it, the kernel
    /// of the matrix products and its numerics label, threads.
    static var versionText: String {
        """
        spectral-report \(toolVersion)
        OpenBLAS \(BLASRuntime.version), kernel \(BLASRuntime.kernelSummary)
        products: \(ProductKernel.current.rawValue) kernel (\(ProductKernel.current.numericsLabel))
        threads: \(BLASRuntime.threads) (of \(ProcessInfo.processInfo.activeProcessorCount) cores)
        CPU features: \(CPUFeatures.detect())
        """
    }
}
