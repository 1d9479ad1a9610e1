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

    /// Prints the versions `-c "import torch, matplotlib; …"` asks for and the lines of the
    /// three scripts (as their `print` calls write them), and the arguments it was given to a
    /// log, so the test can check what the sweep was asked for. `check` and `trainStep`, when
    /// given, replace what it does for the version check and for pytorch-train-step.py.
    static func fakePython(in folder: URL, check: String? = nil, trainStep: String? = nil) throws -> URL {
        let url = folder.appendingPathComponent("python")
        let log = folder.appendingPathComponent("python.log").path
        let script = """
            #!/bin/sh
            echo "$@" >> '\(log)'
            if [ "$1" = "-c" ]; then
              \(check ?? "echo 2.15.0; echo 3.11.0")
              exit 0
            fi
            case "$(basename "$1")" in
              pytorch-train-step.py) \(trainStep.map { $0 + ";;\n  never.py)" } ?? "")w=$(echo "$@" | sed 's/.*--widths \\([0-9]*\\).*/\\1/')
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

    @Test func refusesAPythonThatHangsOrIsAFolderOrLacksTorch() throws {
        let folder = try RunCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try RunCommandTests.write(Self.experiment, in: folder)
        let hanging = try Self.fakePython(in: folder, check: "exec sleep 100000")
        let hung = try Binary.run(["bench", "report", path, "--python", hanging.path, "--python-check-timeout", "2", "--scripts", Self.scripts] + Self.tinySizes,
                                  timeout: 120)
        #expect(hung.status == 2 && hung.standardError.contains("did not answer"), "\(hung.status) \(hung.standardError)")

        let noTorch = try Self.fakePython(in: folder, check: "echo 'ModuleNotFoundError: No module named torch' >&2; exit 1")
        let failed = try Binary.run(["bench", "report", path, "--python", noTorch.path, "--scripts", Self.scripts] + Self.tinySizes, timeout: 120)
        #expect(failed.status == 2 && failed.standardError.contains("No module named torch"), "\(failed.status) \(failed.standardError)")

        let directory = try Binary.run(["bench", "report", path, "--python", folder.path, "--scripts", Self.scripts] + Self.tinySizes, timeout: 120)
        #expect(directory.status == 2 && directory.standardError.contains("--python is a folder"), "\(directory.status) \(directory.standardError)")
    }

    @Test func refusesATemporaryFolderThatIsMissingOrAFile() throws {
        let folder = try RunCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try RunCommandTests.write(Self.experiment, in: folder)
        let missing = folder.appendingPathComponent("missing")
        let result = try Binary.run(["bench", "report", path] + Self.tinySizes, timeout: 120,
                                    environment: ["TMPDIR": missing.appendingPathComponent("deeper").path])
        #expect(result.status == 2 && result.standardError.contains("TMPDIR"), "\(result.status) \(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: missing.path), "nothing is created")

        let file = folder.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let onFile = try Binary.run(["bench", "report", path] + Self.tinySizes, timeout: 120, environment: ["TMPDIR": file.path])
        #expect(onFile.status == 2 && onFile.standardError.contains("TMPDIR") && !onFile.standardError.contains("NSCocoaErrorDomain"),
                "\(onFile.status) \(onFile.standardError)")
    }

    /// A peer script that outlives --timeout is killed, and the command fails naming it.
    @Test func killsAMeasuredCommandPastItsTimeout() throws {
        let folder = try RunCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try RunCommandTests.write(Self.experiment, in: folder)
        let python = try Self.fakePython(in: folder, trainStep: "exec sleep 100000")
        let result = try Binary.run(["bench", "report", path, "--python", python.path, "--scripts", Self.scripts, "--timeout", "30"] + Self.tinySizes,
                                    timeout: 300, environment: ["TMPDIR": folder.path])
        #expect(result.status == 1 && result.standardError.contains("pytorch-train-step.py timed out"), "\(result.status) \(result.standardError)")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("spectral-report-bench-") }
        #expect(left.isEmpty, "the temporary folder is removed: \(left)")
    }

    /// SIGTERM while a peer script runs: the script (in its own process group) is killed,
    /// the temporary folder removed, and the command exits with 128 + 15.
    @Test func sigtermStopsTheChildAndRemovesTheTemporaryFolder() throws {
        let folder = try RunCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try RunCommandTests.write(Self.experiment, in: folder)
        let pidFile = folder.appendingPathComponent("child.pid")
        let python = try Self.fakePython(in: folder, trainStep: "echo $$ > '\(pidFile.path)'; exec sleep 100000")
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["bench", "report", path, "--python", python.path, "--scripts", Self.scripts] + Self.tinySizes
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = folder.path
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = Binary.Drain(out), errors = Binary.Drain(err)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let temporary = folder.appendingPathComponent("spectral-report-bench-\(process.processIdentifier)")
        var childPID: pid_t?
        for _ in 0..<1200 where childPID == nil {
            if let text = try? String(contentsOf: pidFile, encoding: .utf8), let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                childPID = pid
            } else if !process.isRunning { break } else { usleep(100_000) }
        }
        guard let childPID else {
            Issue.record("the stand-in train step never ran: \(errors.wait())")
            return
        }
        #expect(FileManager.default.fileExists(atPath: temporary.path), "the temporary folder exists while measuring")
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<300 where process.isRunning { usleep(100_000) }
        #expect(!process.isRunning)
        process.waitUntilExit()
        _ = output.wait()
        let message = errors.wait()
        #expect(process.terminationStatus == 143, "\(process.terminationStatus) \(message)")
        #expect(message.contains("interrupted by SIGTERM"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: temporary.path), "the temporary folder is removed")
        // The child is gone (or a zombie nobody reaped yet): it does not keep running.
        var alive = true
        for _ in 0..<50 where alive {
            let stat = try? String(contentsOfFile: "/proc/\(childPID)/stat", encoding: .utf8)
            alive = stat.map { !$0.contains(") Z ") } ?? false
            if alive { usleep(100_000) }
        }
        #expect(!alive, "the child \(childPID) was killed")
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
