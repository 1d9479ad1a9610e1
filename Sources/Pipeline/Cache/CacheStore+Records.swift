import AtomicWrite
import Foundation
import Training

/// Node records, for explaining why a node reruns (`cache status`, `--dry-run`), and side
/// files (calibrations) kept beside the entries.
extension CacheStore {
    func recordURL(experiment: String, node: String) -> URL {
        root.appendingPathComponent("nodes").appendingPathComponent(String(ContentHash.sha256(Data(experiment.utf8)).prefix(24)))
            .appendingPathComponent(String(ContentHash.sha256(Data(node.utf8)).prefix(24)) + ".json")
    }

    /// Keeps `record` as the node's last; a record whose bytes are already there is not
    /// written again (a warm rerun writes nothing).
    public func record(_ record: NodeRecord, experiment: String) {
        let url = recordURL(experiment: experiment, node: record.node)
        guard let data = try? ContentHash.prettyJSON(record), fileManager.contents(atPath: url.path) != data else { return }
        try? fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? AtomicFile.write(data, to: url)
    }

    /// The last record of a node, when it is readable and names a valid key.
    public func lastRecord(experiment: String, node: String) -> NodeRecord? {
        guard let data = fileManager.contents(atPath: recordURL(experiment: experiment, node: node).path),
              let record = try? JSONDecoder().decode(NodeRecord.self, from: data), CacheKey.isValid(record.key) else { return nil }
        return record
    }

    /// The side file `name` (relative, made of letters, digits, `-`, `_`, `.` and `/`, no
    /// `..`): nil when it is missing, unreadable or larger than 16 MiB.
    public func sideFile(_ name: String) -> Data? {
        guard let url = sideFileURL(name) else { return nil }
        return try? RegularFile.read(url.path, limit: 16 << 20)
    }

    /// Keeps the side file `name` (atomically).
    /// - Throws: `InputError` for a name that is not a plain relative path; what writing throws.
    public func writeSideFile(_ data: Data, named name: String) throws {
        guard let url = sideFileURL(name) else { throw InputError(file: root.path, message: "'\(name)' is not a side file's name") }
        try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(data, to: url)
    }

    private func sideFileURL(_ name: String) -> URL? {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.isEmpty, !Self.subfolders.contains(String(parts[0])),
              parts.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") && $0.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) } })
        else { return nil }
        return root.appendingPathComponent(name)
    }
}
