import Foundation

extension ReportRun {
    /// `--dry-run`: what would run and why, with the predicted time when this machine has a
    /// calibration; nothing runs and nothing is written.
    static func dryRun(_ plans: [Plan], request: Request, options: ExecutionOptions, console: Console) throws {
        let store = try CacheStore.forReading(at: request.cache)
        let threadsPerRun = Self.threadsPerRun(options), jobs = options.jobs
        // A dry run stays instant: it predicts from a kept calibration only.
        let calibration = Prediction.calibration(cache: request.cache, threads: threadsPerRun)
        var listings: [PredictedStatuses] = []
        for plan in plans {
            var statuses = StatusExplainer(plan: plan, store: store, toolVersion: options.toolVersion, force: options.force).statuses()
            let executing = Prediction.executing(statuses, plan: plan, shard: options.shard)
            let prediction = calibration?.predict(plan, executing: executing, jobs: jobs)
            for index in statuses.indices { statuses[index].predictedSeconds = prediction?.perNode[statuses[index].node].map { (($0 * 1000).rounded()) / 1000 } }
            listings.append(PredictedStatuses(experiment: plan.experiment.name, nodes: statuses,
                                              predictedSeconds: prediction.map { ($0.total * 10).rounded() / 10 }, machine: calibration?.machine))
        }
        if request.json { return try console.json(listings.count == 1 ? AnyEncodable(listings[0]) : AnyEncodable(listings), pretty: true) }
        for (number, listing) in listings.enumerated() {
            if listings.count > 1 { console.output("\(number == 0 ? "" : "\n")== \(listing.experiment)") }
            NodeStatus.table(listing.nodes).forEach(console.output)
        }
        let cache = request.cache.path
        if calibration == nil {
            console.output("no predicted time: no run has trained with \(threadsPerRun) thread\(threadsPerRun == 1 ? "" : "s") per run on this machine with the cache \(cache) yet (any run teaches it; on a fresh machine, spectral-report bench calibrate --cache-dir \(cache)\(jobs == request.threads ? "" : " --jobs \(jobs)") measures it in about 20 s)")
        }
        for listing in listings {
            guard let seconds = listing.predictedSeconds else { continue }
            console.output("\(listings.count > 1 ? listing.experiment + ": " : "")predicted \(Self.duration(seconds)) at --jobs \(jobs)\(request.shard.map { " for shard \($0.text)" } ?? "") (\(listing.machine ?? ""))")
        }
    }
}

extension NodeStatus {
    /// One experiment's node states as table lines with a closing count (what `run
    /// --dry-run` and `cache status` print).
    public static func table(_ statuses: [NodeStatus]) -> [String] {
        var lines = statuses.map { status in
            "\(status.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(status.node)\(status.reason.map { "  — \($0)" } ?? "")"
        }
        let counts = Dictionary(grouping: statuses, by: \.state).mapValues(\.count)
        let forced = counts[.forced].map { ", \($0) forced" } ?? ""
        lines.append("\(statuses.count) nodes: \(counts[.fresh] ?? 0) fresh, \(counts[.stale] ?? 0) stale, \(counts[.missing] ?? 0) missing\(forced)")
        return lines
    }
}
