import Foundation
import Testing
import TestSupport

/// Experiment files and data files as careless or hostile users make them: CRLF files are
/// read like LF ones, layers a network lacks are refused, data headers that promise more
/// than a machine holds are refused before anything is allocated; a full file-size limit is
/// an error, not a silent death.
@Suite("Loading: line endings, layers, data headers, file-size limits")
struct LoadingHostileTests {
    typealias Case = HostileInputTests.Case

    static func header(magic: [UInt8], _ dimensions: [UInt32]) -> Data {
        var data = Data(magic)
        for v in dimensions { data.append(contentsOf: withUnsafeBytes(of: v.bigEndian, Array.init)) }
        return data
    }

    /// MNIST files with one of them replaced by `bytes` (named by its stem).
    static func mnist(_ folder: URL, replacing stem: String, with bytes: Data, gzip: Bool = false) throws {
        try HostileInputTests.mnist(folder)
        let url = folder.appendingPathComponent("data/\(stem)")
        try FileManager.default.removeItem(at: url)
        try bytes.write(to: url)
        if gzip {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/gzip")
            process.arguments = ["-n", url.path]
            try process.run()
            process.waitUntilExit()
        }
    }

    static let cases: [Case] = [
        Case(name: "IDX images of 2³²−1 × 2³²−1 × 2³²−1", arguments: ["--data-dir", "@/data"], expected: ["train-images-idx3-ubyte", "implausible dimensions"], setUp: {
            try mnist($0, replacing: "train-images-idx3-ubyte", with: header(magic: [0, 0, 8, 3], [.max, .max, .max])) }),
        Case(name: "IDX labels promising 2³²−1 items in 12 bytes", arguments: ["--data-dir", "@/data"], expected: ["train-labels-idx1-ubyte", "implausible dimensions"], setUp: {
            try mnist($0, replacing: "train-labels-idx1-ubyte", with: header(magic: [0, 0, 8, 1], [.max]) + Data([1, 2, 3, 4])) }),
        Case(name: "IDX images whose item size overflows to a small number", arguments: ["--data-dir", "@/data"], expected: ["t10k-images-idx3-ubyte", "implausible dimensions"], setUp: {
            // 2³¹ × 2³¹ × 4 wraps to 0 in 64 bits.
            try mnist($0, replacing: "t10k-images-idx3-ubyte", with: header(magic: [0, 0, 8, 3], [4, 1 << 31, 1 << 31]) + Data(count: 64)) }),
        Case(name: "IDX images with a zero dimension", arguments: ["--data-dir", "@/data"], expected: ["train-images-idx3-ubyte", "implausible dimensions"], setUp: {
            try mnist($0, replacing: "train-images-idx3-ubyte", with: header(magic: [0, 0, 8, 3], [80, 0, 6])) }),
        Case(name: "a gzipped IDX header of 2³²−1 × 2³²−1 × 2³²−1", arguments: ["--data-dir", "@/data"], expected: ["train-images-idx3-ubyte.gz", "implausible dimensions"], setUp: {
            try mnist($0, replacing: "train-images-idx3-ubyte", with: header(magic: [0, 0, 8, 3], [.max, .max, .max]) + Data(count: 4096), gzip: true) }),
        Case(name: "IDX images that promise more than the file holds", arguments: ["--data-dir", "@/data"], expected: ["t10k-images-idx3-ubyte", "truncated: header promises 720000 data bytes"], setUp: {
            try mnist($0, replacing: "t10k-images-idx3-ubyte", with: header(magic: [0, 0, 8, 3], [20000, 6, 6]) + Data(count: 720)) }),
        Case(name: "a sparse 3 GB CIFAR-10 batch", arguments: ["--data-dir", "@/data"], expected: ["data_batch_2.bin", "larger than any data file"], setUp: { folder in
            try HostileInputTests.cifar(folder)
            let handle = try FileHandle(forWritingTo: folder.appendingPathComponent("data/data_batch_2.bin"))
            try handle.truncate(atOffset: 3 * 1_073_741_823)
            try handle.close() }),
        Case(name: "layers beyond the depth", toml: HostileInputTests.toml(extra: "layers = [1, 4]"), expected: [":20:", "figures[0].layers", "layer 4 does not exist", "depth 3"]),
        Case(name: "layers beyond the quick preset's depth", toml: HostileInputTests.toml(extra: "layers = [3]\n[quick.defaults]\ndepth = 2"), arguments: ["--quick"],
             expected: ["figures[0].layers", "layer 3 does not exist", "depth 2", "quick preset"]),
        Case(name: "layers beyond the depth of an unused quick preset", toml: HostileInputTests.toml(extra: "layers = [3]\n[quick.defaults]\ndepth = 2"),
             expected: ["figures[0].layers", "depth 2", "quick preset"]),
        Case(name: "layer zero", toml: HostileInputTests.toml(extra: "layers = [0]"), expected: ["figures[0].layers", "between 1 and 16"]),
        Case(name: "old Mac line ends (CR only)", toml: HostileInputTests.toml().replacingOccurrences(of: "\n", with: "\r"), expected: ["x.toml", "syntax"]),
        Case(name: "a CRLF file with a mistake names its line", toml: HostileInputTests.toml(defaults: "depth = 17").replacingOccurrences(of: "\n", with: "\r\n"),
             expected: [":11:", "defaults.depth", "between 1 and 16"]),
        Case(name: "an experiment file that is a folder", toml: nil, arguments: [], expected: ["x.toml"], setUp: {
            try FileManager.default.createDirectory(at: $0.appendingPathComponent("x.toml"), withIntermediateDirectories: true) }),
    ]

