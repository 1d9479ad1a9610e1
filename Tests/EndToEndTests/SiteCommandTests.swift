import Foundation
import Raster
import Testing
import TestSupport

/// `compare`, several experiments with an index, and `watch`, on the built binary.
@Suite("compare, index and watch on the built binary", .serialized)
struct SiteCommandTests {
    /// The tiny experiment with `learning_rate` set in its defaults.
    static func experiment(title: String, learningRate: Double = 0.5) -> String {
        TinyExperiment.toml(title: title, extra: "[[figures]]\nid = \"losses\"\nkind = \"loss_curves\"\nsweep = \"movement\"\ncaption = \"Loss.\"")
            .replacingOccurrences(of: "[defaults]\n", with: "[defaults]\nlearning_rate = \(learningRate)\n")
    }

    static let environment: [String: String?] = ["SOURCE_DATE_EPOCH": "1700000000"]

    @Test func compareNamesTheChangedSettingAndOverlaysTheFigures() throws {
        let folder = try RunCommandTests.folder()
        let a = try RunCommandTests.write(Self.experiment(title: "Base"), in: folder, name: "base")
        let b = try RunCommandTests.write(Self.experiment(title: "Base", learningRate: 0.25), in: folder, name: "half")
        let output = folder.appendingPathComponent("out").path
        for path in [a, b] {
            let run = try Binary.run(["run", path, "--output", output, "--quiet", "--threads", "1"], environment: Self.environment)
            #expect(run.status == 0, "\(run.standardError)")
        }
        let result = try Binary.run(["compare", output + "/base", output + "/half", "--output", output, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any] ?? [:]
        let comparison = json["comparison"] as? [String: Any] ?? [:]
        let settings = comparison["settings"] as? [[String: Any]] ?? []
        let rate = settings.first { $0["key"] as? String == "sweeps.movement.learning_rate" }
        #expect(rate?["a"] as? String == "0.5" && rate?["b"] as? String == "0.25", "\(settings)")
        let directory = URL(fileURLWithPath: output + "/compare-base-vs-half")
        let markdown = try String(contentsOf: directory.appendingPathComponent("compare.md"), encoding: .utf8)
        #expect(markdown.contains("| `sweeps.movement.learning_rate` | 0.5 | 0.25 |"))
        #expect(markdown.contains("learning\\_rate 0.5 → 0.25 in 1 sweep (movement)"))
        let html = try String(contentsOf: directory.appendingPathComponent("compare.html"), encoding: .utf8)
        #expect(html.contains("<a href=\"../base/report.html\">"))
        // The verdicts carry the theory's band and B − A; the report's other tables are diffed.
        #expect(markdown.contains("| parametrization | optimizer | claim | theory | base | half | verdict base → half |"))
        for key in ["diagnosis", "prescriptions", "transfer"] {
            let diff = comparison[key] as? [String: Any]
            #expect(diff?["compared"] is Int && diff?["rows"] is [Any], "\(key): \(String(describing: diff))")
        }
        for section in ["diagnosis", "prescriptions", "transfer"] { #expect(html.contains("<section id=\"\(section)\">")) }
        let verdicts = comparison["verdicts"] as? [[String: Any]] ?? []
        #expect(!verdicts.isEmpty && verdicts.allSatisfy { $0["beyond_intervals"] is Bool })
        // Feature movement (a movement against width) gets a B/A panel; loss curves do not.
        let ratio = try PNGCodec.decode(try Data(contentsOf: directory.appendingPathComponent("figures/feature-movement-ratio.png")))
        #expect(ratio.width > 300 && html.contains("figures/feature-movement-ratio.png") && markdown.contains("figures/feature-movement-ratio.svg"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("figures/losses-ratio.png").path))
        for figure in ["feature-movement", "losses"] {
            let png = try Data(contentsOf: directory.appendingPathComponent("figures/\(figure).png"))
            let image = try PNGCodec.decode(png)
            #expect(image.width > 500 && image.height > 200)
            let svg = try String(contentsOf: directory.appendingPathComponent("figures/\(figure).svg"), encoding: .utf8)
            // Both reports are in the legend, and B's curves are dashed.
            #expect(svg.contains("stroke-dasharray") && html.contains("figures/\(figure).png"))
        }
    }

    @Test func compareRefusesWhatIsNotAReportAndWritesNothing() throws {
        let folder = try RunCommandTests.folder()
        let path = try RunCommandTests.write(Self.experiment(title: "Base"), in: folder, name: "base")
        let output = folder.appendingPathComponent("out").path
        #expect(try Binary.run(["run", path, "--output", output, "--quiet", "--threads", "1"]).status == 0)
        let report = output + "/base"
        func copy(_ name: String, edit: (URL) throws -> Void) throws -> String {
            let target = folder.appendingPathComponent(name)
            try FileManager.default.copyItem(atPath: report, toPath: target.path)
            try edit(target)
            return target.path
        }
        let noSummary = try copy("no-summary") { try FileManager.default.removeItem(at: $0.appendingPathComponent("data/summary.json")) }
        let garbage = try copy("garbage") { try Data("{\"exponents\": 3}".utf8).write(to: $0.appendingPathComponent("data/summary.json")) }
        let otherKind = try copy("other-kind") { url in
            let file = url.appendingPathComponent("data/experiment.json")
            let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "\"loss_curves\"", with: "\"lr_transfer\"")
            try Data(text.utf8).write(to: file)
        }
        let shortSeries = try copy("short-series") { url in
            let file = url.appendingPathComponent("data/losses.json")
            var data = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] ?? [:]
            var panels = data["panels"] as? [[String: Any]] ?? []
            var series = panels[0]["series"] as? [[String: Any]] ?? []
            series[0]["y"] = [1.0]
            panels[0]["series"] = series
            data["panels"] = panels
            try JSONSerialization.data(withJSONObject: data).write(to: file)
        }
        let cases: [(String, String)] = [
            (folder.appendingPathComponent("missing").path, "no such report folder"),
            (path, "not a report folder"),
            (noSummary, "data/summary.json is missing"),
            (garbage, "summary.json: exponents: expected a list"),
            (otherKind, "figures.losses.kind: figure 'losses' is a lr_transfer figure here but a loss_curves figure"),
            (shortSeries, "losses.json: panels[0].series[0].y: has 1 values for"),
        ]
        for (bad, message) in cases {
            let target = folder.appendingPathComponent("comparison-\(UUID().uuidString)")
            let result = try Binary.run(["compare", report, bad, "--output-dir", target.path])
            #expect(result.status == 2, "\(bad): \(result.standardError)")
            #expect(result.standardError.contains(message), "\(result.standardError)")
            #expect(!FileManager.default.fileExists(atPath: target.path), "a refused comparison wrote \(target.path)")
        }
    }

