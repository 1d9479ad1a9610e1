import Foundation

/// Executes a plan and, when every node finished, writes the report: what `run` does.
public enum PipelineRunner {
    public static func run(plan: Plan, store: CacheStore, options: ExecutionOptions, outputDirectory: URL,
                           reporter: ProgressReporter = SilentReporter(), cancellation: CancellationFlag = CancellationFlag()) -> ExecutionSummary {
        // While this holds the cache, `cache gc` removes nothing (it would take entries this
        // run has made but not yet recorded, or still has to read).
        let use = store.beginUse()
        defer { withExtendedLifetime(use) {} }
        var summary = Executor(plan: plan, store: store, options: options, reporter: reporter, cancellation: cancellation).run()
        summary.experiment = plan.experiment.name
        guard summary.isComplete else { return summary }
        do {
            summary.outputs = try ReportWriter(plan: plan, store: store).write(entries: summary.entries, to: outputDirectory)
        } catch {
            let base = outputDirectory.appendingPathComponent(plan.experiment.name).path
            summary.failed += 1
            summary.failures.append("writing the report to \(base): \(FailureMessage.describe(error))")
            reporter.note("error: writing the report to \(base): \(FailureMessage.describe(error))")
        }
        return summary
    }
}
