import Foundation

extension ExperimentRecord {
    /// Figures and sweeps a record read back from a report folder may list at most.
    static let maximumEntries = 256

    /// The first name in the record that is not a safe file name (figure ids become
    /// `figures/<id>.png` and `data/<id>.json`), a figure listed twice, an unknown preset,
    /// or more entries than any report has; nil when the record is sound.
    var nameProblem: (key: String, message: String)? {
        guard preset == "full" || preset == "quick" else { return ("preset", "must be 'full' or 'quick'") }
        guard figures.count <= Self.maximumEntries, sweeps.count <= Self.maximumEntries else {
            return ("figures", "\(figures.count) figures and \(sweeps.count) sweeps: more than the \(Self.maximumEntries) a report can have")
        }
        var seen = Set<String>()
        for (index, figure) in figures.enumerated() {
            guard SafeName.isValid(figure.id) else { return ("figures[\(index)].id", "'\(figure.id)' is not a safe file name: \(SafeName.rule)") }
            guard seen.insert(figure.id).inserted else { return ("figures[\(index)].id", "'\(figure.id)' is listed twice") }
            guard SafeName.isValid(figure.sweep) else { return ("figures[\(index)].sweep", "'\(figure.sweep)' is not a safe name: \(SafeName.rule)") }
        }
        for (index, sweep) in sweeps.enumerated() {
            guard SafeName.isValid(sweep.name) else { return ("sweeps[\(index)].name", "'\(sweep.name)' is not a safe name: \(SafeName.rule)") }
            guard sweep.settings.count <= Self.maximumEntries, sweep.widths.count <= 4096, sweep.parametrizations.count <= Self.maximumEntries else {
                return ("sweeps[\(index)]", "more settings, widths or parametrizations than a report's sweep can have")
            }
        }
        return nil
    }
}

extension Summary {
    /// Rows a summary read back from a report folder may hold at most: far above any
    /// report's, so that a doctored file cannot make a comparison run for minutes.
    static let maximumRows = 20_000

    /// What is too large in the summary to be a report's, if anything.
    var sizeProblem: (key: String, message: String)? {
        for (key, count) in [("exponents", exponents.count), ("verdicts", verdicts.count), ("lr_transfer", lrTransfer.count),
                             ("lr_transfer_shift", lrTransferShift.count), ("diagnosis", diagnosis.count)] where count > Self.maximumRows {
            return (key, "\(count) rows, more than the \(Self.maximumRows) a report's summary can have")
        }
        if let index = verdicts.firstIndex(where: { $0.claim.count > 1000 }) { return ("verdicts[\(index)].claim", "is longer than 1000 characters") }
        return nil
    }
}

/// The file that marks a folder as a comparison `compare` wrote, so that it is never taken
/// for a report (by the index, by `compare` itself, by `run`) and a report is never taken
/// for a place to write a comparison.
public enum ComparisonMarker {
    /// `<comparison>/.spectral-report-comparison`.
    public static let fileName = ".spectral-report-comparison"
    /// What the marker file holds.
    static let contents = Data("This folder is a comparison written by `spectral-report compare`, not a report.\n".utf8)

    /// Whether `folder` is a comparison: it has the marker, or (written before the marker
    /// existed) a `compare.html` and no report data.
    public static func isComparison(_ folder: URL) -> Bool {
        let manager = FileManager.default
        if manager.fileExists(atPath: folder.appendingPathComponent(fileName).path) { return true }
        return manager.fileExists(atPath: folder.appendingPathComponent("compare.html").path)
            && !manager.fileExists(atPath: folder.appendingPathComponent("data/summary.json").path)
    }

    /// Whether `folder` is a report `run` wrote (it has `data/summary.json`) and not a comparison.
    public static func isReport(_ folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("data/summary.json").path) && !isComparison(folder)
    }
}

extension CharacterSet {
    /// What a link to a folder name may hold unencoded on a page: a URL path's characters
    /// but for the parentheses, quotes and `*`, which would end a Markdown link or start
    /// emphasis (a folder named `x)[y](z` stays one link).
    static let pageLinkAllowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "()'*\"<>[]`|"))
}
