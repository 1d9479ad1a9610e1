/// The numbers behind one figure, computed from runs and cached; `FigureBuilder` draws them.
public struct FigureData: Codable, Sendable, Equatable {
    public var id: String
    public var rows: Int
    public var columns: Int
    public var sharedY: Bool
    public var panels: [PanelData]
    /// Slopes fitted for the figure, shown in the caption and CSV.
    public var slopes: [FittedSlope]
}

public struct PanelData: Codable, Sendable, Equatable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// "linear", "log2" or "log10".
    public var xScale: String
    public var yScale: String
    public var series: [SeriesData]
    /// A reference slope triangle, if any.
    public var slopeTriangle: Double?
    /// A colour bar over widths (log₂), when series are coloured by width.
    public var colorBarRange: [Double]?
    public var colorBarLabel: String?
    public var legend: Bool
}

public struct SeriesData: Codable, Sendable, Equatable {
    public var label: String?
    /// Index into the tab10 cycle, or nil when coloured by `colorValue`.
    public var colorIndex: Int?
    /// A value on the colour bar (a width).
    public var colorValue: Double?
    public var x: [Double]
    public var y: [Double]
    public var lower: [Double]?
    public var upper: [Double]?
    /// "circle", "square", … or nil.
    public var marker: String?
    /// "solid" or "dashed".
    public var style: String
    public var diverged: Bool
}

/// A least-squares slope of log(y) against log(x) with its 95% confidence half-width.
public struct FittedSlope: Codable, Sendable, Equatable {
    public var parametrization: String
    public var quantity: String
    public var layer: Int
    public var step: Int
    public var slope: Double
    public var ci95: Double
    public var theory: Double?
    public var points: Int
}

/// Statistics used by aggregates.
enum Statistics {
    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// Fits log(y) = a + b·log(x); returns b and the 95% half-width of its interval.
    static func logLogSlope(x: [Double], y: [Double]) -> (slope: Double, ci95: Double, points: Int)? {
        let pairs = zip(x, y).filter { $0.0 > 0 && $0.1 > 0 && $0.0.isFinite && $0.1.isFinite }.map { (log($0.0), log($0.1)) }
        guard pairs.count >= 2 else { return nil }
        let n = Double(pairs.count)
        let mx = pairs.reduce(0) { $0 + $1.0 } / n, my = pairs.reduce(0) { $0 + $1.1 } / n
        let sxx = pairs.reduce(0) { $0 + ($1.0 - mx) * ($1.0 - mx) }
        guard sxx > 0 else { return nil }
        let slope = pairs.reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / sxx
        guard pairs.count > 2 else { return (slope, .infinity, pairs.count) }
        let residual = pairs.reduce(0) { $0 + pow($1.1 - my - slope * ($1.0 - mx), 2) }
        let standardError = (residual / (n - 2) / sxx).squareRoot()
        return (slope, tQuantile975(degreesOfFreedom: pairs.count - 2) * standardError, pairs.count)
    }

    /// The 97.5% quantile of Student's t distribution.
    static func tQuantile975(degreesOfFreedom k: Int) -> Double {
        let table: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                               2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086]
        if k >= 1 && k <= table.count { return table[k - 1] }
        return k > table.count ? 1.96 + 2.4 / Double(k) : .infinity
    }
}

import Foundation
