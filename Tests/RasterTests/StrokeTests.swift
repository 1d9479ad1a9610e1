import Foundation
import Testing
@testable import Raster

/// Total coverage ("ink") of black drawn on white, in pixels.
func ink(_ canvas: Canvas) -> Double {
    var total = 0.0
    for i in Swift.stride(from: 0, to: canvas.pixels.count, by: 4) { total += 1 - Double(canvas.pixels[i]) / 255 }
    return total
}

@Suite("Strokes: widths, caps, joins, dashes, hairlines, snapping")
struct StrokeTests {
    func line(_ a: Point, _ b: Point) -> Path {
        var path = Path()
        path.move(to: a)
        path.line(to: b)
        return path
    }

    @Test func horizontalLineCoversItsWidth() {
        var canvas = Canvas(width: 50, height: 20)
        canvas.stroke(line(Point(5, 10.5), Point(45, 10.5)), color: .black, style: StrokeStyle(width: 3))
        let column = (0..<20).map { 1 - Double(canvas.pixels[($0 * 50 + 20) * 4]) / 255 }
        #expect(column[9] == 1 && column[10] == 1 && column[11] == 1)
        #expect(abs(column.reduce(0, +) - 3) < 0.01)
        #expect(abs(ink(canvas) - 40 * 3) < 0.5)
    }

    @Test(arguments: [1.0, 2.0, 3.5])
    func diagonalLineAreaIsLengthTimesWidth(width: Double) {
        var canvas = Canvas(width: 60, height: 60)
        canvas.stroke(line(Point(10.2, 10.7), Point(45.9, 48.3)), color: .black, style: StrokeStyle(width: width))
        let length = (Point(45.9, 48.3) - Point(10.2, 10.7)).length
        #expect(abs(ink(canvas) - length * width) / (length * width) < 0.01)
    }

    @Test func capsAddWhatTheyShould() {
        let w = 6.0, length = 30.0
        var areas: [LineCap: Double] = [:]
        for cap in LineCap.allCases {
            var canvas = Canvas(width: 60, height: 30)
            canvas.stroke(line(Point(15, 15), Point(45, 15)), color: .black, style: StrokeStyle(width: w, cap: cap))
            areas[cap] = ink(canvas)
        }
        #expect(abs(areas[.butt]! - length * w) < 0.5)
        #expect(abs(areas[.square]! - (length + w) * w) < 0.5)
        // Round caps are flattened within 0.1 px, which trims a little area off each.
        #expect(abs(areas[.round]! - (length * w + Double.pi * 9)) < 1.0)
    }

    @Test func joinsOrderByArea() {
        var areas: [LineJoin: Double] = [:]
        for join in LineJoin.allCases {
            var canvas = Canvas(width: 60, height: 60)
            var path = Path()
            path.move(to: Point(10, 50)); path.line(to: Point(30, 15)); path.line(to: Point(50, 50))
            canvas.stroke(path, color: .black, style: StrokeStyle(width: 8, join: join, miterLimit: 10))
            areas[join] = ink(canvas)
        }
        #expect(areas[.miter]! > areas[.round]!)
        #expect(areas[.round]! > areas[.bevel]!)
        // A miter beyond the limit becomes a bevel.
        var limited = Canvas(width: 60, height: 60)
        var path = Path()
        path.move(to: Point(10, 50)); path.line(to: Point(30, 15)); path.line(to: Point(50, 50))
        limited.stroke(path, color: .black, style: StrokeStyle(width: 8, join: .miter, miterLimit: 1.5))
        #expect(abs(ink(limited) - areas[.bevel]!) < 0.5)
    }

    @Test func dashesCoverTheirOnLengths() {
        var canvas = Canvas(width: 60, height: 20)
        canvas.stroke(line(Point(10, 10), Point(50, 10)), color: .black, style: StrokeStyle(width: 2, dashes: [4, 4]))
        #expect(abs(ink(canvas) - 20 * 2) < 0.5)
        var shifted = Canvas(width: 60, height: 20)
        shifted.stroke(line(Point(10, 10), Point(50, 10)), color: .black, style: StrokeStyle(width: 2, dashes: [4, 4], dashOffset: 2))
        #expect(abs(ink(shifted) - 20 * 2) < 0.5)
        #expect(shifted.pixels != canvas.pixels)
    }

