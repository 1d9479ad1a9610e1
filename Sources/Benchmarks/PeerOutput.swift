import Foundation

/// Reads what the peer scripts in `docs/` print (PyTorch's training step and transfer sweep,
/// matplotlib's reference figure), for `bench report`.
public enum PeerOutput {
    /// `pytorch width W: X ms per step, … (VERSION, N threads)` → X and VERSION.
    /// - Throws: `ReportBenchmark.Failure` when no such line for `width` is there.
    public static func trainStep(_ output: String, width: Int) throws -> (milliseconds: Double, version: String) {
        for line in output.split(separator: "\n") where line.hasPrefix("pytorch width \(width): ") {
            let rest = line.dropFirst("pytorch width \(width): ".count)
            if let milliseconds = leadingNumber(rest, before: " ms per step"), let version = parenthesised(line) {
                return (milliseconds, version)
            }
        }
        throw ReportBenchmark.Failure(description: "pytorch-train-step.py printed no time for width \(width): \(output.prefix(200))")
    }

    /// `N runs in X s (torch VERSION, …)` → N, X and VERSION.
    /// - Throws: `ReportBenchmark.Failure` when no such line is there.
    public static func transferSweep(_ output: String) throws -> (runs: Int, seconds: Double, version: String) {
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 4)
            guard parts.count == 5, parts[1] == "runs", parts[2] == "in", let runs = Int(parts[0]), let seconds = Double(parts[3]),
                  parts[4].hasPrefix("s (torch "), let version = parts[4].dropFirst("s (torch ".count).split(separator: ",").first else { continue }
            return (runs, seconds, String(version))
        }
        throw ReportBenchmark.Failure(description: "pytorch-transfer-sweep.py printed no time: \(output.prefix(200))")
    }

    /// `matplotlib VERSION: X ms per figure …` → X and VERSION.
    /// - Throws: `ReportBenchmark.Failure` when no such line is there.
    public static func figure(_ output: String) throws -> (milliseconds: Double, version: String) {
        for line in output.split(separator: "\n") where line.hasPrefix("matplotlib ") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let version = line[line.index(line.startIndex, offsetBy: "matplotlib ".count)..<colon]
            if let milliseconds = leadingNumber(line[line.index(after: colon)...].drop { $0 == " " }, before: " ms per figure") {
                return (milliseconds, String(version))
            }
        }
        throw ReportBenchmark.Failure(description: "matplotlib-reference-figure.py printed no time: \(output.prefix(200))")
    }

    /// The number at the start of `text` when `suffix` follows it.
    static func leadingNumber(_ text: Substring, before suffix: String) -> Double? {
        guard let range = text.range(of: suffix) else { return nil }
        return Double(text[text.startIndex..<range.lowerBound])
    }

    /// The first comma-separated field inside the line's last parentheses.
    static func parenthesised(_ line: Substring) -> String? {
        guard let open = line.lastIndex(of: "("), let close = line.lastIndex(of: ")"), open < close else { return nil }
        return line[line.index(after: open)..<close].split(separator: ",").first.map(String.init)
    }
}
