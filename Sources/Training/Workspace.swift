import Linalg

/// Buffers for one batch size: what the forward pass keeps for the backward pass, and the
/// gradients. Allocated once and reused every step.
public struct Workspace: Sendable {
    /// Rows per batch.
    public let batchSize: Int
    /// `z_l`, `batch × n_l`, one per layer; the last holds the logits.
    public var preactivations: [Matrix]
    /// `h_l = φ(z_l)`, `batch × n_l`, one per hidden layer (`depth − 1` of them).
    public var activations: [Matrix]
    /// `∂L/∂z_l`, `batch × n_l`, one per layer.
    public var preactivationGradients: [Matrix]

    /// Buffers for `architecture` at `batchSize` rows.
    public init(architecture: MLPArchitecture, batchSize: Int) {
        self.batchSize = batchSize
        let shapes = architecture.layerShapes
        preactivations = shapes.map { Matrix(rows: batchSize, columns: $0.fanOut) }
        activations = shapes.dropLast().map { Matrix(rows: batchSize, columns: $0.fanOut) }
        preactivationGradients = shapes.map { Matrix(rows: batchSize, columns: $0.fanOut) }
    }

    /// The input of layer `l` (0-based): the batch itself for the first layer.
    func layerInput(_ l: Int, batch: Matrix) -> Matrix {
        l == 0 ? batch : activations[l - 1]
    }
}
