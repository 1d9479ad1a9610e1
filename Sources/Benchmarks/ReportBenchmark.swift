import Foundation
import Linalg

/// The measurements of `docs/performance.md`'s section for the CPU at hand, taken by running
/// the built binary and, when given, PyTorch and matplotlib scripts back to back
/// (`spectral-report bench report`).
public enum ReportBenchmark {
    /// What to measure, and with what.
    public struct Setup: Sendable {
        /// The `spectral-report` binary the commands run.
        public var executable: URL
        /// The experiment file (as `run` takes it).
        public var experimentPath: String
        public var quick = false
        /// Counts from the experiment's plan: its runs, its estimated FLOPs and its
        /// transfer-sweep runs (0: no transfer sweep).
        public var runs = 0
        public var flops = 0.0
        public var transferRuns = 0
        /// Arguments for `docs/pytorch-transfer-sweep.py` that make it the experiment's sweep.
        public var transferPeerArguments: [String] = []
        public var threads = 1
        /// `--products`, when set.
        public var products: String?
        public var alternations = 3
        public var warmRuns = 5
        public var stepWidths = [256, 1024]
        public var stepInput = 3072
        public var stepBatch = 128
        public var stepSteps = 50
        public var figureRenders = 20
        public var sgemmSize = 2048
        /// A Python with torch (and matplotlib, for the figure): runs the peer scripts.
        public var python: URL?
        /// The folder of the peer scripts (`docs/` of the checkout).
        public var scripts: URL
        /// Where the cold runs' empty caches and reports go (created, its parent must exist;
        /// removed afterwards).
        public var workDirectory: URL
        /// Seconds each measured command may take before its process group is killed and the
        /// measurement fails.
        public var childTimeout = 1800.0
        /// Ends the running command at once (from a signal handler); `measure` then throws
        /// `ChildProcess.Stopped`.
        public var stopper: ChildStopper?

        public init(executable: URL, experimentPath: String, scripts: URL, workDirectory: URL) {
            self.executable = executable
            self.experimentPath = experimentPath
            self.scripts = scripts
            self.workDirectory = workDirectory
        }
    }

