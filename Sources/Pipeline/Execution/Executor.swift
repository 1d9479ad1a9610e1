import Foundation
import Linalg
import Training

/// Executes a plan against the cache: it schedules nodes in dependency order, reuses what
/// the cache holds, and stores what it computes. It neither knows what a node computes
/// (`NodeComputation`) nor writes the report (`ReportWriter`).
///
/// Training runs execute on `jobs` workers, BLAS threads split between them; the other
/// nodes, which depend on the runs, follow one by one.
final class Executor: @unchecked Sendable {
    let plan: Plan
    let store: CacheStore
    let options: ExecutionOptions
    let reporter: ProgressReporter
    let cancellation: CancellationFlag
    private let datasets = DatasetCache()
    private let lock = NSLock()
    private var outputHashes: [NodeID: String] = [:]
    /// Each finished node's key and what it was made of, to recompute an entry that another
    /// process removed while this execution still needed it.
    private var derivedKeys: [NodeID: NodeKeys.Derived] = [:]
    private var failedNodes = Set<NodeID>()
    private var summary = ExecutionSummary()
    /// What the runs this execution trained took, for the calibration learned from runs.
    private var observations: [RunObservation] = []
    /// BLAS threads each run had.
    private var threadsPerRun = 1

    public init(plan: Plan, store: CacheStore, options: ExecutionOptions,
                reporter: ProgressReporter = SilentReporter(), cancellation: CancellationFlag = CancellationFlag()) {
        self.plan = plan
        self.store = store
        self.options = options
        self.reporter = reporter
        self.cancellation = cancellation
    }

    /// Executes every node that is not cached (or is forced); with a shard, only that
    /// shard's runs.
    public func run() -> ExecutionSummary {
        let start = Date()
        store.removeAbandonedTemporaries()
        summary.nodes = plan.nodes.count
        (summary.jobs, summary.threads, summary.blasKernel) = (options.jobs, options.threads, BLASRuntime.kernel)
        executeRuns(plan.runs)
        // Timings go to the calibration only (never into an entry or a report).
        if !observations.isEmpty { try? Calibration.record(observations, threads: threadsPerRun, in: store) }
        if options.shard == nil {
            for (phase, kind) in [("aggregates", NodeKind.aggregate), ("figures", .figure), ("pages", .page)] {
                if cancellation.isSet { break }
                let nodes = plan.nodes.filter { $0.kind == kind }
                reporter.phase(phase, total: nodes.count)
                for node in nodes where !cancellation.isSet { executeInOrder(node) }
            }
        }
        summary.interrupted = cancellation.isSet
        summary.skipped = max(0, summary.nodes - summary.executed - summary.cached - summary.failed)
        summary.seconds = Date().timeIntervalSince(start)
        reporter.finish()
        return summary
    }

    // MARK: Scheduling

    private func executeRuns(_ runs: [PlanNode]) {
        reporter.phase("runs", total: runs.count)
        var pending: [(PlanNode, NodeKeys.Derived)] = []
        for node in runs {
            guard let derived = options.keys.key(for: node, outputHashes: [:]) else { continue }
            if let manifest = cached(node, key: derived.key) {
                finishCached(node, derived, manifest)
            } else {
                pending.append((node, derived))
            }
        }
        if let shard = options.shard {
            let inShard = RunCost.shard(Self.shardUnits(runs), index: shard.index, count: shard.count)
            pending = pending.filter { inShard.contains($0.0.id) }
        }
        guard !pending.isEmpty else { return }
        // Runs that share their training go together; longest first, so that with several
        // jobs the last to finish are short ones.
        let derived = Dictionary(uniqueKeysWithValues: pending.map { ($0.0.id, $0.1) })
        let families = RunFamilies.group(pending.map(\.0)).map { family in
            (family: family.compactMap { node in derived[node.id].map { (node, $0) } }, cost: RunFamilies.cost(family))
        }.sorted { ($0.cost, $1.family[0].0.id) > ($1.cost, $0.family[0].0.id) }
        let cost = Dictionary(uniqueKeysWithValues: families.flatMap { RunFamilies.memberCosts($0.family.map(\.0)) })
        if let calibration = options.calibration {
            // Predicted seconds: the ETA can start before the first run finishes.
            let predicted = calibration.predict(plan, executing: Set(pending.map(\.0.id)), jobs: 1).perNode
            reporter.expect(costs: Dictionary(uniqueKeysWithValues: pending.map { ($0.0.id.rawValue, predicted[$0.0.id] ?? 0) }), secondsAtJobs: jobsFor(pending.count))
        } else {
            reporter.expect(costs: Dictionary(uniqueKeysWithValues: pending.map { ($0.0.id.rawValue, cost[$0.0.id] ?? 0) }), secondsAtJobs: nil)
        }
        let jobs = jobsFor(pending.count)
        threadsPerRun = max(1, options.threads / jobs)
        BLASRuntime.setThreads(threadsPerRun)
        let queue = WorkQueue(families.map(\.family))
        DispatchQueue.concurrentPerform(iterations: jobs) { _ in
            while !cancellation.isSet, let family = queue.next() {
                if family.count == 1 { compute(family[0].0, family[0].1) } else { computeFamily(family) }
            }
        }
        BLASRuntime.setThreads(options.threads)
    }

