import Foundation
import Testing
@testable import Pipeline

/// A report or comparison folder appears whole or not at all: built beside the old one and
/// swapped in, untouched when nothing changed, and left as it was when the build fails
/// (a full disk, a name in the way).
@Suite("Folder replacement: whole or not at all")
struct FolderReplacementTests {
    static func parent() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("replace-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func entries(_ folder: URL) -> [String: String] {
        var result: [String: String] = [:]
        for path in FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [] {
            var status = stat()
            guard lstat(folder.appendingPathComponent(path).path, &status) == 0 else { continue }
            let bytes = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path).map { String(decoding: $0, as: UTF8.self) } ?? ""
            result[path] = "\(status.st_mode & S_IFMT) \(status.st_ino) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec) \(bytes)"
        }
        return result
    }

    @Test func aNewFolderAppearsWholeAndAnUnchangedOneIsNotTouched() throws {
        let parent = try Self.parent()
        let folder = parent.appendingPathComponent("report")
        let files: [(path: String, data: Data)] = [("report.html", Data("page".utf8)), ("figures/a.png", Data("png".utf8))]
        #expect(try FolderReplacement.replace(folder, with: files, keepingOthers: true))
        #expect(FileManager.default.contents(atPath: folder.appendingPathComponent("figures/a.png").path) == Data("png".utf8))
        let before = Self.entries(parent)
        #expect(try !FolderReplacement.replace(folder, with: files, keepingOthers: true), "nothing changed, nothing written")
        #expect(Self.entries(parent) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["report"], "no temporary left beside it")
    }

    @Test func aFailedBuildLeavesTheOldFolderAsItWasAndNoTemporary() throws {
        let parent = try Self.parent()
        let folder = parent.appendingPathComponent("report")
        try FolderReplacement.replace(folder, with: [("report.html", Data("old".utf8))], keepingOthers: true)
        let before = Self.entries(parent)
        // The second file needs `report.html` to be a folder: the build fails half-way, as
        // it would on a full disk.
        #expect(throws: OutputError.self) {
            try FolderReplacement.replace(folder, with: [("report.html", Data("new".utf8)), ("report.html/x", Data("y".utf8))], keepingOthers: true)
        }
        #expect(Self.entries(parent) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["report"])
    }

    @Test func otherFilesAreKeptOnlyWhenAskedAndALinkIsReplacedNotFollowed() throws {
        let parent = try Self.parent()
        let folder = parent.appendingPathComponent("report")
        try FolderReplacement.replace(folder, with: [("a", Data("1".utf8)), ("old/b", Data("2".utf8))], keepingOthers: true)
        try FolderReplacement.replace(folder, with: [("a", Data("3".utf8))], keepingOthers: true)
        #expect(FileManager.default.contents(atPath: folder.appendingPathComponent("old/b").path) == Data("2".utf8))
        try FolderReplacement.replace(folder, with: [("a", Data("3".utf8))], keepingOthers: false)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("old").path))

        let elsewhere = parent.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: elsewhere.appendingPathComponent("a"))
        let linked = parent.appendingPathComponent("linked")
        try FileManager.default.createSymbolicLink(at: linked, withDestinationURL: elsewhere)
        try FolderReplacement.replace(linked, with: [("a", Data("new".utf8))], keepingOthers: true)
        #expect(FolderReplacement.entryKind(linked.path) == .directory)
        #expect(FileManager.default.contents(atPath: elsewhere.appendingPathComponent("a").path) == Data("keep".utf8))
        #expect(FileManager.default.contents(atPath: linked.appendingPathComponent("a").path) == Data("new".utf8))
    }

    @Test func oldFilesStandingWhereNewFoldersGoAreNotCarriedOver() throws {
        let parent = try Self.parent()
        let folder = parent.appendingPathComponent("report")
        // `data` a file where the new report needs a folder; `figures/a.png` a folder.
        try FolderReplacement.replace(folder, with: [("data", Data("x".utf8)), ("figures/a.png/inner", Data("y".utf8)), ("keep.txt", Data("k".utf8))], keepingOthers: true)
        try FolderReplacement.replace(folder, with: [("data/summary.json", Data("{}".utf8)), ("figures/a.png", Data("png".utf8))], keepingOthers: true)
        #expect(FileManager.default.contents(atPath: folder.appendingPathComponent("data/summary.json").path) == Data("{}".utf8))
        #expect(FileManager.default.contents(atPath: folder.appendingPathComponent("figures/a.png").path) == Data("png".utf8))
        #expect(FileManager.default.contents(atPath: folder.appendingPathComponent("keep.txt").path) == Data("k".utf8))
    }

    @Test func safeNamesAndMarkdownMath() {
        for name in ["losses", "a-1_b", "0x"] { #expect(SafeName.isValid(name), "\(name)") }
        for name in ["", "../x", ".x", "-x", "A", "a/b", "a.b", String(repeating: "a", count: 65), "é"] { #expect(!SafeName.isValid(name), "\(name)") }
        #expect(MathMarkup.markdownSafe("</math><script>|[x](y)`") == "\\lt /math\\gt \\lt script\\gt \\vert \\lbrack x\\rbrack (y)\\grave{}")
        #expect(MathMarkup.markdownSafe("\\|W\\|_\\ast") == "\\|W\\|_\\ast", "escaped characters stay")
        #expect(MathMarkup.markdownSafe("\\\\<") == "\\\\\\lt ", "after an even run of backslashes a character is markup again")
    }

    /// A run killed while it built a report leaves its staging folder behind; the next
    /// replacement removes those whose maker is provably dead, and no other.
    @Test func aKilledWritersStagingFolderIsRemovedAndALiveOnesIsKept() throws {
        let parent = try Self.parent()
        let folder = parent.appendingPathComponent("report")
        // A process that has exited: its PID names nobody (until reused, which a test
        // this short does not meet).
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        var dead = ProcessIdentity.current
        dead.pid = exited.processIdentifier
        let abandoned = parent.appendingPathComponent(".report.\(dead.tag).0123abcd.tmp")
        let live = parent.appendingPathComponent(".report.\(ProcessIdentity.current.tag).4567cdef.tmp")
        let other = parent.appendingPathComponent(".reports.\(dead.tag).89abcdef.tmp")
        for staging in [abandoned, live, other] {
            try FileManager.default.createDirectory(at: staging.appendingPathComponent("data"), withIntermediateDirectories: true)
        }
        try FolderReplacement.replace(folder, with: [("report.html", Data("page".utf8))], keepingOthers: true)
        #expect(!FileManager.default.fileExists(atPath: abandoned.path), "the dead writer's staging folder is removed")
        #expect(FileManager.default.fileExists(atPath: live.path), "a live writer's is kept")
        #expect(FileManager.default.fileExists(atPath: other.path), "another folder's is not touched")
        #expect(FileManager.default.contents(atPath: folder.appendingPathComponent("report.html").path) == Data("page".utf8))
    }
}
