import Foundation
import Testing
import TestSupport

/// The pages in a real browser: headless Chromium loads a report and a comparison at
/// 1280 and at 400 CSS pixels and prints them to PDF. At 400 px nothing is wider than the
/// viewport and every multi-panel figure shows its panels one by one; printed, every
/// table's every column header is in the PDF's text (no column is cut off).
@Suite("Pages in Chromium: phone, desktop and print", .serialized,
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
                && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")))
struct BrowserLayoutTests {
    static let chromium = "/usr/bin/chromium", pdftotext = "/usr/bin/pdftotext"

    /// A report with tables and figures of several panels, and a comparison of it with a
    /// variant at half the learning rate.
    static let pages: (report: URL, comparison: URL) = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("browser-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func experiment(_ name: String, rate: String) -> URL {
            let text = TinyExperiment.toml(title: "Browser", extra: """
                [[figures]]
                id = "weights"
                kind = "weight_movement"
                sweep = "movement"
                caption = "Weights."
                [[tables]]
                id = "exponents"
                kind = "exponents"
                caption = "Exponents."
                """).replacingOccurrences(of: "metric_steps = [0, 1]", with: "metric_steps = [0, 1]\nlearning_rate = \(rate)")
            let url = folder.appendingPathComponent("\(name).toml")
            try! Data(text.utf8).write(to: url)
            return url
        }
        for (name, rate) in [("base", "0.5"), ("half", "0.25")] {
            let result = try! Binary.run(["run", experiment(name, rate: rate).path, "--output", folder.path, "--quiet", "--threads", "1"],
                                         environment: ["SOURCE_DATE_EPOCH": "1700000000"])
            precondition(result.status == 0, result.standardError)
        }
        let compared = try! Binary.run(["compare", folder.appendingPathComponent("base").path, folder.appendingPathComponent("half").path,
                                        "--output-dir", folder.appendingPathComponent("compare").path])
        precondition(compared.status == 0, compared.standardError)
        return (folder.appendingPathComponent("base/report.html"), folder.appendingPathComponent("compare/compare.html"))
    }()

    /// Runs a tool; its standard output (standard error is dropped: Chromium is chatty).
    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    static func chromium(_ arguments: [String]) throws -> String {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        return try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
                                  "--user-data-dir=\(profile.path)", "--virtual-time-budget=5000"] + arguments).output
    }

    /// What the page measures of itself at `width` CSS pixels: it is loaded in a frame of
    /// that width (a headless window has a larger minimum width), and a script in the outer
    /// page writes the measurements into the DOM Chromium dumps.
    struct Measurements: Decodable {
        let viewport: Double
        let scrollWidth: Double
        /// Elements whose box reaches past the viewport.
        let wide: [String]
        /// Each table's column headers.
        let headers: [[String]]
        let wholeFiguresShown: Int
        let panelImagesShown: Int
        let multiPanelFigures: Int
    }

    static func measure(_ page: URL, width: Int) throws -> Measurements {
        let harness = page.deletingLastPathComponent().appendingPathComponent("measure-\(width).html")
        let html = """
            <!DOCTYPE html><html><body style="margin:0">
            <iframe id="page" src="\(page.lastPathComponent)" style="width:\(width)px;height:900px;border:0"></iframe>
            <script>
            document.getElementById('page').addEventListener('load', function () {
              var doc = this.contentDocument, width = doc.documentElement.clientWidth, wide = [];
              doc.querySelectorAll('body *').forEach(function (e) {
                var r = e.getBoundingClientRect();
                if (r.width > 0 && (r.right > width + 1 || r.left < -1)) wide.push(e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + Math.round(r.left) + '…' + Math.round(r.right));
              });
              var shown = function (e) { return e.getClientRects().length > 0; };
              var count = function (selector) { return Array.prototype.filter.call(doc.querySelectorAll(selector), shown).length; };
              var result = { viewport: width, scrollWidth: doc.documentElement.scrollWidth, wide: wide,
                headers: Array.prototype.map.call(doc.querySelectorAll('table'), function (t) {
                  return Array.prototype.map.call(t.querySelectorAll('thead th'), function (th) { return th.textContent.trim(); }); }),
                wholeFiguresShown: count('.figure-whole img'), panelImagesShown: count('.figure-panels img'),
                multiPanelFigures: doc.querySelectorAll('.figure-panels').length };
              var out = document.createElement('pre'); out.id = 'measurements'; out.textContent = JSON.stringify(result);
              document.body.appendChild(out);
            });
            </script></body></html>
            """
        try Data(html.utf8).write(to: harness)
        let dom = try chromium(["--window-size=\(width + 40),900", "--dump-dom", harness.absoluteString])
        guard let start = dom.range(of: "<pre id=\"measurements\">"), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else {
            Issue.record("no measurements in the dumped DOM of \(page.lastPathComponent) at \(width) px")
            throw CocoaError(.fileReadCorruptFile)
        }
        let json = String(dom[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
        return try JSONDecoder().decode(Measurements.self, from: Data(json.utf8))
    }

    /// The words of a header that must survive printing (letters and digits, two or more).
    static func words(_ header: String) -> [String] {
        header.components(separatedBy: CharacterSet.alphanumerics.inverted).filter { $0.count >= 2 }
    }

    @Test(arguments: ["report", "comparison"])
    func atFourHundredPixelsNothingIsWiderThanTheScreen(_ which: String) throws {
        let page = which == "report" ? Self.pages.report : Self.pages.comparison
        let phone = try Self.measure(page, width: 400)
        #expect(phone.viewport <= 400)
        #expect(phone.scrollWidth <= phone.viewport, "the page scrolls sideways: \(phone.scrollWidth) > \(phone.viewport)")
        #expect(phone.wide.isEmpty, "wider than the viewport at 400 px: \(phone.wide.prefix(8))")
        if which == "report" {
            // Multi-panel figures show their panels one by one, not the whole figure shrunk.
            #expect(phone.multiPanelFigures >= 1)
            #expect(phone.panelImagesShown >= 2 * phone.multiPanelFigures)
            let desktop = try Self.measure(page, width: 1280)
            #expect(desktop.wide.isEmpty, "wider than the viewport at 1280 px: \(desktop.wide.prefix(8))")
            #expect(desktop.panelImagesShown == 0 && desktop.wholeFiguresShown >= 2)
        }
    }

    @Test(arguments: ["report", "comparison"])
    func printedEveryColumnHeaderIsInThePDF(_ which: String) throws {
        let page = which == "report" ? Self.pages.report : Self.pages.comparison
        let headers = try Self.measure(page, width: 1280).headers
        #expect(headers.count >= 2, "the page has its tables")
        let pdf = page.deletingLastPathComponent().appendingPathComponent("\(which).pdf")
        _ = try Self.chromium(["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", page.absoluteString])
        let text = try Self.run(Self.pdftotext, ["-layout", pdf.path, "-"]).output
        #expect(!text.isEmpty, "the PDF has text")
        let lines = text.components(separatedBy: "\n")
        if which == "report" {
            // The fixes, folded on screen, print open: paper cannot be clicked.
            #expect(text.contains("after one step:"), "the diagnosis' fixes are in the PDF")
            // A claim's heading is never the last line of a page: its theory follows it.
            let pages = text.components(separatedBy: "\u{0C}")
            for heading in ["Weights and updates: the spectral condition", "Feature movement with width"] {
                // The heading is a line of its own (elsewhere it is a link or a caption's words).
                let found = pages.compactMap { page -> String? in
                    let lines = page.components(separatedBy: "\n")
                    guard let at = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == heading }) else { return nil }
                    return lines[(at + 1)...].joined(separator: "\n")
                }
                #expect(found.count == 1 && found[0].contains("What the theory says"), "\(heading) is followed on its page by its theory")
            }
        }
        for (table, columns) in headers.enumerated() {
            // The header row is printed whole: some place where its first word is, the next
            // three lines (headers wrap) hold every word of every column's header.
            let words = columns.flatMap(Self.words)
            guard let first = words.first else { continue }
            let whole = lines.indices.contains { i in
                guard lines[i].contains(first) else { return false }
                let row = lines[i..<min(i + 3, lines.count)].joined(separator: " ")
                return words.allSatisfy(row.contains)
            }
            #expect(whole, "table \(table + 1): a column header is missing in print: \(columns)")
        }
    }
}
