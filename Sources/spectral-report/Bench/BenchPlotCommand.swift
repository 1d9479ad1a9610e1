import ArgumentParser
import AtomicWrite
import Benchmarks
import Foundation
import Pipeline
import Plotting

/// `spectral-report bench plot`: the reference figure of `docs/reference-figure.md`.
struct BenchPlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Render the reference figure (12 × 3.6 in, 150 dpi, three log-log panels) and time it.",
        discussion: "Prints the median milliseconds per figure over the renders, PNG encoding included, and the PNG size."
    )

    @OptionGroup var fonts: FontOptions
    @Option(help: "Write the figure's PNG here.") var out: String?
    @Option(help: "Number of timed renders (at least 20 for a stable median).") var renders: Int = 20
    @Flag(help: "Print one JSON object instead of text.") var json = false

    mutating func validate() throws {
        guard (1...10_000).contains(renders) else { throw ValidationError("--renders must be between 1 and 10000, got \(renders)") }
    }

    func run() throws {
        if let out { try OutputFile.check(out, option: "--out") }
        let (regular, bold) = try fonts.load()
        let (report, png) = try PlotBenchmark.run(fonts: FigureFonts(regular: regular, bold: bold), renders: renders)
        if let out {
            do { try AtomicFile.write(png, to: URL(fileURLWithPath: out)) } catch {
                throw RuntimeFailure("cannot write \(out): \(OutputError.describe(error))")
            }
        }
        if json {
            try Output.json(report)
        } else {
            print(String(format: "reference figure %d×%d px: %.2f ms per figure (median of %d, PNG encoding included), PNG %d bytes",
                         report.width, report.height, report.msPerFigure, report.renders, report.pngBytes))
        }
    }
}
