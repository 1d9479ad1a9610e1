import Foundation
import Training

/// The data set each sweep trains on: the teacher, or hashed files from the data folder.
struct DatasetDescriptors {
    let dataDirectory: String?
    let experimentPath: String
    /// File data sets are hashed once per plan (each sweep takes its own numbers of examples).
    private var knownHashes: [String: [String: String]] = [:]

    init(dataDirectory: String?, experimentPath: String) {
        self.dataDirectory = dataDirectory
        self.experimentPath = experimentPath
    }

    /// The descriptor of the data set `sweep`'s runs ask for (from its settings' recipe).
    mutating func descriptor(for sweep: SweepSpec) throws -> DatasetDescriptor {
        let s = RunRecipe(sweep.settings).data
        if s.name == "teacher" { return DatasetDescriptor(name: s.name, teacher: s.teacher) }
        guard let directory = dataDirectory else {
            throw InputError(file: experimentPath, key: "sweeps.\(sweep.name).dataset",
                             message: "data set '\(s.name)' needs its files: pass --data-dir DIR")
        }
        let hashes = try knownHashes[s.name] ?? {
            var hashes: [String: String] = [:]
            for file in DatasetSource.files(of: s.name, in: directory) {
                guard let hash = ContentHash.sha256(file: file) else {
                    throw InputError(file: file, message: "data file for '\(s.name)' is missing or unreadable (from --data-dir \(directory))")
                }
                hashes[URL(fileURLWithPath: file).lastPathComponent] = hash
            }
            return hashes
        }()
        knownHashes[s.name] = hashes
        return DatasetDescriptor(name: s.name, directory: directory, fileHashes: hashes,
                                 trainLimit: s.trainExamples, testLimit: s.testExamples)
    }
}
