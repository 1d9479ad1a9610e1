/// Small copies of images: every output pixel is the average of the source pixels whose
/// centres fall in its box (weighted by alpha), which keeps thin lines visible as light
/// strokes instead of dropping them as point sampling would.
public enum Thumbnail {
    /// `image` scaled down to `width` pixels wide (never up), aspect kept.
    public static func make(_ image: PNGCodec.DecodedImage, width: Int) -> Canvas {
        let targetWidth = max(1, min(width, image.width))
        let targetHeight = max(1, (image.height * targetWidth + image.width / 2) / image.width)
        var pixels = [UInt8](repeating: 0, count: targetWidth * targetHeight * 4)
        var opaque = true
        for ty in 0..<targetHeight {
            let y0 = ty * image.height / targetHeight, y1 = max(y0 + 1, (ty + 1) * image.height / targetHeight)
            for tx in 0..<targetWidth {
                let x0 = tx * image.width / targetWidth, x1 = max(x0 + 1, (tx + 1) * image.width / targetWidth)
                var sum = (0, 0, 0, 0)
                for y in y0..<y1 {
                    var i = (y * image.width + x0) * 4
                    for _ in x0..<x1 {
                        let a = Int(image.rgba[i + 3])
                        sum.0 += Int(image.rgba[i]) * a
                        sum.1 += Int(image.rgba[i + 1]) * a
                        sum.2 += Int(image.rgba[i + 2]) * a
                        sum.3 += a
                        i += 4
                    }
                }
                let count = (y1 - y0) * (x1 - x0)
                let o = (ty * targetWidth + tx) * 4
                // Premultiplied: colour sums are already weighted by alpha.
                let alpha = (sum.3 + count / 2) / count
                pixels[o] = UInt8(min(alpha, (sum.0 / 255 + count / 2) / count))
                pixels[o + 1] = UInt8(min(alpha, (sum.1 / 255 + count / 2) / count))
                pixels[o + 2] = UInt8(min(alpha, (sum.2 / 255 + count / 2) / count))
                pixels[o + 3] = UInt8(alpha)
                if pixels[o + 3] != 255 { opaque = false }
            }
        }
        return Canvas(width: targetWidth, height: targetHeight, dpi: 72, pixels: pixels, isOpaque: opaque)
    }
}
