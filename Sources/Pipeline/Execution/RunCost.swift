import Training

/// What a training run costs, in floating-point operations: the training steps, the
/// evaluations and probe passes of its snapshots, and the spectral norms its weight metrics
/// take. It ranks runs against each other (for balancing shards); it is not a time.
enum RunCost {
    /// Lanczos iterations a spectral norm takes, about.
    static let lanczosIterations = 30.0

    /// The estimated operations of `configuration` with `testExamples` test rows.
    static func flops(_ configuration: RunConfiguration, testExamples: Int) -> Double {
        let p = parts(configuration, testExamples: testExamples)
        return p.training + p.snapshots
    }

    /// The operations of the training steps and of the snapshots, apart (they run at
    /// different speeds: thin products against evaluations and Lanczos iterations).
    static func parts(_ configuration: RunConfiguration, testExamples: Int) -> (training: Double, snapshots: Double) {
        let shapes = configuration.architecture.layerShapes
        let parameters = Double(shapes.reduce(0) { $0 + $1.fanIn * $1.fanOut })
        // A forward pass is 2 operations per weight and row; backward twice that.
        let step = 6 * Double(configuration.batchSize) * parameters
        let snapshots = Double(configuration.resolvedMetricSteps.count)
        let evaluationRows = Double(configuration.evaluationSize + testExamples + configuration.probeSize)
        var snapshot = 2 * evaluationRows * parameters
        if configuration.recordsWeightMetrics {
            // The norm of each weight difference, and of each update (2 products per iteration).
            snapshot += 2 * 2 * lanczosIterations * parameters + 2 * Double(configuration.probeSize + configuration.batchSize) * parameters
        }
        return (Double(configuration.steps) * step, snapshots * snapshot)
    }

    /// Shard `index` of `count` of `runs` (id and cost): longest first, each to the shard
    /// with the least work so far (the lowest index on a tie), so that every process of a
    /// job array computes the same partition, and the shards' totals are close.
    static func shard(_ runs: [(id: NodeID, cost: Double)], index: Int, count: Int) -> Set<NodeID> {
        var load = [Double](repeating: 0, count: count)
        var chosen = Set<NodeID>()
        for run in runs.sorted(by: { ($0.cost, $1.id) > ($1.cost, $0.id) }) {
            let target = load.indices.min { (load[$0], $0) < (load[$1], $1) } ?? 0
            load[target] += run.cost
            if target == index - 1 { chosen.insert(run.id) }
        }
        return chosen
    }

    /// Every shard's total, in order (for the dry run and the tests).
    static func loads(_ runs: [(id: NodeID, cost: Double)], count: Int) -> [Double] {
        (1...max(count, 1)).map { index in
            let members = shard(runs, index: index, count: count)
            return runs.filter { members.contains($0.id) }.reduce(0) { $0 + $1.cost }
        }
    }
}

extension Plan {
    /// The runs of shard `index` of `count` (see `RunCost.shard`), as `--shard` executes them.
    public func runs(inShard index: Int, of count: Int) -> Set<NodeID> {
        RunCost.shard(Executor.costs(runs), index: index, count: count)
    }
}
