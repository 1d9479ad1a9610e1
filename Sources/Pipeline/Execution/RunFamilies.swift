import Training

/// Runs that take the same training steps, as far as the shorter goes
/// (`RunConfiguration.sharesTrajectory`), on the same data: a learning-rate sweep's run at
/// the base rate is the first half of a loss-curve run at that rate. A family trains once,
/// for its longest member (`Trainer.run(family:)`), and gives every member the result it
/// would have had alone, so which runs share training never changes a result's bytes.
enum RunFamilies {
    /// `runs` in families, each longest first (then by id), the families in the order of
    /// their first members in `runs`. A run with weight metrics, or with no run to share
    /// with, is a family of its own.
    static func group(_ runs: [PlanNode]) -> [[PlanNode]] {
        struct Key: Hashable {
            let trajectory: RunConfiguration
            let dataset: DatasetDescriptor?
        }
        var order: [Key] = []
        var families: [Key: [PlanNode]] = [:]
        var result: [[PlanNode]] = []
        for node in runs {
            guard let configuration = node.runConfiguration, !configuration.recordsWeightMetrics else {
                result.append([node])
                continue
            }
            let key = Key(trajectory: configuration.trajectory, dataset: node.dataset)
            if families[key] == nil { order.append(key) }
            families[key, default: []].append(node)
        }
        result += order.compactMap { families[$0] }
        return result.map { family in
            family.sorted { a, b in
                let (sa, sb) = (a.runConfiguration?.steps ?? 0, b.runConfiguration?.steps ?? 0)
                return sa != sb ? sa > sb : a.id < b.id
            }
        }
    }

    /// Each member's estimated operations when `family` trains together: the first member's
    /// training and snapshots, the others' snapshots only.
    static func memberCosts(_ family: [PlanNode]) -> [(id: NodeID, cost: Double)] {
        family.enumerated().compactMap { index, node in
            node.runConfiguration.map { configuration in
                let parts = RunCost.parts(configuration, testExamples: node.testExamples)
                return (node.id, (index == 0 ? parts.training : 0) + parts.snapshots)
            }
        }
    }

    /// The estimated operations of training `family` together.
    static func cost(_ family: [PlanNode]) -> Double {
        memberCosts(family).reduce(0) { $0 + $1.cost }
    }
}
