import Foundation
import Testing
import TestSupport

/// `bench report`: the section of docs/performance.md, measured on tiny sizes (the structure
/// of the output, never its timings), with a stand-in for Python that prints what the peer
/// scripts print.
@Suite("bench report on the built binary")
struct BenchReportTests {
    /// A transfer sweep docs/pytorch-transfer-sweep.py can train (64 → n → n → 10, ReLU, SGD).
    static let experiment = """
        title = "Tiny bench"
        description = ""

        [defaults]
        input_dimension = 64
        classes = 10
        depth = 3
        steps = 3
        seeds = 1
        batch = 16
        train_examples = 64
        test_examples = 32
        probe_size = 16

        [sweeps.transfer]
        parametrizations = ["standard", "spectral"]
        widths = [8, 16]
        learning_rates = [0.5, 1.0]
        weight_metrics = false

        [[figures]]
        id = "lr-transfer"
        kind = "lr_transfer"
        sweep = "transfer"
        caption = "Transfer."
        """

    /// Prints the lines of the three scripts (as their `print` calls write them), and the
    /// arguments it was given to a log, so the test can check what the sweep was asked for.
    static func fakePython(in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("python")
        let log = folder.appendingPathComponent("python.log").path
        let script = """
            #!/bin/sh
            echo "$@" >> '\(log)'
            case "$(basename "$1")" in
              pytorch-train-step.py) w=$(echo "$@" | sed 's/.*--widths \\([0-9]*\\).*/\\1/')
                echo "pytorch width $w: 2.50 ms per step, 100.0 GFLOP/s (2.15.0, 1 threads)";;
              pytorch-transfer-sweep.py) echo "standard  width    16: best rate 1 (final training loss 2.2000)"
                echo "8 runs in 2.0 s (torch 2.15.0, 1 threads; losses at steps 1, 3)";;
              matplotlib-reference-figure.py) echo "matplotlib 3.11.0: 400.0 ms per figure (median of 10), 1000 bytes";;
              *) exit 3;;
            esac
            """
        try Data(script.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url
    }

    static var scripts: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs").path
    }

    static let tinySizes = ["--threads", "1", "--alternations", "2", "--warm-runs", "1", "--widths", "8", "16", "--input", "16",
                            "--batch", "8", "--steps", "2", "--renders", "1", "--sgemm-size", "64"]

    @Test func printsTheMarkdownSectionWithPeers() throws {
        let folder = try RunCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try RunCommandTests.write(Self.experiment, in: folder)
        let python = try Self.fakePython(in: folder)
        let result = try Binary.run(["bench", "report", path, "--markdown", "--python", python.path, "--scripts", Self.scripts] + Self.tinySizes)
        #expect(result.status == 0, "\(result.standardError)")
        let text = result.standardOutput
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.hasPrefix("## ") == true && lines.first?.contains(" family ") == true, "\(lines.first ?? "")")
        #expect(lines.first?.contains("AVX") == true, "the heading names the vector extension: \(lines.first ?? "")")
        #expect(text.contains("PyTorch 2.15.0, matplotlib 3.11.0 run by the same command"))
        #expect(lines.contains { $0.hasPrefix("| full report, cold (`run ") && $0.contains("8 runs") })
        #expect(lines.contains { $0.hasPrefix("| its FLOP bound: ") && $0.contains("** the bound |") })
        #expect(lines.contains { $0.hasPrefix("| warm rerun, nothing changed (median of 1) | ") })
        for width in [8, 16] {
            let row = lines.first { $0.hasPrefix("| \(width) | ") }
            #expect(row?.contains("2.50, 2.50") == true, "\(row ?? "no row for width \(width)")")
        }
        #expect(lines.contains { $0.hasPrefix("| PyTorch, the figure's evaluations | 2.0, 2.0 | ") })
        #expect(lines.contains { $0.hasPrefix("| PyTorch, final loss only | 2.0, 2.0 | ") })
        #expect(text.contains("matplotlib 400.0, 400.0, ratio "))
        #expect(lines.contains { $0.hasPrefix("Against the targets") && $0.contains("the transfer sweep") && $0.contains("width 16") })

        // The sweep PyTorch was asked for is the experiment's, and its two variants ran.
        let log = try String(contentsOf: folder.appendingPathComponent("python.log"), encoding: .utf8)
        let sweeps = log.split(separator: "\n").filter { $0.contains("pytorch-transfer-sweep.py") }
        #expect(sweeps.count == 4, "\(sweeps)")
        #expect(sweeps.first?.contains("--widths 8 16 --rates 0.5 1.0 --steps 3 --batch 16 --seeds 1") == true, "\(sweeps)")
        #expect(sweeps.filter { $0.hasSuffix("--final-loss-only") }.count == 2)
    }

    @Test func printsJSONWithoutPeersAndRefusesBadInput() throws {
        let folder = try RunCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try RunCommandTests.write(Self.experiment, in: folder)
        let result = try Binary.run(["bench", "report", path, "--json"] + Self.tinySizes)
        #expect(result.status == 0, "\(result.standardError)")
        let object = try RunCommandTests.json(result)
        let report = object["report"] as? [String: Any]
        #expect(report?["runs"] as? Int == 8)
        #expect((report?["coldSeconds"] as? Double ?? 0) > 0)
        let steps = object["steps"] as? [[String: Any]] ?? []
        #expect(steps.map { $0["width"] as? Int } == [8, 16])
        #expect(steps.allSatisfy { ($0["oursMilliseconds"] as? [Double])?.count == 2 && ($0["peerMilliseconds"] as? [Double])?.isEmpty == true })
        #expect(((object["transfer"] as? [String: Any])?["oursSeconds"] as? [Double])?.count == 2)

        let missing = try Binary.run(["bench", "report", path, "--python", folder.appendingPathComponent("no-python").path] + Self.tinySizes)
        #expect(missing.status == 2 && missing.standardError.contains("--python"), "\(missing.standardError)")
        let both = try Binary.run(["bench", "report", path, "--json", "--markdown"])
        #expect(both.status != 0 && both.standardError.contains("--markdown"))
    }

    /// The stand-in above prints what the real scripts print: their format strings are there.
    @Test func theScriptsPrintTheLinesThatAreRead() throws {
        let read = { (name: String) in try String(contentsOfFile: Self.scripts + "/" + name, encoding: .utf8) }
        #expect(try read("pytorch-train-step.py").contains(#"print(f"pytorch width {width}: {seconds * 1e3:.2f} ms per step, ""#))
        #expect(try read("pytorch-transfer-sweep.py").contains(#" runs in {seconds:.1f} s ""#))
        #expect(try read("pytorch-transfer-sweep.py").contains(#"f"(torch {torch.__version__}, "#))
        #expect(try read("matplotlib-reference-figure.py").contains(#"print(f"matplotlib {matplotlib.__version__}: {times[len(times) // 2] * 1000:.1f} ms per figure ""#))
    }
}
