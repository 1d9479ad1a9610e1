/// Numbers as data files write them: the shortest decimal text that reads back to the same
/// single-precision value (`0.01`, not `0.009999999776482582`). Training runs in single
/// precision, so no measurement carries more digits than a `Float` holds.
enum Float32Text {
    /// The shortest text of `v` as a `Float` (`0.01`, `2.0`, `1e-05`); a finite value beyond
    /// the `Float` range keeps its `Double` text, and a non-finite one is empty.
    static func text(_ v: Double) -> String {
        guard v.isFinite else { return "" }
        let single = Float(v)
        return single.isFinite ? "\(single)" : "\(v)"
    }

    /// The `Double` that `text(v)` reads back as: what JSON files write, so that a rate of
    /// `0.01` is `0.01` there too.
    static func rounded(_ v: Double) -> Double {
        guard v.isFinite, Float(v).isFinite else { return v }
        return Double(text(v)) ?? v
    }
}
