import Crypto
import Foundation
import Testing
import TestSupport

/// The index shows how long each report took, and the report folder stays byte-reproducible:
/// the times live in `<output>/.run-times/<report>.json`, outside every report folder.
@Suite("Index cards: run time outside the reproducible report", .serialized)
struct IndexRunTimeTests {
    /// sha256 of every file of a report folder, by path.
    static func fingerprint(_ folder: URL) -> [String: String] {
        var files: [String: String] = [:]
        for case let name as String in FileManager.default.enumerator(atPath: folder.path)?.allObjects ?? [] {
            var isDirectory: ObjCBool = false
            let url = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = FileManager.default.contents(atPath: url.path) else { continue }
            files[name] = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        }
        return files
    }

    @Test func theCardShowsTheRunTimeAndTheReportFolderKeepsItsBytes() throws {
        let folder = try RunCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try RunCommandTests.write(TinyExperiment.toml(title: "Timed"), in: folder, name: "timed")
        func run(_ output: String) throws -> URL {
            let result = try Binary.run(["run", path, "--output", folder.appendingPathComponent(output).path, "--quiet", "--threads", "1"],
                                        environment: RunCommandTests.environment)
            #expect(result.status == 0, "\(result.standardError)")
            return folder.appendingPathComponent(output)
        }
        // Cold into one output, cold into another (new cache), warm into the first.
        let first = try run("a")
        let cold = Self.fingerprint(first.appendingPathComponent("timed"))
        let record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: first.appendingPathComponent(".run-times/timed.json"))) as? [String: Any])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: first.appendingPathComponent("timed/data/summary.json"))) as? [String: Any])
        let runs = try #require((summary["provenance"] as? [String: Any])?["runs"] as? Int)
        #expect(record["runs"] as? Int == runs && record["runs_trained_now"] as? Int == runs, "\(record)")
        #expect((record["training_seconds"] as? Double ?? 0) > 0 && (record["last_run_seconds"] as? Double ?? 0) > 0)
        let index = try String(contentsOf: first.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("each timed when it was trained") && index.contains("every run trained then"), "the card shows the run time")
        let other = try run("b")
        #expect(Self.fingerprint(other.appendingPathComponent("timed")) == cold, "two cold runs give the same report bytes")
        let recordURL = first.appendingPathComponent(".run-times/timed.json")
        let written = try Data(contentsOf: recordURL)
        _ = try run("a")
        #expect(Self.fingerprint(first.appendingPathComponent("timed")) == cold, "a warm rerun gives the same report bytes")
        #expect(try Data(contentsOf: recordURL) == written, "a run that computed nothing keeps the record of the one that did")
        // Without a record, a warm run writes one: it trained nothing, and the training time
        // is still each run's, from the cache.
        try FileManager.default.removeItem(at: recordURL)
        _ = try run("a")
        let warm = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: recordURL)) as? [String: Any])
        #expect(warm["runs_trained_now"] as? Int == 0 && warm["training_seconds"] as? Double == record["training_seconds"] as? Double, "\(warm)")
        #expect(try String(contentsOf: first.appendingPathComponent("index.md"), encoding: .utf8).contains("all from the cache"))
        // No report file mentions the times.
        for name in cold.keys {
            let text = String(decoding: try Data(contentsOf: first.appendingPathComponent("timed/\(name)")), as: UTF8.self)
            #expect(!text.contains("last_run_seconds") && !text.contains("each timed when it was trained"), "\(name)")
        }
    }

    /// A link standing at `.run-times` is never followed: the run succeeds, warns, and
    /// writes nothing through it.
    @Test func aLinkAtTheRecordsFolderIsNotFollowed() throws {
        let folder = try RunCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try RunCommandTests.write(TinyExperiment.toml(title: "Timed"), in: folder, name: "timed")
        let output = folder.appendingPathComponent("out"), elsewhere = folder.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: output.appendingPathComponent(".run-times"), withDestinationURL: elsewhere)
        let linked = try Binary.run(["run", path, "--output", output.path, "--quiet", "--threads", "1"], environment: RunCommandTests.environment)
        #expect(linked.status == 0 && linked.standardError.contains("run time of timed not recorded"), "\(linked.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("index.html").path), "the index is written, without the time")
    }
}
