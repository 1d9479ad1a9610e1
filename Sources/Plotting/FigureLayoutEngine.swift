import Foundation
import Raster

/// Computes limits, ticks and a tight layout.
struct FigureLayoutEngine {
    let figure: Figure
    let fonts: FigureFonts
    var theme: Theme { figure.theme }
    var px: Double { figure.dpi / 72 }

    /// Measures markup at `points`.
    func measure(_ markup: String, points: Double, bold: Bool = false) -> (runs: [TextRun], layout: TextLayout) {
        let runs = TextRun.parse(markup)
        return (runs, fonts.font(bold: bold).layout(runs, pixelSize: points * px))
    }

    /// Automatic or fixed limits in scale space, shared where asked.
    func limits() -> (x: [(Double, Double)], y: [(Double, Double)]) {
        func range(_ values: [Double], scale: Scale, fixed: ClosedRange<Double>?, clipsOutliers: Bool = false) -> (Double, Double) {
            if let fixed {
                let a = scale.forward(fixed.lowerBound), b = scale.forward(fixed.upperBound)
                if a.isFinite, b.isFinite, b > a { return (a, b) }
            }
            var mapped = values.map(scale.forward).filter(\.isFinite)
            if clipsOutliers { mapped = Self.withoutOutliers(mapped) }
            guard var low = mapped.min(), var high = mapped.max() else { return scale.isLog ? (0, 1) : (0, 1) }
            if high == low { low -= scale.isLog ? 0.5 : max(abs(low) * 0.05, 0.5); high += scale.isLog ? 0.5 : max(abs(high) * 0.05, 0.5) }
            let margin = (high - low) * theme.margin
            return (low - margin, high + margin)
        }
        var xs = figure.axes.map { a in range(a.series.flatMap { $0.dataPoints.map(\.0) } + a.series.compactMap { if case .verticalLine = $0.kind { return $0.x.first } else { return nil } }, scale: a.xScale, fixed: a.xLimits) }
        var ys = figure.axes.map { a in range(a.series.flatMap { $0.dataPoints.map(\.1) } + a.series.compactMap { if case .horizontalLine = $0.kind { return $0.y.first } else { return nil } }, scale: a.yScale, fixed: a.yLimits, clipsOutliers: a.clipsOutliers) }
        if figure.sharedX {
            let shared = (xs.map(\.0).min() ?? 0, xs.map(\.1).max() ?? 1)
            xs = xs.map { _ in shared }
        }
        if figure.sharedY {
            let shared = (ys.map(\.0).min() ?? 0, ys.map(\.1).max() ?? 1)
            ys = ys.map { _ in shared }
        } else if let groups = figure.yLimitGroups {
            var shared: [Int: (Double, Double)] = [:]
            for (i, group) in groups.enumerated() where i < ys.count {
                let (low, high) = shared[group] ?? ys[i]
                shared[group] = (min(low, ys[i].0), max(high, ys[i].1))
            }
            for (i, group) in groups.enumerated() where i < ys.count { ys[i] = shared[group] ?? ys[i] }
        }
        return (xs, ys)
    }

    /// `values` without the points far outside their bulk: beyond Tukey's outer fences,
    /// three interquartile ranges past the quartiles. Fewer than eight values are kept whole.
    static func withoutOutliers(_ values: [Double]) -> [Double] {
        guard values.count >= 8 else { return values }
        let sorted = values.sorted()
        func quantile(_ q: Double) -> Double {
            let position = q * Double(sorted.count - 1), low = Int(position.rounded(.down))
            let high = min(low + 1, sorted.count - 1), f = position - Double(low)
            return sorted[low] * (1 - f) + sorted[high] * f
        }
        let q1 = quantile(0.25), q3 = quantile(0.75), spread = q3 - q1
        guard spread > 0 else { return values }
        return values.filter { $0 >= q1 - 3 * spread && $0 <= q3 + 3 * spread }
    }

