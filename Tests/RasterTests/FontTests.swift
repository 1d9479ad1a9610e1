import Foundation
import Testing
@testable import Raster

@Suite("TrueType: tables, glyphs, kerning, layout")
struct FontTests {
    static let font: TrueTypeFont = {
        // Tests need fonts-dejavu-core, which .ci/run installs.
        try! TrueTypeFont(path: try! FontLocator.locate())
    }()

    func glyph(_ c: Character) -> Int { Self.font.glyphIndex(for: c.unicodeScalars.first!) }

    @Test func headerTables() {
        #expect(Self.font.unitsPerEm == 2048)
        #expect(Self.font.ascender == 1901 && Self.font.descender == -483)
        #expect(Self.font.glyphCount == 6253)
    }

    @Test func advancesComeFromHmtx() {
        // Reference values read with fontTools from DejaVu Sans 2.37.
        let expected: [Character: Int] = ["A": 1401, "a": 1255, " ": 651, "0": 1303, "W": 2025, ".": 651, "é": 1260]
        for (character, advance) in expected {
            #expect(Self.font.advance(of: glyph(character)) == advance, "\(character)")
        }
    }

    @Test func cmapCoversSymbolsAndMissingCharactersMapToNotdef() {
        for c in "Δ‖ημσ−²⁻⁶" { #expect(glyph(c) != 0, "\(c)") }
        #expect(Self.font.glyphIndex(for: "\u{10FFFD}") == 0)
    }

    @Test func kerningFromGPOSMatchesTheKernTable() {
        #expect(Self.font.kerning(glyph("A"), glyph("V")) == -131)
        #expect(Self.font.kerning(glyph("T"), glyph("o")) == -348)
        #expect(Self.font.kerning(glyph("o"), glyph("o")) == 0)
        let pair = Self.font.layout("AV", pixelSize: 100).advance
        let apart = Self.font.layout("A", pixelSize: 100).advance + Self.font.layout("V", pixelSize: 100).advance
        #expect(abs(apart - pair - 131.0 / 2048 * 100) < 1e-9)
    }

    @Test func compositeGlyphsRender() {
        let eAcute = Self.font.outline(of: glyph("é")), e = Self.font.outline(of: glyph("e"))
        #expect(!eAcute.path.isEmpty)
        #expect(eAcute.path.elements.count > e.path.elements.count)
        #expect(eAcute.path.controlBounds.maxY > e.path.controlBounds.maxY + 200)
        var canvas = Canvas(width: 40, height: 40)
        canvas.drawText([TextRun("Å")], font: Self.font, points: 24, at: Point(5, 32))
        #expect(ink(canvas) > 50)
    }

    @Test func textBoundsAndMetrics() {
        let layout = Self.font.layout("Hello, y", pixelSize: 20)
        // Line extents are those of "l" and "p" (DejaVu Sans: 1556 and 426 units), as in matplotlib.
        #expect(abs(layout.ascent - 1556.0 / 2048 * 20) < 1e-9)
        #expect(abs(layout.descent - 426.0 / 2048 * 20) < 1e-9)
        let accented = Self.font.layout("Å", pixelSize: 20)
        #expect(accented.ascent > layout.ascent)
        #expect(layout.inkBounds.minX >= 0 && layout.inkBounds.maxX <= layout.advance)
        #expect(layout.inkBounds.minY < -13 && layout.inkBounds.maxY > 3)  // cap height, y's descender
        // Drawn ink lies inside the predicted box.
        var canvas = Canvas(width: 200, height: 60)
        let origin = Point(20, 40)
        canvas.draw(layout, font: Self.font, at: origin, color: .black)
        let box = Canvas.textBox(layout, at: origin)
        for y in 0..<60 {
            for x in 0..<200 where canvas.pixels[(y * 200 + x) * 4] < 250 {
                #expect(box.insetBy(-1).contains(Point(Double(x), Double(y))))
            }
        }
    }

    @Test func scriptsRaiseAndLower() {
        let runs = TextRun.parse("10^{-2}")
        #expect(runs == [TextRun("10"), TextRun("−2", position: .superscript)])
        #expect(TextRun.parse("h_l") == [TextRun("h"), TextRun("l", position: .subscript)])
        let plain = Self.font.layout("10", pixelSize: 20)
        let power = Self.font.layout(runs, pixelSize: 20)
        #expect(power.inkBounds.minY < plain.inkBounds.minY - 3)
        #expect(power.glyphs.last!.pixelSize == 14)
    }

    @Test func rotationAndAnchors() {
        let layout = Self.font.layout("Width", pixelSize: 20)
        let upright = Canvas.textBox(layout, at: Point(100, 100), angle: 0, anchor: TextAnchor(.center, .center))
        let turned = Canvas.textBox(layout, at: Point(100, 100), angle: 90, anchor: TextAnchor(.center, .center))
        #expect(abs(upright.center.x - 100) < 1e-9 && abs(upright.center.y - 100) < 1e-9)
        #expect(abs(turned.width - upright.height) < 1e-9 && abs(turned.height - upright.width) < 1e-9)
        let right = Canvas.textBox(layout, at: Point(100, 100), anchor: TextAnchor(.right, .top))
        #expect(abs(right.maxX - 100) < 1e-9 && abs(right.minY - 100) < 1e-9)
        // 90°: reading bottom to top, so the first glyph is at the bottom.
        var canvas = Canvas(width: 60, height: 120)
        canvas.draw(Self.font.layout("I.", pixelSize: 20), font: Self.font, at: Point(40, 100), angle: 90, color: .black)
        let inkRows = (0..<120).filter { y in (0..<60).contains { canvas.pixels[(y * 60 + $0) * 4] < 128 } }
        #expect(inkRows.max()! <= 100 && inkRows.min()! >= 70)
    }

    @Test func badFontsAreErrorsNotCrashes() {
        #expect(throws: FontError.self) { try TrueTypeFont(path: "/nonexistent/font.ttf") }
        #expect(throws: FontError.self) { try TrueTypeFont(bytes: Array("garbage bytes that are not a font".utf8), path: "x") }
        let real = try! Data(contentsOf: URL(fileURLWithPath: Self.font.path))
        #expect(throws: FontError.self) { try TrueTypeFont(bytes: Array(real.prefix(2000)), path: "truncated") }
        // Random corruption inside the file must not trap.
        var generatorState: UInt64 = 42
        for _ in 0..<20 {
            var bytes = Array(real.prefix(300_000))
            for _ in 0..<50 {
                generatorState = generatorState &* 6364136223846793005 &+ 1442695040888963407
                bytes[Int(generatorState >> 33) % bytes.count] = UInt8(truncatingIfNeeded: generatorState >> 20)
            }
            if let font = try? TrueTypeFont(bytes: bytes, path: "corrupt") {
                _ = font.layout("Hello AV é", pixelSize: 12)
            }
        }
        #expect(throws: FontError.self) { try FontLocator.locate(explicitPath: "/no/such/font.ttf") }
    }
}
