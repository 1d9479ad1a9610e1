import Foundation

/// The one owner of the published data-set layouts: which files a data set reads from a
/// folder, how a folder's data set is recognised, and loading it.
public enum DatasetSource {
    /// Data sets read from files (the teacher needs none).
    public static let fileDataSets = ["cifar10", "mnist", "fashion-mnist"]

    /// The folder holding CIFAR-10's batches: `directory` or its `cifar-10-batches-bin`.
    static func cifarBase(_ directory: String) -> String {
        let nested = directory + "/cifar-10-batches-bin"
        return FileManager.default.fileExists(atPath: nested + "/data_batch_1.bin") ? nested : directory
    }

    /// An IDX file of `directory`: raw when present, else gzip-compressed.
    static func idxFile(_ stem: String, in directory: String) -> String {
        let raw = "\(directory)/\(stem)"
        return FileManager.default.fileExists(atPath: raw) ? raw : raw + ".gz"
    }

    /// CIFAR-10 file names: five training batches, then the test batch.
    static let cifarTrainFiles = (1...5).map { "data_batch_\($0).bin" }
    static let cifarTestFile = "test_batch.bin"
    /// IDX stems of MNIST and Fashion-MNIST: images and labels of the training and test sets.
    static let idxStems = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]

    /// Every file data set `name` reads from `directory`, in a fixed order (their contents,
    /// hashed, decide whether runs are recomputed).
    public static func files(of name: String, in directory: String) -> [String] {
        if name == "cifar10" {
            let base = cifarBase(directory)
            return (cifarTrainFiles + [cifarTestFile]).map { "\(base)/\($0)" }
        }
        return idxStems.map { idxFile($0, in: directory) }
    }

    /// Recognises the data set in `directory` and the input dimension it implies.
    /// - Throws: `DatasetError` when the folder holds neither layout or a file is unreadable.
    public static func detect(directory: String) throws -> (name: String, inputDimension: Int) {
        let base = cifarBase(directory)
        if FileManager.default.fileExists(atPath: "\(base)/\(cifarTrainFiles[0])") { return ("cifar10", 3072) }
        if FileManager.default.fileExists(atPath: idxFile(idxStems[0], in: directory)) {
            // Read one example of each split: checks the files and gives the image size.
            let sample = try DatasetLoaders.idx(directory: directory, trainLimit: 1, testLimit: 1)
            return ("mnist", sample.inputDimension)
        }
        throw DatasetError(path: directory, problem: "no CIFAR-10 binary batches (\(cifarTrainFiles[0]) …) or MNIST IDX files (\(idxStems[0])[.gz] …) found")
    }

    /// Loads file data set `name` from `directory`, keeping the first examples of each split.
    public static func load(_ name: String, directory: String, trainLimit: Int?, testLimit: Int?) throws -> Dataset {
        if name == "cifar10" { return try DatasetLoaders.cifar10(directory: directory, trainLimit: trainLimit, testLimit: testLimit) }
        return try DatasetLoaders.idx(directory: directory, name: name, trainLimit: trainLimit, testLimit: testLimit)
    }

    /// Reads every file of data set `name` in `directory` through, so that a bad label or a
    /// truncated file is found before any run starts, and returns the number of training
    /// examples.
    /// - Throws: `DatasetError` naming the file and what is wrong.
    public static func verify(_ name: String, directory: String) throws -> Int {
        if name == "cifar10" {
            let files = self.files(of: name, in: directory)
            var trainExamples = 0
            for (index, path) in files.enumerated() {
                guard FileManager.default.fileExists(atPath: path) else { throw DatasetError(path: path, problem: "missing") }
                if let kind = RegularFile.nonRegularKind(path) { throw DatasetError(path: path, problem: "not a regular file (\(kind))") }
                if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > DatasetLoaders.maximumFileBytes {
                    throw DatasetError(path: path, problem: "is \(size) bytes, larger than any data file of this format (at most 2 GiB); refusing to read it")
                }
                let data: Data
                do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
                    throw DatasetError(path: path, problem: "cannot be read (\(error.localizedDescription))")
                }
                let recordSize = 1 + 3072
                guard !data.isEmpty, data.count % recordSize == 0 else {
                    throw DatasetError(path: path, problem: "size \(data.count) bytes is not a whole number of 3073-byte CIFAR-10 records (truncated or not CIFAR-10)")
                }
                try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                    for record in 0..<(data.count / recordSize) where bytes[record * recordSize] > 9 {
                        throw DatasetError(path: path, problem: "record \(record) has label \(bytes[record * recordSize]), outside 0…9")
                    }
                }
                if index < files.count - 1 { trainExamples += data.count / recordSize }
            }
            return trainExamples
        }
        var trainExamples = 0
        for split in ["train", "t10k"] {
            let images = try DatasetLoaders.readIDX("\(directory)/\(split)-images-idx3-ubyte", expectedDimensions: 3, limit: nil)
            let labels = try DatasetLoaders.readIDX("\(directory)/\(split)-labels-idx1-ubyte", expectedDimensions: 1, limit: nil)
            guard images.count == labels.count else {
                throw DatasetError(path: directory, problem: "\(split): \(images.count) images but \(labels.count) labels")
            }
            if let bad = labels.bytes.firstIndex(where: { $0 > 9 }) {
                throw DatasetError(path: labels.path, problem: "label \(labels.bytes[bad]) at index \(bad) is outside 0…9")
            }
            if split == "train" { trainExamples = images.count }
        }
        return trainExamples
    }
}
