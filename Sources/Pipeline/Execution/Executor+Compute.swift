import Foundation
import Training

/// Computing and storing one node, or one family of nodes computed together.
extension Executor {
    func compute(_ node: PlanNode, _ derived: NodeKeys.Derived) {
        reporter.started(node.id.rawValue)
        let start = Date()
        let forced = options.force.includes(node.id)
        do {
            let (manifest, computed): (StoreManifest, Bool) = try store.withLock(derived.key) {
                // Another process may have finished it while we waited for the lock.
                if !forced, case let .hit(found) = store.lookup(derived.key, requiring: node.requiredArtifacts, removingDamaged: true) {
                    return (found, false)
                }
                let output = try Self.checked(node, node.computation.compute(inputs(for: node)))
                return (try keep(node, derived, output, seconds: Date().timeIntervalSince(start), replacing: forced), true)
            }
            if computed, let configuration = node.runConfiguration {
                observe([configuration], trainedBy: configuration, testExamples: node.testExamples, seconds: Date().timeIntervalSince(start))
            }
            finishStored(node, derived, manifest, computed: computed, since: start)
        } catch is CancellationError {
            reporter.note("interrupted: \(node.id)")
        } catch {
            fail(node, error)
        }
    }

    /// Computes the nodes of one family as one (`RunFamilies`, `compute(family:)`) and
    /// stores each one's entry. The first member's lock is held meanwhile; members another
    /// process stored in the meantime are taken from the store.
    func computeFamily(_ family: [(PlanNode, NodeKeys.Derived)]) {
        for (node, _) in family { reporter.started(node.id.rawValue) }
        let start = Date()
        do {
            let outcomes: [(StoreManifest, Bool)] = try store.withLock(family[0].1.key) {
                var found: [Int: StoreManifest] = [:]
                for (index, (node, derived)) in family.enumerated() where !options.force.includes(node.id) {
                    if case let .hit(manifest) = store.lookup(derived.key, requiring: node.requiredArtifacts, removingDamaged: true) {
                        found[index] = manifest
                    }
                }
                let missing = family.indices.filter { found[$0] == nil }
                guard let first = missing.first else { return family.indices.compactMap { found[$0].map { ($0, false) } } }
                let outputs = try family[first].0.computation.compute(family: missing.map { family[$0].0.computation }, inputs(for: family[first].0))
                guard outputs.count == missing.count else {
                    throw PlanError("a family computed from \(family[first].0.id) gave \(outputs.count) outputs for \(missing.count) nodes")
                }
                let seconds = Date().timeIntervalSince(start) / Double(missing.count)
                var stored: [Int: StoreManifest] = [:]
                for (index, output) in zip(missing, outputs) {
                    let (node, derived) = family[index]
                    stored[index] = try keep(node, derived, Self.checked(node, output), seconds: seconds, replacing: options.force.includes(node.id))
                }
                return family.indices.compactMap { index in
                    if let manifest = stored[index] { return (manifest, true) }
                    return found[index].map { ($0, false) }
                }
            }
            let trained = zip(family, outcomes).filter { $0.1.1 }.compactMap { $0.0.0.runConfiguration }
            if let first = trained.first {
                observe(trained, trainedBy: first, testExamples: family[0].0.testExamples, seconds: Date().timeIntervalSince(start))
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

    /// `output`, when it holds exactly the artifacts `node` declares.
    /// - Throws: `PlanError` naming what differs.
    static func checked(_ node: PlanNode, _ output: ComputationOutput) throws -> ComputationOutput {
        let made = Set(output.artifacts.keys.map(\.rawValue))
        guard made == node.requiredArtifacts else {
            throw PlanError("\(node.id) stored \(made.sorted().joined(separator: ", ")) but declares \(node.requiredArtifacts.sorted().joined(separator: ", "))")
        }
        return output
    }

    /// Stores a node's output under its key, with the artifacts it declares as required.
    @discardableResult
    func keep(_ node: PlanNode, _ derived: NodeKeys.Derived, _ output: ComputationOutput, seconds: Double,
               replacing: Bool) throws -> StoreManifest {
        try store.store(key: derived.key, kind: node.kind.rawValue, node: node.id.rawValue, artifacts: Self.named(output.artifacts),
                        required: node.requiredArtifacts, meaningful: output.meaningful.map(Self.named), seconds: seconds, replacing: replacing)
    }

    /// Records a node whose entry this execution stored (`computed`) or found.
    func finishStored(_ node: PlanNode, _ derived: NodeKeys.Derived, _ manifest: StoreManifest, computed: Bool, since start: Date) {
        lock.withLock { outputHashes[node.id] = manifest.outputHash; derivedKeys[node.id] = derived }
        store.record(options.keys.record(node, derived), experiment: plan.experiment.name)
        finish(node, computed ? .executed : .cached, key: derived.key, seconds: Date().timeIntervalSince(start))
    }

    func finishCached(_ node: PlanNode, _ derived: NodeKeys.Derived, _ manifest: StoreManifest) {
        lock.withLock { outputHashes[node.id] = manifest.outputHash; derivedKeys[node.id] = derived }
        store.record(options.keys.record(node, derived), experiment: plan.experiment.name)
        finish(node, .cached, key: derived.key)
    }

    func fail(_ node: PlanNode, _ error: Error) {
        lock.withLock { _ = failedNodes.insert(node.id) }
        finish(node, .failed, message: FailureMessage.describe(error))
    }

    /// What `node`'s computation reads: the verified artifacts of its inputs (and of no
    /// other node: reading one it does not declare is a mistake in the computation).
    func inputs(for node: PlanNode) -> ComputationInputs {
        let declared = Set(node.inputs), reader = node.id
        return ComputationInputs(
            artifact: { [self] input, artifact in
                guard declared.contains(input) else { throw PlanError("\(reader) reads \(input), which is not among its inputs") }
                guard let key = lock.withLock({ summary.entries[input] }) else {
                    throw InputError(file: store.location, message: "cache entry of \(input) disappeared while running")
                }
                if let data = store.artifact(key, artifact.rawValue) { return data }
                return try recomputeVanished(input, artifact)
            },
            datasets: datasets, isCancelled: { [cancellation] in cancellation.isSet })
    }

    /// Files what computing `runs` took: `trainer`'s training steps and every run's snapshots.
    func observe(_ runs: [RunConfiguration], trainedBy trainer: RunConfiguration, testExamples: Int, seconds: Double) {
        let training = RunCost.parts(trainer, testExamples: testExamples).training
        let snapshots = runs.reduce(0) { $0 + RunCost.parts($1, testExamples: testExamples).snapshots }
        let observation = RunObservation(width: trainer.architecture.width, training: training, snapshots: snapshots, runs: runs.count, seconds: seconds)
        lock.withLock { observations.append(observation) }
    }

    /// An input's entry that was there when its node finished but is gone now (removed by
    /// another process, such as an older version's `cache gc`, or by hand): computed again,
    /// under its lock, from its own inputs (recomputed too if need be). Computations are
    /// deterministic, so it is the same entry.
    func recomputeVanished(_ id: NodeID, _ artifact: Artifact) throws -> Data {
        guard let node = plan.node(id), let derived = lock.withLock({ derivedKeys[id] }) else {
            throw InputError(file: store.location, message: "cache entry of \(id) disappeared while running")
        }
        reporter.note("warning: cache entry of \(id) was removed while this run needed it; computing it again")
        try store.withLock(derived.key) {
            if case .hit = store.lookup(derived.key, requiring: node.requiredArtifacts, removingDamaged: true) { return }
            let output = try Self.checked(node, node.computation.compute(inputs(for: node)))
            try keep(node, derived, output, seconds: 0, replacing: false)
        }
        guard let data = store.artifact(derived.key, artifact.rawValue) else {
            throw InputError(file: store.location, message: "cache entry of \(id) disappeared while running, and again after it was computed anew")
        }
        return data
    }

    static func named(_ artifacts: [Artifact: Data]) -> [String: Data] {
        Dictionary(uniqueKeysWithValues: artifacts.map { ($0.key.rawValue, $0.value) })
    }
}
