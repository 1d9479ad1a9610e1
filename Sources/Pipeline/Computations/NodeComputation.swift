import Foundation
import Training

/// The work of one node, and everything the rest of the program knows of a node of its kind,
/// declared in one place: its kind, how the executor schedules it, the nodes it reads, what
/// enters its key (`parameters`, `files`), the artifacts it stores (all required in every
/// entry: the store's manifest records them, `cache verify` checks them), which of them go
/// into the report and where, and the computation from its inputs' artifacts to its own.
///
/// Adding a kind of node is one new conforming type in `Computations/` and the line in
/// `Planner` that creates its node; the plan checks its declarations (inputs that exist and
/// come first, report artifacts it stores, report paths no other node writes).
protocol NodeComputation: Sendable {
    associatedtype Parameters: Encodable
    /// The kind of node: its label in keys and manifests, its stage in progress.
    static var kind: NodeKind { get }
    /// How the executor runs nodes of this type (one by one unless declared otherwise).
    static var scheduling: NodeScheduling { get }
    /// The nodes whose artifacts `compute` reads (it may read no other).
    var inputs: [NodeID] { get }
    /// Exactly what the output depends on besides the inputs' outputs and `files` (it
    /// enters the node's key as canonical JSON).
    var parameters: Parameters { get }
    /// Files the computation reads, by name, with the hashes of their contents (they enter
    /// the key).
    var files: [String: String] { get }
    /// Every artifact `compute` stores; an entry without one of them is damaged.
    var artifacts: Set<Artifact> { get }
    /// Where artifacts go in the report folder, if they are part of the report.
    var reportFiles: [(path: String, artifact: Artifact)] { get }
    /// Artifacts that hold several report files (`FileBundle`s), with the folder they go to.
    var reportBundles: [(folder: String, artifact: Artifact)] { get }
    /// The training run, for run nodes: what cost estimates, families of runs and the
    /// memory check read. Nil for every other kind.
    var training: (configuration: RunConfiguration, dataset: DatasetDescriptor)? { get }

    func compute(_ inputs: ComputationInputs) throws -> ComputationOutput

    /// Computes `members` (nodes of this type that `RunFamilies` grouped, this one first) as
    /// one, each output the bytes it would have alone; by default one by one.
    func compute(family members: [any NodeComputation], _ inputs: ComputationInputs) throws -> [ComputationOutput]
}

extension NodeComputation {
    static var scheduling: NodeScheduling { .inOrder }
    var inputs: [NodeID] { [] }
    var files: [String: String] { [:] }
    var reportFiles: [(path: String, artifact: Artifact)] { [] }
    var reportBundles: [(folder: String, artifact: Artifact)] { [] }
    var training: (configuration: RunConfiguration, dataset: DatasetDescriptor)? { nil }

    func compute(family members: [any NodeComputation], _ inputs: ComputationInputs) throws -> [ComputationOutput] {
        try members.map { try $0.compute(inputs) }
    }
}

/// How the executor runs the nodes of a kind.
enum NodeScheduling: Sendable {
    /// One by one, in plan order (which is dependency order).
    case inOrder
    /// On several workers at once, in families computed together (`compute(family:)`),
    /// partitioned by `--shard`; `setThreads` is given the BLAS threads each worker has
    /// while the stage runs, and all of them after.
    case parallel(setThreads: @Sendable (Int) -> Void)

    var isParallel: Bool {
        if case .parallel = self { return true }
        return false
    }
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
