import Foundation
import Linalg

/// Trains one MLP and records its metrics.
public enum Trainer {
    /// Trains under `configuration` on `dataset`.
    ///
    /// Initialisation draws from the sub-stream `init` of the run's seed and batch order
    /// from `batches`, so changing the schedule of metrics does not change the data seen.
    /// Steps that record no metrics and use plain SGD fuse the update into the gradient
    /// product. Under plain SGD an update is the low-rank `c · Gᵀ H` of the batch's gradients
    /// and inputs, so its spectral norm, and the weights' movement while it has small rank,
    /// come from Gram matrices of those factors (`LowRankProduct`) rather than from Lanczos
    /// on the dense matrix, where that costs less. A loss that is not finite or exceeds the threshold ends the run as
    /// `diverged`, keeping everything recorded until then.
    ///
    /// - Parameters:
    ///   - configuration: the run; validated first.
    ///   - dataset: the data.
    ///   - isCancelled: polled every step; when it returns true the run stops by throwing
    ///     `CancellationError`.
    /// - Throws: `ConfigurationError` for a bad configuration, `CancellationError`.
    public static func run(
        _ configuration: RunConfiguration, dataset: Dataset,
        isCancelled: () -> Bool = { false }
    ) throws -> RunResult {
        try run(configuration, dataset: dataset, isCancelled: isCancelled, structuredNorms: true)
    }

    /// `run`, with `structuredNorms` false measuring every norm by Lanczos on dense matrices
    /// (tests compare the two routes).
    static func run(
        _ configuration: RunConfiguration, dataset: Dataset,
        isCancelled: () -> Bool = { false }, structuredNorms: Bool
    ) throws -> RunResult {
        try configuration.validate(against: dataset)
        let start = DispatchTime.now().uptimeNanoseconds
        let architecture = configuration.architecture
        let scalings = configuration.scalings
        var initGenerator = SeededGenerator(seed: configuration.seed, stream: "init")
        var model = try MLP(architecture: architecture, scalings: scalings, generator: &initGenerator)
        var optimizer = Optimizer(configuration: configuration.optimizer, scalings: scalings, architecture: architecture)
        let fusable = configuration.optimizer.isPlainSGD && !scalings.contains(where: \.normalizesUpdate)
        let rates = scalings.map(\.learningRate)

        let trainCount = dataset.trainLabels.count
        let probe = Dataset.rows(0..<min(configuration.probeSize, trainCount), of: dataset.trainInputs)
        var recorder = MetricRecorder(model: model, probe: probe, recordsWeightMetrics: configuration.recordsWeightMetrics)
        var evaluator = Evaluator(
            architecture: architecture, dataset: dataset,
            trainRows: min(configuration.evaluationSize, trainCount), loss: configuration.loss)

        var workspace = Workspace(architecture: architecture, batchSize: configuration.batchSize)
        var gradients = Gradients(architecture: architecture)
        var batch = Matrix(rows: configuration.batchSize, columns: dataset.inputDimension)
        var labels = [Int32](repeating: 0, count: configuration.batchSize)
        var batchGenerator = SeededGenerator(seed: configuration.seed, stream: "batches")
        var order = Array(0..<trainCount)
        order.shuffle(using: &batchGenerator)
        var position = 0

        let recordSteps = Set(configuration.resolvedMetricSteps)
        var movement = MovementFactors(configuration: configuration, recordSteps: recordSteps, enabled: structuredNorms)
        var snapshots = [recorder.snapshot(
            step: 0, model: model, scratch: &gradients,
            losses: evaluator.evaluate(model, train: configuration.evaluatesTrainingLoss(at: 0), test: configuration.evaluatesTestSet(at: 0)),
            updates: nil)]
        var batchLosses: [Double] = []
        batchLosses.reserveCapacity(configuration.steps)
        var status = RunStatus.completed
        var divergedAt: Int?
        var trainingNanoseconds: UInt64 = 0

        if configuration.fixedBatch {
            dataset.gatherTrainingRows(order[0..<configuration.batchSize], into: &batch, labels: &labels)
        }
        for step in stride(from: 1, through: configuration.steps, by: 1) {
            if isCancelled() { throw CancellationError() }
            let stepStart = DispatchTime.now().uptimeNanoseconds
            if !configuration.fixedBatch {
                if position + configuration.batchSize > trainCount {
                    order.shuffle(using: &batchGenerator)
                    position = 0
                }
                dataset.gatherTrainingRows(order[position..<(position + configuration.batchSize)], into: &batch, labels: &labels)
                position += configuration.batchSize
            }
            let records = recordSteps.contains(step)
            let loss: Double
            var updateMetrics: [MetricRecorder.UpdateMetrics]?
            if fusable && (!records || !configuration.recordsWeightMetrics) {
                loss = model.trainingPass(
                    input: batch, labels: labels[...], loss: configuration.loss,
                    workspace: &workspace, gradients: &gradients, mode: .applySGD(learningRates: rates))
                movement.append(step: step, factors: rates.map { -$0 }, model: model, workspace: workspace, batch: batch)
            } else {
                loss = model.trainingPass(
                    input: batch, labels: labels[...], loss: configuration.loss,
                    workspace: &workspace, gradients: &gradients, mode: .storeGradients)
                optimizer.computeUpdates(&gradients, model: model)
                // Before the update metrics, which use the workspace's gradients as scratch.
                movement.append(step: step, factors: optimizer.lastFactors, model: model, workspace: workspace, batch: batch)
                if records && configuration.recordsWeightMetrics {
                    let factors = movement.updates(factors: optimizer.lastFactors, model: model, workspace: workspace, batch: batch)
                    updateMetrics = recorder.updateMetrics(
                        updates: gradients, factored: factors, model: model, batch: batch, workspace: &workspace)
                }
                model.apply(gradients)
            }
            trainingNanoseconds += DispatchTime.now().uptimeNanoseconds - stepStart
            batchLosses.append(loss)
            if !loss.isFinite || loss > configuration.divergenceThreshold {
                status = .diverged
                divergedAt = step
                break
            }
            if records {
                let snapshot = recorder.snapshot(
                    step: step, model: model, scratch: &gradients,
                    losses: evaluator.evaluate(model, train: configuration.evaluatesTrainingLoss(at: step), test: configuration.evaluatesTestSet(at: step)),
                    updates: updateMetrics,
                    movement: movement.products(at: step))
                snapshots.append(snapshot)
                if !(snapshot.trainLoss ?? 0).isFinite || !snapshot.logitRMS.isFinite {
                    status = .diverged
                    divergedAt = step
                    break
                }
            }
        }
        let total = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        return RunResult(
            configuration: configuration,
            dataset: .init(
                name: dataset.name, trainExamples: trainCount, testExamples: dataset.testLabels.count,
                inputDimension: dataset.inputDimension, classes: dataset.classes),
            status: status, divergedAtStep: divergedAt, snapshots: snapshots, batchLosses: batchLosses,
            timing: .init(
                totalSeconds: total,
                secondsPerStep: batchLosses.isEmpty ? 0 : Double(trainingNanoseconds) * 1e-9 / Double(batchLosses.count)),
            environment: .init(blasKernel: BLASRuntime.kernel, threads: BLASRuntime.threads))
    }
}

