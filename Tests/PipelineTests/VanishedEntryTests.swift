import Foundation
import Testing
@testable import Pipeline

/// Entries removed under a run by another process (an older `cache gc`, a hand) are
/// computed again; `gc` itself waits for no run and removes nothing while one holds the
/// cache; what executed runs took is learned for predictions.
@Suite("A run survives its inputs vanishing; gc leaves a run's cache alone; calibration learned from runs")
struct VanishedEntryTests {
    /// Removes every run's entry from the store when the aggregates phase begins: between
    /// the runs finishing and their results being read.
    final class Vandal: ProgressReporter, @unchecked Sendable {
        let store: CacheStore
        var removed = 0
        var notes: [String] = []
        init(store: CacheStore) { self.store = store }
        func phase(_ name: String, total: Int) {
            guard name == "aggregates" else { return }
            for manifest in store.manifests() where manifest.kind == "run" {
                if store.remove(manifest.key) == nil { removed += 1 }
            }
        }
        func started(_ node: String) {}
        func finished(_ node: String, outcome: NodeOutcome, seconds: Double) {}
        func note(_ message: String) { notes.append(message) }
        func finish() {}
    }

    @Test func runEntriesRemovedMidRunAreComputedAgainAndTheReportIsTheSame() throws {
        let reference = try PipelineFixtures.workspace()
        #expect(try PipelineFixtures.execute(reference).isComplete)
        let root = try PipelineFixtures.workspace()
        let plan = try PipelineFixtures.plan(root)
        let store = try PipelineFixtures.store(root)
        let vandal = Vandal(store: store)
        var options = ExecutionOptions()
        options.threads = 1
        let summary = PipelineRunner.run(plan: plan, store: store, options: options, outputDirectory: root.appendingPathComponent("output"), reporter: vandal)
        #expect(vandal.removed == plan.runs.count && vandal.removed > 0)
        #expect(summary.isComplete && summary.failed == 0, "\(summary.failures)")
        #expect(vandal.notes.contains { $0.contains("was removed while this run needed it; computing it again") }, "\(vandal.notes)")
        for file in ["report.html", "report.md", "data/summary.json", "figures/feature-movement.png"] {
            #expect(FileManager.default.contents(atPath: root.appendingPathComponent("output/tiny/\(file)").path)
                    == FileManager.default.contents(atPath: reference.appendingPathComponent("output/tiny/\(file)").path), "\(file)")
        }
        #expect(store.verify().isClean)
    }

    @Test func maintenanceCannotHoldACacheARunHolds() throws {
        let root = try PipelineFixtures.workspace()
        let store = try PipelineFixtures.store(root)
        var use = store.beginUse()
        #expect(use != nil)
        guard case .busy = store.holdForMaintenance() else {
            Issue.record("maintenance got the cache while a run held it")
            return
        }
        use = nil
        guard case .exclusive(let hold) = store.holdForMaintenance() else {
            Issue.record("maintenance could not get a cache nobody holds")
            return
        }
        #expect(hold != nil)
    }

    @Test func theLockFileIsMadeOnceSoAHoldWritesNothingLater() throws {
        let root = try PipelineFixtures.workspace()
        let store = try PipelineFixtures.store(root)
        _ = store.beginUse()
        let locks = store.root.appendingPathComponent("locks").path
        let before = try FileManager.default.attributesOfItem(atPath: locks)[.modificationDate] as? Date
        usleep(20_000)
        _ = store.beginUse()
        #expect(try FileManager.default.attributesOfItem(atPath: locks)[.modificationDate] as? Date == before)
    }

    @Test func executedRunsTeachTheRatesAndAWarmRerunAddsNothing() throws {
        let root = try PipelineFixtures.workspace()
        let store = try PipelineFixtures.store(root)
        #expect(Calibration.forPrediction(in: store, threads: 1) == nil)
        #expect(try PipelineFixtures.execute(root).isComplete)
        let observed = Calibration.observations(in: store, threads: 1)
        let plan = try PipelineFixtures.plan(root)
        #expect(!observed.isEmpty && observed.map(\.runs).reduce(0, +) == plan.runs.count)
        let calibration = try #require(Calibration.forPrediction(in: store, threads: 1))
        #expect(Set(calibration.points.map(\.width)) == Set(plan.runs.compactMap { $0.runConfiguration?.architecture.width }))
        let predicted = calibration.predict(plan, executing: Set(plan.runs.map(\.id)), jobs: 1).total
        #expect(predicted > 0 && predicted.isFinite)
        // A warm rerun trains nothing and files nothing.
        #expect(try PipelineFixtures.execute(root).executed == 0)
        #expect(Calibration.observations(in: store, threads: 1) == observed)
    }

    @Test func theFitRecoversRatesFromMixedRuns() throws {
        // seconds = 2e-9·training + 5e-9·snapshots + 0.01 per run, at one width.
        let mixes: [(Double, Double)] = [(1e8, 1e6), (1e6, 1e8), (5e7, 5e7), (1e7, 2e6)]
        let observations = mixes.map { RunObservation(width: 64, training: $0.0, snapshots: $0.1, runs: 1, seconds: 2e-9 * $0.0 + 5e-9 * $0.1 + 0.01) }
        let point = try #require(Calibration.fit(observations, machine: "m", threads: 1)?.points.first)
        #expect(abs(point.secondsPerTrainingOperation / 2e-9 - 1) < 1e-6)
        #expect(abs(point.secondsPerSnapshotOperation / 5e-9 - 1) < 1e-6)
        #expect(abs(point.secondsPerRun / 0.01 - 1) < 1e-6)
        // Runs all of one mix cannot tell the rates apart: one rate for every operation.
        let alike = (0..<4).map { _ in RunObservation(width: 64, training: 1e8, snapshots: 1e7, runs: 1, seconds: 0.5) }
        let single = try #require(Calibration.fit(alike, machine: "m", threads: 1)?.points.first)
        #expect(abs(single.secondsPerTrainingOperation - 0.5 / 1.1e8) < 1e-15 && single.secondsPerRun == 0)
    }
}
