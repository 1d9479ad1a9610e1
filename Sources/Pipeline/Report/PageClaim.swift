import Foundation

/// The claims a report argues, in the paper's order: the spectral condition on weights and
/// updates, feature movement with width, the coordinate check, learning-rate transfer, low
/// rank of updates, and loss curves. Each claim is a section of the page with its theory,
/// its figures, its slopes and its verdicts; the per-layer diagnosis follows them.
enum PageClaim: String, CaseIterable, Sendable {
    case spectralCondition = "claim-spectral-condition"
    case featureMovement = "claim-feature-movement"
    case coordinateCheck = "claim-coordinate-check"
    case learningRateTransfer = "claim-lr-transfer"
    case lowRank = "claim-low-rank"
    case lossCurves = "claim-loss-curves"

    /// The section a figure of `kind` belongs to. An exhaustive switch: a new figure kind
    /// does not compile until it has its place on the page.
    static func of(_ kind: FigureKind) -> PageClaim {
        switch kind {
        case .weightMovement: return .spectralCondition
        case .featureMovement, .parametrizationComparison: return .featureMovement
        case .coordinateCheck: return .coordinateCheck
        case .learningRateTransfer: return .learningRateTransfer
        case .lowRank: return .lowRank
        case .lossCurves: return .lossCurves
        }
    }

    /// The section a verdict belongs to: the best rate's exponent to transfer, a weights
    /// claim to the spectral condition, a features claim to feature movement (the claims
    /// are `Verdicts.rules`' words).
    static func of(_ verdict: Summary.Verdict) -> PageClaim {
        switch verdict.measure {
        case .rateExponent, .gridSteps: return .learningRateTransfer
        case .exponent: return verdict.claim.hasPrefix("weights") ? .spectralCondition : .featureMovement
        }
    }

    /// The section's heading.
    var title: String {
        switch self {
        case .spectralCondition: return "Weights and updates: the spectral condition"
        case .featureMovement: return "Feature movement with width"
        case .coordinateCheck: return "The coordinate check"
        case .learningRateTransfer: return "Learning-rate transfer"
        case .lowRank: return "Updates are low-rank and aligned"
        case .lossCurves: return "Loss curves across widths"
        }
    }

    /// What the theory says, with `$…$` math: the claim the section's numbers test.
    var theory: String {
        switch self {
        case .spectralCondition:
            return "Condition 1 of the paper asks every layer for $\\lVert W_l \\rVert_{\\ast} = \\Theta(\\sqrt{n_l / n_{l-1}})$ and "
                + "$\\lVert \\Delta W_l \\rVert_{\\ast} = \\Theta(\\sqrt{n_l / n_{l-1}})$, so a hidden layer's relative change "
                + "$\\lVert \\Delta W_l \\rVert_{\\ast} / \\lVert W_l \\rVert_{\\ast}$ does not depend on the width. "
                + "Under SGD the standard parametrization's hidden updates are too large by $\\sqrt{n}$ and NTK's too small by $\\sqrt{n}$. "
                + "The table gives the measured width exponents beside the theory's, and the verdicts test each against its band."
        case .featureMovement:
            return "Feature learning asks every hidden feature to move by order one at every width, "
                + "$\\lVert \\Delta h_l \\rVert / \\lVert h_l \\rVert = \\Theta(1)$. The spectral condition on the weights gives it; "
                + "the theory expects features to move more with width under the standard parametrization and to freeze "
                + "(the lazy, kernel regime) under NTK."
        case .coordinateCheck:
            return "The mup package's coordinate check: each layer's size at initialisation and its change since then, against width, "
                + "after the first steps on one fixed batch. Under the spectral condition no layer's change grows or shrinks with width; "
                + "a layer whose change grows shows where a parametrization breaks it."
        case .learningRateTransfer:
            return "Tensor Programs V: under the spectral parametrization (μP) the best learning rate found at a small width stays best "
                + "as the width grows, while under the standard parametrization it moves. The measure is the width exponent $e$ of "
                + "the best rate, $\\eta^{\\ast} \\propto n^{e}$, fitted to every seed's optimum."
        case .lowRank:
            return "Why the spectral norm is the one that matters: an update is low-rank and aligned with the features that enter "
                + "its layer, so $\\lVert \\Delta W_l h_{l-1} \\rVert \\approx \\lVert \\Delta W_l \\rVert_{\\ast} \\lVert h_{l-1} \\rVert$. "
                + "The paper finds the stable rank of one update far below the width even when the batch exceeds it."
        case .lossCurves:
            return "Tensor Programs V expects wider networks to train better under the spectral parametrization (the curves nest), "
                + "and the standard parametrization to diverge at large width with a rate that is fine at small width. "
                + "Early in training, on a small task, widths are often tied within noise; the sentence under the figure counts what was measured."
        }
    }

    /// The heading's anchor on GitHub (lower case, punctuation dropped, spaces as hyphens).
    var markdownAnchor: String { Self.slug(title) }

    static func slug(_ heading: String) -> String {
        String(heading.lowercased().compactMap { c -> Character? in
            if c == " " { return "-" }
            return c.isLetter || c.isNumber || c == "-" || c == "_" ? c : nil
        })
    }
}
