import ArgumentParser
import Benchmarks
import Foundation
import Linalg
import Pipeline
import Training

/// `spectral-report bench report`: the measurements of `docs/performance.md`'s section for
/// the CPU at hand — the whole report cold and warm against its FLOP bound, the training step
/// and the transfer sweep, and with `--python` PyTorch's and matplotlib's times alternated
/// with ours — printed as that section.
struct BenchReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Measure what docs/performance.md states for this CPU (report cold and warm, FLOP-bound ratio, training step, transfer sweep, figure; PyTorch and matplotlib with --python) and print it.",
        discussion: """
            Runs this binary's own commands in child processes, into empty caches under a \
            temporary folder that is removed afterwards: `run` cold and then warm, `bench train` \
            at the bench shape per width, `bench plot`, and `run --only run/transfer/` cold. With \
            --python (a Python with torch and matplotlib) the scripts in --scripts \
            (pytorch-train-step.py, pytorch-transfer-sweep.py with and without --final-loss-only, \
            matplotlib-reference-figure.py) run alternated with ours. Progress goes to standard \
            error; the result to standard output: --markdown prints the section for \
            docs/performance.md. The full report with peers takes some 20–30 minutes on 2 cores. \
            Each command measured runs in a process group of its own and is killed, failing \
            the measurement (exit code 1), past --timeout. SIGINT, SIGTERM or SIGHUP kills the \
            running command, removes the temporary folder (under TMPDIR, which must be an \
            existing folder) and exits with 128 + the signal.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The experiment file (default: experiments/spectral-condition.toml).", valueName: "experiment"))
    var experimentPath: String = "experiments/spectral-condition.toml"

    @Flag(help: "Measure the experiment's [quick] preset instead of the full report.")
    var quick = false

    @Flag(help: "Print the section for docs/performance.md (Markdown).")
    var markdown = false

    @Flag(help: "Print the measurements as one JSON object.")
    var json = false

    @Option(help: ArgumentHelp("A Python with torch and matplotlib: also run the peer scripts, alternated with ours.", valueName: "path"))
    var python: String?

    @Option(help: ArgumentHelp("The folder of the peer scripts.", valueName: "folder"))
    var scripts: String = "docs"

    @Option(help: "Rounds of each alternated comparison.")
    var alternations: Int = 3

    @Option(help: "Warm reruns of the report timed after the cold one.")
    var warmRuns: Int = 5

    @Option(parsing: .upToNextOption, help: "Hidden widths of the training-step comparison.")
    var widths: [Int] = [256, 1024]

    @Option(help: "Input dimension of the training-step comparison.")
    var input: Int = 3072

    @Option(help: "Batch of the training-step comparison.")
    var batch: Int = 128

    @Option(help: "Timed steps per training-step measurement.")
    var steps: Int = 50

    @Option(help: "Renders per reference-figure measurement.")
    var renders: Int = 20

    @Option(help: "Matrix size of the square sgemm that sets the FLOP bound's speed.")
    var sgemmSize: Int = 2048

    @Option(help: ArgumentHelp("Seconds each measured command may run before it is killed and the measurement fails.", valueName: "seconds"))
    var timeout: Int = 1800

    @Option(help: ArgumentHelp("Seconds --python may take to import torch and matplotlib before it is refused.", valueName: "seconds"))
    var pythonCheckTimeout: Int = 120

    mutating func validate() throws {
        guard (1...20).contains(alternations) else { throw ValidationError("--alternations must be between 1 and 20, got \(alternations)") }
        guard (0...100).contains(warmRuns) else { throw ValidationError("--warm-runs must be between 0 and 100, got \(warmRuns)") }
        guard !widths.isEmpty, widths.allSatisfy({ (1...16384).contains($0) }) else { throw ValidationError("--widths must be between 1 and 16384") }
        guard (1...100_000).contains(input) else { throw ValidationError("--input must be between 1 and 100000, got \(input)") }
        guard (1...100_000).contains(batch) else { throw ValidationError("--batch must be between 1 and 100000, got \(batch)") }
        guard (1...10_000).contains(steps) else { throw ValidationError("--steps must be between 1 and 10000, got \(steps)") }
        guard (1...10_000).contains(renders) else { throw ValidationError("--renders must be between 1 and 10000, got \(renders)") }
        guard (64...8192).contains(sgemmSize) else { throw ValidationError("--sgemm-size must be between 64 and 8192, got \(sgemmSize)") }
        guard (1...604_800).contains(timeout) else { throw ValidationError("--timeout must be between 1 and 604800 seconds, got \(timeout)") }
        guard (1...3600).contains(pythonCheckTimeout) else { throw ValidationError("--python-check-timeout must be between 1 and 3600 seconds, got \(pythonCheckTimeout)") }
        guard !(markdown && json) else { throw ValidationError("--markdown and --json exclude each other") }
    }

    func run() throws {
        global.apply()
        var request = ExperimentSession.Request(experimentPath: experimentPath)
        request.quick = quick
        let plan = try ExperimentSession.prepare(request).plan
        var setup = ReportBenchmark.Setup(
            executable: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath(), experimentPath: experimentPath,
            scripts: URL(fileURLWithPath: scripts),
            workDirectory: try Self.temporaryRoot().appendingPathComponent("spectral-report-bench-\(getpid())"))
        setup.quick = quick
        setup.runs = plan.runs.count
        setup.flops = plan.estimatedRunFlops
        let transfer = plan.runs.filter { $0.id.rawValue.hasPrefix("run/transfer/") }.compactMap(\.runConfiguration)
        setup.transferRuns = transfer.count
        setup.transferPeerArguments = Self.peerArguments(transfer)
        setup.threads = global.resolvedThreads
        setup.products = global.products?.rawValue
        setup.alternations = alternations
        setup.warmRuns = warmRuns
        setup.stepWidths = widths
        setup.stepInput = input
        setup.stepBatch = batch
        setup.stepSteps = steps
        setup.figureRenders = renders
        setup.sgemmSize = sgemmSize
        setup.childTimeout = Double(timeout)
        let stopper = ChildStopper(), cancellation = CancellationFlag()
        setup.stopper = stopper
        let signals = SignalHandler(cancellation: cancellation) { name in
            Output.error("interrupted by \(name): stopping the running command and removing the temporary folder")
            stopper.stop(signal: cancellation.signal ?? SIGINT)
        }
        defer { withExtendedLifetime(signals) {} }
        if let python {
            do {
                _ = try PeerPython.check(python, timeout: Double(pythonCheckTimeout), stopper: stopper)
            } catch let refusal as PeerPython.Refusal {
                throw InputError(file: python, message: refusal.description)
            } catch let stopped as ChildProcess.Stopped {
                throw ExitCode(128 + stopped.signal)
            }
            for name in ["pytorch-train-step.py", "pytorch-transfer-sweep.py", "matplotlib-reference-figure.py"] {
                let path = setup.scripts.appendingPathComponent(name).path
                guard FileManager.default.fileExists(atPath: path) else { throw InputError(file: path, message: "--scripts holds no \(name)") }
            }
            setup.python = URL(fileURLWithPath: python)
            if !transfer.isEmpty, setup.transferPeerArguments.isEmpty {
                Output.error("the transfer sweep is not the one docs/pytorch-transfer-sweep.py trains (64 → n → n → 10, ReLU, plain SGD, standard/spectral): PyTorch's side of it is skipped")
            }
        }
        let measurements: PerformanceMeasurements
        do {
            measurements = try ReportBenchmark.measure(setup, tool: ToolInfo.version, commit: ToolCommit.current) { Output.error($0) }
        } catch let failure as ReportBenchmark.Failure {
            throw RuntimeFailure(failure.description)
        } catch let stopped as ChildProcess.Stopped {
            throw ExitCode(128 + stopped.signal)
        }
        // A signal after the last command: the measurements are complete, but the user asked to stop.
        if let signal = stopper.stoppedBy { throw ExitCode(128 + signal) }
        if json { return try Output.json(measurements) }
        print(markdown ? PerformanceSection.markdown(measurements, command: commandLine) : PerformanceSection.text(measurements), terminator: "")
    }

    /// The folder the temporary folder goes in: TMPDIR (else /tmp), which must be an existing
    /// folder (a missing one is not created).
    static func temporaryRoot() throws -> URL {
        let variable = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 }
        let path = variable ?? "/tmp"
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            throw InputError(file: path, message: variable == nil
                ? "/tmp (the temporary folder, TMPDIR being unset) is not an existing folder: set TMPDIR to one"
                : "TMPDIR is not an existing folder: set it to one (a missing one is not created)")
        }
        return URL(fileURLWithPath: path, isDirectory: true)
    }

    /// The command as typed, minus the binary's path, for the section to name.
    private var commandLine: String {
        (["spectral-report"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
    }

    /// Arguments that make `docs/pytorch-transfer-sweep.py` train the same runs (as many
    /// widths, rates, seeds and steps; its seeds are 0, 1, …), or none when the sweep is not
    /// one it can train.
    static func peerArguments(_ runs: [RunConfiguration]) -> [String] {
        guard let first = runs.first, runs.allSatisfy({ run in
            run.architecture.inputDimension == 64 && run.architecture.depth == 3 && run.architecture.classes == 10
                && run.architecture.activation == .relu && !run.architecture.biases && run.optimizer.isPlainSGD
                && [.standard, .spectral].contains(run.parametrization.builtin) && run.steps == first.steps && run.batchSize == first.batchSize
        }), Set(runs.map(\.parametrization.builtin)) == [.standard, .spectral] else { return [] }
        let widths = Set(runs.map(\.architecture.width)).sorted()
        let rates = Set(runs.map(\.learningRate)).sorted()
        let seeds = Set(runs.map(\.seed))
        return ["--widths"] + widths.map(String.init) + ["--rates"] + rates.map { String(Double($0)) }
            + ["--steps", String(first.steps), "--batch", String(first.batchSize), "--seeds", String(seeds.count)]
    }
}
