import Foundation
import Testing
@testable import Training

@Suite("Data set loaders on small files in the real formats")
struct DatasetLoaderTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spectral-report-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func cifarRecords(_ labels: [UInt8]) -> Data {
        var data = Data()
        for (r, label) in labels.enumerated() {
            data.append(label)
            for j in 0..<3072 { data.append(UInt8((r * 7 + j) % 256)) }
        }
        return data
    }

    static func idx(images: Int, rows: Int = 4, columns: Int = 3) -> (Data, Data) {
        var imageData = Data([0, 0, 8, 3])
        for v in [images, rows, columns] { imageData.append(contentsOf: withUnsafeBytes(of: UInt32(v).bigEndian, Array.init)) }
        for i in 0..<(images * rows * columns) { imageData.append(UInt8(i % 251)) }
        var labelData = Data([0, 0, 8, 1])
        labelData.append(contentsOf: withUnsafeBytes(of: UInt32(images).bigEndian, Array.init))
        for i in 0..<images { labelData.append(UInt8(i % 10)) }
        return (imageData, labelData)
    }

    static func gzip(_ url: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-n", url.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    static func writeMNIST(to directory: URL, train: Int = 6, test: Int = 4) throws {
        for (stem, count) in [("train", train), ("t10k", test)] {
            let (images, labels) = idx(images: count)
            try images.write(to: directory.appendingPathComponent("\(stem)-images-idx3-ubyte"))
            try labels.write(to: directory.appendingPathComponent("\(stem)-labels-idx1-ubyte"))
        }
    }

    @Test func cifar10LoadsAndStandardizes() throws {
        let directory = try Self.temporaryDirectory()
        for b in 1...5 { try Self.cifarRecords([UInt8(b), 3, 9]).write(to: directory.appendingPathComponent("data_batch_\(b).bin")) }
        try Self.cifarRecords([0, 1]).write(to: directory.appendingPathComponent("test_batch.bin"))
        let dataset = try DatasetLoaders.cifar10(directory: directory.path)
        #expect(dataset.trainLabels.count == 15 && dataset.testLabels.count == 2)
        #expect(dataset.inputDimension == 3072 && dataset.classes == 10)
        #expect(Array(dataset.trainLabels.prefix(3)) == [1, 3, 9])
        // Per channel mean 0 on the training set.
        let firstChannel = (0..<15).flatMap { r in (0..<1024).map { Double(dataset.trainInputs[r, $0]) } }
        #expect(abs(firstChannel.reduce(0, +) / Double(firstChannel.count)) < 1e-4)
        let limited = try DatasetLoaders.cifar10(directory: directory.path, trainLimit: 4, testLimit: 1)
        #expect(limited.trainLabels.count == 4 && limited.testLabels.count == 1)
    }

    @Test func truncatedCIFARFileIsNamed() throws {
        let directory = try Self.temporaryDirectory()
        for b in 1...5 { try Self.cifarRecords([1]).write(to: directory.appendingPathComponent("data_batch_\(b).bin")) }
        try Self.cifarRecords([0, 1]).dropLast(10).write(to: directory.appendingPathComponent("test_batch.bin"))
        do {
            _ = try DatasetLoaders.cifar10(directory: directory.path)
            Issue.record("expected an error")
        } catch let error as DatasetError {
            #expect(error.path.hasSuffix("test_batch.bin"))
            #expect(error.problem.contains("3073"))
        }
    }

    @Test func mnistLoadsRawAndGzipped() throws {
        let directory = try Self.temporaryDirectory()
        try Self.writeMNIST(to: directory)
        let raw = try DatasetLoaders.idx(directory: directory.path)
        #expect(raw.trainLabels.count == 6 && raw.testLabels.count == 4 && raw.inputDimension == 12)
        #expect(raw.trainLabels == [0, 1, 2, 3, 4, 5])
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            try Self.gzip(directory.appendingPathComponent(name))
        }
        let compressed = try DatasetLoaders.idx(directory: directory.path, name: "fashion-mnist")
        #expect(compressed.trainInputs == raw.trainInputs && compressed.testLabels == raw.testLabels)
        #expect(compressed.name == "fashion-mnist")
    }

    @Test func corruptIDXFilesAreNamed() throws {
        let directory = try Self.temporaryDirectory()
        try Self.writeMNIST(to: directory)
        let images = directory.appendingPathComponent("train-images-idx3-ubyte")
        let good = try Data(contentsOf: images)
        // Truncated data.
        try good.dropLast(5).write(to: images)
        #expect(throws: DatasetError.self) { try DatasetLoaders.idx(directory: directory.path) }
        // Wrong magic.
        var badMagic = good
        badMagic[2] = 0x0D
        try badMagic.write(to: images)
        do {
            _ = try DatasetLoaders.idx(directory: directory.path)
            Issue.record("expected an error")
        } catch let error as DatasetError {
            #expect(error.path == images.path && error.problem.contains("magic"))
        }
        // Corrupt gzip.
        try FileManager.default.removeItem(at: images)
        var gz = Data([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3])
        gz.append(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF, 0x00])
        try gz.write(to: directory.appendingPathComponent("train-images-idx3-ubyte.gz"))
        do {
            _ = try DatasetLoaders.idx(directory: directory.path)
            Issue.record("expected an error")
        } catch let error as DatasetError {
            #expect(error.path.hasSuffix(".gz") && error.problem.contains("gzip"))
        }
        // Missing file.
        do {
            _ = try DatasetLoaders.idx(directory: directory.appendingPathComponent("nowhere").path)
            Issue.record("expected an error")
        } catch let error as DatasetError {
            #expect(error.problem.contains("missing"))
        }
    }

    @Test func teacherDataIsDeterministicAndBalancedEnough() {
        let a = TeacherConfiguration(inputDimension: 8, classes: 4, trainExamples: 400, testExamples: 100, seed: 9).makeDataset()
        let b = TeacherConfiguration(inputDimension: 8, classes: 4, trainExamples: 400, testExamples: 100, seed: 9).makeDataset()
        #expect(a.trainInputs == b.trainInputs && a.trainLabels == b.trainLabels)
        let counts = (0..<4).map { c in a.trainLabels.filter { $0 == c }.count }
        #expect(counts.filter { $0 > 0 }.count >= 3)
    }
}
