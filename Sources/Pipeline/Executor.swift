import Foundation
import Linalg
import Plotting
import Raster
import Training

/// Which cached nodes to recompute anyway.
public enum ForceSelection: Sendable {
    case none
    case all
    /// Node ids, or prefixes ending in `/` (e.g. `run/movement/`).
    case nodes([String])

    func includes(_ id: String) -> Bool {
        switch self {
        case .none: return false
        case .all: return true
        case let .nodes(names): return names.contains { $0 == id || ($0.hasSuffix("/") && id.hasPrefix($0)) || id.hasPrefix($0 + "/") }
        }
    }
}

/// Settings of one execution.
public struct ExecutionOptions: Sendable {
    /// Training runs at once; BLAS threads are split so that jobs × threads ≤ `threads`.
    public var jobs: Int = 1
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    public var force: ForceSelection = .none
    /// Execute only the `index`-th (1-based) of `count` partitions of the uncached runs.
    public var shard: (index: Int, count: Int)?
    /// `<output>/<experiment>/` receives the report.
    public var outputDirectory: URL
    public var embedImages = false
    /// The tool version that enters every key (the running tool's; tests vary it).
    public var toolVersion = ToolInfo.version

    public init(outputDirectory: URL) { self.outputDirectory = outputDirectory }
}

/// What `run --json` prints.
public struct ExecutionSummary: Codable, Sendable {
    public var nodes = 0
    public var executed = 0
    public var cached = 0
    public var failed = 0
    public var skipped = 0
    public var executedByKind: [String: Int] = ["run": 0, "aggregate": 0, "figure": 0, "page": 0]
    public var outputs: [String] = []
    public var interrupted = false
    public var failures: [String] = []
    public var corruptEntries: [String] = []
    public var seconds = 0.0

    enum CodingKeys: String, CodingKey {
        case nodes, executed, cached, failed, skipped, executedByKind = "executed_by_kind", outputs, interrupted, failures
        case corruptEntries = "corrupt_entries", seconds
    }
}

/// The state of a node as `cache status` and `--dry-run` report it.
public struct NodeStatus: Codable, Sendable {
    public enum State: String, Codable, Sendable { case fresh, stale, missing }
    public var node: String
    public var kind: NodeKind
    public var state: State
    /// Why it is stale or missing.
    public var reason: String?
    public var key: String?
}

/// Hands out work items to several threads.
final class WorkQueue<Item: Sendable>: @unchecked Sendable {
    private let items: [Item]
    private var position = 0
    private let lock = NSLock()
    init(_ items: [Item]) { self.items = items }
    func next() -> Item? {
        lock.lock(); defer { lock.unlock() }
        guard position < items.count else { return nil }
        position += 1
        return items[position - 1]
    }
}

/// Executes a plan against the cache, in dependency order.
public final class Executor: @unchecked Sendable {
    let plan: Plan
    let store: CacheStore
    let templates: TemplateSet
    let fonts: FigureFonts
    let options: ExecutionOptions
    let reporter: ProgressReporter
    let cancellation: CancellationFlag
    let experimentHash: String
    let datasets = DatasetCache()
    private let lock = NSLock()
    var outputHashes: [String: String] = [:]
    var keys: [String: String] = [:]
    private var failedNodes = Set<String>()
    var summary = ExecutionSummary()

    public init(plan: Plan, store: CacheStore, templates: TemplateSet, fonts: FigureFonts, options: ExecutionOptions,
                reporter: ProgressReporter = SilentReporter(), cancellation: CancellationFlag = CancellationFlag()) {
        self.plan = plan
        self.store = store
        self.templates = templates
        self.fonts = fonts
        self.options = options
        self.reporter = reporter
        self.cancellation = cancellation
        experimentHash = ContentHash.sha256(file: plan.experiment.path) ?? "unknown"
    }

    // MARK: Keys

    struct KeyMaterial: Encodable, Sendable {
        let kind: String, schema: Int, tool: String, parameters: String
        let inputs: [String: String], files: [String: String]
    }

    func material(_ node: PlanNode, inputHashes: [String: String]) -> KeyMaterial {
        KeyMaterial(kind: node.kind.rawValue, schema: Plan.schemaVersion, tool: options.toolVersion,
                    parameters: String(decoding: node.parameters, as: UTF8.self), inputs: inputHashes, files: node.files)
    }

