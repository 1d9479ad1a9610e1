import Foundation
import Testing
import Training
@testable import Pipeline

@Suite("Identities, suggestions, key lines, force patterns, parameter diffs")
struct IdentityTests {
    @Test func nodeIDsAreBuiltByTheirFactories() throws {
        let run = NodeID.run(sweep: "movement", parametrization: .spectralNormalized, width: 256, learningRate: 0.5, batch: 64, activation: .relu, seed: 2)
        #expect(run.rawValue == "run/movement/spectral-normalized/w256/lr0.5/b64/relu/s2")
        #expect(NodeID.run(sweep: "t", parametrization: .ntk, width: 8, learningRate: 2, batch: 1, activation: .tanh, seed: 0).rawValue == "run/t/ntk/w8/lr2/b1/tanh/s0")
        #expect(NodeID.figureData("x").rawValue == "aggregate/x" && NodeID.summary.rawValue == "aggregate/summary")
        #expect(NodeID.figure("x").rawValue == "figure/x" && NodeID.page(.markdown).rawValue == "page/markdown")
        // Encoded as a plain string.
        #expect(String(decoding: try ContentHash.canonicalJSON(NodeID.figure("x")), as: UTF8.self) == "\"figure/x\"")
        #expect(try JSONDecoder().decode(NodeID.self, from: Data("\"page/html\"".utf8)) == .page(.html))
    }

    @Test func forcePatternsMatchIdsAndPathPrefixes() {
        let id = NodeID.run(sweep: "movement", parametrization: .spectral, width: 64, learningRate: 0.5, batch: 64, activation: .relu, seed: 0)
        #expect(ForceSelection.nodes(["run/movement/"]).includes(id))
        #expect(ForceSelection.nodes(["run/movement"]).includes(id))
        #expect(!ForceSelection.nodes(["run/move"]).includes(id))
        #expect(ForceSelection.nodes([id.rawValue]).includes(id) && ForceSelection.all.includes(id) && !ForceSelection.none.includes(id))
    }

    @Test func suggestionsFindCloseNamesOnly() {
        #expect(Suggestion.closest(to: "learning_rat", in: RunSettings.keys) == "learning_rate")
        #expect(Suggestion.closest(to: "WIDTHS", in: ["widths", "seeds"]) == "widths")
        #expect(Suggestion.closest(to: "zzzzzz", in: ["widths", "seeds"]) == nil)
        #expect(Suggestion.hint(for: "zzzzzz", in: ["b", "a"]) == " (expected one of: a, b)")
        #expect(Suggestion.distance("kitten", "sitting") == 3 && Suggestion.distance("", "abc") == 3)
    }

    @Test func keyLocatorFindsTablesArraysDottedKeysAndSkipsMultilineStrings() {
        let source = """
        title = "x"
        description = \"\"\"
        widths = 1
        \"\"\"
        [defaults]
        steps = 3
        [sweeps.movement]
        widths = [1]
        "batch" = 2
        [[figures]]
        id = "a"
        [[figures]]
        id = "b"
        kind = "k"
        """
        let locator = KeyLocator(source: source)
        #expect(locator.line(of: "title") == 1 && locator.line(of: "defaults.steps") == 6)
        #expect(locator.line(of: "sweeps.movement.widths") == 8 && locator.line(of: "sweeps.movement.batch") == 9)
        #expect(locator.line(of: "figures[1].kind") == 14 && locator.line(of: "figures[0].id") == 11)
        // Unknown keys fall back to their table; the key inside the string is not a key.
        #expect(locator.line(of: "sweeps.movement.nothing") == 7 && locator.line(of: "widths") == nil)
    }

