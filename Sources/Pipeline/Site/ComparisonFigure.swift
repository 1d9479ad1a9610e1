import Foundation
import Plotting

/// One figure of two reports drawn on the same axes: report A's curves solid, report B's
/// dashed, in the same colours, two legend entries naming A and B, and no more than four
/// curves a panel.
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
        let panels = matched.enumerated().flatMap { index, pair in
            merge(pair.0, pair.1, nameA: nameA, nameB: nameB, key: keyed.isEmpty ? index == 0 : keyed.contains(index))
        }
        let columns = max(a.columns, b.columns)
        let rows = max(1, (panels.count + columns - 1) / columns)
        return FigureData(id: a.id, rows: min(rows, 16), columns: columns, sharedY: a.sharedY && b.sharedY, panels: Array(panels.prefix(16 * columns)))
    }

    /// The most lines a panel of the overlay draws: two curves of A and their two of B.
    static let maximumLines = 4

    /// One or more panels from A's and B's versions of one: line style means the report
    /// (A solid, B dashed) and nothing else, so a panel whose curves used line styles of
    /// their own (a style per training horizon) becomes one panel per style, and a panel
    /// with more than `maximumLines` curves in all is split into panels of at most that.
    static func merge(_ a: PanelData?, _ b: PanelData?, nameA: String, nameB: String, key: Bool) -> [PanelData] {
        guard let base = a ?? b else { return [] }
        let seriesA = a?.series ?? [], seriesB = b?.series ?? []
        let both = seriesA + seriesB
        func identity(_ s: SeriesData) -> String { s.label ?? s.colorValue.map { "value \($0)" } ?? "index \(s.colorIndex ?? -1)" }
        func isLine(_ s: SeriesData) -> Bool { s.style != .none }
        // Curves by their own style, in the order they first appear, then in chunks that
        // keep each panel at `maximumLines` curves or fewer.
        var styles: [LineStyle] = []
        for s in both where isLine(s) && !styles.contains(s.style) { styles.append(s.style) }
        let perPanel = max(1, maximumLines / (a != nil && b != nil ? 2 : 1))
        var groups: [(style: LineStyle?, suffix: String?, keys: [String])] = []
        for style in styles {
            var keys: [String] = []
            for s in both where isLine(s) && s.style == style && !keys.contains(identity(s)) { keys.append(identity(s)) }
            // What the style stood for: the part of the labels after their last comma.
            let label = both.first { isLine($0) && $0.style == style }?.label
            let suffix = styles.count > 1 ? label.flatMap { l in l.range(of: ", ", options: .backwards).map { String(l[$0.upperBound...]) } } : nil
            for start in stride(from: 0, to: keys.count, by: perPanel) {
                groups.append((style, suffix, Array(keys[start..<min(start + perPanel, keys.count)])))
            }
        }
        if groups.isEmpty { groups = [(nil, nil, [])] }
        func restyled(_ series: SeriesData, style: LineStyle, labelled: Bool) -> SeriesData {
            var s = series
            if isLine(s) { s.style = style }
            s.lower = nil
            s.upper = nil
            if !labelled { s.label = nil }
            return s
        }
        let ranges = [a?.colorBarRange, b?.colorBarRange].compactMap { $0 }
        var panels: [PanelData] = []
        for (index, group) in groups.enumerated() {
            func member(_ s: SeriesData) -> Bool {
                if isLine(s) { return s.style == group.style && group.keys.contains(identity(s)) }
                // Markers (optima) go with the curves of their colour, or with the only panel.
                return groups.count == 1 || group.keys.contains(identity(s)) || s.colorValue.map { group.keys.contains("value \($0)") } == true
            }
            var panel = base
            panel.series = seriesA.filter(member).map { restyled($0, style: .solid, labelled: base.legend) }
                + seriesB.filter(member).map { restyled($0, style: .dashed, labelled: base.legend && a == nil) }
            let peers = groups.filter { $0.suffix == group.suffix }
            panel.title = base.title + (group.suffix.map { ", \($0)" } ?? "")
                + (peers.count > 1 ? " (\((peers.firstIndex { $0.keys == group.keys && $0.style == group.style } ?? 0) + 1) of \(peers.count))" : "")
            if let low = ranges.map({ $0[0] }).min(), let high = ranges.map({ $0[1] }).max() { panel.colorBarRange = [low, high] }
            let showsKey = key && index == 0
            panel.legend = showsKey || (base.legend && panel.series.contains { $0.label != nil })
            if showsKey {
                // Legend-only entries, in grey: which line style is which report.
                let legendColorIndex = 7
                panel.series.append(SeriesData(label: "\(nameA)\(a == nil ? " (no panel)" : "")", colorIndex: legendColorIndex, colorValue: nil,
                                               x: [], y: [], lower: nil, upper: nil, marker: nil, style: .solid, diverged: false))
                panel.series.append(SeriesData(label: "\(nameB)\(b == nil ? " (no panel)" : "")", colorIndex: legendColorIndex, colorValue: nil,
                                               x: [], y: [], lower: nil, upper: nil, marker: nil, style: .dashed, diverged: false))
            }
            panels.append(panel)
        }
        return panels
    }

    /// The overlaid figure, ready to render.
    static func figure(_ a: FigureData, _ b: FigureData, title: String, nameA: String, nameB: String) -> Figure {
        FigureBuilder.figure(overlay(a, b, nameA: nameA, nameB: nameB), title: "\(title): \(nameA) (solid) vs \(nameB) (dashed)")
    }
}
