import Foundation
import Linalg
import Training

/// How fast this machine trains, measured once per CPU model, BLAS kernel and thread count
/// and kept in the cache: at a few widths, the seconds per operation of training steps and
/// of snapshots, and a fixed cost per run. A run's predicted time is its operations
/// (`RunCost.parts`) at the rates of its width, interpolated between the measured ones.
public struct Calibration: Codable, Sendable, Equatable {
    /// The rates measured at one width.
    public struct Point: Codable, Sendable, Equatable {
        public var width: Int
        public var secondsPerTrainingOperation: Double
        public var secondsPerSnapshotOperation: Double
        public var secondsPerRun: Double
        enum CodingKeys: String, CodingKey {
            case width, secondsPerTrainingOperation = "seconds_per_training_operation"
            case secondsPerSnapshotOperation = "seconds_per_snapshot_operation", secondsPerRun = "seconds_per_run"
        }
    }

    public var machine: String
    public var threads: Int
    public var points: [Point]

    /// The widths measured.
    static let widths = [64, 256, 1024, 4096]
    /// Seconds for a node that is not a run, by kind, about (figures draw, pages render).
    static let otherNodeSeconds: [NodeKind: Double] = [.aggregate: 0.03, .figure: 0.12, .page: 0.02]

    /// This machine as calibrations are filed under: the CPU model, the BLAS kernel and the
    /// kernel of the forward products (a calibration made with another one is stale).
    public static var machine: String {
        let model = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        return "\(model), \(BLASRuntime.kernel), forward \(ProductKernel.current.rawValue)"
    }

    /// The predicted seconds of one run; without `training`, of a run that rides on another
    /// member of its family (`RunFamilies`): its snapshots only.
    public func seconds(_ configuration: RunConfiguration, testExamples: Int, training trains: Bool = true) -> Double {
        let (parts, snapshots) = RunCost.parts(configuration, testExamples: testExamples)
        let training = trains ? parts : 0
        let width = Double(configuration.architecture.width)
        func interpolate(_ value: (Point) -> Double) -> Double {
            let sorted = points.sorted { $0.width < $1.width }
            guard let first = sorted.first, let last = sorted.last else { return 0 }
            if width <= Double(first.width) { return value(first) }
            if width >= Double(last.width) { return value(last) }
            for (a, b) in zip(sorted, sorted.dropFirst()) where width <= Double(b.width) {
                let t = log(width / Double(a.width)) / log(Double(b.width) / Double(a.width))
                return exp(log(max(value(a), 1e-30)) * (1 - t) + log(max(value(b), 1e-30)) * t)
            }
            return value(last)
        }
        return training * interpolate(\.secondsPerTrainingOperation) + snapshots * interpolate(\.secondsPerSnapshotOperation)
            + interpolate(\.secondsPerRun)
    }

    /// Measures the rates with `threads` threads: at each width, three short runs that mix
    /// steps and snapshots differently (each the fastest of three timings), solved for the
    /// three rates.
    public static func measure(threads: Int) throws -> Calibration {
        BLASRuntime.setThreads(threads)
        let teacher = TeacherConfiguration(inputDimension: 64, classes: 10, trainExamples: 2048, testExamples: 512, seed: 0)
        let dataset = teacher.makeDataset()
        var points: [Point] = []
        for width in widths {
            func configuration(steps: Int, metricSteps: [Int], weightMetrics: Bool) -> RunConfiguration {
                var c = RunConfiguration(architecture: MLPArchitecture(inputDimension: 64, width: width, depth: 3, classes: 10),
                                         parametrization: .spectral, learningRate: 0.1, batchSize: 64, steps: steps, metricSteps: metricSteps)
                c.recordsWeightMetrics = weightMetrics
                return c
            }
            let mixes = [configuration(steps: 24, metricSteps: [0, 24], weightMetrics: false),
                         configuration(steps: 3, metricSteps: [0, 1, 2, 3], weightMetrics: true),
                         configuration(steps: 1, metricSteps: [0, 1], weightMetrics: false)]
            var rows: [[Double]] = [], times: [Double] = []
            for mix in mixes {
                _ = try Trainer.run(mix, dataset: dataset)  // warm up
                // The fastest of three: the machine is shared, and load only slows a run down.
                var fastest = Double.infinity
                for _ in 0..<3 {
                    let start = DispatchTime.now().uptimeNanoseconds
                    _ = try Trainer.run(mix, dataset: dataset)
                    fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                }
                times.append(fastest)
                let parts = RunCost.parts(mix, testExamples: teacher.testExamples)
                rows.append([parts.training, parts.snapshots, 1])
            }
            let solved = solve(rows, times) ?? [times[0] / max(rows[0][0] + rows[0][1], 1), times[0] / max(rows[0][0] + rows[0][1], 1), 0]
            points.append(Point(width: width, secondsPerTrainingOperation: max(solved[0], 1e-15),
                                secondsPerSnapshotOperation: max(solved[1], 1e-15), secondsPerRun: max(solved[2], 0)))
        }
        return Calibration(machine: machine, threads: threads, points: points)
    }

    /// The solution of a 3×3 system by Cramer's rule; nil when it is singular.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        func det(_ m: [[Double]]) -> Double {
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        }
        let d = det(a)
        guard abs(d) > 1e-300 else { return nil }
        return (0..<3).map { column in det(a.enumerated().map { i, row in row.enumerated().map { $0.offset == column ? b[i] : $0.element } }) / d }
    }

    /// The side file a calibration is kept in (`ArtifactStore.sideFile`).
    static func fileName(threads: Int) -> String {
        "calibration/" + String((machine + " t\(threads)").map { $0.isLetter || $0.isNumber ? $0 : "-" }) + ".json"
    }

    /// The calibration kept for this machine and thread count, if any.
    public static func cached(in store: any ArtifactStore, threads: Int) -> Calibration? {
        guard let data = store.sideFile(fileName(threads: threads)),
              let calibration = try? ContentHash.decoder().decode(Calibration.self, from: data),
              calibration.machine == machine, calibration.threads == threads, !calibration.points.isEmpty else { return nil }
        return calibration
    }

    /// Keeps `self` in the store (atomically).
    public func save(in store: any ArtifactStore) throws {
        try store.writeSideFile(try ContentHash.prettyJSON(self), named: Self.fileName(threads: threads))
    }

    /// The predicted wall time of the nodes of `plan` that `states` say will execute, with
    /// `jobs` runs at once (the runs' time divided among the jobs), and each node's own.
    public func predict(_ plan: Plan, executing: Set<NodeID>, jobs: Int) -> (total: Double, perNode: [NodeID: Double]) {
        var perNode: [NodeID: Double] = [:]
        var runs = 0.0, others = 0.0
        // Runs that share their training: the first trains, the others add snapshots.
        let riders = Set(RunFamilies.group(plan.runs.filter { executing.contains($0.id) }).flatMap { $0.dropFirst().map(\.id) })
        for node in plan.nodes where executing.contains(node.id) {
            if let configuration = node.runConfiguration {
                let seconds = self.seconds(configuration, testExamples: node.testExamples, training: !riders.contains(node.id))
                perNode[node.id] = seconds
                runs += seconds
            } else {
                let seconds = Self.otherNodeSeconds[node.kind] ?? 0
                perNode[node.id] = seconds
                others += seconds
            }
        }
        return (runs / Double(max(1, jobs)) + others, perNode)
    }
}
