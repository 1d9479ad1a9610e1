import Foundation
import Testing
@testable import Pipeline

/// The plan checks its nodes' declarations when it is made; the executor walks the graph in
/// dependency order, against any `ArtifactStore`, and never passes a node over in silence.
/// Small plans of fake computations on a `MemoryStore`.
@Suite("Executor: plan checks, dependency order, failures, in-memory store")
struct ExecutorGraphTests {
    /// An aggregate that joins its inputs' `data.json` and its own name.
    struct Join: NodeComputation {
        static var kind: NodeKind { .aggregate }
        let name: String
        var reads: [NodeID] = []
        var fails = false
        /// What it declares and what it really stores (they differ only on purpose).
        var declared: Set<Artifact> = [.figureData]
        var stores: Set<Artifact>?
        /// A node it reads without declaring it.
        var sneaks: NodeID?
        var report: [(path: String, artifact: Artifact)] = []

        var inputs: [NodeID] { reads }
        var parameters: String { name }
        var artifacts: Set<Artifact> { declared }
        var reportFiles: [(path: String, artifact: Artifact)] { report }

        func compute(_ inputs: ComputationInputs) throws -> ComputationOutput {
            if fails { throw InputError(file: "test", message: "\(name) fails on purpose") }
            let parts = try (reads + [sneaks].compactMap { $0 }).map { String(decoding: try inputs.artifact($0, .figureData), as: UTF8.self) }
            let text = Data((parts + [name]).joined(separator: ">").utf8)
            return ComputationOutput(Dictionary(uniqueKeysWithValues: (stores ?? declared).map { ($0, text) }))
        }
    }

    /// A figure-kind node over `Join`'s work, to interleave kinds.
    struct Draw: NodeComputation {
        static var kind: NodeKind { .figure }
        let join: Join
        var inputs: [NodeID] { join.inputs }
        var parameters: String { join.name }
        var artifacts: Set<Artifact> { join.artifacts }
        func compute(_ inputs: ComputationInputs) throws -> ComputationOutput { try join.compute(inputs) }
    }

    /// A run-kind node over `Join`'s work: scheduled in parallel, like training runs.
    struct Parallel: NodeComputation {
        static var kind: NodeKind { .run }
        static var scheduling: NodeScheduling { .parallel(setThreads: { _ in }) }
        let join: Join
        var inputs: [NodeID] { join.inputs }
        var parameters: String { join.name }
        var artifacts: Set<Artifact> { join.artifacts }
        func compute(_ inputs: ComputationInputs) throws -> ComputationOutput { try join.compute(inputs) }
    }

    static func experiment() throws -> ExperimentSpec {
        let root = try PipelineFixtures.workspace()
        return try ExperimentLoader.load(path: root.appendingPathComponent("experiments/tiny.toml").path)
    }

    static func execute(_ plan: Plan, in store: MemoryStore) -> ExecutionSummary {
        var options = ExecutionOptions()
        options.threads = 1
        return Executor(plan: plan, store: store, options: options).run()
    }

    @Test func aPlanRefusesNodesThatBreakItsRules() throws {
        let spec = try Self.experiment()
        let a = NodeID.figureData("a"), b = NodeID.figureData("b")
        func refusal(_ nodes: [PlanNode]) -> String {
            do { _ = try Plan(experiment: spec, nodes: nodes); return "accepted" } catch { return "\(error)" }
        }
        let readsA = try PlanNode(id: b, computation: Join(name: "b", reads: [a]))
        let nodeA = try PlanNode(id: a, computation: Join(name: "a"))
        #expect(refusal([readsA, nodeA]).contains("aggregate/b reads aggregate/a, which does not come before it"))
        #expect(refusal([readsA]).contains("which is not in the plan"))
        #expect(refusal([nodeA, nodeA]).contains("two nodes are named aggregate/a"))
        #expect(refusal([try PlanNode(id: .figure("a"), computation: Join(name: "a"))]).contains("its id names another"))
        let unstored = Join(name: "a", report: [("data/a.csv", .table)])
        #expect(refusal([try PlanNode(id: a, computation: unstored)]).contains("puts table.csv into the report but does not store it"))
        let twice = [try PlanNode(id: a, computation: Join(name: "a", report: [("data/x.json", .figureData)])),
                     try PlanNode(id: b, computation: Join(name: "b", report: [("data/x.json", .figureData)]))]
        #expect(refusal(twice).contains("both write data/x.json"))
        #expect(refusal([nodeA, readsA]) == "accepted")
    }

    @Test func nodesExecuteInDependencyOrderAcrossKindsAndAreCachedAfter() throws {
        // aggregate, figure, aggregate: staged by kind alone, the last would run before its input.
        let a = NodeID.figureData("a"), f = NodeID.figure("f"), b = NodeID.figureData("b")
        let plan = try Plan(experiment: try Self.experiment(), nodes: [
            try PlanNode(id: a, computation: Join(name: "a")),
            try PlanNode(id: f, computation: Draw(join: Join(name: "f", reads: [a]))),
            try PlanNode(id: b, computation: Join(name: "b", reads: [a, f])),
        ])
        let store = MemoryStore()
        let cold = Self.execute(plan, in: store)
        #expect(cold.isComplete && cold.executedNodes == [a, f, b], "\(cold.failures)")
        let key = try #require(cold.entries[b])
        #expect(store.artifact(key, Artifact.figureData.rawValue) == Data("a>a>f>b".utf8))
        #expect(store.manifest(key)?.required == [Artifact.figureData.rawValue])
        let warm = Self.execute(plan, in: store)
        #expect(warm.cached == 3 && warm.executed == 0 && warm.isComplete)
    }

