import Foundation
import Testing
@testable import Raster

/// Exact area of the intersection of a convex polygon with pixel `[i, i+1] × [j, j+1]`, by
/// clipping the polygon to the pixel (Sutherland–Hodgman) and taking the shoelace area.
func pixelCoverage(polygon: [Point], i: Int, j: Int) -> Double {
    var poly = polygon
    let edges: [(Point) -> Double] = [
        { $0.x - Double(i) }, { Double(i + 1) - $0.x }, { $0.y - Double(j) }, { Double(j + 1) - $0.y },
    ]
    for inside in edges {
        var out: [Point] = []
        for k in poly.indices {
            let a = poly[k], b = poly[(k + 1) % poly.count]
            let da = inside(a), db = inside(b)
            if da >= 0 { out.append(a) }
            if (da >= 0) != (db >= 0) { out.append(a + (b - a) * (da / (da - db))) }
        }
        poly = out
        if poly.isEmpty { return 0 }
    }
    var area = 0.0
    for k in poly.indices { area += poly[k].cross(poly[(k + 1) % poly.count]) }
    return abs(area) / 2
}

/// Area of a disc inside a pixel by integrating the chord length across x finely.
func discCoverage(center: Point, radius: Double, i: Int, j: Int) -> Double {
    let steps = 2000
    var area = 0.0
    for s in 0..<steps {
        let x = Double(i) + (Double(s) + 0.5) / Double(steps)
        let dx = x - center.x
        guard abs(dx) < radius else { continue }
        let half = (radius * radius - dx * dx).squareRoot()
        let low = max(center.y - half, Double(j)), high = min(center.y + half, Double(j + 1))
        if high > low { area += (high - low) / Double(steps) }
    }
    return area
}

@Suite("Exact-area coverage")
struct CoverageTests {
    func check(_ path: Path, size: Int, tolerance: Double = Flattener.defaultTolerance, expected: (Int, Int) -> Double) {
        let coverage = Canvas.coverage(of: path, width: size, height: size, tolerance: tolerance)
        var worst = 0.0
        for j in 0..<size {
            for i in 0..<size { worst = max(worst, abs(Double(coverage[j * size + i]) - expected(i, j))) }
        }
        #expect(worst <= 1.0 / 255, "worst pixel error \(worst)")
    }

    @Test(arguments: [(0.0, 0.0), (0.25, 0.5), (0.7, 0.13), (0.5, 0.99)])
    func rectangleAtSubpixelOffsets(dx: Double, dy: Double) {
        let corners = [Point(2.3 + dx, 1.6 + dy), Point(9.1 + dx, 1.6 + dy), Point(9.1 + dx, 7.45 + dy), Point(2.3 + dx, 7.45 + dy)]
        check(Path.polygon(corners), size: 12) { pixelCoverage(polygon: corners, i: $0, j: $1) }
    }

    @Test(arguments: [(0.0, 0.0), (0.33, 0.71), (0.9, 0.05)])
    func triangleAtSubpixelOffsets(dx: Double, dy: Double) {
        let corners = [Point(1.2 + dx, 1.1 + dy), Point(13.7 + dx, 4.4 + dy), Point(5.5 + dx, 12.9 + dy)]
        check(Path.polygon(corners), size: 16) { pixelCoverage(polygon: corners, i: $0, j: $1) }
        // Either orientation gives the same coverage.
        check(Path.polygon(corners.reversed()), size: 16) { pixelCoverage(polygon: corners, i: $0, j: $1) }
    }

    @Test(arguments: [0.5, 1.3, 4.0, 12.7, 50.0])
    func circleAtSubpixelOffsets(radius: Double) {
        let center = Point(radius + 2.37, radius + 1.81)
        let size = Int((2 * radius + 5).rounded(.up))
        check(Path.circle(center: center, radius: radius), size: size, tolerance: 0.001) {
            discCoverage(center: center, radius: radius, i: $0, j: $1)
        }
    }

    @Test(arguments: [0.5, 3.0, 25.0, 400.0])
    func flatteningStaysWithinTolerance(radius: Double) {
        // Every chord of the flattened circle stays within the tolerance of the true circle.
        for tolerance in [0.25, Flattener.defaultTolerance] {
            let polyline = Flattener.flatten(Path.circle(center: Point(0, 0), radius: radius), tolerance: tolerance)[0]
            for (a, b) in zip(polyline.points, polyline.points.dropFirst()) {
                let midpoint = (a + b) * 0.5
                #expect(radius - midpoint.length <= tolerance + 1e-9)
                #expect(abs(a.length - radius) < 1e-3 * max(radius, 1))
            }
        }
        let coverage = Canvas.coverage(of: Path.circle(center: Point(30.4, 30.2), radius: 25), width: 61, height: 61)
        let area = coverage.reduce(0) { $0 + Double($1) }
        #expect(abs(area - Double.pi * 625) / (Double.pi * 625) < 5e-3)
    }

    @Test func evenOddLeavesTheOverlapEmpty() {
        var path = Path.rectangle(Rect(x: 1, y: 1, width: 8, height: 8))
        path.append(Path.rectangle(Rect(x: 3, y: 3, width: 4, height: 4)))
        let nonZero = Canvas.coverage(of: path, width: 10, height: 10, rule: .nonZero)
        let evenOdd = Canvas.coverage(of: path, width: 10, height: 10, rule: .evenOdd)
        #expect(nonZero[5 * 10 + 5] == 1)
        #expect(evenOdd[5 * 10 + 5] == 0)
        #expect(evenOdd[2 * 10 + 2] == 1)
    }

    @Test func shapesPartlyOutsideAreClipped() {
        let corners = [Point(-5.5, -3.2), Point(6.3, -3.2), Point(6.3, 4.6), Point(-5.5, 4.6)]
        check(Path.polygon(corners), size: 8) { pixelCoverage(polygon: corners, i: $0, j: $1) }
    }
}
