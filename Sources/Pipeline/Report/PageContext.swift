import Foundation

/// What `report.html.mustache` and `report.md.mustache` render: the page as the templates
/// see it. Every text is ready for its page (escaped for Markdown on Markdown pages; the
/// fields the bundled templates emit raw are markup the tool built and escaped). The keys
/// reach the templates in snake case (`TemplateContext`); `templates/README.md` documents
/// each one, and a test checks that the two name the same keys.
struct PageContext: Codable, Sendable {
    /// Raised whenever a key is added, removed or changes meaning (it enters the page
    /// nodes' keys); 2: the notebook sections.
    static let version = 2

    var title: String
    var descriptionParagraphs: [String]
    var quick: Bool
    var hasAdam: Bool
    /// What was run.
    var sweeps: [SweepItem]
    var sweepCount: Int
    var oneSweep: Bool
    /// Every training run of the report: the sweeps' and the prescriptions' fixed schemes'.
    var totalRuns: Int
    var sweepRuns: Int
    var hasFixedRuns: Bool
    var fixedRuns: Int
    var fixedRunsText: String
    var figureCount: Int
    var reproduceCommand: String
    /// The short forms at the top, each row linking to its section.
    var hasVerdicts: Bool
    var verdictSummary: String
    var verdictRule: String
    var claimSummary: [ClaimSummary]
    var hasFixSummary: Bool
    var fixSummary: [FixSummary]
    /// The claims, in the order the paper argues them.
    var sections: [ClaimSection]
    /// The per-layer diagnosis and the prescriptions.
    var hasDiagnosis: Bool
    var diagnosis: [DiagnosisRow]
    var diagnosisTable: Int
    var diagnosisTolerance: String
    var hasFixes: Bool
    var diagnosisFixGroups: [FixGroup]
    var hasPrescriptions: Bool
    var prescriptions: [PrescriptionEntry]
    var hasPrescriptionRows: Bool
    var prescriptionRows: [PrescriptionRow]
    var prescriptionsTable: Int
    var hasDifferences: Bool
    var differences: [Difference]
    var inputLayerNote: String
    var divergenceRule: String
    var provenance: ProvenanceContext

    struct SweepItem: Codable, Sendable { var name, text: String }

    /// One claim's verdicts at a glance.
    struct ClaimSummary: Codable, Sendable {
        var title: String
        /// `#claim-…` (HTML) or the heading's slug (Markdown).
        var anchor: String
        var passed, total: Int
        var mark: String
        var `class`: String
        /// The verdicts that did not come out as predicted, in words (empty when none).
        var misses: String
        var hasMisses: Bool
    }

    /// One parametrization's misses at a glance, linking to its fixes.
    struct FixSummary: Codable, Sendable {
        var name: String
        var count: Int
        var one: Bool
        var layers: String
        var anchor: String
        var hasPrescription: Bool
        var prescriptionMark: String
        var prescriptionClass: String
    }

    struct FixGroup: Codable, Sendable {
        var name: String
        /// The HTML id of the group (`fix-standard-sgd`).
        var id: String
        var count: Int
        var one: Bool
        var layers: String
        var fixes: [String]
    }

    struct Difference: Codable, Sendable {
        var text: String
        var differs: Bool
        var mark: String
        var `class`: String
    }
}

/// One claim of the paper, notebook style: what the theory says, its figures, the fitted
/// slopes with their intervals, and its verdicts.
struct ClaimSection: Codable, Sendable {
    var id: String
    var title: String
    var markdownAnchor: String
    /// What the theory says, markup ready.
    var theory: String
    var figures: [FigureContext]
    var hasFigures: Bool
    var hasExponents: Bool
    var exponents: ExponentTable
    var hasTransfer: Bool
    var transfer: [TransferRow]
    var transferTable: Int
    var transferCaption: String
    var hasTransferExponents: Bool
    var transferExponents: [String]
    var hasPaper: Bool
    var paper: [PaperRow]
    var paperTable: Int
    var hasVerdicts: Bool
    var verdicts: [VerdictRow]
    var verdictsTable: Int
    /// The verdicts in one sentence, each with its measurement and interval.
    var verdictSentence: String

    /// The exponents of one quantity, at the layer the verdicts read.
    struct ExponentTable: Codable, Sendable {
        var number: Int
        var caption: String
        /// `features` or `weights (spectral norm)`.
        var quantity: String
        var rows: [ExponentRow]
    }
}

/// A figure as the page shows it.
struct FigureContext: Codable, Sendable {
    var id: String
    var number: Int
    var title: String
    var caption: String
    var alt: String
    var slopesText: String
    var hasPanels: Bool
    var panels: [Panel]
    var png, svg, csv: String
    var image: String
    var width, height: Int
    var linkFiles: Bool
    var embedded: Bool

    struct Panel: Codable, Sendable {
        var png, svg: String
        var panelNumber: Int
        var width, height: Int
        var alt: String
    }
}

struct VerdictRow: Codable, Sendable {
    var parametrization, optimizer, claim, measured, expected: String
    var pass: Bool
    var outcome: String
    var mark: String
    var `class`: String
}

struct ExponentRow: Codable, Sendable {
    var parametrization, optimizer: String
    var layer: Int
    var first, end, theory: String
}

struct TransferRow: Codable, Sendable {
    var parametrization: String
    var width: Int
    var bestLearningRate, finalLoss, overTraining, seedOptima: String
}

struct PaperRow: Codable, Sendable {
    var activation, quantity: String
    var batch: Int
    var paper, ours: String
}

struct DiagnosisRow: Codable, Sendable {
    var parametrization, optimizer: String
    var layer: Int
    var kind, target, weight, updateFirst, updateEnd, featureFirst, featureEnd: String
    var pass: Bool
    var `class`: String
}

struct PrescriptionEntry: Codable, Sendable {
    var parametrization, optimizer, sweep: String
    var hasChanges: Bool
    var changes: String
    var hasToml: Bool
    var toml: String
    var fixed: String
    var hasEquivalent: Bool
    var equivalent: String
    var note: String
    var mark: String
    var `class`: String
}

struct PrescriptionRow: Codable, Sendable {
    var parametrization, optimizer: String
    var layer: Int
    var kind, fixed: String
    var beforeWeight, beforeUpdate, beforeFeature, afterWeight, afterUpdate, afterFeature: String
}

struct ProvenanceContext: Codable, Sendable {
    var toolVersion: String
    var experiment: String
    var experimentHash: String
    var blasKernel: String
    var runs: Int
    var divergedRuns: Int
    var date: String
    var dateSource: String
    var commit: String
    var hasCommit: Bool
}
