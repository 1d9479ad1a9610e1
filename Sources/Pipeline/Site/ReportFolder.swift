import Foundation
import Training

/// A rendered report read back from its folder: what `compare` and the site index read.
/// Everything is checked on the way in; a folder that is not a report, a missing file or a
/// malformed one is an `InputError` naming the file (and the key, when known).
public struct ReportFolder: Sendable {
    /// The folder.
    public let url: URL
    public let summary: Summary
    public let record: ExperimentRecord

    /// The largest data file read back: reports are a few megabytes at most.
    static let maximumFileSize = 64 << 20
    /// The largest figure data file read back: far above what a figure of a report holds
    /// (curves are binned), low enough that decoding stays quick.
    static let maximumFigureFileSize = 16 << 20

    /// Reads and checks `data/summary.json` and `data/experiment.json` under `path`: every
    /// name that becomes a path (figure ids, sweep names) must be a safe file name, or the
    /// folder is refused.
    /// - Throws: `InputError`.
    public static func load(_ path: String) throws -> ReportFolder {
        guard !path.isEmpty else { throw InputError(file: "report folder", message: "the path is empty (give a folder such as output/spectral-condition)") }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InputError(file: path, message: "no such report folder")
        }
        guard isDirectory.boolValue else { throw InputError(file: path, message: "not a report folder (a file, not a folder)") }
        let summaryURL = url.appendingPathComponent("data/summary.json")
        guard FileManager.default.fileExists(atPath: summaryURL.path) else {
            if ComparisonMarker.isComparison(url) {
                throw InputError(file: path, message: "a comparison folder (written by `spectral-report compare`), not a report: compare the reports themselves")
            }
            throw InputError(file: path, message: "not a spectral-report report: data/summary.json is missing (a report folder is what `spectral-report run` writes, e.g. output/spectral-condition)")
        }
        let recordURL = url.appendingPathComponent("data/experiment.json")
        guard FileManager.default.fileExists(atPath: recordURL.path) else {
            throw InputError(file: recordURL.path, message: "missing: the report was written by an older spectral-report; run the experiment again to add it")
        }
        let folder = ReportFolder(url: url, summary: try decode(Summary.self, summaryURL), record: try decode(ExperimentRecord.self, recordURL))
        if let problem = folder.record.nameProblem {
            throw InputError(file: recordURL.path, key: problem.key, message: problem.message + "; the report folder is refused")
        }
        if let problem = folder.summary.sizeProblem {
            throw InputError(file: summaryURL.path, key: problem.key, message: problem.message + "; the report folder is refused")
        }
        return folder
    }

    /// The data a figure of the report draws (`data/<id>.json`), checked for shape and size.
    /// - Throws: `InputError` naming the file.
    func figureData(_ id: String) throws -> FigureData {
        guard SafeName.isValid(id) else { throw InputError(file: url.path, message: "'\(id)' is not a safe figure id: \(SafeName.rule)") }
        let file = url.appendingPathComponent("data/\(id).json")
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw InputError(file: file.path, message: "missing: the figure '\(id)' listed in data/experiment.json has no data file")
        }
        let data = try Self.decode(FigureData.self, file, limit: Self.maximumFigureFileSize)
        if let problem = data.shapeProblem { throw InputError(file: file.path, key: problem.key, message: problem.message) }
        return data
    }

    /// A report file's bytes: a regular file only (a FIFO or device is refused at once,
    /// never waited on, a link is not followed), at most `limit` bytes.
    /// - Throws: `InputError` for a file that cannot be read, is not a regular file or is too large.
    static func read(_ file: URL, limit: Int = maximumFileSize) throws -> Data {
        // What is read stays inside the report: neither the file nor the folder holding it
        // (`data/`, `figures/`) may be a link, which could point anywhere.
        for path in [file.path, file.deletingLastPathComponent().path] {
            var status = stat()
            if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFLNK {
                throw InputError(file: path, message: "is a symbolic link; a report's files are read only from inside its folder")
            }
        }
        do { return try RegularFile.read(file.path, limit: limit) } catch let failure as RegularFile.Failure {
            if failure.problem.hasPrefix("too large") {
                throw InputError(file: file.path, message: "\(failure.problem) for a report's data file")
            }
            throw InputError(file: file.path, message: failure.problem)
        }
    }

    /// Reads a JSON file into `type`, with the key of any decoding problem.
    static func decode<T: Decodable>(_ type: T.Type, _ file: URL, limit: Int = maximumFileSize) throws -> T {
        let bytes = try read(file, limit: limit)
        do {
            return try ContentHash.decoder().decode(type, from: bytes)
        } catch let error as DecodingError {
            let (key, message) = describe(error)
            throw InputError(file: file.path, key: key, message: message)
        } catch {
            throw InputError(file: file.path, message: "not valid JSON: \(error.localizedDescription)")
        }
    }

    /// The key path and a sentence for a decoding error.
    static func describe(_ error: DecodingError) -> (String?, String) {
        func path(_ keys: [CodingKey]) -> String? {
            keys.isEmpty ? nil : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
        }
        func kind(_ type: Any.Type) -> String {
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "an object" }
            if ["Double", "Float", "Int"].contains(where: name.hasPrefix) { return "a number" }
            if name == "Bool" { return "true or false" }
            return name == "String" ? "a string" : "a value of another kind"
        }
        switch error {
        case let .keyNotFound(key, context): return (path(context.codingPath + [key]), "missing")
        case let .typeMismatch(type, context): return (path(context.codingPath), "expected \(kind(type))")
        case let .valueNotFound(type, context): return (path(context.codingPath), "expected \(kind(type)), found null")
        case let .dataCorrupted(context):
            return (path(context.codingPath), context.underlyingError == nil ? context.debugDescription : "not valid JSON")
        @unknown default: return (nil, "not readable")
        }
    }
}