    @Test func aParallelStageWaitsForInputsOfItsOwnKind() throws {
        let a = NodeID.node(.run, "a"), b = NodeID.node(.run, "b"), c = NodeID.node(.run, "c")
        let plan = try Plan(experiment: try Self.experiment(), nodes: [
            try PlanNode(id: a, computation: Parallel(join: Join(name: "a"))),
            try PlanNode(id: c, computation: Parallel(join: Join(name: "c"))),
            try PlanNode(id: b, computation: Parallel(join: Join(name: "b", reads: [a]))),
        ])
        #expect(Executor.stages(plan.nodes).map { $0.nodes.map(\.id) } == [[a, c], [b]])
        var options = ExecutionOptions()
        (options.threads, options.jobs) = (2, 2)
        let store = MemoryStore()
        let summary = Executor(plan: plan, store: store, options: options).run()
        #expect(summary.isComplete && summary.executed == 3, "\(summary.failures)")
        #expect(store.artifact(try #require(summary.entries[b]), Artifact.figureData.rawValue) == Data("a>b".utf8))
    }

    @Test func aFailedInputSkipsItsDependentsAndTheExecutionIsNotComplete() throws {
        let bad = NodeID.figureData("bad"), after = NodeID.figureData("after"), other = NodeID.figureData("other")
        let plan = try Plan(experiment: try Self.experiment(), nodes: [
            try PlanNode(id: bad, computation: Join(name: "bad", fails: true)),
            try PlanNode(id: after, computation: Join(name: "after", reads: [bad])),
            try PlanNode(id: .figure("late"), computation: Draw(join: Join(name: "late", reads: [after]))),
            try PlanNode(id: other, computation: Join(name: "other")),
        ])
        let summary = Self.execute(plan, in: MemoryStore())
        #expect(summary.failed == 1 && summary.skipped == 2 && summary.executed == 1 && !summary.isComplete)
        #expect(summary.failures == ["aggregate/bad: test: bad fails on purpose"], "\(summary.failures)")
    }

    @Test func aComputationThatBreaksItsDeclarationsFailsWithAMessage() throws {
        let a = NodeID.figureData("a"), b = NodeID.figureData("b"), c = NodeID.figureData("c")
        let plan = try Plan(experiment: try Self.experiment(), nodes: [
            try PlanNode(id: a, computation: Join(name: "a")),
            try PlanNode(id: b, computation: Join(name: "b", stores: [.figureData, .table])),
            try PlanNode(id: c, computation: Join(name: "c", sneaks: a)),
        ])
        let summary = Self.execute(plan, in: MemoryStore())
        #expect(summary.failed == 2 && !summary.isComplete)
        #expect(summary.failures.contains { $0.hasPrefix("aggregate/b:") && $0.contains("stored data.json, table.csv but declares data.json") }, "\(summary.failures)")
        #expect(summary.failures.contains { $0.contains("aggregate/c reads aggregate/a, which is not among its inputs") }, "\(summary.failures)")
    }

    @Test func aDamagedOrIncompleteEntryIsRecomputed() throws {
        let a = NodeID.figureData("a")
        let plan = try Plan(experiment: try Self.experiment(), nodes: [try PlanNode(id: a, computation: Join(name: "a"))])
        let store = MemoryStore()
        let key = try #require(Self.execute(plan, in: store).entries[a])
        store.damage(key, Artifact.figureData.rawValue, with: Data("wrong".utf8))
        let again = Self.execute(plan, in: store)
        #expect(again.executed == 1 && again.corruptEntries.count == 1 && again.isComplete)
        #expect(store.artifact(key, Artifact.figureData.rawValue) == Data("a".utf8))
        // An entry stored without a required artifact (an older manifest) is not a hit.
        try store.store(key: key, kind: "aggregate", node: a.rawValue, artifacts: ["other.json": Data()], required: [],
                        meaningful: nil, seconds: 0, replacing: true)
        #expect(Self.execute(plan, in: store).executed == 1)
    }

    @Test func theTinyExperimentInMemoryGivesTheBytesOfTheCacheOnDisk() throws {
        let root = try PipelineFixtures.workspace()
        let plan = try PipelineFixtures.plan(root)
        let disk = try PipelineFixtures.store(root)
        var options = ExecutionOptions()
        options.threads = 1
        let onDisk = Executor(plan: plan, store: disk, options: options).run()
        let memory = MemoryStore()
        let inMemory = Executor(plan: plan, store: memory, options: options).run()
        #expect(onDisk.isComplete && inMemory.isComplete && onDisk.entries == inMemory.entries)
        for node in [NodeID.summary, .page(.html)] {
            let key = try #require(inMemory.entries[node])
            let name = node == .summary ? Artifact.summary.rawValue : Artifact.html.rawValue
            #expect(memory.artifact(key, name) == disk.artifact(key, name) && memory.artifact(key, name) != nil)
        }
        // The run's observations went to the store's side files, not beside it.
        #expect(Calibration.observations(in: memory, threads: 1).count == RunFamilies.group(plan.runs).count)
    }
}