    @Test func twoExperimentsShareTheCacheAndGetAnIndex() throws {
        let folder = try RunCommandTests.folder()
        _ = try RunCommandTests.write(Self.experiment(title: "First"), in: folder, name: "first")
        _ = try RunCommandTests.write(Self.experiment(title: "Second <b>"), in: folder, name: "second")
        let output = folder.appendingPathComponent("out").path
        let result = try Binary.run(["run", folder.appendingPathComponent("experiments").path, "--output", output, "--json", "--threads", "1"],
                                    environment: Self.environment)
        #expect(result.status == 0, "\(result.standardError)")
        let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any] ?? [:]
        let reports = json["reports"] as? [[String: Any]] ?? []
        #expect(reports.map { $0["experiment"] as? String } == ["first", "second"])
        // The two experiments have the same runs: the second computes none of them.
        #expect((reports.last?["executed_by_kind"] as? [String: Int])?["run"] == 0)
        let index = try String(contentsOfFile: output + "/index.html", encoding: .utf8)
        #expect(index.contains("<a href=\"first/report.html\">First</a>") && index.contains("<a href=\"second/report.html\">Second &lt;b&gt;</a>"))
        let markdown = try String(contentsOfFile: output + "/index.md", encoding: .utf8)
        #expect(markdown.contains("[First](first/report.md)") && markdown.contains("[Second \\<b\\>](second/report.md)"))
        for name in ["first", "second"] {
            let thumbnail = try PNGCodec.decode(Data(contentsOf: URL(fileURLWithPath: output + "/thumbnails/\(name).png")))
            #expect(thumbnail.width == 640 && index.contains("thumbnails/\(name).png"))
        }
        // A mistake in one file stops everything before anything runs.
        _ = try RunCommandTests.write("title = 3", in: folder, name: "third")
        let bad = try Binary.run(["run", folder.appendingPathComponent("experiments").path, "--output", output + "-bad"])
        #expect(bad.status == 2 && bad.standardError.contains("third.toml"))
        #expect(!FileManager.default.fileExists(atPath: output + "-bad"))
    }

    /// Reads a process's standard error line by line as it comes.
    final class LineReader: @unchecked Sendable {
        private var lines: [String] = []
        private var partial = ""
        private let lock = NSLock()

        init(_ pipe: Pipe) {
            pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
                guard let self else { return }
                let text = String(decoding: handle.availableData, as: UTF8.self)
                self.lock.withLock {
                    self.partial += text
                    while let newline = self.partial.firstIndex(of: "\n") {
                        self.lines.append(String(self.partial[..<newline]))
                        self.partial = String(self.partial[self.partial.index(after: newline)...])
                    }
                }
            }
        }

        var all: [String] { lock.withLock { lines } }

        /// The first line after the first `skip` lines that contains `text`, waiting up to
        /// `timeout` seconds.
        func wait(for text: String, after skip: Int = 0, timeout: Double = 60) -> (line: String, index: Int)? {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                let current = all
                if let index = current.indices.first(where: { $0 >= skip && current[$0].contains(text) }) { return (current[index], index) }
                usleep(50_000)
            }
            return nil
        }
    }

    @Test func watchRebuildsOnlyWhatAnEditAffects() throws {
        let folder = try RunCommandTests.folder()
        let path = try RunCommandTests.write(Self.experiment(title: "Watched"), in: folder, name: "watched")
        let templates = folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let template = templates.appendingPathComponent("report.md.mustache")
        let original = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("templates/report.md.mustache"), encoding: .utf8)
        try Data(original.utf8).write(to: template)
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["watch", path, "--output", folder.appendingPathComponent("out").path, "--templates", templates.path,
                             "--threads", "1", "--interval", "0.1"]
        let errors = Pipe()
        process.standardError = errors
        let reader = LineReader(errors)
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        guard let ready = reader.wait(for: "watching") else {
            Issue.record("watch never started: \(reader.all)")
            return
        }
        #expect(reader.all.first?.contains("first build: built") == true, "\(reader.all)")

        func edit(_ file: URL, _ change: (String) -> String, after skip: Int) throws -> (line: String, index: Int)? {
            let text = try String(contentsOf: file, encoding: .utf8)
            try Data(change(text).utf8).write(to: file)
            return reader.wait(for: "rebuilt", after: skip)
        }
        // A template edit: the pages only.
        let templateEdit = try edit(template, { $0 + "\nEdited.\n" }, after: ready.index + 1)
        #expect(templateEdit?.line.contains("report.md.mustache changed") == true, "\(reader.all)")
        #expect(templateEdit?.line.contains("2 nodes reran (page/html, page/markdown)") == true, "\(reader.all)")
        // A figure title is drawn on the figure: that figure and the pages.
        let experiment = URL(fileURLWithPath: path)
        let titleEdit = try edit(experiment, { $0 + "\ntitle = \"Losses\"\n" }, after: (templateEdit?.index ?? 0) + 1)
        #expect(titleEdit?.line.contains("figure/losses") == true && titleEdit?.line.contains("page/html") == true, "\(reader.all)")
        #expect(titleEdit?.line.contains("training run") == false && titleEdit?.line.contains("figure/feature-movement") == false, "\(reader.all)")
        // A caption is on the pages only (the summary and record note the file's new hash).
        let captionEdit = try edit(experiment, { $0.replacingOccurrences(of: "caption = \"Loss.\"", with: "caption = \"The loss.\"") },
                                   after: (titleEdit?.index ?? 0) + 1)
        #expect(captionEdit?.line.contains("page/html") == true && captionEdit?.line.contains("figure/") == false, "\(reader.all)")
        // A broken save is reported, and the watch goes on.
        let broken = try String(contentsOf: experiment, encoding: .utf8)
        try Data((broken + "widths = [\n").utf8).write(to: experiment)
        #expect(reader.wait(for: "waiting for the next save", after: (captionEdit?.index ?? 0) + 1) != nil, "\(reader.all)")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(reader.wait(for: "stopped watching", timeout: 5) != nil)
    }
}
