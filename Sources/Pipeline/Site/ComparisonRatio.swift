import Foundation
import Plotting
import Raster

/// B divided by A, width by width, for the figures where a ratio means something: a
/// movement against width (feature or weight movement), where B/A says how much more or
/// less each layer moves in B at each width, and whether that factor grows with width.
/// Loss curves, transfer basins and the coordinate check are left out: a ratio of losses
/// or of activations at matched steps answers no question the report asks.
enum ComparisonRatio {
    /// The figure kinds that get a ratio figure: those showing movement with width.
    static let kinds = Set(FigureKind.allCases.filter(\.recipe.showsMovement).map(\.rawValue))

    /// The most curves a ratio panel draws.
    static let maximumLines = 4

    /// The ratio data: for each panel both reports have (matched by title), each curve both
    /// have (matched by label, else colour), `y_B / y_A` at every x both measured with a
    /// positive finite value; `nil` for other kinds or when nothing pairs.
    static func data(_ a: FigureData, _ b: FigureData, kind: String, nameA: String, nameB: String) -> FigureData? {
        guard kinds.contains(kind) else { return nil }
        func identity(_ s: SeriesData) -> String { s.label ?? s.colorValue.map { "value \($0)" } ?? "index \(s.colorIndex ?? -1)" }
        var panels: [PanelData] = []
        for panel in a.panels {
            guard let other = b.panels.first(where: { $0.title == panel.title }) else { continue }
            var curves: [SeriesData] = []
            for s in panel.series where s.style != .none && !s.x.isEmpty {
                guard !curves.contains(where: { identity($0) == identity(s) }),
                      let t = other.series.first(where: { $0.style != .none && identity($0) == identity(s) }) else { continue }
                var x: [Double] = [], y: [Double] = []
                for (xa, ya) in zip(s.x, s.y) where ya.isFinite && ya > 0 {
                    guard let index = t.x.firstIndex(of: xa), index < t.y.count else { continue }
                    let yb = t.y[index]
                    guard yb.isFinite && yb > 0 else { continue }
                    let ratio = yb / ya
                    guard ratio.isFinite && ratio > 0 else { continue }
                    x.append(xa)
                    y.append(ratio)
                }
                guard !x.isEmpty else { continue }
                // Styles and markers mean what they meant in A's figure (a training horizon):
                // one figure, one report pair, so no style stands for a report here.
                curves.append(SeriesData(label: s.label, colorIndex: s.colorIndex, colorValue: s.colorValue, x: x, y: y, lower: nil, upper: nil,
                                         marker: s.marker ?? .circle, style: s.style, diverged: false))
            }
            let chunks = stride(from: 0, to: curves.count, by: maximumLines).map { Array(curves[$0..<min($0 + maximumLines, curves.count)]) }
            for (index, chunk) in chunks.enumerated() {
                let part = chunks.count > 1 ? " (\(index + 1) of \(chunks.count))" : ""
                panels.append(PanelData(title: panel.title + part, xLabel: panel.xLabel, yLabel: "\(nameB) / \(nameA)", xScale: panel.xScale,
                                        yScale: .log10, series: chunk, slopeTriangle: nil, colorBarRange: panel.colorBarRange,
                                        colorBarLabel: panel.colorBarLabel, legend: chunk.contains { $0.label != nil },
                                        referenceLines: [ReferenceLine(axis: .y, value: 1, label: "no change")]))
            }
        }
        guard !panels.isEmpty else { return nil }
        let columns = max(1, min(a.columns, panels.count))
        let rows = min(16, (panels.count + columns - 1) / columns)
        return FigureData(id: a.id + "-ratio", rows: rows, columns: columns, sharedY: false, panels: Array(panels.prefix(rows * columns)))
    }
}
