import Foundation
import Training

/// A file data set found with `--data-dir`, as it changes an experiment: every sweep trains
/// on it, with the data's input dimension and classes. The experiment is read with it, so
/// that every check (batches against the examples, memory against the input dimension)
/// sees the settings the runs will train with.
struct FileDataSet: Sendable {
    let directory: String
    let name: String
    let inputDimension: Int
    /// Training examples in the files.
    let available: Int
    /// CIFAR-10, MNIST and Fashion-MNIST have ten classes each.
    static let classes = 10

    /// Finds and checks the data set in `directory`.
    /// - Throws: `InputError` when it is not a directory, holds no data set, or a file is
    ///   damaged.
    static func inspect(_ directory: String) throws -> FileDataSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(file: directory, message: "--data-dir is not a directory")
        }
        do {
            let detected = try DatasetSource.detect(directory: directory)
            let available = try DatasetSource.verify(detected.name, directory: directory)
            return FileDataSet(directory: directory, name: detected.name, inputDimension: detected.inputDimension, available: available)
        } catch let error as DatasetError {
            throw InputError(file: error.path, message: error.problem)
        }
    }

    /// `settings` trained on this data set.
    func applied(to settings: RunSettings) -> RunSettings {
        var settings = settings
        settings.dataset = name
        settings.inputDimension = inputDimension
        settings.classes = Self.classes
        return settings
    }
}