extension FigureData {
    /// What is wrong with the data's shape for drawing, if anything: arrays of unequal
    /// length, an empty grid, a colour index or range that cannot be used.
    /// The most series and points a figure read back from a report folder may have.
    static let maximumSeries = 4096
    // (A report's own figures hold a few thousand points: curves are binned. Drawing a
    // comparison of 50 000 takes some 40 s; far more would look like a hang.)
    static let maximumPoints = 50_000
    /// The longest title or label, in characters.
    static let maximumLabel = 1000

    var shapeProblem: (key: String, message: String)? {
        guard (1...16).contains(rows) else { return ("rows", "the grid must be 1…16 by 1…16 panels, got \(rows) rows") }
        guard (1...16).contains(columns) else { return ("columns", "the grid must be 1…16 by 1…16 panels, got \(columns) columns") }
        guard panels.count <= rows * columns else { return ("panels", "\(panels.count) panels do not fit a \(rows)×\(columns) grid") }
        // Limits far above any figure a report draws, so that a doctored file cannot make
        // drawing take minutes and gigabytes.
        let seriesCount = panels.map(\.series.count).reduce(0, +)
        guard seriesCount <= Self.maximumSeries else {
            return ("panels", "\(seriesCount) series in one figure, more than the \(Self.maximumSeries) a report's figure can have")
        }
        let pointCount = panels.flatMap(\.series).map(\.x.count).reduce(0, +)
        guard pointCount <= Self.maximumPoints else {
            return ("panels", "\(pointCount) points in one figure, more than the \(Self.maximumPoints) a report's figure can have")
        }
        for (p, panel) in panels.enumerated() {
            if let range = panel.colorBarRange, range.count != 2 || !range.allSatisfy({ $0.isFinite && $0 > 0 }) || range[0] > range[1] {
                return ("panels[\(p)].colorBarRange", "must be two positive numbers, low ≤ high")
            }
            if let slope = panel.slopeTriangle, !slope.isFinite { return ("panels[\(p)].slopeTriangle", "must be finite") }
            if let lines = panel.referenceLines, let bad = lines.firstIndex(where: { !$0.value.isFinite || abs($0.value) > 1e100 }) {
                return ("panels[\(p)].referenceLines[\(bad)].value", "must be a finite number")
            }
            for (name, text) in [("title", panel.title), ("xLabel", panel.xLabel), ("yLabel", panel.yLabel), ("colorBarLabel", panel.colorBarLabel ?? "")]
            where text.count > Self.maximumLabel {
                return ("panels[\(p)].\(name)", "is \(text.count) characters long, more than \(Self.maximumLabel)")
            }
            for (s, series) in panel.series.enumerated() {
                let key = "panels[\(p)].series[\(s)]"
                if let label = series.label, label.count > Self.maximumLabel {
                    return ("\(key).label", "is \(label.count) characters long, more than \(Self.maximumLabel)")
                }
                guard series.y.count == series.x.count else { return ("\(key).y", "has \(series.y.count) values for \(series.x.count) x values") }
                for (name, band) in [("lower", series.lower), ("upper", series.upper)] where band != nil && band?.count != series.x.count {
                    return ("\(key).\(name)", "has \(band?.count ?? 0) values for \(series.x.count) x values")
                }
                let values = series.x + series.y + (series.lower ?? []) + (series.upper ?? [])
                if values.contains(where: { $0.isFinite && abs($0) > 1e100 }) { return (key, "has a value beyond ±1e100") }
                if let index = series.colorIndex, index < 0 { return ("\(key).colorIndex", "must be ≥ 0") }
                if let value = series.colorValue, !(value.isFinite && value > 0) { return ("\(key).colorValue", "must be a positive number") }
            }
        }
        return nil
    }
}
