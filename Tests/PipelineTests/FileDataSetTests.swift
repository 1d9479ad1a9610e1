import Foundation
import Testing
@testable import Pipeline

/// `--data-dir` changes an experiment before it is checked, so that every check sees the
/// settings the runs train with.
@Suite("A file data set, as it changes an experiment")
struct FileDataSetTests {
    /// A folder of CIFAR-10-style batches of `records` records each.
    static func cifar(records: Int = 4) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("file-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in (1...5).map({ "data_batch_\($0).bin" }) + ["test_batch.bin"] {
            var bytes = Data()
            for _ in 0..<records { bytes.append(1); bytes.append(contentsOf: [UInt8](repeating: 7, count: 3072)) }
            try bytes.write(to: folder.appendingPathComponent(name))
        }
        return folder
    }

    static func experiment(_ defaults: String) -> String {
        """
        title = "Data"
        [defaults]
        \(defaults)
        steps = 2
        seeds = 1
        [sweeps.movement]
        widths = [8, 16]
        """
    }

    /// Ten million CIFAR-10 examples (about 115 GiB) do not fit this machine.
    static let tenMillionImagesDoNotFit = 10_000_000 * 3072 * 4 > Int(Double(ProcessInfo.processInfo.physicalMemory) * ExperimentLoader.memoryShare)

    @Test(.enabled(if: tenMillionImagesDoNotFit, "the machine holds ten million CIFAR-10 images"))
    func theMemoryCheckUsesTheDatasInputDimension() throws {
        let folder = try Self.cifar()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = try FileDataSet.inspect(folder.path)
        #expect(data.name == "cifar10" && data.inputDimension == 3072 && data.available == 20)
        // Ten million examples of one input fit; of CIFAR-10's 3072 they do not.
        let text = Self.experiment("input_dimension = 1\nbatch = 4\ntrain_examples = 10000000")
        _ = try ExperimentLoader.parse(text: text, path: "data.toml")
        #expect(throws: InputError.self) { try ExperimentLoader.parse(text: text, path: "data.toml", data: data) }
        do {
            _ = try ExperimentLoader.parse(text: text, path: "data.toml", data: data)
        } catch let error as InputError {
            #expect(error.description.contains("sweeps.movement.widths") && error.description.contains("input dimension 3072"))
        }
    }

    @Test func everySweepTrainsOnTheDataAndItsBatchesAreChecked() throws {
        let folder = try Self.cifar()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = try FileDataSet.inspect(folder.path)
        let spec = try ExperimentLoader.parse(text: Self.experiment("batch = 4"), path: "data.toml", data: data)
        let settings = spec.sweeps[0].settings
        #expect(settings.dataset == "cifar10" && settings.inputDimension == 3072 && settings.classes == FileDataSet.classes)
        do {
            _ = try ExperimentLoader.parse(text: Self.experiment("batch = 32"), path: "data.toml", data: data)
            Issue.record("a batch of 32 from 20 examples was accepted")
        } catch let error as InputError {
            #expect(error.line != nil && error.description.contains("batch 32 is larger than the 20 training examples"))
        }
    }
}
