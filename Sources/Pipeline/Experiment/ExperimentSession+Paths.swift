import Foundation

extension ExperimentSession {
    /// The default experiment when none is named.
    public static let defaultExperiment = "experiments/spectral-condition.toml"

    /// The experiment files `paths` name (the default one when empty), folders expanded to
    /// their `*.toml` files in name order.
    /// - Throws: `InputError` for a folder without experiments.
    public static func experimentPaths(_ paths: [String]) throws -> [String] {
        var result: [String] = []
        for path in paths.isEmpty ? [defaultExperiment] : paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                result.append(path)  // a missing file is reported by the loader, with its name
                continue
            }
            let files = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".toml") && !$0.hasPrefix(".") }.sorted()
            guard !files.isEmpty else { throw InputError(file: path, message: "the folder holds no experiment files (*.toml)") }
            result += files.map { (path as NSString).appendingPathComponent($0) }
        }
        return result
    }

    /// Every experiment `paths` name, each prepared as `request` says (its path replaced),
    /// all loaded and validated before anything runs. Two experiments with the same name
    /// would write the same folder under `output`, so that is bad input too.
    /// - Throws: `InputError` for anything wrong with any of them.
    public static func prepare(_ paths: [String], _ request: Request, output: String) throws -> [ExperimentSession] {
        var sessions: [ExperimentSession] = []
        for path in try experimentPaths(paths) {
            var request = request
            request.experimentPath = path
            let session = try prepare(request)
            if let other = sessions.first(where: { $0.plan.experiment.name == session.plan.experiment.name }) {
                throw InputError(file: path, message: "has the same name as \(other.plan.experiment.path): both would write \(output)/\(session.plan.experiment.name)/")
            }
            sessions.append(session)
        }
        return sessions
    }
}
