import Foundation

/// The check `bench report --python` makes before measuring anything: the path is an
/// executable file, and that Python imports torch and matplotlib and answers in time.
public enum PeerPython {
    /// What a Python that can run the peer scripts said about itself.
    public struct Versions: Sendable {
        public var torch: String
        public var matplotlib: String
    }

    /// Why `path` cannot run the peer scripts.
    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `path -c "import torch, matplotlib; …"` with a time limit of `timeout` seconds.
    /// - Throws: `Refusal` when the path is missing, a folder or not executable, or the Python
    ///   fails, cannot import torch or matplotlib, or does not answer in time;
    ///   `ChildProcess.Stopped` when `stopper` ended it.
    public static func check(_ path: String, timeout: Double, stopper: ChildStopper? = nil) throws -> Versions {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw Refusal(description: "--python names nothing: no file at this path")
        }
        guard !isFolder.boolValue else { throw Refusal(description: "--python is a folder, not a Python executable") }
        guard FileManager.default.isExecutableFile(atPath: path) else { throw Refusal(description: "--python is not an executable file") }
        let python = ChildProcess(executable: URL(fileURLWithPath: path), stopper: stopper)
        let result: ChildProcess.Result
        do {
            result = try python.run(["-c", "import torch, matplotlib; print(torch.__version__); print(matplotlib.__version__)"], timeout: timeout)
        } catch let stopped as ChildProcess.Stopped {
            throw stopped
        } catch {
            throw Refusal(description: "--python cannot be started: \(error.localizedDescription)")
        }
        guard !result.timedOut else {
            throw Refusal(description: "--python did not answer `import torch, matplotlib` within \(Int(timeout)) s (killed; see --python-check-timeout)")
        }
        let lastError = result.standardError.split(separator: "\n").last.map(String.init) ?? ""
        guard result.status == 0 else {
            throw Refusal(description: "--python cannot import torch and matplotlib (exit code \(result.status))" + (lastError.isEmpty ? "" : ": \(lastError)"))
        }
        let lines = result.standardOutput.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.count >= 2, !lines[lines.count - 2].isEmpty, !lines[lines.count - 1].isEmpty else {
            throw Refusal(description: "--python did not print torch's and matplotlib's versions when asked")
        }
        return Versions(torch: lines[lines.count - 2], matplotlib: lines[lines.count - 1])
    }
}
