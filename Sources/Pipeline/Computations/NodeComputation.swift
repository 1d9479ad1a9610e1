import Foundation

/// The work of one node: from its inputs' artifacts, files and parameters to its own
/// artifacts. One type per kind of work, each in its own file; the planner registers them.
protocol NodeComputation: Sendable {
    associatedtype Parameters: Encodable
    /// Exactly what the output depends on besides the inputs' outputs and `files` (it
    /// enters the node's key as canonical JSON).
    var parameters: Parameters { get }
    /// Files the computation reads, by name, with the hashes of their contents (they enter
    /// the key).
    var files: [String: String] { get }
    /// Where the artifacts go in the report folder, if they are part of the report.
    var reportFiles: [(path: String, artifact: Artifact)] { get }
    /// Artifacts that hold several report files (`FileBundle`s), with the folder they go to.
    var reportBundles: [(folder: String, artifact: Artifact)] { get }

    func compute(_ inputs: ComputationInputs) throws -> ComputationOutput
}

extension NodeComputation {
    var files: [String: String] { [:] }
    var reportFiles: [(path: String, artifact: Artifact)] { [] }
    var reportBundles: [(folder: String, artifact: Artifact)] { [] }
}

/// Several files in one artifact, by file name: JSON with the bytes in base64.
struct FileBundle: Codable, Sendable {
    var files: [String: Data]

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}

/// What a computation produces.
struct ComputationOutput {
    /// Artifact bytes to store.
    var artifacts: [Artifact: Data]
    /// The artifacts' bytes that define the output hash dependents see, when not all of
    /// them do (a run's timings do not).
    var meaningful: [Artifact: Data]?

    init(_ artifacts: [Artifact: Data], meaningful: [Artifact: Data]? = nil) {
        self.artifacts = artifacts
        self.meaningful = meaningful
    }
}

/// What a computation may read while it runs.
struct ComputationInputs: Sendable {
    /// The bytes of an input node's artifact, verified.
    let artifact: @Sendable (NodeID, Artifact) throws -> Data
    /// Data sets, loaded once per process.
    let datasets: DatasetCache
    /// True once the user asked to stop.
    let isCancelled: @Sendable () -> Bool

    /// An input node's artifact decoded from JSON.
    func decode<T: Decodable>(_ type: T.Type, _ node: NodeID, _ name: Artifact) throws -> T {
        try ContentHash.decoder().decode(type, from: try artifact(node, name))
    }
}