    /// A command that failed or printed what could not be read.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Takes every measurement, printing progress through `log`.
    /// - Throws: `Failure` when a command fails or its output cannot be read.
    public static func measure(_ setup: Setup, tool: String, commit: String?, log: (String) -> Void) throws -> PerformanceMeasurements {
        let ours = ChildProcess(executable: setup.executable, environment: [
            "SOURCE_DATE_EPOCH": ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"] ?? "1700000000",
        ], stopper: setup.stopper)
        func checked(_ child: ChildProcess, _ arguments: [String], _ what: String) throws -> ChildProcess.Result {
            try Self.checked(child.run(arguments, timeout: setup.childTimeout), what, timeout: setup.childTimeout)
        }
        let common = ["--threads", String(setup.threads)] + (setup.products.map { ["--products", $0] } ?? [])
        let experiment = [setup.experimentPath] + (setup.quick ? ["--quick"] : [])
        do {
            try FileManager.default.createDirectory(at: setup.workDirectory, withIntermediateDirectories: false)
        } catch {
            throw Failure(description: "cannot create the temporary folder \(setup.workDirectory.path): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: setup.workDirectory) }
        var counter = 0
        func freshFolder() -> String {
            counter += 1
            return setup.workDirectory.appendingPathComponent("run\(counter)").path
        }

        log("square sgemm \(setup.sgemmSize)², \(setup.threads) thread\(setup.threads == 1 ? "" : "s")…")
        let sgemm = SgemmBenchmark.measure(m: setup.sgemmSize, n: setup.sgemmSize, k: setup.sgemmSize, minimumSeconds: 2, kernel: .openBLAS)
        var measurements = PerformanceMeasurements(
            cpu: .current(), date: today(), tool: tool, commit: commit, blasKernel: BLASRuntime.kernel,
            products: setup.products ?? ProductKernel.current.rawValue, threads: setup.threads,
            sgemmSize: setup.sgemmSize, sgemmGFLOPs: sgemm.gflops)

        // The whole report, cold, then rerun with nothing changed.
        let folder = freshFolder()
        let runArguments = ["run"] + experiment + ["--output", folder, "--json", "--quiet"] + common
        log("the \(setup.quick ? "quick preset" : "full report"), cold…")
        let cold = try checked(ours, runArguments, "spectral-report run")
        let nodes = try summaryNodes(cold.standardOutput)
        var warm: [Double] = []
        for index in 0..<setup.warmRuns {
            log("warm rerun \(index + 1) of \(setup.warmRuns)…")
            warm.append(try checked(ours, runArguments, "spectral-report run (warm)").seconds)
        }
        try? FileManager.default.removeItem(atPath: folder)
        measurements.report = .init(experiment: experiment.joined(separator: " "), quick: setup.quick, nodes: nodes, runs: setup.runs,
                                    flops: setup.flops, coldSeconds: cold.seconds, warmSeconds: warm)

        let python = setup.python.map { ChildProcess(executable: $0, stopper: setup.stopper) }
        func script(_ name: String) -> String { setup.scripts.appendingPathComponent(name).path }
        var versions: [String] = []

        // Training steps at the bench shape, alternated with PyTorch's.
        measurements.steps = setup.stepWidths.map { .init(input: setup.stepInput, width: $0, batch: setup.stepBatch) }
        for round in 1...setup.alternations {
            for (index, width) in setup.stepWidths.enumerated() {
                log("training step, width \(width), round \(round) of \(setup.alternations)…")
                let shape = ["--input", String(setup.stepInput), "--batch", String(setup.stepBatch), "--steps", String(setup.stepSteps)]
                let step = try checked(ours, ["bench", "train", "--width", String(width), "--json"] + shape + common, "spectral-report bench train")
                measurements.steps[index].oursMilliseconds.append(try decode(TrainingBenchmark.Report.self, step.standardOutput, "bench train").msPerStep)
                guard let python else { continue }
                let peer = try checked(python, [script("pytorch-train-step.py"), "--widths", String(width), "--threads", String(setup.threads)] + shape,
                                       "pytorch-train-step.py")
                let (milliseconds, version) = try PeerOutput.trainStep(peer.standardOutput, width: width)
                measurements.steps[index].peerMilliseconds.append(milliseconds)
                versions.append("PyTorch \(version)")
            }
        }

        // The reference figure, alternated with matplotlib's.
        var figure = PerformanceMeasurements.FigureTiming()
        for round in 1...setup.alternations {
            log("reference figure, round \(round) of \(setup.alternations)…")
            let plot = try checked(ours, ["bench", "plot", "--renders", String(setup.figureRenders), "--json"], "spectral-report bench plot")
            figure.oursMilliseconds.append(try decode(PlotBenchmark.Report.self, plot.standardOutput, "bench plot").msPerFigure)
            guard let python else { continue }
            let peer = try checked(python, [script("matplotlib-reference-figure.py"), setup.workDirectory.appendingPathComponent("matplotlib.png").path],
                                   "matplotlib-reference-figure.py")
            let (milliseconds, version) = try PeerOutput.figure(peer.standardOutput)
            figure.peerMilliseconds.append(milliseconds)
            versions.append("matplotlib \(version)")
        }
        measurements.figure = figure

        // The learning-rate-transfer sweep, cold, alternated with PyTorch's two variants.
        if setup.transferRuns > 0 {
            var transfer = PerformanceMeasurements.TransferTiming(runs: setup.transferRuns)
            for round in 1...setup.alternations {
                log("transfer sweep, round \(round) of \(setup.alternations)…")
                let folder = freshFolder()
                let sweep = try checked(ours, ["run"] + experiment + ["--only", "run/transfer/", "--output", folder, "--json", "--quiet"] + common,
                                        "spectral-report run --only run/transfer/")
                try? FileManager.default.removeItem(atPath: folder)
                transfer.oursSeconds.append(sweep.seconds)
                guard let python else { continue }
                let arguments = [script("pytorch-transfer-sweep.py")] + setup.transferPeerArguments + ["--threads", String(setup.threads)]
                let full = try checked(python, arguments, "pytorch-transfer-sweep.py")
                transfer.peerSeconds.append(try PeerOutput.transferSweep(full.standardOutput).seconds)
                let finalOnly = try checked(python, arguments + ["--final-loss-only"], "pytorch-transfer-sweep.py --final-loss-only")
                transfer.peerFinalOnlySeconds.append(try PeerOutput.transferSweep(finalOnly.standardOutput).seconds)
            }
            measurements.transfer = transfer
        }
        var seen = Set<String>()
        measurements.peerVersions = versions.filter { seen.insert($0).inserted }
        return measurements
    }

    /// `result` when the command succeeded.
    static func checked(_ result: ChildProcess.Result, _ what: String, timeout: Double) throws -> ChildProcess.Result {
        guard !result.timedOut else {
            throw Failure(description: "\(what) timed out: it was still running after \(Int(timeout)) s and was killed (see --timeout)")
        }
        guard result.status == 0 else {
            let detail = result.standardError.split(separator: "\n").suffix(3).joined(separator: " / ")
            throw Failure(description: "\(what) failed (exit code \(result.status)): \(detail)")
        }
        return result
    }

    static func decode<T: Decodable>(_ type: T.Type, _ output: String, _ what: String) throws -> T {
        do { return try JSONDecoder().decode(type, from: Data(output.utf8)) } catch {
            throw Failure(description: "cannot read what \(what) --json printed: \(error)")
        }
    }

    /// The node count of `run --json`'s summary, which must say every node finished.
    static func summaryNodes(_ output: String) throws -> Int {
        guard let object = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
              let nodes = object["nodes"] as? Int, let failed = object["failed"] as? Int else {
            throw Failure(description: "cannot read run --json's summary")
        }
        guard failed == 0 else { throw Failure(description: "the report run had \(failed) failed nodes") }
        return nodes
    }

    /// Today's date in UTC, `YYYY-MM-DD`.
    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}
