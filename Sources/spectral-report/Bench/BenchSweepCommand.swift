import ArgumentParser
import Benchmarks
import Foundation
import Pipeline
import Plotting
import Raster

/// `spectral-report bench sweep`: seconds per run across widths, measured against predicted
/// and against the sgemm-bound time, as a table and a log-log figure.
struct BenchSweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Time the default run shape at widths 64–4096 against its predicted and sgemm-bound times, and draw the figure.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var fonts: FontOptions

    @Option(help: "The cache directory whose calibration predicts (one is measured and kept when missing).")
    var cacheDir: String = "output/.cache"

    @Option(help: "Timed runs per width (the median is reported).")
    var repetitions: Int = 3

    @Option(help: ArgumentHelp("Where the figure goes (PNG).", valueName: "file"))
    var out: String = "bench-sweep.png"

    mutating func validate() throws {
        guard (1...20).contains(repetitions) else { throw ValidationError("--repetitions must be between 1 and 20, got \(repetitions)") }
    }

    func run() throws {
        global.apply()
        let threads = global.resolvedThreads
        let store = try CacheStore(root: URL(fileURLWithPath: cacheDir))
        let calibration: Calibration
        if let kept = Calibration.cached(in: store, threads: threads) { calibration = kept } else {
            Output.error("calibrating first (no calibration for \(threads) thread\(threads == 1 ? "" : "s") in \(cacheDir))…")
            calibration = try Calibration.measure(threads: threads)
            try calibration.save(in: store)
        }
        let sgemm = SgemmBenchmark.measure(m: 1024, n: 1024, k: 1024)
        let rows = try CostSweep.measure(widths: [64, 128, 256, 512, 1024, 2048, 4096], repetitions: repetitions,
                                         calibration: calibration, sgemmGFLOPs: sgemm.gflops)
        print("\(calibration.machine), \(threads) thread\(threads == 1 ? "" : "s"); square sgemm \(String(format: "%.0f", sgemm.gflops)) GFLOP/s")
        print("| width | measured s | predicted s | predicted / measured | sgemm-bound s | measured / sgemm-bound |")
        print("|---:|---:|---:|---:|---:|---:|")
        for row in rows {
            print(String(format: "| %d | %.3f | %.3f | %.2f | %.3f | %.1f |", row.width, row.measuredSeconds, row.predictedSeconds,
                         row.predictedSeconds / row.measuredSeconds, row.sgemmBoundSeconds, row.measuredSeconds / row.sgemmBoundSeconds))
        }
        let figure = CostSweep.figure(rows, title: "Seconds per run of the default shape")
        let faces = try fonts.load()
        do {
            try PNGCodec.write(figure.render(fonts: FigureFonts(regular: faces.regular, bold: faces.bold)), to: URL(fileURLWithPath: out),
                               options: Figure.pngOptions)
        } catch {
            throw RuntimeFailure("writing \(out): \(error)")
        }
        print("figure: \(out)")
    }
}
