import Foundation
import Testing
import TestSupport

/// `cache gc` and `cache verify` tell the truth: they remove nothing a run in progress
/// needs, and what they could not read or remove they say, with the reason, and exit 1.
///
/// A read-only cache is made with a read-only bind mount (root can write through a
/// `chmod`); an unreadable entry by running the binary as `nobody` (root reads anything).
/// Each test that cannot make its condition here says so and records nothing.
@Suite("Cache maintenance: spares runs in progress, reports what it could not do", .serialized)
struct CacheMaintenanceTests {
    static let environment: [String: String?] = ["SOURCE_DATE_EPOCH": "1700000000"]

    /// A folder with the tiny experiment, run once into `out/` (cache `out/.cache`).
    static func ranWorkspace(widths: [Int] = [8, 16, 32], steps: Int = 2) throws -> (folder: URL, experiment: String, cache: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("maintenance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("tiny.toml").path
        try Data(TinyExperiment.toml(steps: steps, widths: widths).utf8).write(to: URL(fileURLWithPath: path))
        let result = try Binary.run(["run", path, "--output", folder.appendingPathComponent("out").path, "--quiet"], environment: environment)
        #expect(result.status == 0, "\(result.standardError)")
        return (folder, path, folder.appendingPathComponent("out/.cache"))
    }

    static func manifests(_ cache: URL) -> [String] {
        ((FileManager.default.enumerator(atPath: cache.appendingPathComponent("objects").path)?.allObjects as? [String]) ?? [])
            .filter { $0.hasSuffix("manifest.json") }.sorted()
    }

    /// Every file under `folder` with its bytes.
    static func snapshot(_ folder: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: folder.path) ?? NSEnumerator() {
            var isDirectory: ObjCBool = false
            let full = folder.appendingPathComponent(path).path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = FileManager.default.contents(atPath: full) ?? Data()
            }
        }
        return files
    }

    /// Runs `body` with `folder` mounted read-only over itself; false when this machine
    /// cannot (not root, no mount).
    static func readOnly(_ folder: URL, _ body: () throws -> Void) throws -> Bool {
        func mount(_ arguments: [String]) -> Bool {
            guard let result = try? Binary.run(arguments, executable: URL(fileURLWithPath: "/usr/bin/env")) else { return false }
            return result.status == 0
        }
        guard getuid() == 0, mount(["mount", "--bind", folder.path, folder.path]) else { return false }
        defer { _ = mount(["umount", folder.path]) }
        guard mount(["mount", "-o", "remount,ro,bind", folder.path]) else { return false }
        try body()
        return true
    }

    @Test func gcOnAReadOnlyCacheSaysItRemovedNothingAndWhy() throws {
        let (_, _, cache) = try Self.ranWorkspace()
        let before = Self.snapshot(cache)
        let made = try Self.readOnly(cache) {
            let gc = try Binary.run(["cache", "gc", "--older-than", "0", "--cache-dir", cache.path])
            #expect(gc.status == 1, "\(gc.standardOutput)\(gc.standardError)")
            #expect(gc.standardOutput.contains("removed 0 entries"), "\(gc.standardOutput)")
            #expect(gc.standardError.contains("could not remove \(Self.manifests(cache).count) entries"), "\(gc.standardError)")
            #expect(gc.standardError.contains("Read-only file system"), "\(gc.standardError)")
        }
        guard made else {
            print("skipped: gcOnAReadOnlyCacheSaysItRemovedNothingAndWhy needs root and a read-only bind mount, which this machine refused")
            return
        }
        #expect(Self.snapshot(cache) == before, "a failed gc changed the cache")
    }

    @Test func verifyOnAReadOnlyCacheSaysWhatItCouldNotRemove() throws {
        let (_, _, cache) = try Self.ranWorkspace()
        // Damage one entry: an artifact no longer matches its hash.
        let damaged = try #require(Self.manifests(cache).first).replacingOccurrences(of: "/manifest.json", with: "")
        let entry = cache.appendingPathComponent("objects").appendingPathComponent(damaged)
        let artifact = try #require(try FileManager.default.contentsOfDirectory(atPath: entry.path).first { $0 != "manifest.json" })
        try Data("damaged".utf8).write(to: entry.appendingPathComponent(artifact))
        let before = Self.snapshot(cache)
        let made = try Self.readOnly(cache) {
            let verify = try Binary.run(["cache", "verify", "--cache-dir", cache.path])
            #expect(verify.status == 1)
            #expect(verify.standardOutput.contains("does not match its hash — could not be removed (Read-only file system)"), "\(verify.standardOutput)")
            #expect(!verify.standardOutput.contains("— removed"), "\(verify.standardOutput)")
            #expect(verify.standardOutput.contains("1 corrupt, 1 of them not removed"), "\(verify.standardOutput)")
            #expect(verify.standardError.contains("could not be removed"), "\(verify.standardError)")
        }
        guard made else {
            print("skipped: verifyOnAReadOnlyCacheSaysWhatItCouldNotRemove needs root and a read-only bind mount, which this machine refused")
            return
        }
        #expect(Self.snapshot(cache) == before)
        // Writable again, verify removes it and says so.
        let verify = try Binary.run(["cache", "verify", "--cache-dir", cache.path])
        #expect(verify.status == 1 && verify.standardOutput.contains("— removed"), "\(verify.standardOutput)")
        #expect(!FileManager.default.fileExists(atPath: entry.path))
    }

    @Test func verifyCallsAnUnreadableManifestUnreadableAndLeavesItAlone() throws {
        let (folder, _, cache) = try Self.ranWorkspace()
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            print("skipped: verifyCallsAnUnreadableManifestUnreadableAndLeavesItAlone runs the binary as nobody, which needs root and setpriv")
            return
        }
        // The cache belongs to nobody, who cannot read one manifest.
        let chown = try Binary.run(["chown", "-R", "nobody", folder.path], executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(chown.status == 0)
        let manifest = cache.appendingPathComponent("objects").appendingPathComponent(try #require(Self.manifests(cache).first))
        #expect(chmod(manifest.path, 0) == 0)
        let before = Self.snapshot(cache)
        let verify = try Binary.run(["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", Binary.url.path,
                                     "cache", "verify", "--cache-dir", cache.path], executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(verify.status == 1, "\(verify.standardOutput)\(verify.standardError)")
        #expect(verify.standardOutput.contains("unreadable: entry"), "\(verify.standardOutput)")
        #expect(verify.standardOutput.contains("Permission denied"), "\(verify.standardOutput)")
        #expect(!verify.standardOutput.contains("has no manifest"), "\(verify.standardOutput)")
        #expect(verify.standardOutput.contains("0 corrupt, 1 unreadable"), "\(verify.standardOutput)")
        #expect(Self.snapshot(cache) == before, "verify removed an entry it could not read")
    }

    @Test func gcDryRunOnAReadOnlyCacheListsAndWritesNothing() throws {
        let (_, _, cache) = try Self.ranWorkspace()
        let before = Self.snapshot(cache)
        let count = Self.manifests(cache).count
        let made = try Self.readOnly(cache) {
            let gc = try Binary.run(["cache", "gc", "--older-than", "0", "--dry-run", "--cache-dir", cache.path])
            #expect(gc.status == 0, "\(gc.standardError)")
            #expect(gc.standardOutput.contains("would remove \(count) entries"), "\(gc.standardOutput)")
            #expect(gc.standardError.isEmpty, "\(gc.standardError)")
        }
        guard made else {
            print("skipped: gcDryRunOnAReadOnlyCacheListsAndWritesNothing needs root and a read-only bind mount, which this machine refused")
            return
        }
        #expect(Self.snapshot(cache) == before)
    }

    @Test func verifyNamesAnImmutableDamagedEntryItCouldNotRemove() throws {
        let (_, _, cache) = try Self.ranWorkspace()
        let damaged = try #require(Self.manifests(cache).first).replacingOccurrences(of: "/manifest.json", with: "")
        let entry = cache.appendingPathComponent("objects").appendingPathComponent(damaged)
        try FileManager.default.removeItem(at: entry.appendingPathComponent("manifest.json"))
        let chattr = { (flag: String) in try? Binary.run([flag, entry.path], executable: URL(fileURLWithPath: "/usr/bin/chattr")) }
        guard getuid() == 0, chattr("+i")?.status == 0 else {
            print("skipped: verifyNamesAnImmutableDamagedEntryItCouldNotRemove needs root and chattr +i on this filesystem")
            return
        }
        defer { _ = chattr("-i") }
        let verify = try Binary.run(["cache", "verify", "--cache-dir", cache.path])
        #expect(verify.status == 1)
        #expect(verify.standardOutput.contains("has no manifest — could not be removed (Operation not permitted)"), "\(verify.standardOutput)")
        #expect(FileManager.default.fileExists(atPath: entry.path))
        // Nothing half-removed: the entry's other files are all still there.
        #expect(try !FileManager.default.contentsOfDirectory(atPath: entry.path).isEmpty)
    }

    @Test func aLockFileReplacedByAFolderStillKeepsGcAwayFromARun() throws {
        let (folder, _, cache) = try Self.ranWorkspace()
        let lock = cache.appendingPathComponent("locks/in-use")
        try? FileManager.default.removeItem(at: lock)
        try FileManager.default.createDirectory(at: lock, withIntermediateDirectories: true)
        let busy = folder.appendingPathComponent("busy.toml").path
        try Data(TinyExperiment.toml(title: "Busy", steps: 200, widths: [8, 16, 32, 64, 128, 256], seeds: 2).utf8).write(to: URL(fileURLWithPath: busy))
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["run", busy, "--output", folder.appendingPathComponent("out").path, "--quiet", "--threads", "1"]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Once the run has stored something, it holds the cache.
        let deadline = Date().addingTimeInterval(60)
        let start = Self.manifests(cache).count
        while Self.manifests(cache).count == start && process.isRunning && Date() < deadline { usleep(20_000) }
        let gc = try Binary.run(["cache", "gc", "--older-than", "0", "--cache-dir", cache.path])
        let running = process.isRunning
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        if running {
            #expect(gc.status == 1 && gc.standardError.contains("in use by a run in progress"), "\(gc.standardOutput)\(gc.standardError)")
        }
    }

    /// `gc --unreferenced` started again and again while a run trains: it never takes an
    /// entry the run has made or still needs; the run ends whole.
    @Test func gcRacingARunTakesNothingTheRunNeeds() throws {
        let (folder, path, cache) = try Self.ranWorkspace(widths: [8, 16], steps: 2)
        // Another experiment in the same cache, trained while gc runs in a loop.
        let busy = folder.appendingPathComponent("busy.toml").path
        try Data(TinyExperiment.toml(title: "Busy", steps: 120, widths: [8, 16, 32, 64, 128], seeds: 2).utf8).write(to: URL(fileURLWithPath: busy))
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["run", busy, "--output", folder.appendingPathComponent("out").path, "--quiet", "--threads", "1"]
        process.environment = ProcessInfo.processInfo.environment.merging(["SOURCE_DATE_EPOCH": "1700000000"]) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let drain = Binary.Drain(errors)
        var refused = 0, collections = 0
        while process.isRunning {
            let gc = try Binary.run(["cache", "gc", "--unreferenced", "--cache-dir", cache.path])
            collections += 1
            if gc.status == 1 {
                #expect(gc.standardError.contains("in use by a run in progress; removed nothing"), "\(gc.standardError)")
                refused += 1
            } else {
                #expect(gc.status == 0, "\(gc.standardError)")
            }
        }
        process.waitUntilExit()
        let message = drain.wait()
        #expect(process.terminationStatus == 0, "\(message)")
        #expect(!message.contains("disappeared"), "\(message)")
        #expect(refused > 0, "gc never met the run (\(collections) collections)")
        // Both reports are whole, and nothing either needs was collected.
        let verify = try Binary.run(["cache", "verify", "--cache-dir", cache.path])
        #expect(verify.status == 0, "\(verify.standardOutput)")
        for experiment in [path, busy] {
            let dry = try Binary.run(["run", experiment, "--output", folder.appendingPathComponent("out").path, "--dry-run"], environment: Self.environment)
            #expect(dry.standardOutput.contains("0 stale, 0 missing"), "\(dry.standardOutput)")
        }
        // With no run in progress, gc works (and the reports' entries are all referenced).
        let gc = try Binary.run(["cache", "gc", "--unreferenced", "--cache-dir", cache.path])
        #expect(gc.status == 0 && gc.standardOutput.contains("removed 0 entries"), "\(gc.standardOutput)\(gc.standardError)")
    }

    /// A store gc cannot read in part (its `objects` a file, node records overwritten) is not
    /// reported as clean: gc names what it could not read and exits 1, and with
    /// `--unreferenced` removes nothing, since a damaged record could reference any entry;
    /// verify removes the damaged records, after which gc works again.
    @Test func gcAndVerifySayWhatTheyCouldNotReadAndRemoveNothingOnAGuess() throws {
        let (folder, _, cache) = try Self.ranWorkspace()
        let copy = folder.appendingPathComponent("objects-a-file")
        try FileManager.default.copyItem(at: cache, to: copy)
        try FileManager.default.removeItem(at: copy.appendingPathComponent("objects"))
        try Data("x\n".utf8).write(to: copy.appendingPathComponent("objects"))
        for policy in [["--older-than", "0"], ["--unreferenced"], ["--max-size", "0"]] {
            let gc = try Binary.run(["cache", "gc", "--cache-dir", copy.path] + policy)
            #expect(gc.status == 1 && gc.standardError.contains("objects cannot be listed") && gc.standardError.contains("Not a directory"),
                    "\(policy): \(gc.standardOutput)\(gc.standardError)")
        }
        let records = ((FileManager.default.enumerator(atPath: cache.appendingPathComponent("nodes").path)?.allObjects as? [String]) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        #expect(records.count >= 3)
        for record in records.prefix(3) { try Data("{{{".utf8).write(to: cache.appendingPathComponent("nodes/\(record)")) }
        let before = Self.manifests(cache)
        let gc = try Binary.run(["cache", "gc", "--unreferenced", "--cache-dir", cache.path])
        #expect(gc.status == 1 && gc.standardOutput.contains("removed 0 entries") && gc.standardError.contains("is unreadable or damaged")
                && gc.standardError.contains("nothing was removed"), "\(gc.standardOutput)\(gc.standardError)")
        #expect(Self.manifests(cache) == before, "gc removed entries on a guess")
        let verify = try Binary.run(["cache", "verify", "--cache-dir", cache.path])
        #expect(verify.status == 1 && verify.standardOutput.contains("3 corrupt") && verify.standardOutput.contains("node record"),
                "\(verify.standardOutput)\(verify.standardError)")
        let again = try Binary.run(["cache", "verify", "--cache-dir", cache.path])
        #expect(again.status == 0 && again.standardOutput.contains("0 corrupt"), "\(again.standardOutput)\(again.standardError)")
        let after = try Binary.run(["cache", "gc", "--unreferenced", "--cache-dir", cache.path])
        #expect(after.status == 0, "\(after.standardOutput)\(after.standardError)")
    }
}
