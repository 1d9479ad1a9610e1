import Foundation

/// What one executed training run (or family of runs that shared their training) took:
/// its operations (`RunCost.parts`) and its wall seconds, at the threads each run had.
public struct RunObservation: Codable, Sendable, Equatable {
    public var width: Int
    public var training: Double
    public var snapshots: Double
    /// Runs it stands for (a family trains once and snapshots each member).
    public var runs: Int
    public var seconds: Double
}

/// Calibrations learned from the runs themselves: every execution that trained something
/// files what its runs took, per machine and threads per run, and a prediction fits the
/// rates to them, so a machine that has run anything predicts the next run without
/// `bench calibrate`. Only the cache's `calibration/` folder holds them: no node reads them,
/// and no report's bytes depend on a timing.
extension Calibration {
    /// The observations kept for one machine and thread count.
    struct Observations: Codable {
        var machine: String
        var threads: Int
        var observations: [RunObservation]
    }

    /// Observations kept per machine and thread count (the newest).
    static let keptObservations = 512

    /// The side file the observations are kept in (`ArtifactStore.sideFile`).
    static func observationsFileName(threads: Int) -> String {
        "calibration/observed-" + String((machine + " t\(threads)").map { $0.isLetter || $0.isNumber ? $0 : "-" }) + ".json"
    }

    static func observations(in store: any ArtifactStore, threads: Int) -> [RunObservation] {
        guard let data = store.sideFile(observationsFileName(threads: threads)),
              let kept = try? ContentHash.decoder().decode(Observations.self, from: data),
              kept.machine == machine, kept.threads == threads else { return [] }
        return kept.observations.filter { $0.seconds.isFinite && $0.seconds > 0 && $0.width > 0 && $0.runs > 0 }
    }

    /// Adds `new` to what is kept for this machine at `threads` threads per run (atomically;
    /// two processes adding at once may keep only one's, which costs nothing but accuracy).
    static func record(_ new: [RunObservation], threads: Int, in store: any ArtifactStore) throws {
        guard !new.isEmpty else { return }
        let all = Array((observations(in: store, threads: threads) + new).suffix(keptObservations))
        try store.writeSideFile(try ContentHash.prettyJSON(Observations(machine: machine, threads: threads, observations: all)),
                                named: observationsFileName(threads: threads))
    }

    /// The rates at each observed width, fitted to the observations by least squares:
    /// seconds = a·training + b·snapshots + c·runs when the runs mix steps and snapshots
    /// enough to tell them apart (and the fit is not negative), else one rate for every
    /// operation.
    static func fit(_ observations: [RunObservation], machine: String, threads: Int) -> Calibration? {
        var points: [Point] = []
        for (width, group) in Dictionary(grouping: observations, by: \.width).sorted(by: { $0.key < $1.key }) {
            let rows = group.map { [$0.training, $0.snapshots, Double($0.runs)] }
            var normal = [[Double]](repeating: [0, 0, 0], count: 3), right = [0.0, 0, 0]
            for (row, observation) in zip(rows, group) {
                for i in 0..<3 {
                    right[i] += row[i] * observation.seconds
                    for j in 0..<3 { normal[i][j] += row[i] * row[j] }
                }
            }
            let scale = (0..<3).map { normal[$0][$0] }.reduce(1, *)
            if group.count >= 3, scale > 0, let solved = solve(normal, right), solved.allSatisfy({ $0 >= 0 && $0.isFinite }),
               solved[0] > 0, solved[1] > 0, abs(determinant(normal)) > 1e-9 * scale {
                points.append(Point(width: width, secondsPerTrainingOperation: solved[0], secondsPerSnapshotOperation: solved[1], secondsPerRun: solved[2]))
                continue
            }
            let operations = group.reduce(0) { $0 + $1.training + $1.snapshots }
            let seconds = group.reduce(0) { $0 + $1.seconds }
            guard operations > 0, seconds > 0 else { continue }
            let rate = seconds / operations
            points.append(Point(width: width, secondsPerTrainingOperation: rate, secondsPerSnapshotOperation: rate, secondsPerRun: 0))
        }
        return points.isEmpty ? nil : Calibration(machine: machine, threads: threads, points: points)
    }

    static func determinant(_ m: [[Double]]) -> Double {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    }

    /// The calibration predictions use for this machine at `threads` threads per run: the
    /// rates learned from its own runs, and a `bench calibrate` measurement's at the widths
    /// no run has taught yet; nil when it has neither.
    public static func forPrediction(in store: any ArtifactStore, threads: Int) -> Calibration? {
        let measured = cached(in: store, threads: threads)
        guard let learned = fit(observations(in: store, threads: threads), machine: machine, threads: threads) else { return measured }
        let learnedWidths = Set(learned.points.map(\.width))
        let points = (learned.points + (measured?.points ?? []).filter { !learnedWidths.contains($0.width) }).sorted { $0.width < $1.width }
        return Calibration(machine: machine, threads: threads, points: points)
    }
}
