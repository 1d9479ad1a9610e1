/// What `index.html.mustache` and `index.md.mustache` render (keys in snake case through
/// `TemplateContext`; documented in `templates/README.md`, checked by a test).
struct IndexContext: Codable, Sendable {
    var toolVersion: String
    var reportCount: Int
    var reportsWord: String
    var hasReports: Bool
    var reports: [Report]
    var hasComparisons: Bool
    var comparisons: [Link]

    struct Link: Codable, Sendable { var name, link: String }

    /// One report's card.
    struct Report: Codable, Sendable {
        var name, title, displayTitle, date, preset: String
        var runs, figures: Int
        var passed, failed, inconclusive: Int
        var hasInconclusive: Bool
        var verdictCount: Int
        var hasHeadline: Bool
        var headline: String
        /// How long it took, from `<output>/.run-times/` (never from the report folder).
        var hasRunTime: Bool
        var runTime: String
        var hasRelated: Bool
        var comparisons: [Link]
        var link: String
        var hasThumbnail: Bool
        var thumbnail: String?
        var thumbnailWidth, thumbnailHeight: Int?
        var thumbnailAlt: String?
    }
}
