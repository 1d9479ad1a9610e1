/// What `compare.html.mustache` and `compare.md.mustache` render (keys in snake case
/// through `TemplateContext`; documented in `templates/README.md`, checked by a test).
struct ComparisonContext: Codable, Sendable {
    var toolVersion, command: String
    var nameA, nameB, pathA, pathB, titleA, titleB, presetA, presetB, dateA, dateB, linkA, linkB: String
    var whatChanged: [String]
    var hasSettings: Bool
    var settings: [Setting]
    var verdicts: [Verdict]
    var exponents: [Exponent]
    var figures: [Figure]
    var diagnosisDiff, prescriptionsDiff, transferDiff: Diff

    struct Setting: Codable, Sendable { var key, a, b: String }

    struct Verdict: Codable, Sendable {
        var parametrization, optimizer, claim, expected, measuredA, measuredB: String
        var markA, classA, markB, classB: String
        var changed, significant: Bool
        var status: String
        var hasStatus: Bool
        var difference: String
    }

    struct Exponent: Codable, Sendable {
        var parametrization, optimizer, quantity: String
        var layer: Int
        var step: String
        var a, b, difference: String
        var beyond: Bool
    }

    struct Diff: Codable, Sendable {
        var compared, count: Int
        var hasRows, any: Bool
        var rows: [Row]
        struct Row: Codable, Sendable { var item, a, b, difference: String }
    }

    struct Figure: Codable, Sendable {
        var id: String
        var number: Int
        var title, alt, png, svg: String
        var width, height: Int
        var hasRatio: Bool
        var ratioPng, ratioSvg, ratioAlt: String
        var ratioWidth, ratioHeight: Int
    }
}
