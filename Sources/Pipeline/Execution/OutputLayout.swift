import Foundation

/// The rules for `--output`, checked before anything runs so that a run never trains for
/// minutes and then cannot write: reports go into real folders `<output>/<name>/` (a
/// symbolic link standing there, or at `figures/`, `data/` or `thumbnails/`, is refused,
/// never followed), a report's name may not be one the site index uses, and the output
/// and the cache stay apart (the cache may sit inside the output, as `<output>/.cache`
/// does, but not inside a report folder, and the output may not sit inside the cache).
public enum OutputLayout {
    /// Names the site index writes in the output folder.
    static let reserved = ["index.html", "index.md", "thumbnails"]

    /// - Parameters:
    ///   - output: the `--output` folder as given.
    ///   - reports: each report's name (its folder) and the experiment file it comes from.
    ///   - cache: the cache directory.
    /// - Throws: `InputError` naming the path and the rule.
    public static func check(output: String, reports: [(name: String, experiment: String)], cache: URL) throws {
        guard !output.isEmpty else { throw InputError(file: "--output", message: "must not be empty (give a folder, e.g. output)") }
        let cwd = getcwd(nil, 0)
        defer { free(cwd) }
        guard let cwd, strlen(cwd) < Int(PATH_MAX) else {
            throw InputError(file: "--output", message: "the working directory cannot be named (its path is longer than this system allows, \(PATH_MAX) bytes): run from a shorter path")
        }
        let root = URL(fileURLWithPath: output).standardizedFileURL
        // The deepest file a report writes is <output>/<name>/figures/<id>.svg, with a
        // temporary name beside it.
        guard root.path.utf8.count + 600 < Int(PATH_MAX) else {
            throw InputError(file: output, message: "--output is \(root.path.utf8.count) bytes long: too long for the files inside it on this system (\(PATH_MAX) bytes for a path)")
        }
        for (name, experiment) in reports {
            if reserved.contains(name) {
                throw InputError(file: experiment, message: "the report would be named '\(name)' (after the file), which the site index writes in --output: rename the experiment file")
            }
            if name.hasPrefix(".") || name.isEmpty {
                throw InputError(file: experiment, message: "the report would be named '\(name)' (after the file), a hidden folder the site index skips: rename the experiment file")
            }
            if name.utf8.count > 200 {
                throw InputError(file: experiment, message: "the report's name (after the file) is \(name.utf8.count) bytes long; at most 200 leave room for the folder's temporary name: rename the experiment file")
            }
            let folder = root.appendingPathComponent(name)
            switch FolderReplacement.entryKind(folder.path) {
            case .link: throw linkRefusal(folder)
            case .file: throw InputError(file: folder.path, message: "is a file where the report folder of \(experiment) goes: move it away")
            case .directory:
                if ComparisonMarker.isComparison(folder) {
                    throw InputError(file: folder.path, message: "is a comparison folder (written by `spectral-report compare`) where the report of \(experiment) goes: move it or rename the experiment file")
                }
                for inner in ["figures", "data"] where FolderReplacement.entryKind(folder.appendingPathComponent(inner).path) == .link {
                    throw linkRefusal(folder.appendingPathComponent(inner))
                }
            case .absent: break
            }
        }
        let thumbnails = root.appendingPathComponent("thumbnails")
        switch FolderReplacement.entryKind(thumbnails.path) {
        case .link: throw linkRefusal(thumbnails)
        case .file: throw InputError(file: thumbnails.path, message: "is a file where the site index puts its thumbnails folder: move it away")
        default: break
        }

        let resolvedOutput = ComparisonDestination.resolvingLinks(root), resolvedCache = ComparisonDestination.resolvingLinks(cache.standardizedFileURL)
        func inside(_ a: URL, _ b: URL) -> Bool { a.path == b.path || a.path.hasPrefix(b.path == "/" ? "/" : b.path + "/") }
        if inside(resolvedOutput, resolvedCache) {
            throw InputError(file: output, message: "--output is the cache \(resolvedCache.path) or lies inside it; cache maintenance would treat the reports as cache entries: choose a folder outside the cache")
        }
        for ancestor in ancestors(resolvedOutput) where FileManager.default.fileExists(atPath: ancestor.appendingPathComponent(CacheStore.tagName).path) {
            throw InputError(file: output, message: "--output lies inside the cache \(ancestor.path): choose a folder outside the cache")
        }
        for place in reports.map(\.name) + ["thumbnails"] where inside(resolvedCache, resolvedOutput.appendingPathComponent(place)) {
            throw InputError(file: cache.path, message: "the cache lies inside \(resolvedOutput.appendingPathComponent(place).path), a folder the report or the index replaces whole: choose another --cache-dir")
        }
    }

    /// `url` and every folder above it, up to `/`.
    static func ancestors(_ url: URL) -> [URL] {
        let components = url.standardizedFileURL.pathComponents.filter { $0 != "/" }
        return (0...components.count).reversed().map { URL(fileURLWithPath: "/" + components.prefix($0).joined(separator: "/")) }
    }

    static func linkRefusal(_ path: URL) -> InputError {
        InputError(file: path.path, message: "is a symbolic link; reports are written only into real folders inside --output and a link there is never followed: remove the link, or point --output at the folder it names")
    }
}
