import Foundation
import Testing
@testable import Pipeline

/// A cache on shared storage: nothing in it may steer a removal outside it, damaged
/// entries are found however they are damaged, other hosts' work is left alone.
@Suite("Cache safety: keys, removals, verification, temporaries, replacement")
struct CacheSafetyTests {
    static let key = String(repeating: "ab", count: 32)

    /// A cache with one whole entry, and a victim folder beside it that must survive.
    static func cacheWithVictim() throws -> (store: CacheStore, victim: URL) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("safety-\(UUID().uuidString)")
        let victim = base.appendingPathComponent("victim")
        try FileManager.default.createDirectory(at: victim, withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: victim.appendingPathComponent("thesis.tex"))
        let store = try CacheStore(root: base.appendingPathComponent("cache"))
        try store.store(key: key, kind: "run", node: "run/x", artifacts: ["result.json": Data("{}".utf8)], seconds: 0)
        return (store, victim)
    }

    static func survives(_ victim: URL) -> Bool {
        FileManager.default.contents(atPath: victim.appendingPathComponent("thesis.tex").path) == Data("precious".utf8)
    }

    @Test func onlyHexDigestsAreKeys() {
        #expect(CacheKey.isValid(Self.key))
        for bad in ["../../victim", String(repeating: "A", count: 64), String(repeating: "a", count: 63), "", String(repeating: "g", count: 64)] {
            #expect(!CacheKey.isValid(bad), "\(bad)")
        }
    }

    @Test func aManifestNamingAPathOutsideRemovesNothingThere() throws {
        let (store, victim) = try Self.cacheWithVictim()
        let entry = store.entryURL(Self.key)
        let manifest = #"{"key":"../../victim","kind":"run","node":"run/x","artifacts":{"result.json":"0"},"outputHash":"0","seconds":0,"created":0}"#
        try Data(manifest.utf8).write(to: entry.appendingPathComponent("manifest.json"))
        let report = store.verify()
        #expect(report.problems.count == 1 && report.problems[0].contains("another key"))
        #expect(Self.survives(victim) && !FileManager.default.fileExists(atPath: entry.path))
        _ = store.collectGarbage({ var p = CacheStore.CollectionPolicy(); p.unreferenced = true; p.olderThanDays = 0; return p }(), dryRun: false)
        #expect(Self.survives(victim))
    }

    @Test func aLinkOutOfTheCacheIsNotFollowedForRemoval() throws {
        let (store, victim) = try Self.cacheWithVictim()
        try FileManager.default.createSymbolicLink(at: store.root.appendingPathComponent("objects/cd"), withDestinationURL: victim)
        let report = store.verify()
        #expect(report.problems.contains { $0.contains("objects/cd is a symbolic link") })
        #expect(Self.survives(victim) && !FileManager.default.fileExists(atPath: store.root.appendingPathComponent("objects/cd").path))
        #expect(!store.removeInside(victim.appendingPathComponent("thesis.tex")) && Self.survives(victim))
    }

    @Test func anArtifactThatIsALinkIsDamagedEvenWhenItsTargetMatches() throws {
        let (store, victim) = try Self.cacheWithVictim()
        let artifact = store.entryURL(Self.key).appendingPathComponent("result.json")
        let outside = victim.appendingPathComponent("result.json")
        try FileManager.default.copyItem(at: artifact, to: outside)
        try FileManager.default.removeItem(at: artifact)
        try FileManager.default.createSymbolicLink(at: artifact, withDestinationURL: outside)
        let report = store.verify()
        #expect(report.problems.contains { $0.contains("result.json of run/x is not a regular file") })
        #expect(Self.survives(victim) && FileManager.default.fileExists(atPath: outside.path))
        #expect(!FileManager.default.fileExists(atPath: store.entryURL(Self.key).path))
    }

    @Test func aCacheWhoseFoldersAreLinksIsRefused() throws {
        let (store, victim) = try Self.cacheWithVictim()
        let objects = store.root.appendingPathComponent("objects")
        try FileManager.default.moveItem(at: objects, to: victim.appendingPathComponent("objects"))
        try FileManager.default.createSymbolicLink(at: objects, withDestinationURL: victim.appendingPathComponent("objects"))
        #expect(throws: InputError.self) { try CacheStore(root: store.root) }
        #expect(throws: InputError.self) { try CacheStore.existing(at: store.root) }
        #expect(Self.survives(victim))
    }

    @Test func nodeRecordsWithBadKeysAreIgnored() throws {
        let (store, victim) = try Self.cacheWithVictim()
        let record = CacheStore.NodeRecord(node: "run/x", key: "../../victim", parameters: "", parameterValues: nil, inputs: [:], files: [:], tool: "0")
        store.record(record, experiment: "e")
        #expect(store.lastRecord(experiment: "e", node: "run/x") == nil && store.recordedKeys().isEmpty)
        // A record with such a key is damaged: gc names it and, not knowing what it was
        // meant to keep, removes nothing; verify removes the record, and then gc works.
        let unreferenced = { var p = CacheStore.CollectionPolicy(); p.unreferenced = true; return p }()
        let first = store.collectGarbage(unreferenced, dryRun: false)
        #expect(first.removed.isEmpty && first.unreadable.contains { $0.contains("is unreadable or damaged") } && Self.survives(victim), "\(first.unreadable)")
        #expect(store.verify().problems.contains { $0.contains("node record") } && Self.survives(victim))
        let removed = store.collectGarbage(unreferenced, dryRun: false).removed
        #expect(removed == [Self.key] && Self.survives(victim))
    }

    @Test func verifyFindsEveryKindOfDamage() throws {
        let (store, _) = try Self.cacheWithVictim()
        func entry(_ key: String, files: [String: String], manifest: String?) throws {
            let url = store.entryURL(key)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
            if let manifest { try Data(manifest.utf8).write(to: url.appendingPathComponent("manifest.json")) }
        }
        let keys = (0..<5).map { String(repeating: String($0), count: 64) }
        try entry(keys[0], files: ["result.json": "{}"], manifest: nil)
        try entry(keys[1], files: [:], manifest: "")
        let good = ContentHash.sha256(Data("{}".utf8))
        try entry(keys[2], files: ["result.json": "{}", "extra.bin": "x"],
                  manifest: #"{"key":"\#(keys[2])","kind":"run","node":"run/y","artifacts":{"result.json":"\#(good)"},"outputHash":"0","seconds":0,"created":0}"#)
        try entry(keys[3], files: ["data.json": "{}"],
                  manifest: #"{"key":"\#(keys[3])","kind":"aggregate","node":"aggregate/f","artifacts":{"data.json":"\#(good)"},"required":["data.json","measurements.json"],"outputHash":"0","seconds":0,"created":0}"#)
        try entry(keys[4], files: ["result.json": "{!}"],
                  manifest: #"{"key":"\#(keys[4])","kind":"run","node":"run/z","artifacts":{"result.json":"\#(good)"},"outputHash":"0","seconds":0,"created":0}"#)
        try Data("stray".utf8).write(to: store.root.appendingPathComponent("objects/stray.txt"))
        let dry = store.verify(dryRun: true)
        #expect(dry.problems.count == 6 && dry.verified == 1)
        let report = store.verify()
        let text = report.problems.joined(separator: "\n")
        for words in ["has no manifest", "unreadable manifest", "unlisted: extra.bin", "lacks measurements.json", "does not match its hash", "stray.txt"] {
            #expect(text.contains(words), "\(words)")
        }
        #expect(store.verify().problems.isEmpty && store.verify().verified == 1)
    }

    @Test func foldersThatAreNotCachesAreRefusedAndLeftAlone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        #expect(throws: InputError.self) { try CacheStore.existing(at: folder) }
        #expect(throws: InputError.self) { try CacheStore(root: folder) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.txt"])
        // Missing or empty: nothing to maintain, and nothing is created.
        let missing = folder.appendingPathComponent("missing")
        #expect(try CacheStore.existing(at: missing) == nil && !FileManager.default.fileExists(atPath: missing.path))
        // A cache written before tags (its folders, no CACHEDIR.TAG) is still one.
        let old = folder.appendingPathComponent("old")
        for sub in ["objects", "nodes", "tmp", "locks"] {
            try FileManager.default.createDirectory(at: old.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        #expect(try CacheStore.existing(at: old) != nil)
    }

    @Test func onlyProvablyDeadOwnersLoseTheirTemporaries() throws {
        let me = ProcessIdentity.current
        #expect(!me.isProvablyDead())
        var otherHost = me; otherHost.host = "node17"; otherHost.pid = 999_999
        var otherNamespace = me; otherNamespace.pidNamespace = "pid4026532999"; otherNamespace.pid = 999_999
        var dead = me; dead.pid = 999_999
        var rebooted = me; rebooted.boot = "000000000000"; rebooted.pid = 1
        #expect(!otherHost.isProvablyDead() && !otherNamespace.isProvablyDead())
        #expect(dead.isProvablyDead() && rebooted.isProvablyDead())
        #expect(ProcessIdentity(tag: Substring(dead.tag)) == dead)

        let (store, _) = try Self.cacheWithVictim()
        let tmp = store.root.appendingPathComponent("tmp")
        let names = ["0123456789abcdef-\(otherHost.tag)-X", "0123456789abcdef-\(otherNamespace.tag)-X",
                     "0123456789abcdef-\(dead.tag)-X", "0123456789abcdef-\(me.tag)-X", "junk-old", "junk-new"]
        for name in names { try FileManager.default.createDirectory(at: tmp.appendingPathComponent(name), withIntermediateDirectories: true) }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -8 * 86_400)], ofItemAtPath: tmp.appendingPathComponent("junk-old").path)
        store.removeAbandonedTemporaries()
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: tmp.path))
        #expect(left == [names[0], names[1], names[3], "junk-new"])
    }

    @Test func replacingAnEntryNeverLeavesItMissing() throws {
        let (store, _) = try Self.cacheWithVictim()
        final class Flag: @unchecked Sendable { var missing = 0; let lock = NSLock() }
        let flag = Flag()
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for round in 0..<100 {
                if worker == 0 {
                    _ = try? store.store(key: Self.key, kind: "run", node: "run/x", artifacts: ["result.json": Data("{\"round\":\(round)}".utf8)],
                                         seconds: 0, replacing: true)
                } else if case .missing = store.lookup(Self.key, removingDamaged: false) {
                    flag.lock.withLock { flag.missing += 1 }
                }
            }
        }
        #expect(flag.missing == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.root.appendingPathComponent("tmp").path).isEmpty)
    }
}
