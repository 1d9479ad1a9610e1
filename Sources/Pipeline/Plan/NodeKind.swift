/// The kinds of node in a plan.
public enum NodeKind: String, Codable, CaseIterable, Sendable, CodingKeyRepresentable {
    case run, aggregate, figure, page
}

/// HTML or Markdown.
public enum PageFormat: String, Codable, Sendable, CaseIterable {
    case html, markdown

    /// The page's artifact, which is also its file name in the report folder.
    var artifact: Artifact { self == .html ? .html : .markdown }
}