    @Test(arguments: cases)
    func refusedWithExitTwoAndNothingWritten(_ hostile: Case) throws {
        try HostileInputTests().refusedWithExitTwoAndNothingWritten(hostile)
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loading-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aCRLFFileRunsAndHashesLikeTheSameFileWithLF() throws {
        let folder = try Self.folder()
        let text = TinyExperiment.toml(description: "One line.")
            .replacingOccurrences(of: "description = \"One line.\"", with: "description = \"\"\"\nFirst paragraph.\n\nSecond.\"\"\"")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("lf"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("crlf"), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: folder.appendingPathComponent("lf/tiny.toml"))
        // Every line CRLF but one: editors mix them too.
        let crlf = text.replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: "seeds = 1\r\n", with: "seeds = 1\n")
        try Data(crlf.utf8).write(to: folder.appendingPathComponent("crlf/tiny.toml"))
        let environment: [String: String?] = ["SOURCE_DATE_EPOCH": "1700000000"]
        var outputs: [String: URL] = [:]
        for name in ["lf", "crlf"] {
            let output = folder.appendingPathComponent("out-\(name)")
            let result = try Binary.run(["run", folder.appendingPathComponent("\(name)/tiny.toml").path, "--output", output.path, "--quiet"], environment: environment)
            #expect(result.status == 0, "\(name): \(result.standardError)")
            outputs[name] = output
        }
        for file in ["report.html", "report.md", "data/summary.json", "data/experiment.json"] {
            let lf = FileManager.default.contents(atPath: outputs["lf"]!.appendingPathComponent("tiny/\(file)").path)
            #expect(lf != nil && lf == FileManager.default.contents(atPath: outputs["crlf"]!.appendingPathComponent("tiny/\(file)").path), "\(file) differs")
        }
        // The hash shown is of the text with LF line ends: the LF file's own SHA-256.
        let summary = try String(contentsOf: outputs["crlf"]!.appendingPathComponent("tiny/data/summary.json"), encoding: .utf8)
        let sha = try Binary.run([folder.appendingPathComponent("lf/tiny.toml").path], executable: URL(fileURLWithPath: "/usr/bin/sha256sum"))
        #expect(summary.contains(String(sha.standardOutput.prefix(64))), "\(sha.standardOutput)")
        // The CRLF file in the LF file's cache: nothing reruns.
        let shared = try Binary.run(["run", folder.appendingPathComponent("crlf/tiny.toml").path, "--output", outputs["lf"]!.path, "--json"], environment: environment)
        #expect(shared.status == 0 && shared.standardOutput.contains("\"executed\" : 0"), "\(shared.standardOutput)")
    }

    @Test func pastAFileSizeLimitTheRunSaysFileTooLargeAndExitsOne() throws {
        let folder = try Self.folder()
        let path = folder.appendingPathComponent("tiny.toml").path
        try Data(TinyExperiment.toml().utf8).write(to: URL(fileURLWithPath: path))
        let output = folder.appendingPathComponent("out")
        // 64 KiB: the cache's small entries fit, a figure's PNG does not.
        let script = "ulimit -f 64; exec \"$0\" \"$@\""
        let result = try Binary.run(["-c", script, Binary.url.path, "run", path, "--output", output.path, "--threads", "1"],
                                    environment: ["SOURCE_DATE_EPOCH": "1700000000"], executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(result.status == 1, "exit \(result.status): \(result.standardError)")
        #expect(result.standardError.contains("File too large"), "\(result.standardError)")
        #expect(!result.standardError.contains("NSCocoaErrorDomain"), "\(result.standardError)")
        // No torn file: every entry in the cache is whole, and a rerun without the limit finishes.
        let verify = try Binary.run(["cache", "verify", "--cache-dir", output.appendingPathComponent(".cache").path])
        #expect(verify.status == 0, "\(verify.standardOutput)")
        let rerun = try Binary.run(["run", path, "--output", output.path, "--quiet"], environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(rerun.status == 0, "\(rerun.standardError)")
    }

    /// A malformed `SOURCE_DATE_EPOCH` is refused before anything runs, not read as unset
    /// (the reproducible-builds specification asks tools to fail rather than guess).
    @Test func aMalformedSourceDateEpochIsRefusedAndNothingIsWritten() throws {
        let folder = try Self.folder()
        let path = folder.appendingPathComponent("tiny.toml").path
        try Data(TinyExperiment.toml().utf8).write(to: URL(fileURLWithPath: path))
        for value in ["abc", " 1700000000", "1e9", "-1", "99999999999999999999", "1700000000\u{1B}[31m"] {
            let output = folder.appendingPathComponent("out")
            let result = try Binary.run(["run", path, "--output", output.path, "--quiet"], environment: ["SOURCE_DATE_EPOCH": value])
            #expect(result.status == 2 && result.standardError.contains("SOURCE_DATE_EPOCH: must be a whole number of seconds")
                    && !result.standardError.contains("\u{1B}"), "\(value): \(result.standardError)")
            #expect(!FileManager.default.fileExists(atPath: output.path), "\(value): something was written")
        }
    }
}
