import Foundation
import Linalg
import Training

/// Executes a plan against a store: it walks the nodes in dependency order (the plan's,
/// checked when it was made), reuses what the store holds, and stores what it computes. It
/// neither knows what a node computes (`NodeComputation`) nor writes the report
/// (`ReportWriter`).
///
/// Consecutive nodes of one kind form a stage. A stage of a kind scheduled in parallel
/// (training runs) executes on `jobs` workers, in families computed together, BLAS threads
/// split between them; other stages execute node by node. A node that cannot execute is
/// never passed over in silence: it fails with a message, or (after an input failed) is
/// skipped, and either way the execution is not complete.
final class Executor: @unchecked Sendable {
    let plan: Plan
    let store: any ArtifactStore
    let options: ExecutionOptions
    let reporter: ProgressReporter
    let cancellation: CancellationFlag
    let datasets = DatasetCache()
    let lock = NSLock()
    var outputHashes: [NodeID: String] = [:]
    /// Each finished node's key and what it was made of, to recompute an entry that another
    /// process removed while this execution still needed it.
    var derivedKeys: [NodeID: NodeKeys.Derived] = [:]
    var failedNodes = Set<NodeID>()
    var finishedNodes = Set<NodeID>()
    var summary = ExecutionSummary()
    /// What the runs this execution trained took, for the calibration learned from runs.
    var observations: [RunObservation] = []
    /// BLAS threads each run had.
    var threadsPerRun = 1

    public init(plan: Plan, store: any ArtifactStore, options: ExecutionOptions,
                reporter: ProgressReporter = SilentReporter(), cancellation: CancellationFlag = CancellationFlag()) {
        self.plan = plan
        self.store = store
        self.options = options
        self.reporter = reporter
        self.cancellation = cancellation
    }

    /// A run of consecutive plan nodes of one kind.
    struct Stage {
        let kind: NodeKind
        let scheduling: NodeScheduling
        var nodes: [PlanNode]
    }

    /// The plan's nodes in stages, in plan order. A parallel stage holds no node that reads
    /// another of the same stage (such a node begins the next one).
    static func stages(_ nodes: [PlanNode]) -> [Stage] {
        var stages: [Stage] = []
        for node in nodes {
            if var last = stages.last, last.kind == node.kind, last.scheduling.isParallel == node.scheduling.isParallel,
               !last.scheduling.isParallel || !node.inputs.contains(where: { input in last.nodes.contains { $0.id == input } }) {
                last.nodes.append(node)
                stages[stages.count - 1] = last
            } else {
                stages.append(Stage(kind: node.kind, scheduling: node.scheduling, nodes: [node]))
            }
        }
        return stages
    }

    /// Executes every node that is not cached (or is forced); with a shard, only that
    /// shard's part of the parallel stages.
    public func run() -> ExecutionSummary {
        let start = Date()
        store.removeAbandonedTemporaries()
        summary.nodes = plan.nodes.count
        (summary.jobs, summary.threads, summary.blasKernel) = (options.jobs, options.threads, BLASRuntime.kernel)
        for stage in Self.stages(plan.nodes) where !cancellation.isSet {
            switch stage.scheduling {
            case let .parallel(setThreads):
                executeParallel(stage.nodes, name: "\(stage.kind.rawValue)s", setThreads: setThreads)
            case .inOrder:
                // A shard executes its part of the parallel stages only; the rest is left to
                // the run that writes the report.
                guard options.shard == nil else { continue }
                reporter.phase("\(stage.kind.rawValue)s", total: stage.nodes.count)
                for node in stage.nodes where !cancellation.isSet { executeInOrder(node) }
            }
        }
        if options.shard == nil && !cancellation.isSet {
            for node in plan.nodes where !lock.withLock({ finishedNodes.contains(node.id) }) {
                fail(node, PlanError("\(node.id) was never reached"))
            }
        }
        summary.interrupted = cancellation.isSet
        summary.skipped = max(0, summary.nodes - summary.executed - summary.cached - summary.failed)
        summary.seconds = Date().timeIntervalSince(start)
        reporter.finish()
        return summary
    }

    // MARK: Scheduling

    /// The node's key; nil when it cannot execute, the node then finished: skipped when an
    /// input failed, failed when an input has no output for another reason, and left alone
    /// in a shard (whose execution leaves nodes to others).
    private func keyed(_ node: PlanNode) -> NodeKeys.Derived? {
        if node.inputs.contains(where: { input in lock.withLock { failedNodes.contains(input) } }) {
            lock.withLock { _ = failedNodes.insert(node.id) }
            finish(node, .skipped)
            return nil
        }
        if let derived = options.keys.key(for: node, outputHashes: lock.withLock { outputHashes }) { return derived }
        if options.shard != nil { return nil }
        let missing = node.inputs.first { input in lock.withLock { outputHashes[input] == nil } }
        fail(node, PlanError(missing.map { "\(node.id) reads \($0), which has not finished" } ?? "the key of \(node.id) cannot be made"))
        return nil
    }