    /// Ticks for an axis of `length` pixels.
    func ticks(low: Double, high: Double, scale: Scale, length: Double, isX: Bool, showsLabels: Bool) -> AxisTicks {
        let lengthPoints = length / px
        let space = Int((lengthPoints / (theme.tickLabelSize * (isX ? 3 : 2))).rounded(.down))
        let epsilon = (high - low) * 1e-9
        func inside(_ v: Double) -> Bool { let s = scale.forward(v); return s >= low - epsilon && s <= high + epsilon }
        switch scale {
        case .linear:
            let all = TickLocator.linear(low, high, bins: min(max(space, 1), 9))
            let major = all.filter(inside)
            let (labels, annotation) = TickFormatter.linear(major)
            return AxisTicks(low: low, high: high, major: major, labels: showsLabels ? labels : major.map { _ in "" }, minor: [], annotation: showsLabels ? annotation : nil, showsLabels: showsLabels)
        case let .log(base):
            let a = scale.inverse(low), b = scale.inverse(high)
            let numticks = min(max(space, 2), 9)
            var major = TickLocator.log(a, b, base: base, maximumTicks: numticks).filter(inside)
            var minor = TickLocator.log(a, b, base: base, maximumTicks: numticks, minor: true).filter(inside)
            var labels = TickFormatter.log(major, base: base)
            if major.count < 2 {
                // Less than a decade shows: label the in-between ticks too, as plain numbers,
                // so that the axis can still be read (matplotlib labels minor ticks here).
                var all = Array(Set(major + minor)).sorted()
                if all.count < 3 { all = TickLocator.linear(a, b, bins: 5).filter { $0 > 0 && inside($0) } }
                // Label the powers and the multiples 2 and 5 when that gives enough ticks.
                let leading = all.filter { v in
                    let mantissa = (v / pow(base, (Foundation.log(v) / Foundation.log(base) + 1e-9).rounded(.down))).rounded()
                    return major.contains(v) || mantissa == 2 || mantissa == 5
                }
                let thinned = leading.count >= 3 ? leading : (all.count > 6 ? all.enumerated().filter { $0.offset % 2 == 0 }.map(\.element) : all)
                major = thinned
                minor = all.filter { !thinned.contains($0) }
                labels = TickFormatter.linear(thinned).labels
            }
            return AxisTicks(low: low, high: high, major: major, labels: showsLabels ? labels : major.map { _ in "" }, minor: minor, annotation: nil, showsLabels: showsLabels)
        }
    }

    /// Space (pixels) an axes needs around its box on each side, and the tick plan.
    struct Decorations {
        var left = 0.0, right = 0.0, top = 0.0, bottom = 0.0
    }

    func legendSize(_ axes: Axes) -> (width: Double, height: Double)? {
        let entries = axes.series.compactMap(\.label)
        guard axes.legend != .none, !entries.isEmpty else { return nil }
        let em = theme.legendFontSize * px
        let layouts = entries.map { measure($0, points: theme.legendFontSize).layout }
        let textWidth = layouts.map(\.advance).max() ?? 0
        let rowHeight = layouts.map { $0.ascent + $0.descent }.max() ?? em
        let width = 2 * 0.4 * em + 2.0 * em + 0.8 * em + textWidth
        let height = 2 * 0.4 * em + Double(entries.count) * rowHeight + Double(entries.count - 1) * 0.5 * em
        return (width, height)
    }

    func colorBarWidth(boxHeight: Double) -> Double { max(boxHeight / 20, 6 * px) }

    func decorations(panel: Int, box: Rect, x: AxisTicks, y: AxisTicks) -> Decorations {
        let axes = figure.axes[panel]
        var d = Decorations()
        let tickOut = theme.majorTickLength * px
        let pad = theme.tickPad * px
        let labelPad = theme.labelPad * px
        // Below: ticks, tick labels, x label.
        let xLabelHeights = x.labels.filter { !$0.isEmpty }.map { let l = measure($0, points: theme.tickLabelSize).layout; return l.ascent + l.descent }
        d.bottom = tickOut + (xLabelHeights.isEmpty ? 0 : pad + (xLabelHeights.max() ?? 0))
        if let label = axes.xLabel {
            let l = measure(label, points: theme.fontSize).layout
            d.bottom += labelPad + l.ascent + l.descent
        }
        // Left: ticks, tick labels, y label.
        let yLabelWidths = y.labels.filter { !$0.isEmpty }.map { measure($0, points: theme.tickLabelSize).layout.advance }
        d.left = tickOut + (yLabelWidths.isEmpty ? 0 : pad + (yLabelWidths.max() ?? 0))
        if let label = axes.yLabel {
            let l = measure(label, points: theme.fontSize).layout
            d.left += labelPad + l.ascent + l.descent
        }
        // Above: title, y annotation.
        if let title = axes.title {
            let l = measure(title, points: theme.titleSize).layout
            d.top = theme.titlePad * px + l.ascent + l.descent
        }
        if let annotation = y.annotation {
            let l = measure(annotation, points: theme.tickLabelSize).layout
            d.top = max(d.top, pad + l.ascent + l.descent)
        }
        // Tick labels that overhang the box ends.
        for (value, label) in zip(x.major, x.labels) where !label.isEmpty {
            let position = box.minX + (x.scaleFraction(value, axes.xScale)) * box.width
            let half = measure(label, points: theme.tickLabelSize).layout.advance / 2
            d.right = max(d.right, position + half - box.maxX)
            d.left = max(d.left, box.minX - (position - half))
        }
        for (value, label) in zip(y.major, y.labels) where !label.isEmpty {
            let position = box.maxY - (y.scaleFraction(value, axes.yScale)) * box.height
            let l = measure(label, points: theme.tickLabelSize).layout
            d.top = max(d.top, box.minY - (position - (l.ascent + l.descent) / 2))
            d.bottom = max(d.bottom, position + (l.ascent + l.descent) / 2 - box.maxY)
        }
        if let annotation = x.annotation {
            let l = measure(annotation, points: theme.tickLabelSize).layout
            d.bottom = max(d.bottom, tickOut + pad + (xLabelHeights.max() ?? 0) + labelPad + l.ascent + l.descent)
        }
        // Right: colour bar, outside legend.
        if let bar = axes.colorBar {
            let barTicks = colorBarTicks(bar, length: box.height)
            let widths = barTicks.labels.map { measure($0, points: theme.tickLabelSize).layout.advance }
            var right = theme.fontSize * px + colorBarWidth(boxHeight: box.height) + tickOut + pad + (widths.max() ?? 0)
            if !bar.label.isEmpty {
                let l = measure(bar.label, points: theme.fontSize).layout
                right += labelPad + l.ascent + l.descent
            }
            d.right = max(d.right, right)
        }
        if let size = legendSize(axes) {
            if axes.legend == .outsideRight { d.right = max(d.right, d.right + 0.5 * theme.legendFontSize * px + size.width) }
            if axes.legend == .below { d.bottom += 0.5 * theme.legendFontSize * px + size.height }
        }
        return d
    }

