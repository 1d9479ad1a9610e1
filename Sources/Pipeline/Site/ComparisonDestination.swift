import Foundation

/// Where `compare` may write: a new folder, an empty one, or an earlier comparison (which
/// it replaces whole), never a report, a folder inside a report or the cache, a folder
/// that holds a report, or a symbolic link.
enum ComparisonDestination {
    /// The comparison's folder for `request`.
    /// - Parameters:
    ///   - nameA, nameB: the reports' names made safe for a folder name (for the default).
    ///   - reports: the two report folders.
    /// - Throws: `InputError` saying why the folder cannot be used and what to do instead.
    static func resolve(_ request: ComparisonReport.Request, nameA: String, nameB: String, reports: [URL]) throws -> URL {
        let option = request.outputDirectory == nil ? "the default comparison folder" : "--output-dir"
        if let given = request.outputDirectory, given.isEmpty { throw InputError(file: "--output-dir", message: "must not be empty (give a folder)") }
        if request.outputDirectory == nil, request.outputRoot.isEmpty { throw InputError(file: "--output", message: "must not be empty (give a folder)") }
        let path = request.outputDirectory ?? (request.outputRoot as NSString).appendingPathComponent("compare-\(nameA)-vs-\(nameB)")
        let directory = URL(fileURLWithPath: path).standardizedFileURL
        func refuse(_ why: String) -> InputError {
            InputError(file: path, message: "\(option) \(why); nothing was written (choose another folder with --output-dir)")
        }
        if let long = directory.pathComponents.first(where: { $0.utf8.count > 255 }) {
            throw refuse("has a name of \(long.utf8.count) bytes, longer than the 255 a file name may have")
        }
        guard directory.path.utf8.count + 300 < Int(PATH_MAX) else { throw refuse("is a path too long for this system") }
        let resolved = resolvingLinks(directory)
        for report in reports.map(resolvingLinks) {
            if resolved.path == report.path { throw refuse("is the report \(report.path) itself") }
            if resolved.path.hasPrefix(report.path + "/") { throw refuse("lies inside the report \(report.path)") }
            if report.path.hasPrefix(resolved.path + "/") { throw refuse("holds the report \(report.path), which replacing it would delete") }
        }
        for ancestor in OutputLayout.ancestors(resolved) {
            if ComparisonMarker.isReport(ancestor) {
                throw refuse(ancestor.path == resolved.path ? "is a report folder (\(ancestor.path))" : "lies inside the report \(ancestor.path)")
            }
            if FileManager.default.fileExists(atPath: ancestor.appendingPathComponent(CacheStore.tagName).path) {
                throw refuse("lies inside the cache \(ancestor.path)")
            }
        }
        if OutputLayout.reserved.contains(directory.lastPathComponent),
           FileManager.default.fileExists(atPath: directory.deletingLastPathComponent().appendingPathComponent("index.html").path) {
            throw refuse("is where the site index of \(directory.deletingLastPathComponent().path) writes")
        }
        switch FolderReplacement.entryKind(directory.path) {
        case .absent: break
        case .link: throw refuse("is a symbolic link (a comparison is written only into a real folder)")
        case .file: throw refuse("is a file, not a folder")
        case .directory:
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            guard ComparisonMarker.isComparison(directory) || contents.isEmpty else {
                throw refuse("exists and is not a comparison folder (it has no \(ComparisonMarker.fileName)); a comparison replaces its folder whole")
            }
        }
        return directory
    }

    /// `url` with the symbolic links of its longest existing ancestor resolved.
    static func resolvingLinks(_ url: URL) -> URL {
        let candidates = OutputLayout.ancestors(url)
        guard let existing = candidates.first(where: { FolderReplacement.entryKind($0.path) != .absent }) else { return url.standardizedFileURL }
        var resolved = existing.resolvingSymlinksInPath()
        for component in url.standardizedFileURL.pathComponents.dropFirst(existing.pathComponents.count) { resolved.appendPathComponent(component) }
        return resolved.standardizedFileURL
    }
}
