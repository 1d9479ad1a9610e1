import Foundation
import Training

/// Writes `data/experiment.json`, the experiment as it was run (see `ExperimentRecord`), and
/// `data/experiment.toml`, a copy of the experiment file it was read from (with LF line ends,
/// as it was read and hashed: a CRLF file's copy hashes to the report's `experiment_sha256`).
struct ExperimentRecordComputation: NodeComputation {
    let record: ExperimentRecord
    /// Where the experiment file is; only its hash (in `record`) enters the key.
    let experimentPath: String

    static var kind: NodeKind { .page }
    var artifacts: Set<Artifact> { [.experimentRecord, .experimentFile] }
    var parameters: ExperimentRecord { record }
    var reportFiles: [(path: String, artifact: Artifact)] {
        [("data/experiment.json", .experimentRecord), ("data/experiment.toml", .experimentFile)]
    }

    func compute(_ inputs: ComputationInputs) throws -> ComputationOutput {
        // The copy must be the file the plan was made from: one edited since is refused.
        guard let bytes = try? RegularFile.read(experimentPath, limit: ExperimentLoader.maximumFileBytes),
              let text = String(data: bytes, encoding: .utf8) else {
            throw InputError(file: experimentPath, message: "the experiment file can no longer be read; run again")
        }
        let contents = Data(text.replacingOccurrences(of: "\r\n", with: "\n").utf8)
        guard ContentHash.sha256(contents) == record.experimentSHA256 else {
            throw InputError(file: experimentPath, message: "the experiment file changed while the report was being built; run again")
        }
        return ComputationOutput([.experimentRecord: try ContentHash.prettyJSON(record), .experimentFile: contents])
    }
}
