import ArgumentParser
import Benchmarks

/// `spectral-report bench …`: performance measurements, reported from one process.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure performance (training steps, matrix products, rasterizer, figures, the cost of runs by width) and calibrate predictions.",
        subcommands: [BenchTrainCommand.self, BenchSgemmCommand.self, BenchBoundCommand.self, BenchRasterCommand.self, BenchPlotCommand.self, BenchCalibrateCommand.self, BenchSweepCommand.self, BenchReportCommand.self]
    )
}
