import Foundation
import Testing
import TestSupport

/// A fresh hostile set against `compare`, the site index and output folders, beyond the
/// cases issue 22 lists: each asserts the exit code, the message, and what was (not) written.
@Suite("compare, index and output folders: a fresh hostile set", .serialized)
struct SiteHostileTests {
    typealias F = HostileSiteFixture

    struct Setup {
        let root: URL
        var out: URL { root.appendingPathComponent("out") }
        var a: String { out.appendingPathComponent("base").path }
        var b: String { out.appendingPathComponent("half").path }
        var experiment: String { root.appendingPathComponent("experiments/base.toml").path }
        func compare(_ x: String, _ y: String, _ options: [String] = []) throws -> Binary.Result {
            try F.run(["compare", x, y] + options, timeout: 60)
        }
        func run(_ options: [String] = []) throws -> Binary.Result {
            try F.run(["run", experiment, "--output", out.path, "--quiet", "--threads", "1"] + options, timeout: 120)
        }
    }

    static func setup() throws -> Setup { Setup(root: try F.copy()) }

    /// A copy of report `base` named `name` in the output folder.
    static func copyOfBase(_ s: Setup, _ name: String) throws -> URL {
        let url = s.out.appendingPathComponent(name)
        try FileManager.default.copyItem(atPath: s.a, toPath: url.path)
        return url
    }