    /// The node's key, when every input's output hash is known.
    func key(for node: PlanNode, outputs: [String: String]) -> (key: String, material: KeyMaterial)? {
        var inputs: [String: String] = [:]
        for input in node.inputs {
            guard let hash = outputs[input] else { return nil }
            inputs[input] = hash
        }
        let material = material(node, inputHashes: inputs)
        guard let data = try? ContentHash.canonicalJSON(material) else { return nil }
        return (ContentHash.sha256(data), material)
    }

    func record(_ node: PlanNode, key: String, material: KeyMaterial) {
        store.record(CacheStore.NodeRecord(node: node.id, key: key, parameters: ContentHash.sha256(node.parameters),
                                           inputs: material.inputs, files: material.files, tool: material.tool),
                     experiment: plan.experiment.name)
    }

    // MARK: Status

    /// Fresh, stale or missing for every node, with the reason, without executing anything.
    public func status() -> [NodeStatus] {
        var outputs: [String: String] = [:]
        var result: [NodeStatus] = []
        var states: [String: NodeStatus.State] = [:]
        for node in plan.nodes {
            let previous = store.lastRecord(experiment: plan.experiment.name, node: node.id)
            guard let (key, material) = key(for: node, outputs: outputs) else {
                let waiting = node.inputs.first { states[$0] != .fresh } ?? "?"
                let state: NodeStatus.State = previous == nil ? .missing : .stale
                states[node.id] = state
                result.append(NodeStatus(node: node.id, kind: node.kind, state: state, reason: "input \(waiting) is \(states[waiting]?.rawValue ?? "not ready")", key: nil))
                continue
            }
            if case let .hit(manifest) = store.lookup(key) {
                outputs[node.id] = manifest.outputHash
                states[node.id] = .fresh
                result.append(NodeStatus(node: node.id, kind: node.kind, state: .fresh, reason: nil, key: key))
                continue
            }
            guard let previous else {
                states[node.id] = .missing
                result.append(NodeStatus(node: node.id, kind: node.kind, state: .missing, reason: "never computed", key: key))
                continue
            }
            var reasons: [String] = []
            if previous.key == key { reasons.append("its cache entry is gone or corrupt") }
            if previous.tool != material.tool { reasons.append("tool version changed (\(previous.tool) → \(material.tool))") }
            if previous.parameters != ContentHash.sha256(node.parameters) { reasons.append("parameters changed") }
            for (name, hash) in material.files where previous.files[name] != hash { reasons.append("file \(name) changed") }
            for (input, hash) in material.inputs.sorted(by: { $0.key < $1.key }) where previous.inputs[input] != hash {
                reasons.append("input \(input) changed")
            }
            states[node.id] = .stale
            result.append(NodeStatus(node: node.id, kind: node.kind, state: .stale,
                                     reason: reasons.isEmpty ? "key changed" : reasons.prefix(3).joined(separator: "; ") + (reasons.count > 3 ? "; …" : ""), key: key))
        }
        return result
    }

    // MARK: Execution

    /// Executes every node that is not cached (or is forced), then writes the report.
    public func run() -> ExecutionSummary {
        let start = Date()
        store.removeStaleTemporaries()
        summary.nodes = plan.nodes.count
        let runs = plan.nodes.filter { $0.kind == .run }
        executeRuns(runs)
        if options.shard == nil && !cancellation.isSet {
            for (phase, kind) in [("aggregates", NodeKind.aggregate), ("figures", .figure), ("pages", .page)] {
                let nodes = plan.nodes.filter { $0.kind == kind }
                reporter.phase(phase, total: nodes.count)
                for node in nodes {
                    if cancellation.isSet { break }
                    executeSequential(node)
                }
            }
            if !cancellation.isSet && summary.failed == 0 { writeOutputs() }
        }
        summary.interrupted = cancellation.isSet
        summary.skipped = summary.nodes - summary.executed - summary.cached - summary.failed
        summary.seconds = Date().timeIntervalSince(start)
        reporter.finish()
        return summary
    }

    private func finish(_ node: PlanNode, _ outcome: NodeOutcome, seconds: Double = 0, message: String? = nil) {
        lock.lock()
        switch outcome {
        case .executed:
            summary.executed += 1
            summary.executedByKind[node.kind.rawValue, default: 0] += 1
        case .cached: summary.cached += 1
        case .failed:
            summary.failed += 1
            failedNodes.insert(node.id)
            summary.failures.append("\(node.id): \(message ?? "failed")")
        case .skipped: break
        }
        lock.unlock()
        if let message, outcome == .failed { reporter.note("error: \(node.id): \(message)") }
        reporter.finished(node.id, outcome: outcome, seconds: seconds)
    }

