/// Node patterns (`--only`, `--force-node`) over several experiments run together: a
/// pattern must name a node of at least one of them, and applies to each it names.
public enum PlanSelection {
    /// Whether `pattern` names a node of `plan` (an id or a prefix of one).
    public static func matches(_ pattern: String, in plan: Plan) -> Bool {
        plan.nodes.contains { ForceSelection.matches(pattern, $0.id.rawValue) }
    }

    /// Checks that every pattern names a node somewhere.
    /// - Throws: `InputError` for the first pattern that matches no node of any plan, with
    ///   the closest id of the first plan.
    public static func check(_ patterns: [String], in plans: [Plan], option: String) throws {
        guard let first = plans.first else { return }
        for pattern in patterns where !plans.contains(where: { matches(pattern, in: $0) }) {
            try first.checkPatterns([pattern], option: option)
        }
    }

    /// `run --only` over several plans: each plan restricted to the patterns that name its
    /// nodes; plans none of them names are left out.
    /// - Throws: `InputError` for a pattern that matches no node of any plan.
    public static func restrict(_ plans: [Plan], to patterns: [String]) throws -> [Plan] {
        try check(patterns, in: plans, option: "--only")
        return try plans.compactMap { plan in
            let own = patterns.filter { matches($0, in: plan) }
            return own.isEmpty ? nil : try plan.restricted(to: own)
        }
    }
}
