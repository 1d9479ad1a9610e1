import Foundation

extension Figure {
    /// Every series's data as CSV: one row per point, with its panel, label and kind.
    /// Numbers use the shortest exact decimal form; missing values are empty.
    public func csv() -> String {
        var lines = ["panel,series,kind,x,y,lower,upper"]
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        func number(_ v: Double?) -> String {
            guard let v else { return "" }
            if v.isNaN { return "nan" }
            if v.isInfinite { return v > 0 ? "inf" : "-inf" }
            return "\(v)"
        }
        for (panel, axes) in self.axes.enumerated() {
            for (index, series) in axes.series.enumerated() {
                let name = field(series.label ?? "series \(index + 1)")
                switch series.kind {
                case .line, .scatter:
                    let kind = series.marksDivergence ? "line-diverged" : (series.lineStyle == .none ? "scatter" : "line")
                    for (x, y) in zip(series.x, series.y) { lines.append("\(panel + 1),\(name),\(kind),\(number(x)),\(number(y)),,") }
                case let .band(lower, upper), let .errorBars(lower, upper):
                    let kind: String
                    if case .band = series.kind { kind = "band" } else { kind = "error-bars" }
                    for (i, x) in series.x.enumerated() where i < lower.count && i < upper.count {
                        lines.append("\(panel + 1),\(name),\(kind),\(number(x)),\(number(i < series.y.count ? series.y[i] : nil)),\(number(lower[i])),\(number(upper[i]))")
                    }
                default:
                    continue
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
