import Raster

/// Colour cycles and continuous colour maps.
public struct Colormap: Equatable, Sendable {
    /// Colours at evenly spaced positions from 0 to 1; values between are interpolated.
    public let anchors: [Color]
    public let name: String

    /// matplotlib's `tab10` cycle.
    public static let tab10: [Color] = [0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF].map { Color(hex: $0) }

    /// viridis, sampled at 17 points from matplotlib's table.
    public static let viridis = Colormap(name: "viridis", hex: [
        0x440154, 0x48186A, 0x472D7B, 0x424086, 0x3B528B, 0x33638D, 0x2C728E, 0x26828E, 0x21918C,
        0x1FA088, 0x28AE80, 0x3FBC73, 0x5EC962, 0x84D44B, 0xADDC30, 0xD8E219, 0xFDE725])

    /// plasma, sampled at 17 points; a sequential map for widths.
    public static let plasma = Colormap(name: "plasma", hex: [
        0x0D0887, 0x310597, 0x4C02A1, 0x6600A7, 0x7E03A8, 0x9511A1, 0xAA2395, 0xBC3587, 0xCC4778,
        0xDA5A6A, 0xE66C5C, 0xF0804E, 0xF89540, 0xFDAC33, 0xFDC527, 0xF8DF25, 0xF0F921])

    public init(name: String, hex: [UInt32]) {
        self.name = name
        anchors = hex.map { Color(hex: $0) }
    }

    /// The colour at `t` in 0…1 (clamped).
    public func color(at t: Double) -> Color {
        guard anchors.count > 1, t.isFinite else { return anchors.first ?? .black }
        let x = min(max(t, 0), 1) * Double(anchors.count - 1)
        let i = min(Int(x), anchors.count - 2)
        let f = x - Double(i)
        let a = anchors[i], b = anchors[i + 1]
        return Color(red: a.red + (b.red - a.red) * f, green: a.green + (b.green - a.green) * f, blue: a.blue + (b.blue - a.blue) * f)
    }

    /// The part of the map from `start` to `end` (either order; `end < start` reverses it),
    /// resampled at 17 points: viridis from 0 to 0.68 keeps its pale green-yellow end, which
    /// vanishes on white, out of the figures.
    public func range(_ start: Double, _ end: Double, name: String? = nil) -> Colormap {
        let colors = (0...16).map { color(at: start + (end - start) * Double($0) / 16) }
        return Colormap(name: name ?? "\(self.name)[\(start)…\(end)]", colors: colors)
    }

    init(name: String, colors: [Color]) {
        self.name = name
        anchors = colors
    }

    /// viridis without its pale end and reversed: the widest width, usually the curve that
    /// matters most, is the darkest; every colour keeps contrast on white.
    public static let widths = viridis.range(0.68, 0, name: "viridis-on-white")

    /// Looks a map up by name (`viridis`, `plasma`).
    public static func named(_ name: String) -> Colormap? {
        [viridis, plasma].first { $0.name == name }
    }
}
