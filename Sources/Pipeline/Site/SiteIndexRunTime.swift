import Foundation
import AtomicWrite

/// How long a report took, for its card on the site index.
///
/// Times are not reproducible, and a report folder is (same inputs and seed, same bytes),
/// so they never enter it: `run` writes them to `<output>/.run-times/<report>.json`, beside
/// the reports and outside every report folder, and only the index (which lists what is in
/// the output folder, and is rewritten by every `run`) shows them. A report whose record is
/// missing or unreadable shows no time; nothing else depends on it.
struct SiteIndexRunTime: Codable, Equatable, Sendable {
    /// The seconds of training of every run the report read, each measured when that run
    /// was trained (by this `run` or an earlier one that filled the cache).
    var trainingSeconds: Double
    /// How many runs those are, and how many of them this `run` trained.
    var runs: Int
    var runsTrainedNow: Int
    /// The wall time of the last `run` that computed anything for the report (a `run`
    /// that found everything in the cache leaves the record as it was).
    var lastRunSeconds: Double

    enum CodingKeys: String, CodingKey {
        case trainingSeconds = "training_seconds", runs, runsTrainedNow = "runs_trained_now", lastRunSeconds = "last_run_seconds"
    }

    /// The folder under the output folder that holds the records (hidden: the index skips
    /// it, and no report can be named so).
    static let folder = ".run-times"
    /// The largest record read back.
    static let maximumBytes = 4096

    static func url(output: URL, report: String) -> URL {
        output.appendingPathComponent(folder).appendingPathComponent(SiteIndex.thumbnailName(report).replacingOccurrences(of: ".png", with: ".json"))
    }

    /// The record of a plan that just completed: its runs' recorded training seconds, read
    /// from the cache entries the run used.
    static func measure(_ plan: Plan, summary: ExecutionSummary, store: CacheStore) -> SiteIndexRunTime {
        var seconds = 0.0
        var runs = 0
        for node in plan.runs {
            guard let key = summary.entries[node.id], case let .hit(manifest) = store.lookup(key, removingDamaged: false) else { continue }
            seconds += manifest.seconds
            runs += 1
        }
        let trainedNow = Set(summary.executedNodes)
        return SiteIndexRunTime(trainingSeconds: seconds, runs: runs, runsTrainedNow: plan.runs.filter { trainedNow.contains($0.id) }.count,
                                lastRunSeconds: summary.seconds)
    }

    /// Writes the record atomically into a real folder (a link or a file standing at
    /// `.run-times` is left alone, never followed).
    /// - Throws: `OutputError` (the caller reports it; the report is whole without it).
    func write(output: URL, report: String) throws {
        let url = Self.url(output: output, report: report)
        let folder = url.deletingLastPathComponent()
        switch FolderReplacement.entryKind(folder.path) {
        case .absent:
            do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false) } catch {
                throw OutputError(path: folder.path, reason: OutputError.describe(error))
            }
        case .directory: break
        case .link, .file: throw OutputError(path: folder.path, reason: "not a folder (a link or a file stands there); the run time is not recorded")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { try AtomicFile.write(try encoder.encode(self), to: url) } catch { throw OutputError(path: url.path, reason: OutputError.describe(error)) }
    }

    /// The record of `report`, or nil when there is none or it cannot be read (a regular
    /// file of at most `maximumBytes`, with finite, non-negative numbers).
    static func read(output: URL, report: String) -> SiteIndexRunTime? {
        guard let data = try? ReportFolder.read(url(output: output, report: report), limit: maximumBytes),
              let record = try? JSONDecoder().decode(SiteIndexRunTime.self, from: data) else { return nil }
        let numbers = [record.trainingSeconds, record.lastRunSeconds]
        guard numbers.allSatisfy({ $0.isFinite && $0 >= 0 && $0 < 1e9 }), record.runs >= 0, record.runsTrainedNow >= 0 else { return nil }
        return record
    }

    /// `2 min 14 s`, `1 h 03 min`, `0.6 s`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(String(format: "%02d", whole % 60)) s" }
        return "\(whole / 3600) h \(String(format: "%02d", whole / 60 % 60)) min"
    }

    /// "run time: 2 min 14 s of training (265 runs, each timed when it was trained); last
    /// run 0.6 s, all from the cache".
    var text: String {
        let now = runsTrainedNow == 0 ? "all from the cache" : runsTrainedNow == runs ? "every run trained then" : "\(runsTrainedNow) runs trained then"
        return "run time: \(Self.duration(trainingSeconds)) of training (\(runs) run\(runs == 1 ? "" : "s"), each timed when it was trained); "
            + "last run \(Self.duration(lastRunSeconds)), \(now)"
    }
}
