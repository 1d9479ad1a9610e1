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
        let runs = Executor.costs(session.plan.runs)
        #expect(runs.allSatisfy { $0.cost > 0 })
        for count in [2, 4, 8] {
            let shards = (1...count).map { RunCost.shard(runs, index: $0, count: count) }
            #expect(shards.reduce(0) { $0 + $1.count } == runs.count && Set(shards.flatMap { $0 }).count == runs.count)
            // The same partition however often it is computed.
            #expect(shards == (1...count).map { RunCost.shard(runs, index: $0, count: count) })
            let loads = RunCost.loads(runs, count: count)
            let mean = loads.reduce(0, +) / Double(count)
            #expect(loads.max()! <= 1.1 * mean, "\(count) shards: \(loads.map { $0 / mean })")
        }
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
