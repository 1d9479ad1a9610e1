import Foundation
import Training

/// Loads each data set once per process and shares it between workers.
final class DatasetCache: @unchecked Sendable {
    private var loaded: [DatasetDescriptor: Dataset] = [:]
    private let lock = NSLock()

    func dataset(_ descriptor: DatasetDescriptor) throws -> Dataset {
        lock.lock(); defer { lock.unlock() }
        if let known = loaded[descriptor] { return known }
        let dataset: Dataset
        if let teacher = descriptor.teacher {
            dataset = teacher.makeDataset()
        } else if let directory = descriptor.directory {
            do {
                dataset = try DatasetSource.load(descriptor.name, directory: directory, trainLimit: descriptor.trainLimit, testLimit: descriptor.testLimit)
            } catch let error as DatasetError {
                throw InputError(file: error.path, message: error.problem)
            }
        } else {
            throw InputError(file: descriptor.name, message: "data set without a source")
        }
        loaded[descriptor] = dataset
        return dataset
    }
}
