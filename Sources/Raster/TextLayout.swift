import Foundation

/// Where a run of text sits relative to the baseline.
public enum ScriptPosition: Sendable {
    case normal, superscript, `subscript`
}

/// A piece of text in one script position.
public struct TextRun: Equatable, Sendable {
    public var text: String
    public var position: ScriptPosition

    public init(_ text: String, position: ScriptPosition = .normal) {
        self.text = text
        self.position = position
    }

    /// Splits simple markup into runs: `^{…}` is a superscript and `_{…}` a subscript
    /// (`10^{-2}`, `h_{l}`); a single character may follow `^` or `_` without braces.
    /// A `-` inside a superscript or subscript becomes a minus sign `−`.
    public static func parse(_ markup: String) -> [TextRun] {
        var runs: [TextRun] = []
        var normal = ""
        var characters = Array(markup)[...]
        while let c = characters.first {
            characters = characters.dropFirst()
            guard (c == "^" || c == "_"), let next = characters.first else { normal.append(c); continue }
            var script = ""
            if next == "{", let close = characters.firstIndex(of: "}") {
                script = String(characters[characters.index(after: characters.startIndex)..<close])
                characters = characters[characters.index(after: close)...]
            } else {
                script = String(next)
                characters = characters.dropFirst()
            }
            if !normal.isEmpty { runs.append(TextRun(normal)); normal = "" }
            runs.append(TextRun(Typography.unicodeMinus(script), position: c == "^" ? .superscript : .subscript))
        }
        if !normal.isEmpty { runs.append(TextRun(normal)) }
        return runs
    }

    /// The size factor and baseline shift (in ems, upward) of each script position.
    var metrics: (scale: Double, rise: Double) {
        switch position {
        case .normal: return (1, 0)
        case .superscript: return (0.7, 0.42)
        case .subscript: return (0.7, -0.2)
        }
    }
}

/// A glyph placed by layout, in pixels relative to the start of the baseline (y down).
public struct PositionedGlyph: Sendable {
    public let glyph: Int
    public let origin: Point
    /// Font size of this glyph, in pixels per em.
    public let pixelSize: Double
}

/// Text laid out at one size: glyph positions with kerning, and its measurements.
public struct TextLayout: Sendable {
    public let glyphs: [PositionedGlyph]
    /// The pen advance, in pixels.
    public let advance: Double
    /// Height above the baseline of the text line, in pixels: the top of "l" in the font, or
    /// higher when glyphs (accents, superscripts) reach higher. Like matplotlib, this
    /// measures real extents rather than the font's generous line ascender.
    public let ascent: Double
    /// Depth below the baseline (positive), in pixels: the bottom of "p", or lower when
    /// glyphs reach lower.
    public let descent: Double
    /// The union of the glyphs' outline boxes, relative to the baseline start (y down).
    public let inkBounds: Rect
}

extension TrueTypeFont {
    /// Lays out `runs` at `pixelSize` pixels per em, applying pair kerning within runs.
    public func layout(_ runs: [TextRun], pixelSize: Double) -> TextLayout {
        var glyphs: [PositionedGlyph] = []
        var pen = 0.0
        let reference = lineExtents
        var ascent = reference.ascent / Double(unitsPerEm) * pixelSize
        var descent = reference.descent / Double(unitsPerEm) * pixelSize
        var ink = Rect.empty
        for run in runs {
            let (scale, rise) = run.metrics
            let size = pixelSize * scale
            let unit = size / Double(unitsPerEm)
            let baseline = -rise * pixelSize
            var previous: Int?
            for scalar in run.text.unicodeScalars {
                let glyph = glyphIndex(for: scalar)
                if let previous { pen += Double(kerning(previous, glyph)) * unit }
                let origin = Point(pen, baseline)
                glyphs.append(PositionedGlyph(glyph: glyph, origin: origin, pixelSize: size))
                let box = outline(of: glyph).bounds
                if !box.isEmpty {
                    ink = ink.union(Rect(minX: origin.x + box.minX * unit, minY: origin.y - box.maxY * unit,
                                         maxX: origin.x + box.maxX * unit, maxY: origin.y - box.minY * unit))
                }
                pen += Double(advance(of: glyph)) * unit
                previous = glyph
            }
            ascent = max(ascent, -baseline + reference.ascent * unit)
            descent = max(descent, baseline + reference.descent * unit)
        }
        if !ink.isNull {
            ascent = max(ascent, -ink.minY)
            descent = max(descent, ink.maxY)
        }
        return TextLayout(glyphs: glyphs, advance: pen, ascent: ascent, descent: descent, inkBounds: ink)
    }

    /// The top of "l" and the depth of "p", in font units: the extent of an ordinary line of
    /// text, which is what matplotlib uses to size text boxes.
    var lineExtents: (ascent: Double, descent: Double) {
        let l = outline(of: glyphIndex(for: "l")).bounds, p = outline(of: glyphIndex(for: "p")).bounds
        let ascent = l.isNull || l.maxY <= 0 ? Double(ascender) : l.maxY
        let descent = p.isNull || p.minY >= 0 ? -Double(descender) : -p.minY
        return (ascent, descent)
    }

    /// Lays out plain text (no markup) at `pixelSize`.
    public func layout(_ text: String, pixelSize: Double) -> TextLayout {
        layout([TextRun(text)], pixelSize: pixelSize)
    }
}
