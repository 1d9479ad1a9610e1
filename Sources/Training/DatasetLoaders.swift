import Foundation
import Linalg

/// Loaders for the standard image data sets in their published file formats.
///
/// Pixels become floats in [0, 1] and are then standardised per channel with the training
/// set's statistics. `trainLimit`/`testLimit` keep only the first examples, for quick runs.
public enum DatasetLoaders {
    /// CIFAR-10's binary version: `data_batch_1.bin` … `data_batch_5.bin` and
    /// `test_batch.bin` in `directory` (or its `cifar-10-batches-bin` subdirectory). Each
    /// record is one label byte then 3072 pixel bytes (red, green and blue planes of 32×32).
    public static func cifar10(directory: String, trainLimit: Int? = nil, testLimit: Int? = nil) throws -> Dataset {
        let files = DatasetSource.files(of: "cifar10", in: directory)
        let (trainX, trainY) = try readCIFARRecords(Array(files.dropLast()), limit: trainLimit)
        let (testX, testY) = try readCIFARRecords([files[files.count - 1]], limit: testLimit)
        var dataset = Dataset(name: "cifar10", trainInputs: trainX, trainLabels: trainY, testInputs: testX, testLabels: testY, classes: 10)
        dataset.standardize(channels: 3)
        return dataset
    }

