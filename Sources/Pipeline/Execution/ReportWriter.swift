import Foundation
import Raster

/// Copies a finished report out of the cache into `<output>/<experiment>/`, writing only
/// files whose bytes changed, each atomically.
struct ReportWriter: Sendable {
    public let plan: Plan
    public let store: CacheStore

    public init(plan: Plan, store: CacheStore) {
        self.plan = plan
        self.store = store
    }

    /// Writes every report file the plan's nodes declare.
    /// - Parameter entries: the cache key of every node (from `ExecutionSummary.entries`).
    /// - Returns: the paths of the report's files.
    public func write(entries: [NodeID: String], to outputDirectory: URL) throws -> [String] {
        let base = outputDirectory.appendingPathComponent(plan.experiment.name)
        var files: [(URL, Data)] = []
        for node in plan.nodes {
            for (path, artifact) in node.computation.reportFiles {
                guard let key = entries[node.id], let data = store.artifact(key, artifact.rawValue) else {
                    throw InputError(file: store.root.path, message: "cache entry of \(node.id) disappeared while writing the report")
                }
                files.append((base.appendingPathComponent(path), data))
            }
            for (folder, artifact) in node.computation.reportBundles {
                guard let key = entries[node.id], let data = store.artifact(key, artifact.rawValue),
                      let bundle = try? JSONDecoder().decode(FileBundle.self, from: data) else {
                    throw InputError(file: store.root.path, message: "cache entry of \(node.id) disappeared or is damaged while writing the report")
                }
                for (name, bytes) in bundle.files.sorted(by: { $0.key < $1.key }) where !name.contains("/") && !name.hasPrefix(".") {
                    files.append((base.appendingPathComponent(folder).appendingPathComponent(name), bytes))
                }
            }
        }
        for (url, data) in files {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            if FileManager.default.contents(atPath: url.path) != data { try AtomicFile.write(data, to: url) }
        }
        return files.map(\.0.path)
    }
}

/// Executes a plan and, when every node finished, writes the report: what `run` does.
public enum PipelineRunner {
    public static func run(plan: Plan, store: CacheStore, options: ExecutionOptions, outputDirectory: URL,
                           reporter: ProgressReporter = SilentReporter(), cancellation: CancellationFlag = CancellationFlag()) -> ExecutionSummary {
        var summary = Executor(plan: plan, store: store, options: options, reporter: reporter, cancellation: cancellation).run()
        summary.experiment = plan.experiment.name
        guard summary.isComplete else { return summary }
        do {
            summary.outputs = try ReportWriter(plan: plan, store: store).write(entries: summary.entries, to: outputDirectory)
        } catch {
            let base = outputDirectory.appendingPathComponent(plan.experiment.name).path
            summary.failed += 1
            summary.failures.append("writing the report to \(base): \(error)")
            reporter.note("error: writing the report to \(base): \(error)")
        }
        return summary
    }
}
