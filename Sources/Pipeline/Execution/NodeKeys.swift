import Foundation
import Linalg

/// Derives node keys: SHA-256 of canonical JSON of everything a node's output depends on.
///
/// A key folds in the output hashes of the node's inputs (a Merkle graph), so a change
/// reruns exactly the nodes downstream of it, and an input recomputed to the same bytes
/// invalidates nothing.
struct NodeKeys: Sendable {
    /// The tool version that enters every key (the running tool's; tests vary it).
    public let toolVersion: String

    public init(toolVersion: String = ToolInfo.version) { self.toolVersion = toolVersion }

    /// What a key is the hash of. `numerics` is `ProductKernel.numericsLabel`: one label for
    /// the bit-stable kernels, whose results every CPU shares, and OpenBLAS's kernel under
    /// `--products openblas`, so kernel-dependent results never mix with them.
    struct Material: Encodable {
        let kind: String, schema: Int, tool: String, numerics: String, parameters: String
        let inputs: [String: String], files: [String: String]
    }

    /// A node's key and what it was made of.
    struct Derived {
        let key: String
        let material: Material
    }

    /// The node's key, when every input's output hash is known.
    func key(for node: PlanNode, outputHashes: [NodeID: String]) -> Derived? {
        var inputs: [String: String] = [:]
        for input in node.inputs {
            guard let hash = outputHashes[input] else { return nil }
            inputs[input.rawValue] = hash
        }
        let material = Material(kind: node.kind.rawValue, schema: Plan.schemaVersion, tool: toolVersion,
                                numerics: ProductKernel.current.numericsLabel, parameters: String(decoding: node.parameters, as: UTF8.self), inputs: inputs, files: node.files)
        guard let data = try? ContentHash.canonicalJSON(material) else { return nil }
        return Derived(key: ContentHash.sha256(data), material: material)
    }

    /// The record kept so that a later status can say why a node reruns.
    func record(_ node: PlanNode, _ derived: Derived) -> CacheStore.NodeRecord {
        CacheStore.NodeRecord(node: node.id.rawValue, key: derived.key, parameters: ContentHash.sha256(node.parameters),
                              parameterValues: derived.material.parameters, inputs: derived.material.inputs,
                              files: derived.material.files, tool: derived.material.tool)
    }
}