    private static func readCIFARRecords(_ paths: [String], limit: Int?) throws -> (Matrix, [Int32]) {
        let recordSize = 1 + 3072
        var pixels: [Float] = []
        var labels: [Int32] = []
        for path in paths {
            if let limit, labels.count >= limit { break }
            let data = try readFile(path)
            guard !data.isEmpty, data.count % recordSize == 0 else {
                throw DatasetError(path: path, problem: "size \(data.count) bytes is not a whole number of 3073-byte CIFAR-10 records (truncated or not CIFAR-10)")
            }
            let count = data.count / recordSize
            let take = limit.map { min(count, $0 - labels.count) } ?? count
            try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                for r in 0..<take {
                    let label = bytes[r * recordSize]
                    guard label < 10 else {
                        throw DatasetError(path: path, problem: "record \(r) has label \(label), outside 0…9")
                    }
                    labels.append(Int32(label))
                    for j in 1..<recordSize { pixels.append(Float(bytes[r * recordSize + j]) / 255) }
                }
            }
        }
        return (Matrix(rows: labels.count, columns: 3072, elements: pixels), labels)
    }

    /// MNIST or Fashion-MNIST IDX files in `directory`: `train-images-idx3-ubyte`,
    /// `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, each raw
    /// or with `.gz`.
    public static func idx(directory: String, name: String = "mnist", trainLimit: Int? = nil, testLimit: Int? = nil) throws -> Dataset {
        let base = URL(fileURLWithPath: directory)
        func load(_ stem: String, _ limit: Int?) throws -> (Matrix, [Int32]) {
            let images = try readIDX(base.appendingPathComponent("\(stem)-images-idx3-ubyte").path, expectedDimensions: 3, limit: limit)
            let labels = try readIDX(base.appendingPathComponent("\(stem)-labels-idx1-ubyte").path, expectedDimensions: 1, limit: limit)
            guard images.count == labels.count else {
                throw DatasetError(path: base.path, problem: "\(stem): \(images.count) images but \(labels.count) labels")
            }
            let d = images.dimensions.dropFirst().reduce(1, *)
            let pixels = images.bytes.map { Float($0) / 255 }
            if let bad = labels.bytes.firstIndex(where: { $0 > 9 }) {
                throw DatasetError(path: labels.path, problem: "label \(labels.bytes[bad]) at index \(bad) is outside 0…9")
            }
            return (Matrix(rows: images.count, columns: d, elements: pixels), labels.bytes.map(Int32.init))
        }
        let (trainX, trainY) = try load("train", trainLimit)
        let (testX, testY) = try load("t10k", testLimit)
        guard trainX.columns == testX.columns else {
            throw DatasetError(path: directory, problem: "training images are \(trainX.columns) pixels, test images \(testX.columns)")
        }
        var dataset = Dataset(name: name, trainInputs: trainX, trainLabels: trainY, testInputs: testX, testLabels: testY, classes: 10)
        dataset.standardize(channels: 1)
        return dataset
    }

    struct IDXContents {
        let path: String
        let dimensions: [Int]
        let bytes: [UInt8]
        var count: Int { dimensions.first ?? 0 }
    }

    /// Reads an unsigned-byte IDX file (raw or gzip), keeping at most `limit` items.
    static func readIDX(_ stemPath: String, expectedDimensions: Int, limit: Int?) throws -> IDXContents {
        let candidates = [stemPath, stemPath + ".gz"]
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw DatasetError(path: stemPath, problem: "missing (looked for \(candidates.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: " and ")))")
        }
        var data = try readFile(path)
        if Gzip.isCompressed(data) {
            // Read the header first; stop decompressing at the size it implies.
            data = try Gzip.decompress(data, path: path, headerBytes: 4 + 4 * expectedDimensions) { prefix in
                let header = try idxHeader([UInt8](prefix.prefix(4 + 4 * expectedDimensions)), path: path, expectedDimensions: expectedDimensions)
                return header.size + header.dataBytes
            }
        }
        // The header's sizes are checked against the file's before anything is sized by them.
        let bytes = [UInt8](data)
        let header = try idxHeader(bytes, path: path, expectedDimensions: expectedDimensions)
        let (dimensions, headerSize) = (header.dimensions, header.size)
        let itemSize = dimensions.dropFirst().reduce(1, *)
        let expected = header.dataBytes
        guard bytes.count - headerSize >= expected else {
            throw DatasetError(path: path, problem: "truncated: header promises \(expected) data bytes, file has \(bytes.count - headerSize)")
        }
        let kept = limit.map { min($0, dimensions[0]) } ?? dimensions[0]
        return IDXContents(
            path: path, dimensions: [kept] + dimensions.dropFirst(),
            bytes: Array(bytes[headerSize..<(headerSize + kept * itemSize)]))
    }

    /// An unsigned-byte IDX header: magic, dimension count, dimensions (each positive, an
    /// item at most 16 MiB, the whole at most 2 GiB). Products of the dimensions are checked
    /// for overflow before anything is sized by them (release builds do not trap on it).
    static func idxHeader(_ bytes: [UInt8], path: String, expectedDimensions: Int) throws -> (dimensions: [Int], size: Int, dataBytes: Int) {
        guard bytes.count >= 4 else { throw DatasetError(path: path, problem: "too short for an IDX header (\(bytes.count) bytes)") }
        guard bytes[0] == 0, bytes[1] == 0, bytes[2] == 0x08 else {
            throw DatasetError(path: path, problem: String(format: "not an unsigned-byte IDX file (magic %02x %02x %02x %02x)", bytes[0], bytes[1], bytes[2], bytes[3]))
        }
        let dimensionCount = Int(bytes[3])
        guard dimensionCount == expectedDimensions else {
            throw DatasetError(path: path, problem: "has \(dimensionCount) dimensions, expected \(expectedDimensions)")
        }
        let headerSize = 4 + 4 * dimensionCount
        guard bytes.count >= headerSize else { throw DatasetError(path: path, problem: "header is truncated") }
        let dimensions = (0..<dimensionCount).map { i in
            (0..<4).reduce(0) { ($0 << 8) | Int(bytes[4 + 4 * i + $1]) }
        }
        guard dimensions.allSatisfy({ $0 > 0 }), let dataBytes = checkedProduct(dimensions, limit: 1 << 31),
              checkedProduct(Array(dimensions.dropFirst()), limit: 1 << 24) != nil else {
            throw DatasetError(path: path, problem: "implausible dimensions \(dimensions) (zero, or more than 2 GiB of data or 16 MiB per item)")
        }
        return (dimensions, headerSize, dataBytes)
    }

    /// The product of `factors` when it is at most `limit`; nil when it exceeds it (or would
    /// overflow on the way).
    static func checkedProduct(_ factors: [Int], limit: Int) -> Int? {
        var product = 1
        for factor in factors {
            guard factor >= 0 else { return nil }
            let (next, overflow) = product.multipliedReportingOverflow(by: factor)
            guard !overflow, next <= limit else { return nil }
            product = next
        }
        return product
    }

    /// The largest data file read: a CIFAR-10 batch is 30 MB, MNIST's training images
    /// 47 MB; an IDX file's data is at most 2 GiB.
    static let maximumFileBytes = (1 << 31) + 4096

    static func readFile(_ path: String) throws -> Data {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DatasetError(path: path, problem: "missing")
        }
        // A FIFO or device would block the read, or never end.
        if let kind = RegularFile.nonRegularKind(path) { throw DatasetError(path: path, problem: "not a regular file (\(kind))") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumFileBytes {
            throw DatasetError(path: path, problem: "is \(size) bytes, larger than any data file of this format (at most 2 GiB); refusing to read it")
        }
        do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw DatasetError(path: path, problem: "cannot be read (\(error.localizedDescription))")
        }
    }
}
