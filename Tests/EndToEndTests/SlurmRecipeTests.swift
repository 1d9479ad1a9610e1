import Foundation
import Testing

/// The "On a cluster" recipe of docs/usage.md (`docs/slurm-recipe.sh`) on a real one-node Slurm (`.ci/slurm-recipe-test`
/// starts slurmctld, slurmd and munge and stops them again). It needs root and Debian's
/// `slurmctld slurmd slurm-client munge`, which `.ci/run` installs.
@Suite("The documented Slurm recipe on a real cluster", .serialized)
struct SlurmRecipeTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let available = getuid() == 0 && ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch", "/usr/sbin/munged"]
        .allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: available, "needs root and the slurmctld, slurmd, slurm-client and munge packages"))
    func arrayCancelAndSharedShardOnARealCluster() throws {
        // Output goes to a file, not a pipe: daemons inherit the descriptors, and a pipe would
        // stay open as long as any of them lived.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("slurm-recipe-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Self.repository.appendingPathComponent(".ci/slurm-recipe-test").path, Binary.url.path]
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        print(text)
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("slurm recipe: 10 passed, 0 failed"))
    }
}