    @Test func hairlinesFadeInsteadOfVanishing() {
        for width in [0.1, 0.25, 0.5] {
            var canvas = Canvas(width: 60, height: 60)
            canvas.stroke(line(Point(5.3, 7.1), Point(55.2, 50.4)), color: .black, style: StrokeStyle(width: width))
            let length = (Point(55.2, 50.4) - Point(5.3, 7.1)).length
            // Ink is preserved (within rounding of 8-bit coverage) and no pixel is fully dark.
            #expect(abs(ink(canvas) - length * width) / (length * width) < 0.08)
            let darkest = canvas.pixels.enumerated().filter { $0.offset % 4 == 0 }.map { 255 - Int($0.element) }.max()!
            #expect(Double(darkest) <= width * 255 + 2)
        }
    }

    @Test func snappedLinesAreCrisp() {
        var canvas = Canvas(width: 40, height: 20)
        canvas.stroke(line(Point(5, 10.3), Point(35, 10.3)), color: .black, style: StrokeStyle(width: 1, snapsToPixels: true))
        let column = (0..<20).map { canvas.pixels[($0 * 40 + 20) * 4] }
        #expect(column.filter { $0 == 0 }.count == 1)
        #expect(column.filter { $0 != 0 && $0 != 255 }.isEmpty)
        var blurred = Canvas(width: 40, height: 20)
        blurred.stroke(line(Point(5, 10.3), Point(35, 10.3)), color: .black, style: StrokeStyle(width: 1))
        #expect((0..<20).filter { blurred.pixels[($0 * 40 + 20) * 4] != 255 }.count == 2)
    }

    @Test func closedPathsHaveNoCaps() {
        var canvas = Canvas(width: 40, height: 40)
        canvas.stroke(Path.rectangle(Rect(x: 10, y: 10, width: 20, height: 20)), color: .black, style: StrokeStyle(width: 2, join: .miter))
        // Outer 22×22 minus inner 18×18.
        #expect(abs(ink(canvas) - (22 * 22 - 18 * 18)) < 0.5)
    }

    @Test func everyMarkerDraws() {
        for marker in Marker.allCases {
            var canvas = Canvas(width: 30, height: 30)
            canvas.drawMarker(marker, at: Point(15, 15), size: 12, fill: .black, edge: .black, edgeWidth: 1)
            #expect(ink(canvas) > 10, "\(marker)")
        }
        let circle = Marker.circle.path(size: 10, at: Point(0, 0)).controlBounds
        #expect(abs(circle.width - 10) < 0.1)
    }

    @Test func clipRectangleBoundsDrawing() {
        var canvas = Canvas(width: 40, height: 40)
        canvas.clip = Rect(x: 10, y: 10, width: 10.5, height: 20)
        canvas.fill(Path.rectangle(Rect(x: 0, y: 0, width: 40, height: 40)), color: .black)
        #expect(abs(ink(canvas) - 10.5 * 20) < 0.1)
    }

    @Test func sourceOverCompositing() {
        var canvas = Canvas(width: 4, height: 4, background: Color(red: 0, green: 0, blue: 1))
        canvas.fill(Path.rectangle(Rect(x: 0, y: 0, width: 4, height: 4)), color: Color(red: 1, green: 0, blue: 0, alpha: 0.25))
        let c = canvas.color(x: 1, y: 1)
        #expect(abs(c.red - 0.25) < 0.01 && abs(c.blue - 0.75) < 0.01 && c.alpha == 1)
        var clear = Canvas(width: 4, height: 4, background: .transparent)
        clear.fill(Path.rectangle(Rect(x: 0, y: 0, width: 4, height: 4)), color: Color(red: 1, green: 0, blue: 0, alpha: 0.5))
        clear.fill(Path.rectangle(Rect(x: 0, y: 0, width: 4, height: 4)), color: Color(red: 0, green: 1, blue: 0, alpha: 0.5))
        let mixed = clear.color(x: 2, y: 2)
        #expect(abs(mixed.alpha - 0.75) < 0.01)
        #expect(abs(mixed.green - 2.0 / 3) < 0.02 && abs(mixed.red - 1.0 / 3) < 0.02)
    }
}