    private func noteCorrupt(_ message: String) {
        lock.lock(); summary.corruptEntries.append(message); lock.unlock()
        reporter.note("warning: corrupt cache entry removed and recomputed: \(message)")
    }

    /// Looks a node up; nil when it has to be computed.
    private func cached(_ node: PlanNode, key: String) -> CacheStore.Manifest? {
        if options.force.includes(node.id) { return nil }
        switch store.lookup(key) {
        case let .hit(manifest): return manifest
        case .missing: return nil
        case let .corrupt(message): noteCorrupt(message); return nil
        }
    }

    private func executeRuns(_ runs: [PlanNode]) {
        var pending: [(PlanNode, String, KeyMaterial)] = []
        reporter.phase("runs", total: runs.count)
        // Shards partition all runs by their sorted ids, so every process of a job array
        // agrees on the partition whatever the cache holds when it starts.
        let inShard: Set<String>? = options.shard.map { shard in
            Set(runs.map(\.id).sorted().enumerated().filter { $0.offset % shard.count == shard.index - 1 }.map(\.element))
        }
        for node in runs {
            guard let (key, material) = key(for: node, outputs: [:]) else { continue }
            keys[node.id] = key
            if let manifest = cached(node, key: key) {
                outputHashes[node.id] = manifest.outputHash
                record(node, key: key, material: material)
                finish(node, .cached)
            } else {
                pending.append((node, key, material))
            }
        }
        if let inShard { pending = pending.filter { inShard.contains($0.0.id) } }
        guard !pending.isEmpty else { return }
        let jobs = max(1, min(options.jobs, pending.count))
        BLASRuntime.setThreads(max(1, options.threads / jobs))
        let queue = WorkQueue(pending)
        DispatchQueue.concurrentPerform(iterations: jobs) { _ in
            while !cancellation.isSet, let (node, key, material) = queue.next() {
                executeRun(node, key: key, material: material)
            }
        }
        BLASRuntime.setThreads(options.threads)
    }

    private func executeRun(_ node: PlanNode, key: String, material: KeyMaterial) {
        guard case let .run(configuration, descriptor, _) = node.payload else { return }
        reporter.started(node.id)
        let start = Date()
        do {
            let (manifest, computed): (CacheStore.Manifest, Bool) = try store.withLock(key) {
                // Another process may have finished it while we waited for the lock.
                if !options.force.includes(node.id), case let .hit(found) = store.lookup(key) { return (found, false) }
                let dataset = try datasets.dataset(descriptor)
                let result = try Trainer.run(configuration, dataset: dataset, isCancelled: { self.cancellation.isSet })
                let full = try ContentHash.prettyJSON(result)
                let meaningful = try ContentHash.canonicalJSON(result.withoutTimings)
                if options.force.includes(node.id) { store.remove(key) }
                return (try store.store(key: key, kind: "run", node: node.id, artifacts: ["result.json": full],
                                        meaningful: ["result.json": meaningful], seconds: Date().timeIntervalSince(start)), true)
            }
            lock.lock(); outputHashes[node.id] = manifest.outputHash; lock.unlock()
            record(node, key: key, material: material)
            finish(node, computed ? .executed : .cached, seconds: Date().timeIntervalSince(start))
        } catch is CancellationError {
            reporter.note("interrupted: \(node.id)")
        } catch {
            finish(node, .failed, message: "\(error)")
        }
    }

    private func executeSequential(_ node: PlanNode) {
        if node.inputs.contains(where: failedNodes.contains) {
            lock.lock(); failedNodes.insert(node.id); lock.unlock()
            finish(node, .skipped)
            return
        }
        guard let (key, material) = key(for: node, outputs: outputHashes) else {
            finish(node, .skipped)
            return
        }
        keys[node.id] = key
        if let manifest = cached(node, key: key) {
            outputHashes[node.id] = manifest.outputHash
            record(node, key: key, material: material)
            finish(node, .cached)
            return
        }
        reporter.started(node.id)
        let start = Date()
        do {
            let artifacts = try compute(node)
            if options.force.includes(node.id) { store.remove(key) }
            let manifest = try store.store(key: key, kind: node.kind.rawValue, node: node.id, artifacts: artifacts,
                                           seconds: Date().timeIntervalSince(start))
            outputHashes[node.id] = manifest.outputHash
            record(node, key: key, material: material)
            finish(node, .executed, seconds: Date().timeIntervalSince(start))
        } catch {
            finish(node, .failed, message: "\(error)")
        }
    }
}
