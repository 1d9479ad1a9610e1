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
        let recorded = configuration.resolvedMetricSteps
        // Each snapshot's probe pass, and the evaluations of the steps that take them.
        let evaluationRows = recorded.reduce(0.0) { rows, step in
            rows + Double(configuration.probeSize)
                + (configuration.evaluatesTrainingLoss(at: step) ? Double(configuration.evaluationSize) : 0)
                + (configuration.evaluatesTestSet(at: step) ? Double(testExamples) : 0)
        }
        var snapshots = 2 * evaluationRows * parameters
        if configuration.recordsWeightMetrics {
            // The norm of each weight difference, and of each update (2 products per iteration).
            snapshots += Double(recorded.count)
                * (2 * 2 * lanczosIterations * parameters + 2 * Double(configuration.probeSize + configuration.batchSize) * parameters)
        }
        return (Double(configuration.steps) * step, snapshots)
    }

    /// Shard `index` of `count` of `runs` (id and cost): longest first, each to the shard
    /// with the least work so far (the lowest index on a tie), so that every process of a
    /// job array computes the same partition, and the shards' totals are close.
    /// The units are families of runs (`RunFamilies`), kept whole so that a shard trains a
    /// family once.
    static func shard(_ units: [Unit], index: Int, count: Int) -> Set<NodeID> {
        var load = [Double](repeating: 0, count: count)
        var chosen = Set<NodeID>()
        for unit in units.sorted(by: { ($0.cost, $1.first) > ($1.cost, $0.first) }) {
            let target = load.indices.min { (load[$0], $0) < (load[$1], $1) } ?? 0
            load[target] += unit.cost
            if target == index - 1 { chosen.formUnion(unit.ids) }
        }
        return chosen
    }

    /// Every shard's total, in order (for the dry run and the tests).
    static func loads(_ units: [Unit], count: Int) -> [Double] {
        (1...max(count, 1)).map { index in
            let members = shard(units, index: index, count: count)
            return units.filter { $0.ids.allSatisfy(members.contains) }.reduce(0) { $0 + $1.cost }
        }
    }

    /// Runs that go to one shard together, and their estimated operations.
    struct Unit {
        /// The runs, never empty; `first` orders units of equal cost.
        let ids: [NodeID]
        let first: NodeID
        let cost: Double

        init(_ first: NodeID, others: [NodeID] = [], cost: Double) {
            ids = [first] + others
            self.first = first
            self.cost = cost
        }
    }
}

extension Plan {
    /// The runs of shard `index` of `count` (see `RunCost.shard`), as `--shard` executes them.
    public func runs(inShard index: Int, of count: Int) -> Set<NodeID> {
        RunCost.shard(Executor.shardUnits(runs), index: index, count: count)
    }
}

extension Plan {
    /// The estimated floating-point operations of every training run of the plan (`RunCost`:
    /// training steps, evaluations, probe passes and Lanczos norms), runs that share a
    /// trajectory counted once, as the executor trains them.
    public var estimatedRunFlops: Double {
        Executor.shardUnits(runs).reduce(0) { $0 + $1.cost }
    }
}