    func colorBarTicks(_ bar: ColorBar, length: Double) -> AxisTicks {
        let low = bar.scale.forward(bar.low), high = bar.scale.forward(bar.high)
        return ticks(low: min(low, high), high: max(low, high), scale: bar.scale, length: length, isX: false, showsLabels: true)
    }

    /// Lays out the grid. A legend asked to go to the best place inside its axes goes
    /// outside instead, to its right, when every place inside would cover data.
    func layout() -> FigureLayout {
        let first = layoutOnce()
        let crowded = figure.axes.indices.filter { figure.axes[$0].legend == .best && $0 < first.legendBadness.count && first.legendBadness[$0] > 0 }
        guard !crowded.isEmpty else { return first }
        var moved = figure
        for panel in crowded { moved.axes[panel].legend = .outsideRight }
        return FigureLayoutEngine(figure: moved, fonts: fonts).layoutOnce()
    }

    /// One layout of the grid: passes until boxes settle, since ticks depend on axis
    /// lengths and decorations on ticks.
    func layoutOnce() -> FigureLayout {
        let width = Double(figure.pixelWidth), height = Double(figure.pixelHeight)
        let pad = theme.layoutPad * theme.fontSize * px
        let (xLimits, yLimits) = limits()
        let count = figure.axes.count
        var boxes = (0..<count).map { i -> Rect in
            let r = i / figure.columns, c = i % figure.columns
            let w = width / Double(figure.columns), h = height / Double(figure.rows)
            return Rect(x: Double(c) * w + 0.15 * w, y: Double(r) * h + 0.12 * h, width: 0.75 * w, height: 0.75 * h)
        }
        var xTicks: [AxisTicks] = []
        var yTicks: [AxisTicks] = []
        var titleHeight = 0.0
        if let title = figure.title {
            let l = measure(title, points: theme.figureTitleSize).layout
            titleHeight = l.ascent + l.descent + pad * 0.5
        }
        for _ in 0..<3 {
            xTicks = (0..<count).map { i in
                let showsLabels = !figure.sharedX || i / figure.columns == figure.rows - 1
                return ticks(low: xLimits[i].0, high: xLimits[i].1, scale: figure.axes[i].xScale, length: boxes[i].width, isX: true, showsLabels: showsLabels)
            }
            yTicks = (0..<count).map { i in
                let showsLabels = !figure.sharedY || i % figure.columns == 0
                return ticks(low: yLimits[i].0, high: yLimits[i].1, scale: figure.axes[i].yScale, length: boxes[i].height, isX: false, showsLabels: showsLabels)
            }
            let needed = (0..<count).map { self.decorations(panel: $0, box: boxes[$0], x: xTicks[$0], y: yTicks[$0]) }
            var left = [Double](repeating: 0, count: figure.columns), right = left
            var top = [Double](repeating: 0, count: figure.rows), bottom = top
            for i in 0..<count {
                let r = i / figure.columns, c = i % figure.columns
                left[c] = max(left[c], needed[i].left); right[c] = max(right[c], needed[i].right)
                top[r] = max(top[r], needed[i].top); bottom[r] = max(bottom[r], needed[i].bottom)
            }
            let panelWidth = max(10, (width - 2 * pad - left.reduce(0, +) - right.reduce(0, +) - Double(figure.columns - 1) * pad) / Double(figure.columns))
            let panelHeight = max(10, (height - 2 * pad - titleHeight - top.reduce(0, +) - bottom.reduce(0, +) - Double(figure.rows - 1) * pad) / Double(figure.rows))
            var columnStarts: [Double] = []
            var x = pad
            for c in 0..<figure.columns { x += left[c]; columnStarts.append(x); x += panelWidth + right[c] + pad }
            var rowStarts: [Double] = []
            var y = pad + titleHeight
            for r in 0..<figure.rows { y += top[r]; rowStarts.append(y); y += panelHeight + bottom[r] + pad }
            boxes = (0..<count).map { i in
                Rect(x: columnStarts[i % figure.columns], y: rowStarts[i / figure.columns], width: panelWidth, height: panelHeight)
            }
        }
        return FigurePlacement(figure: figure, fonts: fonts, layout: FigureLayout(boxes: boxes, xTicks: xTicks, yTicks: yTicks)).place()
    }
}