    /// Runs at once for `pending` runs.
    private func jobsFor(_ pending: Int) -> Int { max(1, min(options.jobs, pending)) }

    /// The plan's runs in families with their estimated costs: shards are balanced by them,
    /// over all the plan's runs (cached or not), so every process of a job array agrees on
    /// the partition.
    static func shardUnits(_ runs: [PlanNode]) -> [RunCost.Unit] {
        RunFamilies.group(runs).compactMap { family in
            family.first.map { RunCost.Unit($0.id, others: family.dropFirst().map(\.id), cost: RunFamilies.cost(family)) }
        }
    }


    /// The test rows a run's data set has.
    static func testExamples(_ node: PlanNode) -> Int {
        node.dataset?.testLimit ?? node.dataset?.teacher?.testExamples ?? 0
    }

    private func executeInOrder(_ node: PlanNode) {
        if node.inputs.contains(where: { input in lock.withLock { failedNodes.contains(input) } }) {
            lock.withLock { _ = failedNodes.insert(node.id) }
            finish(node, .skipped)
            return
        }
        guard let derived = options.keys.key(for: node, outputHashes: lock.withLock { outputHashes }) else {
            finish(node, .skipped)
            return
        }
        if let manifest = cached(node, key: derived.key) {
            finishCached(node, derived, manifest)
        } else {
            compute(node, derived)
        }
    }

    // MARK: One node

