import Foundation
import Raster

/// A figure: a grid of axes with a size in inches and a dpi, rendered to PNG or SVG.
///
/// Layout is automatic ("tight"): text is measured with the figure's font, and the axes
/// boxes shrink until titles, labels, tick labels, legends and colour bars fit inside the
/// figure without overlapping.
public struct Figure: Sendable {
    public var width: Double
    public var height: Double
    public var dpi: Double
    public let rows: Int
    public let columns: Int
    /// Axes in the grid share x limits (only the bottom row shows x tick labels).
    public var sharedX: Bool
    /// Axes in the grid share y limits (only the first column shows y tick labels).
    public var sharedY: Bool
    /// Panels with the same group number share y limits (nil: none beyond `sharedY`), so
    /// rows a reader compares read on one scale while each panel keeps its tick labels.
    public var yLimitGroups: [Int]?
    public var theme: Theme
    /// A title over the whole figure, in markup.
    public var title: String?
    /// The panels, row after row.
    public var axes: [Axes]

    public init(width: Double, height: Double, dpi: Double = 150, rows: Int = 1, columns: Int = 1,
                sharedX: Bool = false, sharedY: Bool = false, theme: Theme = .default) {
        self.width = width
        self.height = height
        self.dpi = dpi
        self.rows = max(1, rows)
        self.columns = max(1, columns)
        self.sharedX = sharedX
        self.sharedY = sharedY
        self.theme = theme
        axes = Array(repeating: Axes(), count: self.rows * self.columns)
    }

    /// The axes at `row`, `column`.
    public subscript(row: Int, column: Int) -> Axes {
        get { axes[row * columns + column] }
        set { axes[row * columns + column] = newValue }
    }

    /// Size in pixels.
    public var pixelWidth: Int { max(1, Int((width * dpi).rounded())) }
    public var pixelHeight: Int { max(1, Int((height * dpi).rounded())) }

    /// The computed layout: every axes box and the box of every text and legend, in pixels.
    public func layout(fonts: FigureFonts) -> FigureLayout {
        FigureLayoutEngine(figure: self, fonts: fonts).layout()
    }

    /// Draws the figure on any surface.
    public func draw<S: Surface>(on surface: inout S, fonts: FigureFonts) {
        let layout = self.layout(fonts: fonts)
        FigureRenderer(figure: self, layout: layout).draw(on: &surface)
    }

    /// The figure as pixels. Coverage is kept in 32 levels: edges look the same, and the
    /// image then fits a 256-colour palette with only a few blended pixels approximated.
    ///
    /// Large figures are drawn as two horizontal bands on two threads: each band replays the
    /// whole figure clipped to itself, so the rasterizing work splits in two. The bands are
    /// then stacked; the result does not depend on the split beyond rounding.
    public func render(fonts: FigureFonts) -> Canvas {
        let drawn = renderBands(fonts: fonts)
        guard drawn.count > 1 else { return drawn[0] }
        var pixels: [UInt8] = []
        pixels.reserveCapacity(pixelWidth * pixelHeight * 4)
        for band in drawn { pixels.append(contentsOf: band.pixels) }
        var whole = Canvas(width: pixelWidth, height: pixelHeight, dpi: dpi, pixels: pixels, isOpaque: drawn.allSatisfy(\.isOpaque))
        whole.coverageLevels = 32
        return whole
    }

    /// The horizontal bands `render` stacks, top first.
    func renderBands(fonts: FigureFonts) -> [Canvas] {
        let layout = self.layout(fonts: fonts)
        let width = pixelWidth, height = pixelHeight
        // The split depends only on the size, never on the machine, so bytes are the same
        // everywhere.
        let bands = height >= 256 ? 2 : 1
        let split = (0...bands).map { height * $0 / bands }
        final class Results: @unchecked Sendable {
            var canvases: [Canvas?]
            let lock = NSLock()
            init(_ n: Int) { canvases = Array(repeating: nil, count: n) }
        }
        let results = Results(bands)
        let figure = self
        DispatchQueue.concurrentPerform(iterations: bands) { band in
            var canvas = Canvas(width: width, height: split[band + 1] - split[band], dpi: figure.dpi, background: figure.theme.background)
            canvas.coverageLevels = 32
            var surface = CanvasSurface(canvas: canvas, fonts: fonts, origin: Point(0, Double(split[band])))
            FigureRenderer(figure: figure, layout: layout).draw(on: &surface)
            results.lock.lock()
            results.canvases[band] = surface.canvas
            results.lock.unlock()
        }
        return results.canvases.compactMap { $0 }
    }

    /// PNG settings for figures: a palette (quantized when a figure has more than 256
    /// colours) at zlib level 4: about three times smaller than RGB, under half the size of
    /// matplotlib's file for the reference figure (50.3 KB against 104–120 KB; level 3 would
    /// give 52.9 KB), and quick to compress (the writer deflates the two halves of the image
    /// on two threads).
    public static let pngOptions = PNGCodec.Options(compressionLevel: 4, colorMode: .quantizedPalette)

    /// The figure as PNG bytes.
    public func renderPNG(fonts: FigureFonts, options: PNGCodec.Options = Figure.pngOptions) throws -> Data {
        try PNGCodec.encode(bands: renderBands(fonts: fonts), options: options)
    }

    /// The figure as an SVG 1.1 document (sizes in pixels at the figure's dpi).
    public func renderSVG(fonts: FigureFonts) -> String {
        var surface = SVGSurface(width: Double(pixelWidth), height: Double(pixelHeight))
        surface.fill(Path.rectangle(Rect(x: 0, y: 0, width: Double(pixelWidth), height: Double(pixelHeight))), color: theme.background)
        draw(on: &surface, fonts: fonts)
        return surface.document
    }
}