    @Test func parameterDiffsNamePathsAndValues() {
        let changes = ParameterDiff.changes(from: #"{"a":1,"b":{"c":[1,2]},"e":true,"long":"\#(String(repeating: "x", count: 80))"}"#,
                                            to: #"{"a":1,"b":{"c":[1,3]},"d":"new","e":false,"long":"y"}"#)
        #expect(changes == ["parameter b.c[1] changed (2 → 3)", "parameter d added", "parameter e changed (true → false)", "parameter long changed"])
    }

    /// Files the tests run are shown in the docs as they are: the cluster recipe in
    /// docs/usage.md, the written-out parametrizations in docs/experiment-file.md.
    @Test(arguments: [("docs/slurm-recipe.sh", "docs/usage.md", "sh"),
                      ("experiments/parametrizations/written-out-builtins.toml", "docs/experiment-file.md", "toml")])
    func theDocsShowTheFilesTheTestsRun(file: String, doc: String, language: String) throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let contents = try String(contentsOf: repository.appendingPathComponent(file), encoding: .utf8)
        let text = try String(contentsOf: repository.appendingPathComponent(doc), encoding: .utf8)
        let blocks = text.components(separatedBy: "```\(language)\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(!contents.isEmpty && blocks.contains(contents), "\(doc) should show \(file) in a ```\(language) block, as it is")
    }

    @Test func theReadmesCountsOfTheDefaultReportAreThePlans() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: repository.appendingPathComponent("README.md"), encoding: .utf8)
        let session = try ExperimentSession.prepare(ExperimentSession.Request(experimentPath: repository.appendingPathComponent("experiments/spectral-condition.toml").path))
        let claim = "(\(session.plan.nodes.count) nodes, \(session.plan.runs.count) training runs"
        #expect(readme.contains(claim), "the README should say \(claim)")
    }

    @Test func theSettingsReferenceInTheDocsIsTheTable() throws {
        let doc = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/experiment-file.md"), encoding: .utf8)
        let reference = RunSettings.markdownReference()
        #expect(doc.contains(reference), "docs/experiment-file.md's settings table differs from RunSettings.table; print it with `spectral-report settings`")
        // Every setting is in the table exactly once, and the table's defaults are the struct's.
        #expect(Set(RunSettings.keys).count == RunSettings.keys.count)
        #expect(reference.contains("| `learning_rate` | number > 0 | 0.5 |") && reference.contains("| `seeds` | integer 1…100 | 3 |"))
    }
}

@Suite("Caption markup")
struct CaptionMarkupTests {
    @Test func subscriptsAndSuperscriptsBecomeTagsAfterEscaping() {
        let html = CaptionMarkup.scripts(PageRenderer.htmlEscaped("‖h_l(t)‖ falls like n^−½, ‖ΔW‖_F² and ‖ΔW‖_*, e^{−t}, x_{i+1} <b>"), markdown: false)
        #expect(html == "‖h<sub>l</sub>(t)‖ falls like n<sup>−½</sup>, ‖ΔW‖<sub>F</sub>² and ‖ΔW‖<sub>*</sub>, e<sup>−t</sup>, x<sub>i+1</sub> &lt;b&gt;")
        let markdown = CaptionMarkup.scripts(PageRenderer.markdownEscaped("‖ΔW‖_* and h_l, a_ b"), markdown: true)
        // Markdown gets Unicode scripts (renderers without raw HTML drop tags), or `$…$`
        // math where a character has no Unicode script.
        #expect(markdown == "‖ΔW‖∗ and hₗ, a\\_ b")
        #expect(CaptionMarkup.scripts("n^{+½} and n^{−1}, ‖Δh‖\\_{RMS}, n^{+0.45}", markdown: true) == "n⁺¹ᐟ² and n⁻¹, ‖Δh‖$_{RMS}$, n$^{+0.45}$")
        #expect(CaptionMarkup.scripts("n^ and n^-", markdown: false) == "n^ and n^-")
    }
}

@Suite("Caption math")
struct MathMarkupTests {
    @Test func dollarMathBecomesMathMLInHTMLAndStaysForGitHub() {
        let caption = #"Movement $\lVert h_l(t) - h_l(0) \rVert_{\ast} / \sqrt{n}$ falls like $n^{-1/2}$; a_b <i>"#
        let html = PageRenderer.caption(caption, markdown: false)
        #expect(html.contains("<math><mo>‖</mo><msub><mi>h</mi><mi>l</mi></msub><mo>(</mo><mi>t</mi><mo>)</mo><mo>−</mo>"))
        #expect(html.contains("<msub><mo>‖</mo><mrow><mo>*</mo></mrow></msub><mo>/</mo><msqrt><mrow><mi>n</mi></mrow></msqrt></math>"))
        #expect(html.contains("<msup><mi>n</mi><mrow><mo>−</mo><mn>1</mn><mo>/</mo><mn>2</mn></mrow></msup>"))
        #expect(html.hasSuffix("; a<sub>b</sub> &lt;i&gt;"))
        let markdown = PageRenderer.caption(caption, markdown: true)
        #expect(markdown.hasPrefix(#"Movement $\lVert h_l(t) - h_l(0) \rVert_{\ast} / \sqrt{n}$ falls like $n^{-1/2}$; a$_{b}$ \<i\>"#))
        // Unknown commands and unpaired dollars degrade to text, never fail.
        #expect(MathMarkup.mathML(#"\foo_{"#).contains("<mi>foo</mi>"))
        #expect(PageRenderer.caption("costs $5", markdown: false) == "costs $5")
    }
}