    /// The cached entry, unless the node is forced or the entry is missing or corrupt.
    private func cached(_ node: PlanNode, key: String) -> CacheStore.Manifest? {
        if options.force.includes(node.id) { return nil }
        switch store.lookup(key) {
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

    private func compute(_ node: PlanNode, _ derived: NodeKeys.Derived) {
        reporter.started(node.id.rawValue)
        let start = Date()
        let forced = options.force.includes(node.id)
        do {
            let (manifest, computed): (CacheStore.Manifest, Bool) = try store.withLock(derived.key) {
                // Another process may have finished it while we waited for the lock.
                if !forced, case let .hit(found) = store.lookup(derived.key) { return (found, false) }
                let output = try node.computation.compute(inputs())
                let manifest = try store.store(
                    key: derived.key, kind: node.kind.rawValue, node: node.id.rawValue,
                    artifacts: Self.named(output.artifacts), meaningful: output.meaningful.map(Self.named),
                    seconds: Date().timeIntervalSince(start), replacing: forced)
                return (manifest, true)
            }
            if computed, let configuration = node.runConfiguration {
                observe([configuration], trainedBy: configuration, testExamples: Self.testExamples(node), seconds: Date().timeIntervalSince(start))
            }
            finishStored(node, derived, manifest, computed: computed, since: start)
        } catch is CancellationError {
            reporter.note("interrupted: \(node.id)")
        } catch {
            fail(node, error)
        }
    }

    /// Records a node whose entry this execution stored (`computed`) or found.
    private func finishStored(_ node: PlanNode, _ derived: NodeKeys.Derived, _ manifest: CacheStore.Manifest, computed: Bool, since start: Date) {
        lock.withLock { outputHashes[node.id] = manifest.outputHash; derivedKeys[node.id] = derived }
        store.record(options.keys.record(node, derived), experiment: plan.experiment.name)
        finish(node, computed ? .executed : .cached, key: derived.key, seconds: Date().timeIntervalSince(start))
    }

    private func fail(_ node: PlanNode, _ error: Error) {
        lock.withLock { _ = failedNodes.insert(node.id) }
        finish(node, .failed, message: FailureMessage.describe(error))
    }

    /// Trains the runs of one family as one (`RunFamilies`) and stores each run's entry. The
    /// first member's lock is held meanwhile; members another process stored in the meantime
    /// are taken from the cache.
    private func computeFamily(_ family: [(PlanNode, NodeKeys.Derived)]) {
        for (node, _) in family { reporter.started(node.id.rawValue) }
        let start = Date()
        do {
            let outcomes: [(CacheStore.Manifest, Bool)] = try store.withLock(family[0].1.key) {
                var found: [Int: CacheStore.Manifest] = [:]
                for (index, (node, derived)) in family.enumerated() where !options.force.includes(node.id) {
                    if case let .hit(manifest) = store.lookup(derived.key) { found[index] = manifest }
                }
                let missing = family.indices.filter { found[$0] == nil }
                let computations = missing.compactMap { family[$0].0.computation as? RunComputation }
                let outputs = computations.count == missing.count ? try RunComputation.computeFamily(computations, inputs()) : []
                guard outputs.count == missing.count else {
                    throw InputError(file: store.root.path, message: "a family of runs holds a node that is not a run")
                }
                let seconds = Date().timeIntervalSince(start)
                var stored: [Int: CacheStore.Manifest] = [:]
                for (index, output) in zip(missing, outputs) {
                    let (node, derived) = family[index]
                    stored[index] = try store.store(
                        key: derived.key, kind: node.kind.rawValue, node: node.id.rawValue,
                        artifacts: Self.named(output.artifacts), meaningful: output.meaningful.map(Self.named),
                        seconds: seconds / Double(missing.count), replacing: options.force.includes(node.id))
                }
                return family.indices.compactMap { index in
                    if let manifest = stored[index] { return (manifest, true) }
                    return found[index].map { ($0, false) }
                }
            }
            let trained = zip(family, outcomes).filter { $0.1.1 }.compactMap { $0.0.0.runConfiguration }
            if let first = trained.first {
                observe(trained, trainedBy: first, testExamples: Self.testExamples(family[0].0), seconds: Date().timeIntervalSince(start))
            }
            for ((node, derived), (manifest, computed)) in zip(family, outcomes) {
                finishStored(node, derived, manifest, computed: computed, since: start)
            }
        } catch is CancellationError {
            reporter.note("interrupted: \(family[0].0.id)")
        } catch {
            for (node, _) in family { fail(node, error) }
        }
    }

    private func finishCached(_ node: PlanNode, _ derived: NodeKeys.Derived, _ manifest: CacheStore.Manifest) {
        lock.withLock { outputHashes[node.id] = manifest.outputHash; derivedKeys[node.id] = derived }
        store.record(options.keys.record(node, derived), experiment: plan.experiment.name)
        finish(node, .cached, key: derived.key)
    }

    /// What a computation reads: the verified artifacts of this execution's finished nodes.
    private func inputs() -> ComputationInputs {
        ComputationInputs(
            artifact: { [self] node, artifact in
                guard let key = lock.withLock({ summary.entries[node] }) else {
                    throw InputError(file: store.root.path, message: "cache entry of \(node) disappeared while running")
                }
                if let data = store.artifact(key, artifact.rawValue) { return data }
                return try recomputeVanished(node, artifact)
            },
            datasets: datasets, isCancelled: { [cancellation] in cancellation.isSet })
    }

    /// Files what computing `runs` took: `trainer`'s training steps and every run's snapshots.
    private func observe(_ runs: [RunConfiguration], trainedBy trainer: RunConfiguration, testExamples: Int, seconds: Double) {
        let training = RunCost.parts(trainer, testExamples: testExamples).training
        let snapshots = runs.reduce(0) { $0 + RunCost.parts($1, testExamples: testExamples).snapshots }
        let observation = RunObservation(width: trainer.architecture.width, training: training, snapshots: snapshots, runs: runs.count, seconds: seconds)
        lock.withLock { observations.append(observation) }
    }

    /// An input's entry that was there when its node finished but is gone now (removed by
    /// another process, such as an older version's `cache gc`, or by hand): computed again,
    /// under its lock, from its own inputs (recomputed too if need be). Computations are
    /// deterministic, so it is the same entry.
    private func recomputeVanished(_ id: NodeID, _ artifact: Artifact) throws -> Data {
        guard let node = plan.node(id), let derived = lock.withLock({ derivedKeys[id] }) else {
            throw InputError(file: store.root.path, message: "cache entry of \(id) disappeared while running")
        }
        reporter.note("warning: cache entry of \(id) was removed while this run needed it; computing it again")
        try store.withLock(derived.key) {
            if case .hit = store.lookup(derived.key) { return }
            let output = try node.computation.compute(inputs())
            try store.store(key: derived.key, kind: node.kind.rawValue, node: node.id.rawValue, artifacts: Self.named(output.artifacts),
                            meaningful: output.meaningful.map(Self.named), seconds: 0)
        }
        guard let data = store.artifact(derived.key, artifact.rawValue) else {
            throw InputError(file: store.root.path, message: "cache entry of \(id) disappeared while running, and again after it was computed anew")
        }
        return data
    }

    static func named(_ artifacts: [Artifact: Data]) -> [String: Data] {
        Dictionary(uniqueKeysWithValues: artifacts.map { ($0.key.rawValue, $0.value) })
    }

    private func finish(_ node: PlanNode, _ outcome: NodeOutcome, key: String? = nil, seconds: Double = 0, message: String? = nil) {
        lock.withLock {
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
