import Foundation

/// Predicted times for `run --dry-run` and `run --json`, from what this machine's runs
/// took (kept in the cache by every run that trained) and any `bench calibrate`.
enum Prediction {
    /// The calibration of runs of `threads` threads in `cache`, if any.
    static func calibration(cache: URL, threads: Int) -> Calibration? {
        guard let store = try? CacheStore.existing(at: cache) else { return nil }
        return Calibration.forPrediction(in: store, threads: threads)
    }

    /// The nodes of `statuses` that would execute, limited to a shard's runs with `--shard`.
    static func executing(_ statuses: [NodeStatus], plan: Plan, shard: (Int, Int)?) -> Set<NodeID> {
        limited(Set(statuses.filter { $0.state != .fresh }.map(\.node)), plan: plan, shard: shard)
    }

    /// `nodes` limited to a shard's runs with `--shard`.
    static func limited(_ nodes: Set<NodeID>, plan: Plan, shard: (Int, Int)?) -> Set<NodeID> {
        var nodes = nodes
        if let (index, count) = shard {
            let inShard = plan.runs(inShard: index, of: count)
            nodes = nodes.filter { inShard.contains($0) }
        }
        return nodes
    }
}

/// `run --dry-run --json` with a prediction: the nodes, and the total.
struct PredictedStatuses: Encodable {
    let experiment: String
    let nodes: [NodeStatus]
    let predictedSeconds: Double?
    let machine: String?
    enum CodingKeys: String, CodingKey { case experiment, nodes, predictedSeconds = "predicted_seconds", machine }
}
