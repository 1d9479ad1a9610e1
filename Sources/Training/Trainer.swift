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
    /// come from Lanczos through those factors (`LowRankProduct`) rather than on the dense
    /// matrix, where that costs less. A loss that is not finite or exceeds the
    /// threshold ends the run as `diverged`, keeping everything recorded until then.
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
        try runFamily([configuration], dataset: dataset, isCancelled: isCancelled, structuredNorms: structuredNorms)[0]
    }

    /// Trains runs that follow one trajectory (`RunConfiguration.sharesTrajectory`) once,
    /// for as many steps as the longest needs, and returns each run's result as if it had
    /// been trained alone: the same snapshots, losses and status, bit for bit. A shorter run
    /// is a prefix of a longer one, so the steps they share are taken once; each snapshot
    /// evaluates what any of the runs recording it reads, and gives each run what it reads.
    ///
    /// - Parameter configurations: one run, or several that share their trajectory.
    /// - Returns: the results, in the order of `configurations`.
    /// - Throws: `ConfigurationError` for a bad configuration or runs that do not share a
    ///   trajectory, `CancellationError`.
    public static func run(
        family configurations: [RunConfiguration], dataset: Dataset,
        isCancelled: () -> Bool = { false }
    ) throws -> [RunResult] {
        try runFamily(configurations, dataset: dataset, isCancelled: isCancelled, structuredNorms: true)
    }

    /// One run of a family: its own schedule, what it has recorded, and how it ended.
    private struct Member {
        let configuration: RunConfiguration
        let recordSteps: Set<Int>
        var snapshots: [MetricsSnapshot] = []
        var status = RunStatus.completed
        var divergedAt: Int?
        var finished = false
        var seconds = 0.0
        var trainingNanoseconds: UInt64 = 0
        var steps = 0

        init(_ configuration: RunConfiguration) {
            self.configuration = configuration
            recordSteps = Set(configuration.resolvedMetricSteps)
        }

        func records(_ step: Int) -> Bool { !finished && recordSteps.contains(step) }

        /// `snapshot` as this run records it: losses it does not evaluate left out.
        func own(_ snapshot: MetricsSnapshot) -> MetricsSnapshot {
            var own = snapshot
            if !configuration.evaluatesTrainingLoss(at: snapshot.step) { own.trainLoss = nil }
            if !configuration.evaluatesTestSet(at: snapshot.step) { own.testLoss = nil; own.testAccuracy = nil }
            return own
        }

        mutating func end(_ status: RunStatus, at step: Int, start: UInt64, training: UInt64) {
            self.status = status
            divergedAt = status == .diverged ? step : nil
            finished = true
            steps = step
            seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            trainingNanoseconds = training
        }
    }

    private static func runFamily(
        _ configurations: [RunConfiguration], dataset: Dataset,
        isCancelled: () -> Bool, structuredNorms: Bool
    ) throws -> [RunResult] {
        guard let lead = configurations.max(by: { $0.steps < $1.steps }) else { return [] }
        for configuration in configurations {
            try configuration.validate(against: dataset)
            if configurations.count > 1, !configuration.sharesTrajectory(with: lead) {
                throw ConfigurationError(field: "family", problem: "holds runs that do not follow one trajectory")
            }
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let architecture = lead.architecture
        let scalings = lead.scalings
        var initGenerator = SeededGenerator(seed: lead.seed, stream: "init")
        var model = try MLP(architecture: architecture, scalings: scalings, generator: &initGenerator)
        var optimizer = Optimizer(configuration: lead.optimizer, scalings: scalings, architecture: architecture)
        let fusable = lead.optimizer.isPlainSGD && !scalings.contains(where: \.normalizesUpdate)
        let rates = scalings.map(\.learningRate)
        let weightMetrics = lead.recordsWeightMetrics

        let trainCount = dataset.trainLabels.count
        let probe = Dataset.rows(0..<min(lead.probeSize, trainCount), of: dataset.trainInputs)
        var recorder = MetricRecorder(model: model, probe: probe, recordsWeightMetrics: weightMetrics)
        var evaluator = Evaluator(
            architecture: architecture, dataset: dataset,
            trainRows: min(lead.evaluationSize, trainCount), loss: lead.loss)

        var workspace = Workspace(architecture: architecture, batchSize: lead.batchSize)
        var gradients = Gradients(architecture: architecture)
        var batch = Matrix(rows: lead.batchSize, columns: dataset.inputDimension)
        var labels = [Int32](repeating: 0, count: lead.batchSize)
        var batchGenerator = SeededGenerator(seed: lead.seed, stream: "batches")
        var order = Array(0..<trainCount)
        order.shuffle(using: &batchGenerator)
        var position = 0

        var members = configurations.map(Member.init)
        // Weight metrics make a family of one (`sharesTrajectory`), so the lead's schedule is
        // the only one the movement factors serve.
        var movement = MovementFactors(configuration: lead, recordSteps: members[0].recordSteps, enabled: structuredNorms && members.count == 1)
        var batchLosses: [Double] = []
        batchLosses.reserveCapacity(lead.steps)
        var trainingNanoseconds: UInt64 = 0

        /// Records a snapshot at `step` for the members that record it; ends those whose
        /// snapshot diverged.
        func record(_ step: Int, updates: [MetricRecorder.UpdateMetrics]?) {
            let recording = members.indices.filter { members[$0].records(step) }
            guard !recording.isEmpty else { return }
            let losses = evaluator.evaluate(
                model, train: recording.contains { members[$0].configuration.evaluatesTrainingLoss(at: step) },
                test: recording.contains { members[$0].configuration.evaluatesTestSet(at: step) })
            let snapshot = recorder.snapshot(step: step, model: model, scratch: &gradients, losses: losses, updates: updates,
                                             movement: movement.products(at: step))
            for i in recording {
                let own = members[i].own(snapshot)
                members[i].snapshots.append(own)
                if !(own.trainLoss ?? 0).isFinite || !own.logitRMS.isFinite {
                    members[i].end(.diverged, at: step, start: start, training: trainingNanoseconds)
                }
            }
        }

        record(0, updates: nil)
        if lead.fixedBatch {
            dataset.gatherTrainingRows(order[0..<lead.batchSize], into: &batch, labels: &labels)
        }
        var step = 0
        while members.contains(where: { !$0.finished }) && step < lead.steps {
            step += 1
            if isCancelled() { throw CancellationError() }
            let stepStart = DispatchTime.now().uptimeNanoseconds
            if !lead.fixedBatch {
                if position + lead.batchSize > trainCount {
                    order.shuffle(using: &batchGenerator)
                    position = 0
                }
                dataset.gatherTrainingRows(order[position..<(position + lead.batchSize)], into: &batch, labels: &labels)
                position += lead.batchSize
            }
            let measuresUpdate = weightMetrics && members.contains { $0.records(step) }
            let loss: Double
            var updateMetrics: [MetricRecorder.UpdateMetrics]?
            if fusable && !measuresUpdate {
                loss = model.trainingPass(
                    input: batch, labels: labels[...], loss: lead.loss,
                    workspace: &workspace, gradients: &gradients, mode: .applySGD(learningRates: rates))
                movement.append(step: step, factors: rates.map { -$0 }, model: model, workspace: workspace, batch: batch)
            } else {
                loss = model.trainingPass(
                    input: batch, labels: labels[...], loss: lead.loss,
                    workspace: &workspace, gradients: &gradients, mode: .storeGradients)
                optimizer.computeUpdates(&gradients, model: model)
                // Before the update metrics, which use the workspace's gradients as scratch.
                movement.append(step: step, factors: optimizer.lastFactors, model: model, workspace: workspace, batch: batch)
                if measuresUpdate {
                    let factors = movement.updates(factors: optimizer.lastFactors, model: model, workspace: workspace, batch: batch)
                    updateMetrics = recorder.updateMetrics(
                        updates: gradients, factored: factors, model: model, batch: batch, workspace: &workspace)
                }
                model.apply(gradients)
            }
            trainingNanoseconds += DispatchTime.now().uptimeNanoseconds - stepStart
            batchLosses.append(loss)
            if !loss.isFinite || loss > lead.divergenceThreshold {
                for i in members.indices where !members[i].finished {
                    members[i].end(.diverged, at: step, start: start, training: trainingNanoseconds)
                }
                break
            }
            record(step, updates: updateMetrics)
            for i in members.indices where !members[i].finished && members[i].configuration.steps == step {
                members[i].end(.completed, at: step, start: start, training: trainingNanoseconds)
            }
        }
        let summary = RunResult.DatasetSummary(
            name: dataset.name, trainExamples: trainCount, testExamples: dataset.testLabels.count,
            inputDimension: dataset.inputDimension, classes: dataset.classes)
        return members.map { member in
            let losses = Array(batchLosses.prefix(member.steps))
            return RunResult(
                configuration: member.configuration, dataset: summary,
                status: member.status, divergedAtStep: member.divergedAt, snapshots: member.snapshots, batchLosses: losses,
                timing: .init(
                    totalSeconds: member.seconds,
                    secondsPerStep: losses.isEmpty ? 0 : Double(member.trainingNanoseconds) * 1e-9 / Double(losses.count)),
                environment: .init(blasKernel: ProductKernel.current.numericsLabel, threads: BLASRuntime.threads))
        }
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
        chunk = 512
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
