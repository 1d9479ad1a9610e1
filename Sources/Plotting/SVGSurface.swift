import Foundation
import Raster

/// Writes an SVG 1.1 document. Numbers have two decimals and ids are numbered in drawing
/// order, so the same figure gives the same bytes.
public struct SVGSurface: Surface {
    let width: Double
    let height: Double
    private var body: [String] = []
    private var definitions: [String] = []
    private var clipCount = 0
    private var groupOpen = false

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    static func number(_ v: Double) -> String {
        let text = String(format: "%.2f", v)
        return text == "-0.00" ? "0.00" : text
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters are not allowed in XML 1.0.
                if c.value < 0x20 && c != "\t" && c != "\n" { continue }
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func pathData(_ path: Path) -> String {
        var parts: [String] = []
        let n = number
        for element in path.elements {
            switch element {
            case let .move(p): parts.append("M\(n(p.x)) \(n(p.y))")
            case let .line(p): parts.append("L\(n(p.x)) \(n(p.y))")
            case let .quad(c, p): parts.append("Q\(n(c.x)) \(n(c.y)) \(n(p.x)) \(n(p.y))")
            case let .cubic(c1, c2, p): parts.append("C\(n(c1.x)) \(n(c1.y)) \(n(c2.x)) \(n(c2.y)) \(n(p.x)) \(n(p.y))")
            case .close: parts.append("Z")
            }
        }
        return parts.joined(separator: " ")
    }

    static func paint(_ color: Color) -> String {
        color.alpha < 1 ? "\(color.hexString)\" fill-opacity=\"\(number(color.alpha))" : color.hexString
    }

    public mutating func fill(_ path: Path, color: Color) {
        guard !path.isEmpty, color.alpha > 0 else { return }
        body.append("<path d=\"\(Self.pathData(path))\" fill=\"\(Self.paint(color))\"/>")
    }

    public mutating func stroke(_ path: Path, color: Color, style: StrokeStyle) {
        guard !path.isEmpty, color.alpha > 0 else { return }
        var attributes = "fill=\"none\" stroke=\"\(color.hexString)\" stroke-width=\"\(Self.number(style.width))\""
        if color.alpha < 1 { attributes += " stroke-opacity=\"\(Self.number(color.alpha))\"" }
        if style.cap != .butt { attributes += " stroke-linecap=\"\(style.cap.rawValue)\"" }
        if style.join != .miter { attributes += " stroke-linejoin=\"\(style.join.rawValue)\"" }
        if !style.dashes.isEmpty {
            attributes += " stroke-dasharray=\"\(style.dashes.map(Self.number).joined(separator: ","))\""
            if style.dashOffset != 0 { attributes += " stroke-dashoffset=\"\(Self.number(style.dashOffset))\"" }
        }
        body.append("<path d=\"\(Self.pathData(path))\" \(attributes)/>")
    }

    public mutating func text(_ layout: TextLayout, runs: [TextRun], pixelSize: Double, bold: Bool, at point: Point, angle: Double, anchor: TextAnchor, color: Color) {
        let offset = anchor.offset(in: layout)
        var transform = "translate(\(Self.number(point.x)) \(Self.number(point.y)))"
        if angle != 0 { transform += " rotate(\(Self.number(-angle)))" }
        var spans: [String] = []
        var glyphIndex = 0
        for run in runs {
            let count = run.text.unicodeScalars.count
            guard count > 0, glyphIndex < layout.glyphs.count else { continue }
            let first = layout.glyphs[glyphIndex]
            glyphIndex += count
            let x = first.origin.x - offset.x, y = first.origin.y - offset.y
            let size = run.position == .normal ? "" : " font-size=\"\(Self.number(first.pixelSize))px\""
            spans.append("<tspan x=\"\(Self.number(x))\" y=\"\(Self.number(y))\"\(size)>\(Self.escape(run.text))</tspan>")
        }
        let weight = bold ? " font-weight=\"bold\"" : ""
        body.append("<text transform=\"\(transform)\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"\(Self.number(pixelSize))px\"\(weight) fill=\"\(Self.paint(color))\" xml:space=\"preserve\">\(spans.joined())</text>")
    }

    public mutating func marker(_ marker: Marker, at center: Point, size: Double, fill: Color, edge: Color, edgeWidth: Double) {
        let path = marker.path(size: size, at: center)
        if marker.isClosed {
            self.fill(path, color: fill)
            if edgeWidth > 0 { stroke(path, color: edge, style: StrokeStyle(width: edgeWidth)) }
        } else {
            stroke(path, color: edge, style: StrokeStyle(width: max(edgeWidth, 1)))
        }
    }

    public mutating func setClip(_ rect: Rect?) {
        if groupOpen { body.append("</g>"); groupOpen = false }
        guard let rect else { return }
        clipCount += 1
        let id = "clip\(clipCount)"
        definitions.append("<clipPath id=\"\(id)\"><rect x=\"\(Self.number(rect.minX))\" y=\"\(Self.number(rect.minY))\" width=\"\(Self.number(rect.width))\" height=\"\(Self.number(rect.height))\"/></clipPath>")
        body.append("<g clip-path=\"url(#\(id))\">")
        groupOpen = true
    }

    /// The finished document.
    public var document: String {
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>",
            "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\">",
        ]
        if !definitions.isEmpty { lines.append("<defs>" + definitions.joined() + "</defs>") }
        lines += body
        if groupOpen { lines.append("</g>") }
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }
}
