import Foundation
import Testing
@testable import Pipeline

@Suite("Pipeline: cache, invalidation, outputs")
struct CacheInvalidationTests {
    @Test func coldThenWarm() throws {
        let root = try PipelineFixtures.workspace()
        let cold = try PipelineFixtures.execute(root)
        #expect(cold.failed == 0)
        #expect(cold.executedByKind[.run] == 9 && cold.executedByKind[.figure] == 2 && cold.executedByKind[.page] == 4)  // 6 runs and standard-fixed's 3; HTML, Markdown, data dictionary, experiment record
        #expect(cold.executedByKind[.aggregate] == 5)  // two figures' data, the summary, the runs overview, the diagnosis
        let warm = try PipelineFixtures.execute(root)
        #expect(warm.executed == 0 && warm.cached == warm.nodes, "\(warm.executedNodes)")
        let base = root.appendingPathComponent("output/tiny")
        for file in ["report.html", "report.md", "figures/feature-movement.png", "figures/feature-movement.svg",
                     "data/feature-movement.csv", "data/weights.csv", "data/summary.json"] {
            #expect(FileManager.default.fileExists(atPath: base.appendingPathComponent(file).path), "\(file)")
        }
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: base.appendingPathComponent("data/summary.json"))) as? [String: Any]
        let exponents = summary?["exponents"] as? [[String: Any]] ?? []
        #expect(!exponents.isEmpty)
        #expect(exponents.allSatisfy { Set($0.keys).isSuperset(of: ["parametrization", "quantity", "layer", "step", "slope", "ci95", "theory"]) })
        // Text from the experiment is escaped in both formats.
        let html = try String(contentsOf: base.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("&lt;b&gt;for tests&lt;/b&gt;") && !html.contains("<b>for tests"))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        let markdown = try String(contentsOf: base.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(markdown.contains("\\*tiny\\*") && markdown.contains("\\<b\\>"))
        #expect(markdown.contains("![") && markdown.contains("(figures/feature-movement.png)"))
    }

    @Test func invalidationMatrix() throws {
        let root = try PipelineFixtures.workspace()
        _ = try PipelineFixtures.execute(root)
        // One width changed: that width's runs and everything downstream of the sweep.
        let width = try PipelineFixtures.execute(root) { spec in spec.sweeps[0].widths = [8, 16, 64] }
        #expect(width.executedByKind[.run] == 3)  // standard, spectral and standard-fixed at the new width
        #expect(width.executedByKind[.aggregate] == 5 && width.executedByKind[.figure] == 2 && width.executedByKind[.page] == 3)  // the pages and the experiment record
        // A template edit: pages only.
        let templates = root.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data((BundledTemplates.files["report.md.mustache"]! + "\nEdited.\n").utf8).write(to: templates.appendingPathComponent("report.md.mustache"))
        let template = try PipelineFixtures.execute(root, templates: templates)
        #expect(template.executedByKind[.page] == 2 && template.executed == 2)
        // The font file: figures, and pages because the figures' bytes changed.
        let font = try PipelineFixtures.execute(root, templates: templates, fonts: PipelineFixtures.boldFonts)
        #expect(font.executedByKind[.figure] == 2 && font.executedByKind[.page] == 2 && font.executedByKind[.run] == 0 && font.executedByKind[.aggregate] == 0)
        // The tool version: everything.
        let tool = try PipelineFixtures.execute(root, templates: templates, fonts: PipelineFixtures.boldFonts, toolVersion: "99.0")
        #expect(tool.executed == tool.nodes)
    }

    @Test func unchangedOutputDoesNotInvalidateDependents() throws {
        let root = try PipelineFixtures.workspace()
        _ = try PipelineFixtures.execute(root)
        // Forcing a run recomputes it; its result is the same, so nothing downstream reruns.
        let forced = try PipelineFixtures.execute(root, force: .nodes(["run/movement/spectral/w8/lr0.5/b16/relu/s0"]))
        #expect(forced.executedByKind[.run] == 1 && forced.executed == 1)
        let all = try PipelineFixtures.execute(root, force: .all)
        #expect(all.executed == all.nodes)
    }

    @Test func corruptEntryIsReportedAndRecomputed() throws {
        let root = try PipelineFixtures.workspace()
        _ = try PipelineFixtures.execute(root)
        let objects = root.appendingPathComponent("output/.cache/objects")
        let enumerator = FileManager.default.enumerator(atPath: objects.path)!
        let result = try #require((enumerator.allObjects as! [String]).first { $0.hasSuffix("result.json") })
        try Data("garbage".utf8).write(to: objects.appendingPathComponent(result))
        let again = try PipelineFixtures.execute(root)
        #expect(again.corruptEntries.count == 1)
        #expect(again.executedByKind[.run] == 1 && again.failed == 0)
        let third = try PipelineFixtures.execute(root)
        #expect(third.executed == 0)
    }

    @Test func shardsCoverEveryRunExactlyOnce() throws {
        let root = try PipelineFixtures.workspace()
        var executed = 0
        for i in 1...4 {
            let shard = try PipelineFixtures.execute(root, shard: (i, 4))
            #expect(shard.executedByKind[.aggregate] == 0 && shard.executedByKind[.page] == 0)
            executed += shard.executedByKind[.run] ?? 0
        }
        #expect(executed == 9)
        let final = try PipelineFixtures.execute(root)
        #expect(final.executedByKind[.run] == 0 && final.executedByKind[.page] == 4)
    }

    @Test func statusExplainsWhatChanged() throws {
        let root = try PipelineFixtures.workspace()
        func statuses(fonts: FigureFontFiles = PipelineFixtures.fonts, edit: (inout ExperimentSpec) -> Void = { _ in }) throws -> [NodeStatus] {
            StatusExplainer(plan: try PipelineFixtures.plan(root, fonts: fonts, edit: edit), store: try PipelineFixtures.store(root)).statuses()
        }
        #expect(try statuses().allSatisfy { $0.state == .missing })
        _ = try PipelineFixtures.execute(root)
        #expect(try statuses().allSatisfy { $0.state == .fresh })
        let fontChanged = try statuses(fonts: PipelineFixtures.boldFonts)
        #expect(fontChanged.first { $0.node == .figure("weights") }?.reason?.contains("file font changed") == true)
        #expect(fontChanged.filter { $0.state != .fresh }.count == 4)
        let stepsChanged = try statuses { $0.sweeps[0].settings.steps = 3 }
        #expect(stepsChanged.first { $0.kind == .run }?.reason?.contains("parameter configuration.steps changed (2 → 3)") == true)
        #expect(stepsChanged.first { $0.node == .figureData("weights") }?.reason?.contains("is stale") == true)
        // Only pages show captions: a caption edit re-renders the pages, not the aggregate.
        let captionChanged = try statuses { $0.figures[1].caption = "Edited." }
        #expect(captionChanged.filter { $0.state != .fresh }.map(\.node) == [.page(.html), .page(.markdown)])
        #expect(captionChanged.first { $0.node == .page(.html) }?.reason == "parameter figures[1].caption changed (\"Weight movement.\" → \"Edited.\")")
        // A title is drawn on the figure: the figure, the pages, and the experiment record
        // that lists the figures.
        let titleChanged = try statuses { $0.figures[1].title = "Weights" }
        #expect(titleChanged.filter { $0.state != .fresh }.map(\.node) == [.figure("weights"), .experimentRecord, .page(.html), .page(.markdown)])
    }

    @Test func sourceDateEpochMakesPagesReproducible() {
        #expect(PageRenderer.provenanceDate(environment: ["SOURCE_DATE_EPOCH": "1700000000"]) == "2023-11-14T22:13:20Z")
    }

    @Test func bundledTemplatesMatchTheTemplatesFolder() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        #expect(Set(names) == Set(BundledTemplates.files.keys))
        for name in names {
            #expect(try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) == BundledTemplates.files[name], "\(name) differs: run .ci/generate-bundled-templates")
        }
    }

    @Test func templateErrorsNameFileAndLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("line one\n{{#section}}\nunclosed\n".utf8).write(to: folder.appendingPathComponent("report.html.mustache"))
        do {
            _ = try TemplateSet.load(directory: folder)
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(error.file.hasSuffix("report.html.mustache"))
            #expect(error.line != nil)
        }
    }
}

