import Foundation
import Testing
import Linalg
@testable import Training

@Suite("Runs that share a trajectory train once and give each run its own result")
struct RunFamilyTests {
    static let dataset = TeacherConfiguration(inputDimension: 8, classes: 4, trainExamples: 256, testExamples: 64, seed: 2).makeDataset()

    static func configuration(steps: Int, rate: Float = 0.5, metricSteps: [Int]? = nil, lossSteps: [Int]? = nil) -> RunConfiguration {
        var c = RunConfiguration(
            architecture: MLPArchitecture(inputDimension: 8, width: 32, depth: 3, classes: 4),
            parametrization: .standard, learningRate: rate, batchSize: 16, steps: steps,
            probeSize: 16, evaluationSize: 64, metricSteps: metricSteps, lossSteps: lossSteps)
        c.recordsWeightMetrics = false
        return c
    }

    static func bytes(_ result: RunResult) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(result.withoutTimings)
    }

    @Test(arguments: [Float(0.5), 40])
    func aFamilyGivesEachRunTheBytesItHasAlone(rate: Float) throws {
        // A learning-rate sweep's run (its figures read steps 3 and 8; no test set), a
        // loss-curve run twice as long (initialisation and the end), and one with the default
        // schedule (everything, the test set at the end). At rate 40 they diverge.
        let family = [Self.configuration(steps: 12, rate: rate, metricSteps: [0, 3, 8, 12], lossSteps: [3, 8]),
                      Self.configuration(steps: 24, rate: rate, metricSteps: [0, 24], lossSteps: []),
                      Self.configuration(steps: 17, rate: rate)]
        let together = try Trainer.run(family: family, dataset: Self.dataset)
        #expect(together.count == 3)
        for (configuration, result) in zip(family, together) {
            let alone = try Trainer.run(configuration, dataset: Self.dataset)
            #expect(try Self.bytes(result) == Self.bytes(alone), "steps \(configuration.steps), rate \(rate)")
            #expect(result.configuration == configuration)
        }
        if rate == 40 {
            #expect(together.allSatisfy { $0.status == .diverged })
        } else {
            #expect(together.map(\.batchLosses.count) == [12, 24, 17])
            #expect(together[1].snapshots.map(\.step) == [0, 24] && together[1].snapshots[0].trainLoss == nil)
            #expect(together[2].snapshots.last?.testLoss != nil && together[0].snapshots.last?.testLoss == nil)
        }
    }

    @Test func runsThatDoNotShareATrajectoryAreRefused() {
        #expect(!Self.configuration(steps: 10).sharesTrajectory(with: Self.configuration(steps: 10, rate: 0.25)))
        var measured = Self.configuration(steps: 10)
        measured.recordsWeightMetrics = true
        #expect(!measured.sharesTrajectory(with: Self.configuration(steps: 20)))
        #expect(throws: ConfigurationError.self) {
            _ = try Trainer.run(family: [Self.configuration(steps: 10), Self.configuration(steps: 20, rate: 0.25)], dataset: Self.dataset)
        }
    }
}