/// Loss and accuracy on fixed training and test subsets, in chunks with preallocated buffers.
struct Evaluator {
    let dataset: Dataset
    let trainRows: Int
    let loss: Loss
    private let chunk: Int
    private var workspaces: [Int: Workspace] = [:]

    init(architecture: MLPArchitecture, dataset: Dataset, trainRows: Int, loss: Loss) {
        self.dataset = dataset
        self.trainRows = trainRows
        self.loss = loss
        chunk = 256
        for rows in [trainRows, dataset.testLabels.count] {
            for size in [min(chunk, rows), rows % chunk] where size > 0 && workspaces[size] == nil {
                workspaces[size] = Workspace(architecture: architecture, batchSize: size)
            }
        }
    }

    /// `(train loss, test loss, test accuracy)` of `model`: the training rows when `train`,
    /// the test set when `test`.
    mutating func evaluate(_ model: MLP, train: Bool, test: Bool) -> (train: Double?, test: Double?, accuracy: Double?) {
        let trainLoss = train ? measure(model, inputs: dataset.trainInputs, labels: dataset.trainLabels, rows: trainRows).loss : nil
        guard test else { return (trainLoss, nil, nil) }
        let measured = measure(model, inputs: dataset.testInputs, labels: dataset.testLabels, rows: dataset.testLabels.count)
        return (trainLoss, measured.loss, measured.accuracy)
    }

    private mutating func measure(_ model: MLP, inputs: Matrix, labels: [Int32], rows: Int) -> (loss: Double, accuracy: Double) {
        guard rows > 0 else { return (0, 0) }
        var total = 0.0
        var correct = 0
        var start = 0
        let classes = model.architecture.classes
        while start < rows {
            let size = min(chunk, rows - start)
            guard workspaces[size] != nil else { break }  // sizes are all made in init
            let slice = Dataset.rows(start..<(start + size), of: inputs)
            model.forward(slice, workspace: &workspaces[size]!)
            let workspace = workspaces[size]!
            let chunkLabels = labels[start..<(start + size)]
            let lossFunction = loss
            workspace.preactivations[workspace.preactivations.count - 1].elements.withUnsafeBufferPointer { logits in
                total += lossFunction.evaluate(logits: logits, labels: chunkLabels, classes: classes, gradient: nil) * Double(size)
                correct += Loss.correctCount(logits: logits, labels: chunkLabels, classes: classes)
            }
            start += size
        }
        return (total / Double(rows), Double(correct) / Double(rows))
    }
}