@Suite("Pipeline: divergence")
struct DivergencePipelineTests {
    @Test func divergedRunsAreDataNotFailures() throws {
        let root = try PipelineFixtures.workspace()
        let summary = try PipelineFixtures.execute(root) { spec in spec.sweeps[0].settings.learningRate = 1e6 }
        #expect(summary.failed == 0, "\(summary.failures)")
        // The long-form CSV counts the diverged seeds of every row.
        let csv = try String(contentsOf: root.appendingPathComponent("output/tiny/data/feature-movement.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let diverged = try #require(rows.first?.firstIndex(of: "diverged"))
        #expect(rows.dropFirst().contains { (Int($0[diverged]) ?? 0) > 0 })
        let runs = try String(contentsOf: root.appendingPathComponent("output/tiny/data/runs.csv"), encoding: .utf8)
        #expect(runs.contains(",diverged,"))
    }
}

@Suite("Pipeline: --data-dir")
struct DataDirectoryTests {
    /// Writes MNIST-format IDX files with 6×6 images.
    static func writeIDX(to directory: URL, train: Int, test: Int) throws {
        for (stem, count) in [("train", train), ("t10k", test)] {
            var images = Data([0, 0, 8, 3])
            for v in [count, 6, 6] { images.append(contentsOf: withUnsafeBytes(of: UInt32(v).bigEndian, Array.init)) }
            for i in 0..<(count * 36) { images.append(UInt8((i * 37 + i / 36 * 11) % 256)) }
            var labels = Data([0, 0, 8, 1])
            labels.append(contentsOf: withUnsafeBytes(of: UInt32(count).bigEndian, Array.init))
            for i in 0..<count { labels.append(UInt8(i % 10)) }
            try images.write(to: directory.appendingPathComponent("\(stem)-images-idx3-ubyte"))
            try labels.write(to: directory.appendingPathComponent("\(stem)-labels-idx1-ubyte"))
        }
    }

    @Test func theSameExperimentRunsOnMNISTFiles() throws {
        let root = try PipelineFixtures.workspace()
        let data = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Self.writeIDX(to: data, train: 80, test: 20)
        var request = ExperimentSession.Request(experimentPath: root.appendingPathComponent("experiments/tiny.toml").path)
        request.dataDirectory = data.path
        let session = try ExperimentSession.prepare(request)
        let first = try #require(session.plan.runs.first)
        let configuration = try #require(first.runConfiguration), descriptor = try #require(first.dataset)
        #expect(descriptor.name == "mnist" && configuration.architecture.inputDimension == 36 && configuration.architecture.classes == 10)
        #expect(descriptor.fileHashes?.count == 4)
        var options = ExecutionOptions()
        options.threads = 1
        let summary = Executor(plan: session.plan, store: try PipelineFixtures.store(root), options: options).run()
        #expect(summary.failed == 0, "\(summary.failures)")
        // Changing a data file reruns the runs.
        try Self.writeIDX(to: data, train: 81, test: 20)
        let changed = try ExperimentSession.prepare(request)
        let rerun = Executor(plan: changed.plan, store: try PipelineFixtures.store(root), options: options).run()
        #expect(rerun.executedByKind[.run] == 9)
    }

    @Test func aDirectoryWithoutDataIsBadInput() throws {
        let root = try PipelineFixtures.workspace()
        var request = ExperimentSession.Request(experimentPath: root.appendingPathComponent("experiments/tiny.toml").path)
        request.dataDirectory = root.path
        #expect(throws: InputError.self) { try ExperimentSession.prepare(request) }
    }
}
