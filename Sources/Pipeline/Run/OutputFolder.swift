import Foundation

/// Checks `--output` before anything runs: a folder (or a path whose nearest existing
/// ancestor is one) that this user can write, laid out as `OutputLayout` requires.
public enum OutputFolder {
    /// The folder `path` that `option` names can be made and written.
    /// - Throws: `InputError` naming the option when it cannot.
    public static func check(_ path: String, option: String = "--output") throws {
        guard !path.isEmpty else { throw InputError(file: option, message: "must not be empty (give a folder, e.g. output)") }
        var url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        while !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        guard isDirectory.boolValue else {
            throw InputError(file: path, message: "\(option) must be a folder, but \(url.path) is a file")
        }
        guard access(url.path, W_OK | X_OK) == 0 else {
            throw InputError(file: path, message: "\(option) cannot be written: \(url.path) is not writable by this user")
        }
    }

    /// The whole check for `run` and `watch`: the folder `output`, then the layout of the
    /// reports `sessions` write and of the cache at `cache`.
    public static func check(output: String, sessions: [ExperimentSession], cache: URL) throws {
        try check(output)
        try OutputLayout.check(output: output, reports: sessions.map { ($0.plan.experiment.name, $0.plan.experiment.path) }, cache: cache)
    }
}
