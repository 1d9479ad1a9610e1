import Foundation
import Testing
@testable import Pipeline
import Training

/// Shards balanced by the runs' estimated cost.
@Suite("Shards by cost")
struct ShardTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func shardsOfTheDefaultReportCoverEveryRunOnceAndBalanceTheirCost() throws {
        let session = try ExperimentSession.prepare(ExperimentSession.Request(experimentPath: Self.repository.appendingPathComponent("experiments/spectral-condition.toml").path))
        let units = Executor.shardUnits(session.plan.runs)
        let runs = session.plan.runs.count
        #expect(units.allSatisfy { $0.cost > 0 })
        for count in [2, 4, 8] {
            let shards = (1...count).map { RunCost.shard(units, index: $0, count: count) }
            #expect(shards.reduce(0) { $0 + $1.count } == runs && Set(shards.flatMap { $0 }).count == runs)
            // A family of runs that share their training stays in one shard.
            for unit in units { #expect(shards.filter { !$0.isDisjoint(with: unit.ids) }.count == 1) }
            // The same partition however often it is computed.
            #expect(shards == (1...count).map { RunCost.shard(units, index: $0, count: count) })
            let loads = RunCost.loads(units, count: count)
            let mean = loads.reduce(0, +) / Double(count)
            #expect(loads.max()! <= 1.1 * mean, "\(count) shards: \(loads.map { $0 / mean })")
        }
    }

    @Test func theTransferSweepsBaseRateRunsRideOnTheLossCurveRuns() throws {
        let session = try ExperimentSession.prepare(ExperimentSession.Request(experimentPath: Self.repository.appendingPathComponent("experiments/spectral-condition.toml").path))
        let families = RunFamilies.group(session.plan.runs).filter { $0.count > 1 }
        // standard and spectral at the six transfer widths, rate 0.5, seed 0 (the loss curves
        // have one seed).
        #expect(families.count == 12)
        for family in families {
            #expect(family.map { $0.id.rawValue.split(separator: "/")[1] } == ["losses", "transfer"])
            #expect(family[0].id.rawValue.hasSuffix("/lr0.5/b64/relu/s0") && family[1].id.rawValue.hasSuffix("/lr0.5/b64/relu/s0"))
        }
        // Runs with weight metrics never share.
        #expect(RunFamilies.group(session.plan.runs).allSatisfy { $0.count == 1 || $0.allSatisfy { !($0.runConfiguration?.recordsWeightMetrics ?? true) } })
    }

    @Test func defaultJobsAreOnePerThreadAsMemoryAllows() throws {
        let session = try ExperimentSession.prepare(ExperimentSession.Request(experimentPath: Self.repository.appendingPathComponent("experiments/spectral-condition.toml").path))
        let gib: UInt64 = 1 << 30
        #expect(DefaultJobs.count(threads: 2, plans: [session.plan], memory: 24 * gib) == 2)
        #expect(DefaultJobs.count(threads: 1, plans: [session.plan], memory: 24 * gib) == 1)
        // Width 4096 needs about 0.7 GB a run: 64 threads with 8 GiB run 6 at once, and a
        // machine too small for two runs runs one.
        #expect(DefaultJobs.count(threads: 64, plans: [session.plan], memory: 8 * gib) == 6)
        #expect(DefaultJobs.count(threads: 64, plans: [session.plan], memory: gib) == 1)
        #expect(DefaultJobs.count(threads: 8, plans: [], memory: gib) == 8)
    }

    @Test func costGrowsWithWidthStepsAndMetrics() {
        func configuration(width: Int, steps: Int, metrics: Bool) -> RunConfiguration {
            var c = RunConfiguration(architecture: MLPArchitecture(inputDimension: 64, width: width, depth: 3, classes: 10),
                                     parametrization: .spectral, learningRate: 0.5, batchSize: 64, steps: steps)
            c.recordsWeightMetrics = metrics
            return c
        }
        let small = RunCost.flops(configuration(width: 256, steps: 20, metrics: false), testExamples: 512)
        #expect(RunCost.flops(configuration(width: 1024, steps: 20, metrics: false), testExamples: 512) > 10 * small)
        #expect(RunCost.flops(configuration(width: 256, steps: 200, metrics: false), testExamples: 512) > 2 * small)
        #expect(RunCost.flops(configuration(width: 256, steps: 20, metrics: true), testExamples: 512) > small)
    }
}

/// Predicted times from a calibration (a made-up one: no measuring in tests).
@Suite("Predicted times")
struct PredictionTests {
    static let calibration = Calibration(machine: "test", threads: 1, points: [
        .init(width: 64, secondsPerTrainingOperation: 1e-10, secondsPerSnapshotOperation: 2e-10, secondsPerRun: 0.001),
        .init(width: 1024, secondsPerTrainingOperation: 1e-11, secondsPerSnapshotOperation: 2e-11, secondsPerRun: 0.004),
    ])

    @Test func threeRatesAreRecoveredFromThreeMixes() throws {
        let matrix: [[Double]] = [[2, 1, 1], [1, 3, 1], [1, 1, 1]]
        let times: [Double] = [0.503, 0.504, 0.502]  // rates 1e-3, 1e-3 and a fixed 0.5
        let solved = try #require(Calibration.solve(matrix, times))
        #expect(abs(solved[0] - 1e-3) < 1e-12 && abs(solved[1] - 1e-3) < 1e-12 && abs(solved[2] - 0.5) < 1e-12)
        #expect(Calibration.solve([[1, 1, 1], [1, 1, 1], [1, 1, 1]], [1, 2, 3]) == nil)
    }

    @Test func predictionsFollowTheRatesOfTheirWidthAndSkipWhatIsCached() throws {
        let root = try PipelineFixtures.workspace()
        let plan = try PipelineFixtures.plan(root)
        func run(_ width: Int) -> RunConfiguration {
            RunConfiguration(architecture: MLPArchitecture(inputDimension: 64, width: width, depth: 3, classes: 10), parametrization: .spectral,
                             learningRate: 0.1, batchSize: 64, steps: 10)
        }
        // Between two calibrated widths the rates are interpolated on log axes: a run of
        // width 256 costs its operations at rates between the two ends.
        let parts = RunCost.parts(run(256), testExamples: 512)
        let seconds = Self.calibration.seconds(run(256), testExamples: 512)
        #expect(seconds < (parts.training * 1e-10 + parts.snapshots * 2e-10 + 0.004) && seconds > (parts.training * 1e-11 + parts.snapshots * 2e-11))
        // Only what executes is predicted, and runs divide among the jobs.
        let everything = Set(plan.nodes.map(\.id))
        let one = Self.calibration.predict(plan, executing: everything, jobs: 1)
        let two = Self.calibration.predict(plan, executing: everything, jobs: 2)
        let runs = plan.runs.map { one.perNode[$0.id] ?? 0 }.reduce(0, +)
        #expect(abs((one.total - two.total) - runs / 2) < 1e-9 && one.perNode.count == plan.nodes.count)
        let pagesOnly = Self.calibration.predict(plan, executing: [.page(.html)], jobs: 1)
        #expect(pagesOnly.perNode.keys.map(\.rawValue) == ["page/html"] && pagesOnly.total == Calibration.otherNodeSeconds[.page])
    }
}
