import Foundation
import Plotting

/// One figure of two reports drawn on the same axes: report A's curves solid, report B's
/// dashed, in the same colours, and two legend entries naming A and B.
enum ComparisonFigure {
    /// The overlaid data: panels matched by title (then B's own panels), series of A as
    /// drawn with solid lines, those of B dashed and out of the legend. Bands are left out
    /// so that the two sets of curves stay readable.
    static func overlay(_ a: FigureData, _ b: FigureData, nameA: String, nameB: String) -> FigureData {
        var matched: [(PanelData?, PanelData?)] = []
        var usedB = Set<Int>()
        for panel in a.panels {
            let match = b.panels.indices.first { !usedB.contains($0) && b.panels[$0].title == panel.title }
            if let match { usedB.insert(match) }
            matched.append((panel, match.map { b.panels[$0] }))
        }
        matched += b.panels.indices.filter { !usedB.contains($0) }.map { (nil, b.panels[$0]) }
        // The A/B key goes where the reports had legends, else in the first panel.
        let keyed = Set(matched.indices.filter { matched[$0].0?.legend == true || matched[$0].1?.legend == true })
        let panels = matched.enumerated().compactMap { index, pair in
            merge(pair.0, pair.1, nameA: nameA, nameB: nameB, key: keyed.isEmpty ? index == 0 : keyed.contains(index))
        }
        let columns = max(a.columns, b.columns)
        let rows = max(1, (panels.count + columns - 1) / columns)
        return FigureData(id: a.id, rows: rows, columns: columns, sharedY: a.sharedY && b.sharedY, panels: panels)
    }

    /// One panel from A's and B's versions of it.
    static func merge(_ a: PanelData?, _ b: PanelData?, nameA: String, nameB: String, key: Bool) -> PanelData? {
        guard var panel = a ?? b else { return nil }
        let keepLabels = panel.legend
        func restyled(_ series: SeriesData, style: LineStyle, labelled: Bool) -> SeriesData {
            var s = series
            s.style = style
            s.lower = nil
            s.upper = nil
            if !labelled { s.label = nil }
            return s
        }
        panel.series = (a?.series ?? []).map { restyled($0, style: .solid, labelled: keepLabels) }
            + (b?.series ?? []).map { restyled($0, style: .dashed, labelled: keepLabels && a == nil) }
        let ranges = [a?.colorBarRange, b?.colorBarRange].compactMap { $0 }
        if let low = ranges.map({ $0[0] }).min(), let high = ranges.map({ $0[1] }).max() { panel.colorBarRange = [low, high] }
        panel.legend = key
        guard key else { return panel }
        // Legend-only entries, in grey: which line style is which report.
        let legendColorIndex = 7
        panel.series.append(SeriesData(label: "\(nameA)\(a == nil ? " (no panel)" : "")", colorIndex: legendColorIndex, colorValue: nil,
                                       x: [], y: [], lower: nil, upper: nil, marker: nil, style: .solid, diverged: false))
        panel.series.append(SeriesData(label: "\(nameB)\(b == nil ? " (no panel)" : "")", colorIndex: legendColorIndex, colorValue: nil,
                                       x: [], y: [], lower: nil, upper: nil, marker: nil, style: .dashed, diverged: false))
        return panel
    }

    /// The overlaid figure, ready to render.
    static func figure(_ a: FigureData, _ b: FigureData, title: String, nameA: String, nameB: String) -> Figure {
        FigureBuilder.figure(overlay(a, b, nameA: nameA, nameB: nameB), title: "\(title): \(nameA) (solid) vs \(nameB) (dashed)")
    }
}
