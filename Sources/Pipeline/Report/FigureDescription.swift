import Foundation

/// Alternative text for figures, generated from their data: what each panel plots against
/// what, on which scales, which curves it draws and how each one goes.
enum FigureDescription {
    /// The whole figure: its title, panels, axes and, per panel, the trend of its curves.
    static func altText(title: String, data: FigureData) -> String {
        let panels = Array(data.panels.prefix(FigureBuilder.panelCount(data)))
        guard !panels.isEmpty else { return "\(title): an empty figure." }
        var parts = ["\(title): \(panels.count) panel\(panels.count == 1 ? "" : "s")."]
        parts += panels.map(panelText)
        return parts.joined(separator: " ")
    }

    /// One panel: "standard: ‖Δh‖ against width n (log axes); h₁, t = 1 falls ×0.3, …".
    static func panelText(_ panel: PanelData) -> String {
        let scales = [panel.xScale == .linear ? nil : "x", panel.yScale == .linear ? nil : "y"].compactMap { $0 }
        let axes = "\(plain(panel.yLabel)) against \(plain(panel.xLabel))" + (scales.isEmpty ? "" : " (log \(scales.joined(separator: " and ")))")
        let trends = panel.series.compactMap { series -> String? in
            let points = zip(series.x, series.y).filter { $0.0.isFinite && $0.1.isFinite }
            guard let first = points.first, let last = points.last, points.count >= 2 else { return nil }
            let name = series.label.map(plain) ?? series.colorValue.map { "width \(NumberFormat.plain($0))" } ?? "a curve"
            return "\(name) \(trend(from: first.1, to: last.1, logarithmic: panel.yScale != .linear))"
        }
        let diverged = panel.series.filter(\.diverged).count
        var text = "\(plain(panel.title)): \(axes)"
        if !trends.isEmpty { text += "; " + trends.prefix(8).joined(separator: ", ") + (trends.count > 8 ? ", and \(trends.count - 8) more curves" : "") }
        if diverged > 0 { text += "; \(diverged) curve\(diverged == 1 ? "" : "s") diverged" }
        if let slope = panel.slopeTriangle { text += "; a guide shows the theory's slope \(NumberFormat.exponent(slope))" + (panel.slopeTriangleFor.map { " for \(plain($0))" } ?? "") }
        return text + "."
    }

    /// "rises from 0.1 to 0.4", "falls …", "stays near 0.05".
    static func trend(from a: Double, to b: Double, logarithmic: Bool) -> String {
        let ratio = a != 0 ? b / a : .infinity
        let flat = logarithmic ? (ratio > 0.8 && ratio < 1.25) : abs(b - a) <= 0.1 * max(abs(a), abs(b))
        if flat { return "stays near \(NumberFormat.plain(a))" }
        return "\(b > a ? "rises" : "falls") from \(NumberFormat.plain(a)) to \(NumberFormat.plain(b))"
    }

    /// Figure markup (`h_{1}`, `n^{−1/2}`) as plain text with Unicode scripts where every
    /// character has one (`h₁`), else the script as written.
    static func plain(_ markup: String) -> String {
        var out = ""
        var rest = Substring(markup)
        while let c = rest.first {
            rest = rest.dropFirst()
            guard c == "_" || c == "^" else { out.append(c); continue }
            let (script, remainder) = CaptionMarkup.take(rest, superscript: c == "^")
            if script.isEmpty { out.append(c); continue }
            out += CaptionMarkup.unicode(script, superscript: c == "^") ?? String(c) + script
            rest = remainder
        }
        return out
    }
}
