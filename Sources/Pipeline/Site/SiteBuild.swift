import Foundation

/// Runs several experiments' plans one after the other through one cache (a run two of
/// them share is computed once), writes each report, and then the site index: what `run`
/// and every rebuild of `watch` do.
public struct SiteBuild: Sendable {
    /// One summary per plan that ran, in order.
    public var summaries: [ExecutionSummary] = []
    /// The index's files, when it was written.
    public var index: [String] = []
    /// Folders the index left out, and why.
    public var indexWarnings: [String] = []
    /// Why the index could not be written, if it could not.
    public var indexError: String?

    /// Whether every plan ran to the end and the index (if asked for) was written.
    public var isComplete: Bool { summaries.allSatisfy(\.isComplete) && indexError == nil }
    /// Every node that executed, over all plans.
    public var executedNodes: [NodeID] { summaries.flatMap(\.executedNodes) }

    /// Runs `plans` in order; stops starting new ones once `cancellation` is set.
    /// - Parameters:
    ///   - index: write `<outputDirectory>/index.html` and `index.md` (with `templates`'
    ///     templates) when every plan completed.
    ///   - willRun: called before each plan with its position.
    ///   - didRun: called after each plan with its summary.
    public static func run(_ plans: [Plan], store: CacheStore, options: ExecutionOptions, outputDirectory: URL,
                           index templates: ExperimentSession?, reporter: ProgressReporter = SilentReporter(),
                           cancellation: CancellationFlag = CancellationFlag(),
                           willRun: (Int, Plan) -> Void = { _, _ in }, didRun: (Plan, ExecutionSummary) -> Void = { _, _ in }) -> SiteBuild {
        var build = SiteBuild()
        for (position, plan) in plans.enumerated() where !cancellation.isSet {
            willRun(position, plan)
            let summary = PipelineRunner.run(plan: plan, store: store, options: options, outputDirectory: outputDirectory,
                                             reporter: reporter, cancellation: cancellation)
            build.summaries.append(summary)
            // The run time goes beside the report, never into it (the folder's bytes are
            // reproducible); the index shows it. A run that computed nothing keeps the
            // record of the one that did (a warm rerun writes nothing).
            if summary.isComplete && (summary.executed > 0 || SiteIndexRunTime.read(output: outputDirectory, report: plan.experiment.name) == nil) {
                do {
                    try SiteIndexRunTime.measure(plan, summary: summary, store: store).write(output: outputDirectory, report: plan.experiment.name)
                } catch {
                    build.indexWarnings.append("run time of \(plan.experiment.name) not recorded: \(error)")
                }
            }
            didRun(plan, summary)
        }
        guard let templates, build.summaries.count == plans.count, build.summaries.allSatisfy(\.isComplete), !cancellation.isSet else { return build }
        // The reports are whole: a signal from here on need not wait for the index.
        cancellation.stopsAtOnce = true
        defer { cancellation.stopsAtOnce = false }
        do {
            let written = try SiteIndex.write(outputDirectory: outputDirectory, templates: templates)
            build.index = written.files
            build.indexWarnings += written.warnings
        } catch {
            build.indexError = "writing the index of \(outputDirectory.path): \(error)"
        }
        return build
    }
}
