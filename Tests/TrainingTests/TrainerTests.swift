import Foundation
import Testing
import Linalg
@testable import Training

@Suite("Trainer: determinism, divergence, optimizers, metrics")
struct TrainerTests {
    static let dataset = TeacherConfiguration(inputDimension: 16, classes: 4, trainExamples: 512, testExamples: 128, seed: 3).makeDataset()

    static func configuration(
        _ p: Parametrization = .spectral, optimizer: OptimizerConfiguration = .init(),
        rate: Float = 0.5, steps: Int = 30, seed: UInt64 = 0
    ) -> RunConfiguration {
        RunConfiguration(
            architecture: MLPArchitecture(inputDimension: 16, width: 32, depth: 3, classes: 4, biases: true),
            parametrization: p, optimizer: optimizer, learningRate: rate, batchSize: 32, steps: steps, seed: seed,
            probeSize: 32, evaluationSize: 128)
    }

    @Test func sameConfigurationAndSeedGiveIdenticalResults() throws {
        let a = try Trainer.run(Self.configuration(), dataset: Self.dataset)
        let b = try Trainer.run(Self.configuration(), dataset: Self.dataset)
        #expect(a.withoutTimings == b.withoutTimings)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(a.withoutTimings) == encoder.encode(b.withoutTimings))
        let c = try Trainer.run(Self.configuration(seed: 1), dataset: Self.dataset)
        #expect(c.batchLosses != a.batchLosses)
    }

    @Test(arguments: Parametrization.allCases)
    func everyParametrizationLearnsTheTeacher(parametrization: Parametrization) throws {
        let rate: Float = parametrization == .spectralNormalized ? 0.05 : 0.5
        let result = try Trainer.run(Self.configuration(parametrization, rate: rate, steps: 60), dataset: Self.dataset)
        #expect(result.status == .completed)
        let first = result.snapshots.first!, last = result.snapshots.last!
        #expect(last.step == 60)
        let (start, end) = (try #require(first.trainLoss), try #require(last.trainLoss))
        #expect(end < start, "\(parametrization): \(start) → \(end)")
    }

    @Test func momentumAndAdamTrain() throws {
        for optimizer in [OptimizerConfiguration(kind: .sgd, momentum: 0.9, weightDecay: 1e-4),
                          OptimizerConfiguration(kind: .adam)] {
            let rate: Float = optimizer.kind == .adam ? 0.01 : 0.1
            let result = try Trainer.run(Self.configuration(.standard, optimizer: optimizer, rate: rate, steps: 40), dataset: Self.dataset)
            #expect(result.status == .completed)
            #expect(try #require(result.snapshots.last!.trainLoss) < #require(result.snapshots.first!.trainLoss))
        }
    }

    @Test func divergenceIsDataNotACrash() throws {
        let result = try Trainer.run(Self.configuration(.standard, rate: 1e6, steps: 50), dataset: Self.dataset)
        #expect(result.status == .diverged)
        let step = try #require(result.divergedAtStep)
        #expect(step >= 1 && step <= 50)
        #expect(result.batchLosses.count == step)
        #expect(!result.snapshots.isEmpty)
        #expect(result.snapshots.allSatisfy { $0.step < step || $0.step == step })
    }

    @Test func metricsAreRecordedOnTheSchedule() throws {
        let result = try Trainer.run(Self.configuration(steps: 40), dataset: Self.dataset)
        #expect(result.snapshots.map(\.step) == MetricSchedule.default(steps: 40))
        #expect(Array(result.snapshots.map(\.step).prefix(4)) == [0, 1, 2, 3])
        let initial = result.snapshots[0]
        #expect(initial.layers.allSatisfy { $0.featureMovement == 0 && $0.weightMovement == 0 && $0.updateSpectralNorm == nil })
        #expect(initial.logitChange == 0)
        let after = result.snapshots[1]
        for layer in after.layers {
            #expect(layer.weightMovement > 0 && layer.weightMovementFrobenius > 0)
            let stableRank = try #require(layer.updateStableRank)
            let alignment = try #require(layer.updateAlignment)
            #expect(stableRank >= 1 - 1e-3 && stableRank <= 32)
            #expect(alignment > 0 && alignment <= 1 + 1e-4)
            #expect((layer.updateSpectralNorm ?? 0) > 0)
        }
        #expect(after.logitChange > 0)
        #expect(result.batchLosses.count == 40)
    }

    @Test func oneStepUpdateOfFirstStepIsTheRecordedMovement() throws {
        // After one step W(1) − W(0) is the update itself: the two norms must agree.
        let result = try Trainer.run(Self.configuration(.standard, steps: 1), dataset: Self.dataset)
        var generator = SeededGenerator(seed: 0, stream: "init")
        let model = try MLP(architecture: Self.configuration().architecture,
                            scalings: Self.configuration(.standard).scalings, generator: &generator)
        let layer = result.snapshots[1].layers[1]
        let initialNorm = spectralNorm(of: model.weights[1])
        #expect(abs(layer.weightMovement * initialNorm - layer.updateSpectralNorm!) / layer.updateSpectralNorm! < 1e-3)
    }

    @Test func invalidConfigurationsAreRejectedWithTheField() {
        var bad = Self.configuration()
        bad.architecture.width = 0
        #expect(throws: ConfigurationError.self) { try Trainer.run(bad, dataset: Self.dataset) }
        var mismatch = Self.configuration()
        mismatch.architecture.inputDimension = 3
        do {
            _ = try Trainer.run(mismatch, dataset: Self.dataset)
            Issue.record("expected an error")
        } catch let error as ConfigurationError {
            #expect(error.field == "input_dimension")
        } catch { Issue.record("unexpected \(error)") }
        var rate = Self.configuration()
        rate.learningRate = .nan
        #expect(throws: ConfigurationError.self) { try Trainer.run(rate, dataset: Self.dataset) }
    }

    @Test func cancellationStopsTheRun() {
        #expect(throws: CancellationError.self) {
            try Trainer.run(Self.configuration(steps: 1000), dataset: Self.dataset, isCancelled: { true })
        }
    }

    @Test func scheduleIsLogSpaced() {
        let schedule = MetricSchedule.default(steps: 1000)
        #expect(schedule.first == 0 && schedule.last == 1000)
        #expect(schedule.count < 40)
        #expect(zip(schedule, schedule.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func aOneExampleUpdateIsFullyAlignedWithItsOwnBatch() throws {
        // With one example, an SGD update is −η g hᵀ: rank one along the batch's own input,
        // so its alignment with that batch is 1 in every layer; a probe batch sees less.
        var configuration = Self.configuration(steps: 1)
        configuration.batchSize = 1
        configuration.metricSteps = [0, 1]
        let result = try Trainer.run(configuration, dataset: Self.dataset)
        let layers = try #require(result.snapshots.first { $0.step == 1 }).layers
        #expect(layers.count == 3)
        for layer in layers {
            let batch = try #require(layer.updateBatchAlignment), probe = try #require(layer.updateAlignment)
            #expect(abs(batch - 1) < 1e-3, "layer \(layer.layer): \(batch)")
            #expect(probe < batch - 0.05, "layer \(layer.layer): probe \(probe)")
            #expect(abs((try #require(layer.updateStableRank)) - 1) < 1e-3)
        }
    }
}