    @Test func comparingAReportWithItselfWritesNothingIntoIt() throws {
        let s = try Self.setup()
        let before = F.snapshot(URL(fileURLWithPath: s.a))
        let result = try s.compare(s.a, s.a, ["--output-dir", s.root.appendingPathComponent("self").path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(F.snapshot(URL(fileURLWithPath: s.a)) == before)
    }

    @Test func aReportsDataLinkedOutOfItsFolderIsNotRead() throws {
        let s = try Self.setup()
        let outside = s.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        // data/summary.json a link to a copy outside the report.
        let linkedFile = try Self.copyOfBase(s, "linked-file")
        let summary = linkedFile.appendingPathComponent("data/summary.json")
        try FileManager.default.moveItem(at: summary, to: outside.appendingPathComponent("summary.json"))
        try FileManager.default.createSymbolicLink(at: summary, withDestinationURL: outside.appendingPathComponent("summary.json"))
        let file = try s.compare(linkedFile.path, s.b, ["--output-dir", s.root.appendingPathComponent("c1").path])
        #expect(file.status == 2 && file.standardError.contains("data/summary.json: is a symbolic link"), "\(file.standardError)")
        // data/ itself a link to a folder outside.
        let linkedFolder = try Self.copyOfBase(s, "linked-folder")
        let data = linkedFolder.appendingPathComponent("data")
        try FileManager.default.moveItem(at: data, to: outside.appendingPathComponent("data"))
        try FileManager.default.createSymbolicLink(at: data, withDestinationURL: outside.appendingPathComponent("data"))
        let folder = try s.compare(linkedFolder.path, s.b, ["--output-dir", s.root.appendingPathComponent("c2").path])
        #expect(folder.status == 2 && folder.standardError.contains("is a symbolic link"), "\(folder.standardError)")
        #expect(!FileManager.default.fileExists(atPath: s.root.appendingPathComponent("c1").path))
        #expect(!FileManager.default.fileExists(atPath: s.root.appendingPathComponent("c2").path))
    }

    @Test func anOutputFolderThatIsALinkOrHoldsOtherFilesIsRefused() throws {
        let s = try Self.setup()
        let empty = s.root.appendingPathComponent("empty"), link = s.root.appendingPathComponent("link")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: empty)
        let linked = try s.compare(s.a, s.b, ["--output-dir", link.path])
        #expect(linked.status == 2 && linked.standardError.contains("is a symbolic link"), "\(linked.standardError)")
        let busy = s.root.appendingPathComponent("busy")
        try FileManager.default.createDirectory(at: busy, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: busy.appendingPathComponent("notes.txt"))
        let occupied = try s.compare(s.a, s.b, ["--output-dir", busy.path])
        #expect(occupied.status == 2 && occupied.standardError.contains("is not a comparison folder"), "\(occupied.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: busy.path) == ["notes.txt"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path).isEmpty)
        let blank = try s.compare(s.a, s.b, ["--output-dir", ""])
        #expect(blank.status == 2 && blank.standardError.contains("--output-dir: must not be empty"), "\(blank.standardError)")
        try FileManager.default.removeItem(at: s.out.appendingPathComponent("thumbnails"))
        try FileManager.default.createDirectory(at: s.out.appendingPathComponent("thumbnails"), withIntermediateDirectories: true)
        let thumbnails = try s.compare(s.a, s.b, ["--output-dir", s.out.appendingPathComponent("thumbnails").path])
        #expect(thumbnails.status == 2 && thumbnails.standardError.contains("is where the site index of"), "\(thumbnails.standardError)")
        let noReport = try s.compare("", s.b, ["--output-dir", s.root.appendingPathComponent("cmp").path])
        #expect(noReport.status == 2 && noReport.standardError.contains("report folder: the path is empty"), "\(noReport.standardError)")
    }

    @Test func aRepeatedComparisonReplacesItsFolderWhole() throws {
        let s = try Self.setup()
        let target = s.root.appendingPathComponent("cmp")
        #expect(try s.compare(s.a, s.b, ["--output-dir", target.path]).status == 0)
        try Data("stale".utf8).write(to: target.appendingPathComponent("figures/stale.png"))
        let again = try s.compare(s.a, s.b, ["--output-dir", target.path])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("figures/stale.png").path))
        #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent("compare.html").path))
        let siblings = try FileManager.default.contentsOfDirectory(atPath: s.root.path).filter { $0.hasPrefix(".") }
        #expect(siblings.isEmpty, "no temporary left: \(siblings)")
    }

    @Test func runRefusesToWriteAReportOverAComparisonOrAFileInTheWay() throws {
        let s = try Self.setup()
        let comparison = s.root.appendingPathComponent("cmp")
        #expect(try s.compare(s.a, s.b, ["--output-dir", comparison.path]).status == 0)
        try FileManager.default.removeItem(atPath: s.a)
        try FileManager.default.moveItem(atPath: comparison.path, toPath: s.a)
        let before = F.snapshot(s.root)
        let over = try s.run()
        #expect(over.status == 2 && over.standardError.contains("is a comparison folder"), "\(over.standardError)")
        try FileManager.default.removeItem(atPath: s.a)
        try Data("x".utf8).write(to: URL(fileURLWithPath: s.a))
        let file = try s.run()
        #expect(file.status == 2 && file.standardError.contains("is a file where the report folder"), "\(file.standardError)")
        try FileManager.default.removeItem(atPath: s.a)
        try Data("x".utf8).write(to: s.out.appendingPathComponent("thumbnails.new"))
        try FileManager.default.removeItem(at: s.out.appendingPathComponent("thumbnails"))
        try FileManager.default.moveItem(at: s.out.appendingPathComponent("thumbnails.new"), to: s.out.appendingPathComponent("thumbnails"))
        let thumbnails = try s.run()
        #expect(thumbnails.status == 2 && thumbnails.standardError.contains("thumbnails folder"), "\(thumbnails.standardError)")
        func others(_ snapshot: [String: String]) -> [String: String] {
            snapshot.filter { !$0.key.hasPrefix("out/base") && !$0.key.hasPrefix("out/thumbnails") }
        }
        #expect(others(F.snapshot(s.root)) == others(before), "a refused run wrote something")
    }

    @Test func dataFilesThatAreFoldersDevicesOrHugeAreRefusedAtOnce() throws {
        let s = try Self.setup()
        let folder = try Self.copyOfBase(s, "folder")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("data/summary.json"))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("data/summary.json"), withIntermediateDirectories: true)
        let device = try Self.copyOfBase(s, "device")
        try FileManager.default.removeItem(at: device.appendingPathComponent("data/experiment.json"))
        try FileManager.default.createSymbolicLink(atPath: device.appendingPathComponent("data/experiment.json").path, withDestinationPath: "/dev/zero")
        let huge = try Self.copyOfBase(s, "huge")
        #expect(truncate(huge.appendingPathComponent("data/losses.json").path, 17 << 20) == 0)
        let fifo = try Self.copyOfBase(s, "fifo")
        try FileManager.default.removeItem(at: fifo.appendingPathComponent("data/losses.json"))
        #expect(mkfifo(fifo.appendingPathComponent("data/losses.json").path, 0o644) == 0)
        let cases: [(URL, String)] = [
            (folder, "summary.json: not a regular file (a folder)"),
            (device, "experiment.json: is a symbolic link"),  // a link to /dev/zero
            (huge, "losses.json: too large: 17825792 bytes, over the limit of 16 MB"),
            (fifo, "losses.json: not a regular file (a FIFO)"),
        ]
        for (report, message) in cases {
            let result = try s.compare(s.a, report.path, ["--output-dir", s.root.appendingPathComponent("cmp").path])
            #expect(result.status == 2 && result.standardError.contains(message), "\(report.lastPathComponent): \(result.standardError)")
        }
        #expect(!FileManager.default.fileExists(atPath: s.root.appendingPathComponent("cmp").path))
    }

    @Test func recordsWithDuplicateIdsUnsafeSweepsOrTooManyFiguresAreRefused() throws {
        let s = try Self.setup()
        let duplicate = try Self.copyOfBase(s, "duplicate"), sweep = try Self.copyOfBase(s, "sweep"), many = try Self.copyOfBase(s, "many")
        try ReportFolderSafetyTests.editRecord(duplicate) { record in
            let figures = record["figures"] as? [[String: Any]] ?? []
            record["figures"] = figures + [figures[0]]
        }
        try ReportFolderSafetyTests.editRecord(sweep) { record in
            var sweeps = record["sweeps"] as? [[String: Any]] ?? []
            sweeps[0]["name"] = "a/b"
            record["sweeps"] = sweeps
        }
        try ReportFolderSafetyTests.editRecord(many) { record in
            let figures = record["figures"] as? [[String: Any]] ?? []
            record["figures"] = (0..<300).map { number in
                var figure = figures[0]
                figure["id"] = "f\(number)"
                return figure
            }
        }
        let cases: [(URL, String)] = [
            (duplicate, "is listed twice"),
            (sweep, "sweeps[0].name: 'a/b' is not a safe name"),
            (many, "300 figures and 1 sweeps: more than the 256"),
        ]
        for (report, message) in cases {
            let result = try s.compare(report.path, s.b, ["--output-dir", s.root.appendingPathComponent("cmp").path])
            #expect(result.status == 2 && result.standardError.contains(message), "\(report.lastPathComponent): \(result.standardError)")
        }
    }

    @Test func summariesWithMoreRowsThanAnyReportAreRefused() throws {
        let s = try Self.setup()
        let file = URL(fileURLWithPath: s.b).appendingPathComponent("data/summary.json")
        var summary = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] ?? [:]
        let verdicts = summary["verdicts"] as? [[String: Any]] ?? []
        summary["verdicts"] = Array(repeating: verdicts[0], count: 30_000)
        try JSONSerialization.data(withJSONObject: summary).write(to: file)
        let result = try s.compare(s.a, s.b, ["--output-dir", s.root.appendingPathComponent("cmp").path])
        #expect(result.status == 2 && result.standardError.contains("summary.json: verdicts: 30000 rows, more than the 20000"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: s.root.appendingPathComponent("cmp").path))
    }

    @Test func longLabelsInFigureDataAreRefused() throws {
        let s = try Self.setup()
        let file = URL(fileURLWithPath: s.b).appendingPathComponent("data/losses.json")
        var data = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] ?? [:]
        var panels = data["panels"] as? [[String: Any]] ?? []
        panels[0]["title"] = String(repeating: "x", count: 5000)
        data["panels"] = panels
        try JSONSerialization.data(withJSONObject: data).write(to: file)
        let result = try s.compare(s.a, s.b, ["--output-dir", s.root.appendingPathComponent("cmp").path])
        #expect(result.status == 2 && result.standardError.contains("panels[0].title: is 5000 characters long"), "\(result.standardError)")
    }

    @Test func devicesAndFifosWhereTheIndexReadsOrWritesDoNotStopIt() throws {
        let s = try Self.setup()
        let other = try Self.copyOfBase(s, "other")
        // The thumbnail is made from the first panel, or else the whole figure: both are devices.
        for name in ["feature-movement", "feature-movement-1"] {
            try FileManager.default.removeItem(at: other.appendingPathComponent("figures/\(name).png"))
            try FileManager.default.createSymbolicLink(atPath: other.appendingPathComponent("figures/\(name).png").path, withDestinationPath: "/dev/urandom")
        }
        try FileManager.default.removeItem(at: s.out.appendingPathComponent("index.html"))
        #expect(mkfifo(s.out.appendingPathComponent("index.html").path, 0o644) == 0)
        let result = try s.run()
        #expect(result.status == 0, "\(result.standardError)")
        #expect(RegularFileCheck.isRegular(s.out.appendingPathComponent("index.html").path), "the FIFO was replaced by the page")
        let index = try String(contentsOf: s.out.appendingPathComponent("index.md"), encoding: .utf8)
        #expect(index.contains("other/report.md"))
        #expect(!FileManager.default.fileExists(atPath: s.out.appendingPathComponent("thumbnails/other.png").path))
    }

    @Test func aLinkToAReportDoesNotLetTheComparisonInside() throws {
        let s = try Self.setup()
        let link = s.root.appendingPathComponent("link-to-base")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: s.a)
        let result = try s.compare(link.path, s.b, ["--output-dir", link.path + "/inside"])
        #expect(result.status == 2 && result.standardError.contains("lies inside the report"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: s.a + "/inside"))
        let cache = try s.compare(s.a, s.b, ["--output-dir", s.out.path + "/.cache/cmp"])
        #expect(cache.status == 2 && cache.standardError.contains("lies inside the cache"), "\(cache.standardError)")
    }

    @Test func folderNamesWithMarkdownPunctuationStayOneLinkOnEveryPage() throws {
        let s = try Self.setup()
        let name = "x)[y](javascript:alert(1))"
        _ = try Self.copyOfBase(s, name)
        let run = try s.run()
        #expect(run.status == 0, "\(run.standardError)")
        let compare = try s.compare(s.a, s.out.appendingPathComponent(name).path, ["--output-dir", s.root.appendingPathComponent("cmp").path])
        #expect(compare.status == 0, "\(compare.standardError)")
        for page in [s.out.appendingPathComponent("index.md"), s.root.appendingPathComponent("cmp/compare.md")] {
            let text = try String(contentsOf: page, encoding: .utf8)
            // The name shows as escaped text (`\]`); no unescaped `](` opens a link to it.
            let link = text.range(of: #"(?<!\\)\]\(javascript"#, options: .regularExpression)
            #expect(text.contains("x%29%5By%5D%28javascript:alert%281%29%29/report.md)") && link == nil, "\(page.lastPathComponent): \(text)")
        }
    }

    @Test func fontsAndExperimentFilesThatAreFifosAreRefusedAtOnce() throws {
        let s = try Self.setup()
        let font = s.root.appendingPathComponent("font.ttf").path, experiment = s.root.appendingPathComponent("experiments/fifo.toml").path
        #expect(mkfifo(font, 0o644) == 0 && mkfifo(experiment, 0o644) == 0)
        let fresh = s.root.appendingPathComponent("fresh").path
        let cases: [([String], String)] = [
            (["run", s.experiment, "--font", font, "--output", fresh], "font file \(font): not a regular file (a FIFO)"),
            (["compare", s.a, s.b, "--font", font, "--output-dir", fresh], "font file \(font): not a regular file (a FIFO)"),
            (["test-sheet", "--font", font, "--out", fresh + ".png"], "\(font): not a regular file"),
            (["run", experiment, "--output", fresh], "cannot read the experiment file: not a regular file (a FIFO)"),
        ]
        for (arguments, message) in cases {
            let result = try F.run(arguments, timeout: 60)
            #expect(result.status == 2 && result.standardError.contains(message), "\(arguments): \(result.standardError)")
        }
        #expect(!FileManager.default.fileExists(atPath: fresh) && !FileManager.default.fileExists(atPath: fresh + ".png"))
    }

    @Test func theFirstSignalWhileTheIndexIsWrittenStopsAtOnce() throws {
        let s = try Self.setup()
        // Enough reports that the index takes seconds to thumbnail.
        for number in 0..<40 { try FileManager.default.copyItem(atPath: s.b, toPath: s.out.appendingPathComponent("copy\(number)").path) }
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["run", s.experiment, "--output", s.out.path, "--threads", "1"]
        let error = Pipe()
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        let collected = F.Collected()
        error.fileHandleForReading.readabilityHandler = { handle in collected.appendError(handle.availableData) }
        func stderr() -> String { collected.errorText }
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        // The plan's summary line comes just before the index is written.
        while process.isRunning && !stderr().contains("nodes:") && Date() < deadline { usleep(10_000) }
        kill(process.processIdentifier, SIGTERM)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        error.fileHandleForReading.readabilityHandler = nil
        #expect(process.terminationStatus == 143, "\(stderr())")
        // It quit without finishing the index (which would now list the copies); the
        // message says so, unless the signal came before the index began.
        let index = try String(contentsOf: s.out.appendingPathComponent("index.md"), encoding: .utf8)
        #expect(!index.contains("copy0/report.md"), "the index was finished after the signal")
        #expect(stderr().contains("interrupted by SIGTERM"), "\(stderr())")
    }

    @Test func experimentsNamedLikeTheIndexOrHiddenAreRefusedBeforeAnyWork() throws {
        let s = try Self.setup()
        for name in ["thumbnails", "index.md", ".hidden"] {
            let path = try RunCommandTests.write(F.experiment(title: name), in: s.root, name: name)
            let fresh = s.root.appendingPathComponent("fresh")
            let result = try F.run(["run", path, "--output", fresh.path, "--quiet"])
            #expect(result.status == 2 && result.standardError.contains("would be named '\(name)'"), "\(name): \(result.standardError)")
            #expect(!FileManager.default.fileExists(atPath: fresh.path))
        }
    }
}

/// Whether a path is a regular file (not following a final link).
enum RegularFileCheck {
    static func isRegular(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }
}
