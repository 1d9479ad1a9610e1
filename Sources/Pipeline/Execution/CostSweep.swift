import Foundation
import Linalg
import Plotting
import Training

/// `bench sweep`: how a run's time grows with width — measured, predicted by the
/// calibration, and the time its operations would take at the speed of square products.
public enum CostSweep {
    /// One width.
    public struct Row: Codable, Sendable {
        public var width: Int
        /// Median seconds of the timed runs.
        public var measuredSeconds: Double
        public var predictedSeconds: Double
        /// The run's operations at the measured square-sgemm speed.
        public var sgemmBoundSeconds: Double
        enum CodingKeys: String, CodingKey {
            case width, measuredSeconds = "measured_seconds", predictedSeconds = "predicted_seconds", sgemmBoundSeconds = "sgemm_bound_seconds"
        }
    }

    /// The default experiment's run shape (input 64, depth 3, 10 classes, batch 64, 20 SGD
    /// steps, snapshots at 0–3 and 20 with weight metrics) at `width`.
    public static func configuration(width: Int) -> RunConfiguration {
        RunConfiguration(architecture: MLPArchitecture(inputDimension: 64, width: width, depth: 3, classes: 10), parametrization: .spectral,
                         learningRate: 0.5, batchSize: 64, steps: 20, metricSteps: [0, 1, 2, 3, 20])
    }

    /// Times the run shape at `widths` (`repetitions` runs each, after a warm-up) and puts
    /// each beside its prediction and its sgemm-bound time at `sgemmGFLOPs`.
    public static func measure(widths: [Int], repetitions: Int, calibration: Calibration, sgemmGFLOPs: Double) throws -> [Row] {
        let teacher = TeacherConfiguration(inputDimension: 64, classes: 10, trainExamples: 2048, testExamples: 512, seed: 0)
        let dataset = teacher.makeDataset()
        return try widths.map { width in
            let run = configuration(width: width)
            _ = try Trainer.run(run, dataset: dataset)
            var times: [Double] = []
            for _ in 0..<max(1, repetitions) {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try Trainer.run(run, dataset: dataset)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            let median = times.sorted()[times.count / 2]
            return Row(width: width, measuredSeconds: median, predictedSeconds: calibration.seconds(run, testExamples: teacher.testExamples),
                       sgemmBoundSeconds: RunCost.flops(run, testExamples: teacher.testExamples) / (sgemmGFLOPs * 1e9))
        }
    }

    /// The log-log figure of the three times against width.
    public static func figure(_ rows: [Row], title: String) -> Figure {
        var figure = Figure(width: 6.4, height: 4.2, dpi: 150)
        figure.title = title
        var axes = Axes()
        axes.xLabel = "width n"
        axes.yLabel = "seconds per run"
        axes.xScale = .log(base: 2)
        axes.yScale = .log(base: 10)
        let x = rows.map { Double($0.width) }
        axes.plot(x: x, y: rows.map(\.measuredSeconds), label: "measured", color: Colormap.tab10[0], marker: .circle)
        axes.plot(x: x, y: rows.map(\.predictedSeconds), label: "predicted (calibration)", color: Colormap.tab10[1], marker: .square, lineStyle: .dashed)
        axes.plot(x: x, y: rows.map(\.sgemmBoundSeconds), label: "operations at square-sgemm speed", color: Colormap.tab10[2], lineStyle: .dotted)
        axes.legend = .best
        figure.axes[0] = axes
        return figure
    }
}