    private func executeParallel(_ nodes: [PlanNode], name: String, setThreads: @Sendable (Int) -> Void) {
        reporter.phase(name, total: nodes.count)
        var pending: [(PlanNode, NodeKeys.Derived)] = []
        for node in nodes {
            guard let derived = keyed(node) else { continue }
            if let manifest = cached(node, key: derived.key) {
                finishCached(node, derived, manifest)
            } else {
                pending.append((node, derived))
            }
        }
        if let shard = options.shard {
            let inShard = RunCost.shard(Self.shardUnits(nodes), index: shard.index, count: shard.count)
            pending = pending.filter { inShard.contains($0.0.id) }
        }
        guard !pending.isEmpty else { return }
        // Nodes computed together go together; longest first, so that with several jobs the
        // last to finish are short ones.
        let derived = Dictionary(uniqueKeysWithValues: pending.map { ($0.0.id, $0.1) })
        let families = RunFamilies.group(pending.map(\.0)).map { family in
            (family: family.compactMap { node in derived[node.id].map { (node, $0) } }, cost: RunFamilies.cost(family))
        }.sorted { ($0.cost, $1.family[0].0.id) > ($1.cost, $0.family[0].0.id) }
        let cost = Dictionary(uniqueKeysWithValues: families.flatMap { RunFamilies.memberCosts($0.family.map(\.0)) })
        let jobs = jobsFor(pending.count)
        if let calibration = options.calibration {
            // Predicted seconds: the ETA can start before the first run finishes.
            let predicted = calibration.predict(plan, executing: Set(pending.map(\.0.id)), jobs: 1).perNode
            reporter.expect(costs: Dictionary(uniqueKeysWithValues: pending.map { ($0.0.id.rawValue, predicted[$0.0.id] ?? 0) }), secondsAtJobs: jobs)
        } else {
            reporter.expect(costs: Dictionary(uniqueKeysWithValues: pending.map { ($0.0.id.rawValue, cost[$0.0.id] ?? 0) }), secondsAtJobs: nil)
        }
        threadsPerRun = max(1, options.threads / jobs)
        setThreads(threadsPerRun)
        let queue = WorkQueue(families.map(\.family))
        DispatchQueue.concurrentPerform(iterations: jobs) { _ in
            while !cancellation.isSet, let family = queue.next() {
                if family.count == 1 { compute(family[0].0, family[0].1) } else { computeFamily(family) }
            }
        }
        setThreads(options.threads)
        // Timings go to the calibration only (never into an entry or a report).
        let observed = lock.withLock { observations }
        if !observed.isEmpty { try? Calibration.record(observed, threads: threadsPerRun, in: store) }
        lock.withLock { observations = [] }
    }

    /// Runs at once for `pending` runs.
    private func jobsFor(_ pending: Int) -> Int { max(1, min(options.jobs, pending)) }

    /// The nodes of a parallel stage in families with their estimated costs: shards are
    /// balanced by them, over all the stage's nodes (cached or not), so every process of a
    /// job array agrees on the partition.
    static func shardUnits(_ runs: [PlanNode]) -> [RunCost.Unit] {
        RunFamilies.group(runs).compactMap { family in
            family.first.map { RunCost.Unit($0.id, others: family.dropFirst().map(\.id), cost: RunFamilies.cost(family)) }
        }
    }

    /// The test rows a run's data set has.
    static func testExamples(_ node: PlanNode) -> Int { node.testExamples }

    private func executeInOrder(_ node: PlanNode) {
        guard let derived = keyed(node) else { return }
        if let manifest = cached(node, key: derived.key) {
            finishCached(node, derived, manifest)
        } else {
            compute(node, derived)
        }
    }

    /// The cached entry, unless the node is forced or the entry is missing or damaged (it
    /// must hold every artifact the node declares, whatever its manifest says).
    func cached(_ node: PlanNode, key: String) -> StoreManifest? {
        if options.force.includes(node.id) { return nil }
        switch store.lookup(key, requiring: node.requiredArtifacts, removingDamaged: true) {
        case let .hit(manifest): return manifest
        case .missing: return nil
        case let .corrupt(message):
            lock.withLock { summary.corruptEntries.append(message) }
            reporter.note("warning: corrupt cache entry removed and recomputed: \(message)")
            return nil
        case let .unreadable(message):
            reporter.note("warning: cache entry cannot be read, recomputing: \(message)")
            return nil
        }
    }

    func finish(_ node: PlanNode, _ outcome: NodeOutcome, key: String? = nil, seconds: Double = 0, message: String? = nil) {
        lock.withLock {
            finishedNodes.insert(node.id)
            switch outcome {
            case .executed:
                summary.executed += 1
                summary.executedNodes.append(node.id)
                summary.executedByKind[node.kind, default: 0] += 1
            case .cached: summary.cached += 1
            case .failed:
                summary.failed += 1
                summary.failures.append("\(node.id): \(message ?? "failed")")
            case .skipped: break
            }
            if let key { summary.entries[node.id] = key }
        }
        if let message, outcome == .failed { reporter.note("error: \(node.id): \(message)") }
        reporter.finished(node.id.rawValue, outcome: outcome, seconds: seconds)
    }
}
