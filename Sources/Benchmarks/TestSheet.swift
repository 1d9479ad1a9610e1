import Foundation
import Linalg
import Plotting
import Raster
import Training
/// A page of everything the rasterizer draws, for a person to inspect: fills and fill
/// rules, caps, joins, dashes, hairlines, snapped lines, markers, text at several sizes and
/// angles, anchors, scripts and symbols.
public enum TestSheet {
    /// Renders the sheet at `dpi` (its size is 8 × 6 inches).
    public static func render(font: TrueTypeFont, boldFont: TrueTypeFont?, dpi: Double = 100) -> Canvas {
        let width = Int(8 * dpi), height = Int(6 * dpi)
        var canvas = Canvas(width: width, height: height, dpi: dpi, background: .white)
        let s = dpi / 100  // layout unit: 1/100 inch
        let blue = Color(hex: 0x1F77B4), orange = Color(hex: 0xFF7F0E), green = Color(hex: 0x2CA02C), red = Color(hex: 0xD62728)
        func label(_ text: String, _ x: Double, _ y: Double, size: Double = 8) {
            canvas.drawText(TextRun.parse(text), font: font, points: size, at: Point(x * s, y * s), color: .black)
        }

        // Row 1: fills.
        label("fills: nonzero, even-odd, alpha", 10, 18)
        var star = Path()
        for i in 0..<5 {
            let angle = -Double.pi / 2 + Double(i) * 4 * Double.pi / 5
            let p = Point((50 + 28 * cos(angle)) * s, (60 + 28 * sin(angle)) * s)
            if i == 0 { star.move(to: p) } else { star.line(to: p) }
        }
        star.close()
        canvas.fill(star, color: blue, rule: .nonZero)
        canvas.fill(star.applying(.translation(70 * s, 0)), color: blue, rule: .evenOdd)
        canvas.fill(Path.circle(center: Point(175 * s, 60 * s), radius: 24 * s), color: red.withAlpha(0.6))
        canvas.fill(Path.circle(center: Point(200 * s, 60 * s), radius: 24 * s), color: green.withAlpha(0.6))
        for (i, r) in [0.5, 1, 2, 4, 8].enumerated() {
            canvas.fill(Path.circle(center: Point((240 + Double(i) * 18) * s + 0.37, 60 * s + 0.21), radius: r * s), color: .black)
        }

        // Row 2: caps and joins.
        label("caps: butt, round, square", 10, 108)
        for (i, cap) in LineCap.allCases.enumerated() {
            var line = Path()
            line.move(to: Point(20 * s, (125 + Double(i) * 16) * s)); line.line(to: Point(110 * s, (125 + Double(i) * 16) * s))
            canvas.stroke(line, color: blue, style: StrokeStyle(width: 9 * s, cap: cap))
            canvas.stroke(line, color: .white, style: StrokeStyle(width: 1))
        }
        label("joins: miter, round, bevel", 150, 108)
        for (i, join) in LineJoin.allCases.enumerated() {
            var zigzag = Path()
            let x0 = (140 + Double(i) * 60) * s
            zigzag.move(to: Point(x0, 165 * s)); zigzag.line(to: Point(x0 + 20 * s, 125 * s)); zigzag.line(to: Point(x0 + 40 * s, 165 * s))
            canvas.stroke(zigzag, color: orange, style: StrokeStyle(width: 10 * s, cap: .butt, join: join))
            canvas.stroke(zigzag, color: .black, style: StrokeStyle(width: 0.75))
        }
        // A closed curve stroked (an ellipse) and a rounded polyline.
        canvas.stroke(Path.ellipse(center: Point(360 * s, 145 * s), rx: 30 * s, ry: 18 * s), color: green, style: StrokeStyle(width: 3 * s))

        // Row 3: dashes and hairlines.
        label("dashes, offsets, hairlines 0.25–1.5 px, snapped 1 px lines", 10, 198)
        for (i, pattern) in [[6.0, 3], [2, 2], [10, 3, 2, 3]].enumerated() {
            var line = Path()
            line.move(to: Point(20 * s, (212 + Double(i) * 10) * s)); line.line(to: Point(200 * s, (212 + Double(i) * 10) * s))
            canvas.stroke(line, color: .black, style: StrokeStyle(width: 1.5 * s, dashes: pattern.map { $0 * s }, dashOffset: Double(i) * 2 * s))
        }
        for (i, w) in [0.25, 0.5, 0.75, 1, 1.5].enumerated() {
            var diagonal = Path()
            let x = (220 + Double(i) * 16) * s
            diagonal.move(to: Point(x, 205 * s)); diagonal.line(to: Point(x + 40 * s, 245 * s))
            canvas.stroke(diagonal, color: .black, style: StrokeStyle(width: w))
        }
        for i in 0..<4 {
            var snapped = Path(), unsnapped = Path()
            let y = (210 + Double(i) * 9) * s + 0.3
            snapped.move(to: Point(330 * s, y)); snapped.line(to: Point(380 * s, y))
            unsnapped.move(to: Point(330 * s, y + 4 * s)); unsnapped.line(to: Point(380 * s, y + 4 * s))
            canvas.stroke(snapped, color: .black, style: StrokeStyle(width: 1, snapsToPixels: true))
            canvas.stroke(unsnapped, color: .gray, style: StrokeStyle(width: 1))
        }

        // Row 4: markers.
        label("markers", 10, 268)
        for (i, marker) in Marker.allCases.enumerated() {
            let color = [blue, orange, green, red][i % 4]
            canvas.drawMarker(marker, at: Point((30 + Double(i) * 24) * s, 285 * s), size: 12 * s, fill: color, edge: .black, edgeWidth: 0.8 * s)
        }

        // Row 5: text.
        let sizes = [6.0, 8, 10, 12, 16]
        var y = 330.0
        for size in sizes {
            label("\(Int(size)) pt: Feature movement ‖Δh‖ / ‖h‖ vs width n — η, μP, σ², AVWa Tý", 10, y, size: size)
            y += size * 1.6 + 4
        }
        label("ticks: 2^{6} 2^{8} 10^{-2} 10^{3}  subscripts: h_{l}, W_{L}  composites: é Å ñ ü", 10, y + 4, size: 10)
        if let boldFont {
            canvas.drawText([TextRun("Bold title: Spectral condition")], font: boldFont, points: 12, at: Point(10 * s, (y + 26) * s), color: .black)
        }
        // Rotations and anchors around cross-hairs.
        for (i, angle) in [0.0, 90, 45, -30].enumerated() {
            let p = Point((470 + Double(i) * 80) * s, 80 * s)
            crossHair(&canvas, p)
            canvas.drawText([TextRun("angle \(Int(angle))°")], font: font, points: 9, at: p, angle: angle, anchor: TextAnchor(.left, .baseline), color: red)
        }
        let anchors: [(TextAnchor.Horizontal, TextAnchor.Vertical, String)] = [
            (.left, .top, "left/top"), (.center, .center, "centre/centre"), (.right, .bottom, "right/bottom"), (.center, .baseline, "centre/baseline"),
        ]
        for (i, a) in anchors.enumerated() {
            let p = Point(620 * s, (170 + Double(i) * 35) * s)
            crossHair(&canvas, p)
            canvas.drawText([TextRun(a.2)], font: font, points: 10, at: p, anchor: TextAnchor(a.0, a.1), color: blue)
        }
        return canvas
    }

    private static func crossHair(_ canvas: inout Canvas, _ p: Point) {
        var path = Path()
        path.move(to: Point(p.x - 8, p.y)); path.line(to: Point(p.x + 8, p.y))
        path.move(to: Point(p.x, p.y - 8)); path.line(to: Point(p.x, p.y + 8))
        canvas.stroke(path, color: Color(hex: 0x999999), style: StrokeStyle(width: 1, snapsToPixels: true))
    }
}

extension Color {
    public static let gray = Color(hex: 0x808080)
}
