import Testing
@testable import Plotting

/// Golden vectors from matplotlib 3.11 (`MaxNLocator(nbins=9, steps=[1, 2, 2.5, 5, 10])`
/// and `LogLocator(numticks=9)`), and the examples of matplotlib's `MaxNLocator` documentation.
@Suite("Tick locators and formatters match matplotlib")
struct TickTests {
    func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }
    }

    @Test func linearGoldenVectors() {
        let cases: [(Double, Double, [Double])] = [
            (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1]),
            (0.013, 0.87, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]),
            (1, 2000, [0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000]),
            (2.3, 3.1, [2.3, 2.4, 2.5, 2.6, 2.7, 2.8, 2.9, 3.0, 3.1]),
            (-7, 13, [-7.5, -5, -2.5, 0, 2.5, 5, 7.5, 10, 12.5, 15]),
            (0.1, 0.35, [0.1, 0.15, 0.2, 0.25, 0.3, 0.35]),
            (1e-5, 3e-5, [1e-5, 1.25e-5, 1.5e-5, 1.75e-5, 2e-5, 2.25e-5, 2.5e-5, 2.75e-5, 3e-5]),
            (1000.1, 1000.5, [1000.1, 1000.15, 1000.2, 1000.25, 1000.3, 1000.35, 1000.4, 1000.45, 1000.5]),
        ]
        for (low, high, expected) in cases {
            let ticks = TickLocator.linear(low, high, bins: 9)
            #expect(close(ticks, expected), "(\(low), \(high)) → \(ticks)")
        }
    }

    @Test func logGoldenVectors() {
        #expect(close(TickLocator.log(1e-3, 1), [1e-4, 1e-3, 1e-2, 1e-1, 1, 10]))
        #expect(close(TickLocator.log(1, 1e12), [1e-2, 1, 1e2, 1e4, 1e6, 1e8, 1e10, 1e12, 1e14]))
        #expect(TickLocator.log(1, 1e12, minor: true).isEmpty)
        #expect(close(TickLocator.log(16, 4096, base: 2), [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192]))
        #expect(TickLocator.log(16, 4096, base: 2, minor: true).isEmpty)
        #expect(close(TickLocator.log(0.05, 0.9), [0.01, 0.1, 1]))
        let minor = TickLocator.log(3, 300, minor: true)
        #expect(close(minor, [2, 3, 4, 5, 6, 7, 8, 9, 20, 30, 40, 50, 60, 70, 80, 90, 200, 300, 400, 500, 600, 700, 800, 900]))
        #expect(TickLocator.log(-1, 10).isEmpty)
    }

    @Test func plainLabelsUseJustEnoughDecimals() {
        #expect(TickFormatter.linear([0, 0.2, 0.4, 0.6, 0.8, 1]).labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(TickFormatter.linear([0, 250, 500, 750]).labels == ["0", "250", "500", "750"])
        #expect(TickFormatter.linear([-5, -2.5, 0, 2.5]).labels == ["−5.0", "−2.5", "0.0", "2.5"])
        #expect(TickFormatter.linear([0.1, 0.15, 0.2]).labels == ["0.10", "0.15", "0.20"])
        #expect(TickFormatter.linear([0, 0.2]).annotation == nil)
    }

    @Test func scientificAndOffsetNotation() {
        let small = TickFormatter.linear([1e-5, 1.5e-5, 2e-5, 2.5e-5, 3e-5])
        #expect(small.labels == ["1.0", "1.5", "2.0", "2.5", "3.0"])
        #expect(small.annotation == "×10^{−5}")
        let large = TickFormatter.linear([0, 2e6, 4e6])
        #expect(large.labels == ["0", "2", "4"])
        #expect(large.annotation == "×10^{6}")
        let offset = TickFormatter.linear([1000.1, 1000.2, 1000.3, 1000.4, 1000.5])
        #expect(offset.labels == ["0.1", "0.2", "0.3", "0.4", "0.5"])
        #expect(offset.annotation == "+1e3")
    }

    @Test func logLabelsAreSuperscriptPowers() {
        #expect(TickFormatter.log([0.01, 0.1, 1, 10], base: 10) == ["10^{−2}", "10^{−1}", "10^{0}", "10^{1}"])
        #expect(TickFormatter.log([64, 128, 96], base: 2) == ["2^{6}", "2^{7}", ""])
    }
}
