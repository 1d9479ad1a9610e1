import Training

/// The one rule for a diverged run, which figures, tables, verdicts and the provenance all
/// follow: training stopped it (its loss became non-finite or passed the trainer's
/// threshold), or its training loss ended more than `factor` times above where it started
/// (standard at width 4096 and rate 1 can end at a loss of 1667 from 2.3: it learned
/// nothing, and its end is no optimum nor a movement to fit).
enum Divergence {
    /// How far above its start a run's final training loss may end.
    static let factor = 2.0

    /// Whether `result` diverged by the rule.
    static func diverged(_ result: RunResult) -> Bool {
        if result.status == .diverged { return true }
        guard let start = result.snapshots.first(where: { $0.step == 0 })?.trainLoss ?? result.batchLosses.first,
              let end = result.snapshots.last?.trainLoss ?? result.batchLosses.last else { return false }
        return !end.isFinite || (start.isFinite && end > factor * start)
    }

    /// The status data files write: `completed` or `diverged`, by the rule.
    static func status(_ result: RunResult) -> String {
        diverged(result) ? RunStatus.diverged.rawValue : RunStatus.completed.rawValue
    }

    /// The rule in words, for the data dictionary and the page.
    static let description = "diverged: training stopped it (the loss became non-finite or exceeded 10⁴), or its training loss ended more than 2× above its value at initialisation"
}
