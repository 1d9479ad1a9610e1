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

    /// Writes every report file the plan's nodes declare: the report folder is replaced as
    /// a whole (built beside it, then swapped in), so it appears complete or not at all, and
    /// is not touched when every file already holds its bytes. Files of the folder the plan
    /// does not write (a run with `--only`) are kept.
    /// - Parameter entries: the cache key of every node (from `ExecutionSummary.entries`).
    /// - Returns: the paths of the report's files.
    public func write(entries: [NodeID: String], to outputDirectory: URL) throws -> [String] {
        let base = outputDirectory.appendingPathComponent(plan.experiment.name)
        var files: [(path: String, data: Data)] = []
        for node in plan.nodes {
            for (path, artifact) in node.computation.reportFiles {
                guard let key = entries[node.id], let data = store.artifact(key, artifact.rawValue) else {
                    throw InputError(file: store.root.path, message: "cache entry of \(node.id) disappeared while writing the report")
                }
                files.append((path, data))
            }
            for (folder, artifact) in node.computation.reportBundles {
                guard let key = entries[node.id], let data = store.artifact(key, artifact.rawValue),
                      let bundle = try? JSONDecoder().decode(FileBundle.self, from: data) else {
                    throw InputError(file: store.root.path, message: "cache entry of \(node.id) disappeared or is damaged while writing the report")
                }
                for (name, bytes) in bundle.files.sorted(by: { $0.key < $1.key }) where !name.contains("/") && !name.hasPrefix(".") {
                    files.append(("\(folder)/\(name)", bytes))
                }
            }
        }
        try FolderReplacement.replace(base, with: files, keepingOthers: true)
        return files.map { base.appendingPathComponent($0.path).path }
    }
}
