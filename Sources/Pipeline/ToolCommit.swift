import Foundation

/// The git commit of the checkout the running binary was built in, for the provenance of a
/// report: `git rev-parse HEAD` in the binary's folder (a `.build` folder inside the
/// checkout), with `+dirty` when tracked files differ from it. Nil when the binary is not
/// inside a git checkout or git is not installed.
///
/// It names the commit checked out where the binary lives, which is the one it was built
/// from when it was built by `swift build` / `swift run` there.
public enum ToolCommit {
    /// The commit, looked up once per process.
    public static let current: String? = lookUp()

    static func lookUp() -> String? {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let directory = executable.deletingLastPathComponent().path
        guard let head = git(["-C", directory, "rev-parse", "HEAD"]), head.count == 40, head.allSatisfy(\.isHexDigit) else { return nil }
        let status = git(["-C", directory, "status", "--porcelain", "--untracked-files=no"])
        return head + (status?.isEmpty == false ? "+dirty" : "")
    }

    /// `git ARGUMENTS`' standard output, trimmed, or nil when it fails.
    static func git(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        var environment = ProcessInfo.processInfo.environment
        // No prompts, no pager, no locale-dependent text.
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
