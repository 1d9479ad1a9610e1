import Foundation

/// Builds the template context and renders report pages.
enum PageRenderer {
    /// What a page shows besides the summary.
    public struct Provenance: Sendable {
        public var experimentFile: String
        public var experimentHash: String
        public var blasKernel: String
        public var runs: Int
        public var divergedRuns: Int
        public var date: String
        /// `SOURCE_DATE_EPOCH` or `rendered`: where `date` came from.
        public var dateSource: String
        /// The tool's git commit (`ToolCommit`), left out under `SOURCE_DATE_EPOCH`.
        public var toolCommit: String?
    }

    /// A figure the page shows: its spec, data, measurements and PNG.
    public struct FigureRef: Sendable {
        public var spec: FigureSpec
        public var data: FigureData
        public var measurements: Measurements
        public var png: Data
    }

    /// The date for provenance: the moment `SOURCE_DATE_EPOCH` names when set
    /// (reproducible: `2023-11-14T22:13:20Z`), else today's date in UTC (`2026-12-03`). It is
    /// fixed when the plan is made and enters the keys of the nodes that show it, so a
    /// cached summary or page never shows a date other than the one asked for, and a warm
    /// rerun on the same day rewrites nothing.
    public static func provenanceDate(environment: [String: String] = ProcessInfo.processInfo.environment, now: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        if let epoch = SourceDateEpoch.seconds(environment) {
            return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(epoch)))
        }
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: now)
    }

    /// Where the provenance date comes from: `SOURCE_DATE_EPOCH` when it is set (and a
    /// number), else `rendered` (when the file was made).
    public static func provenanceDateSource(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        SourceDateEpoch.seconds(environment) != nil ? "SOURCE_DATE_EPOCH" : "rendered"
    }

    /// The tool's commit for provenance, or nil under `SOURCE_DATE_EPOCH`: a reproducible
    /// report's bytes depend on its inputs and the tool's version only, not on which commit
    /// of the same version (or which uncommitted edit) rendered it. Without it the date
    /// already makes every rendering different, and the commit says which code made it.
    public static func provenanceCommit(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        provenanceDateSource(environment: environment) == "SOURCE_DATE_EPOCH" ? nil : ToolCommit.current
    }

    /// A caption for the page: `$…$` math as MathML (HTML) or left for GitHub's renderer
    /// (Markdown), `_`/`^` scripts in the text as `<sub>`/`<sup>`, everything else escaped.
    static func caption(_ text: String, markdown: Bool) -> String {
        MathMarkup.parts(text).map { part in
            if part.math { return markdown ? "$\(MathMarkup.markdownSafe(part.text))$" : "<math>\(MathMarkup.mathML(part.text))</math>" }
            return CaptionMarkup.scripts(markdown ? markdownEscaped(part.text) : htmlEscaped(part.text), markdown: markdown)
        }.joined()
    }

    /// Escapes text for HTML (for values a template shows unescaped with `{{{…}}}`).
    static func htmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Escapes text for Markdown, so experiment text cannot become markup.
    static func markdownEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\`*_[]<>|#".contains(c) { out.append("\\") }
            out.append(c == "\n" ? " " : c)
        }
        return out
    }

    /// Renders one page.
    static func render(_ page: PageComputation.Content, summary: Summary, figures: [FigureRef],
                       provenance: Provenance, templates: TemplateSet) throws -> String {
        let md = page.format == .markdown
        let embedImages = page.embedImages
        func text(_ s: String) -> String { md ? markdownEscaped(s) : s }
        let paragraphs = page.description.components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }.map(text)
        let figureContexts: [[String: Any]] = figures.enumerated().map { number, ref in
            // The same layer the verdicts read, per parametrization.
            let slopes = ref.measurements.exponents.filter {
                $0.step == 1 && $0.quantity != .logitChange && $0.layer == Measurements.headlineLayer(of: $0.parametrization, in: summary.exponents)
            }
            // Grouped by what they measure, so a reader knows which norm each slope belongs to.
            let groups = Statistics.ordered(slopes.map(\.quantity)).map { quantity in
                "\(quantity.captionName): " + slopes.filter { $0.quantity == quantity }.map {
                    "\($0.parametrization.rawValue) \(NumberFormat.signed($0.slope)) ± \(String(format: "%.2f", $0.ci95))"
                }.joined(separator: ", ")
            }
            let fitted = slopes.isEmpty ? "" : "Fitted slopes after one step (layer \(slopes[0].layer)) — " + groups.joined(separator: "; ") + "."
            // What the figure's own data show, where the caption may not say it.
            let slopesText = [fitted, FigureFindings.sentence(ref, summary: summary) ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
            let size = FigureBuilder.figure(ref.data, title: ref.spec.title)
            let title = ref.spec.title ?? ref.spec.id
            let image = embedImages && !md ? "data:image/png;base64," + ref.png.base64EncodedString() : "figures/\(ref.spec.id).png"
            return [
                "id": ref.spec.id, "number": number + 1, "title": text(title), "slopes_text": text(slopesText),
                "caption": caption(ref.spec.caption, markdown: md),
                "alt": text(FigureDescription.altText(title: title, data: ref.data)),
                // Each panel alone, stacked on narrow screens (files beside the report only).
                "has_panels": !(embedImages && !md) && FigureBuilder.panelCount(ref.data) > 1,
                "panels": (0..<FigureBuilder.panelCount(ref.data)).map { index -> [String: Any] in
                    let file = "figures/\(FigureBuilder.panelFile(ref.spec.id, index))"
                    return ["png": file + ".png", "svg": file + ".svg", "panel_number": index + 1, "width": 340, "height": 260,
                            "alt": text("Panel \(index + 1) of figure \(number + 1), " + FigureDescription.panelText(ref.data.panels[index]))]
                },
                "png": "figures/\(ref.spec.id).png", "svg": "figures/\(ref.spec.id).svg", "csv": "data/\(ref.spec.id).csv",
                "image": image, "width": size.pixelWidth / 2, "height": size.pixelHeight / 2, "link_files": true, "embedded": embedImages && !md,
            ]
        }
        let verdicts: [[String: Any]] = summary.verdicts.map {
            let (measured, expected) = Verdicts.text($0)
            return ["parametrization": $0.parametrization.rawValue, "optimizer": $0.optimizer.rawValue, "claim": caption($0.claim, markdown: md), "measured": measured, "expected": expected,
                    "pass": $0.pass, "outcome": $0.outcome.rawValue, "mark": text(Verdicts.mark($0)),
                    "class": $0.outcome == .consistent ? "pass" : $0.outcome == .inconsistent ? "fail" : "inconclusive"]
        }
        // The experiment's [[tables]] decide which tables the page shows, with their captions.
        let exponentsTable = page.tables.first { $0.kind == .exponents }
        let transferTable = page.tables.first { $0.kind == .learningRateTransfer }
        let exponents: [[String: Any]] = exponentsTable == nil ? [] : PageTables.exponentRows(summary)
        // The diagnosis is in every report that has sweeps it can read.
        let diagnosis = PageTables.diagnosisRows(summary.diagnosis)
        let fixes = PageTables.diagnosisFixes(summary.diagnosis).map { caption($0, markdown: md) }
        let prescriptions = PrescriptionTables.entries(summary.prescriptions, markdown: md)
        let prescriptionRows = PrescriptionTables.rows(summary.prescriptions, original: summary.diagnosis)
        let transfer: [[String: Any]] = transferTable == nil ? [] : summary.lrTransfer.map {
            ["parametrization": $0.parametrization.rawValue, "width": $0.width, "best_learning_rate": NumberFormat.plain($0.bestLearningRate),
             "final_loss": NumberFormat.plain($0.finalLoss),
             "over_training": $0.horizons.map { "\(NumberFormat.plain($0.bestLearningRate)) (step \($0.step))" }.joined(separator: " → "),
             "seed_optima": PageTables.seedOptimaText($0)]
        }
        let transferExponents = transferTable == nil ? [] : PageTables.transferExponentLines(summary.lrTransferShift).map(text)
        let paper = PaperValues.rows(figures.flatMap(\.measurements.lowRank))
        let differences: [[String: Any]] = PaperDifferences.lines(figures: figures, summary: summary).map {
            ["text": caption($0.text, markdown: md), "differs": $0.differs, "mark": $0.differs ? "differs" : "agrees", "class": $0.differs ? "fail" : "pass"]
        }
        let inputLayerNote = PageTables.inputLayerNote(summary.diagnosis, sweeps: page.sweeps).map { caption($0, markdown: md) } ?? ""
        // Tables are numbered in the order the page shows them.
        var tableNumber = 0
        func next(_ shown: Bool) -> Int { if shown { tableNumber += 1 }; return tableNumber }
        let numbers = (verdicts: next(!verdicts.isEmpty), diagnosis: next(!diagnosis.isEmpty), prescriptions: next(!prescriptionRows.isEmpty), exponents: next(!exponents.isEmpty), transfer: next(!transfer.isEmpty), paper: next(!paper.isEmpty))
        let sweeps: [[String: Any]] = page.sweeps.map { ["name": text($0.name), "text": text($0.text)] }
        let flags = page.quick ? " --quick" : ""
        let movement = figures.enumerated().filter { [.featureMovement, .weightMovement, .parametrizationComparison].contains($0.element.spec.kind) }
            .map { String($0.offset + 1) }
        let movementFigures = movement.isEmpty ? "" : (movement.count == 1 ? "Figure \(movement[0])"
            : "Figures \(movement.dropLast().joined(separator: ", ")) and \(movement.last!)")
        let context: [String: Any] = [
            "title": text(page.title), "description_paragraphs": paragraphs, "quick": page.quick,
            "has_adam": summary.exponents.contains { $0.optimizer == .adam },
            "sweeps": sweeps, "sweep_count": sweeps.count, "one_sweep": sweeps.count == 1, "total_runs": page.sweeps.map(\.runs).reduce(0, +),
            "figure_count": figures.count, "movement_figures": movementFigures, "movement_figures_show": movement.count == 1 ? "shows" : "show",
            "verdicts_table": numbers.verdicts, "diagnosis_table": numbers.diagnosis, "exponents_table": numbers.exponents, "transfer_table": numbers.transfer,
            "reproduce_command": "spectral-report run \(page.experimentFile)\(flags)",
            "figures": figureContexts, "has_verdicts": !verdicts.isEmpty, "verdicts": verdicts,
            "has_diagnosis": !diagnosis.isEmpty, "diagnosis": diagnosis, "diagnosis_fixes": fixes, "has_fixes": !fixes.isEmpty,
            // The long lists' short forms: a sentence and counts for the verdicts, the fixes
            // grouped by parametrization.
            "verdict_summary": text(PageSummaries.verdictSentence(summary.verdicts)), "verdict_groups": PageSummaries.verdictGroups(summary.verdicts),
            "diagnosis_fix_groups": PageSummaries.fixGroups(summary.diagnosis) { caption($0, markdown: md) },
            "diagnosis_tolerance": NumberFormat.trimmed(Diagnosis.tolerance),
            "has_prescriptions": !prescriptions.isEmpty, "prescriptions": prescriptions,
            "has_prescription_rows": !prescriptionRows.isEmpty, "prescription_rows": prescriptionRows, "prescriptions_table": numbers.prescriptions,
            "has_exponents": !exponents.isEmpty, "exponents": exponents, "exponents_caption": text(exponentsTable?.caption ?? ""),
            "has_paper": !paper.isEmpty, "paper": paper, "paper_table": numbers.paper,
            "has_transfer": !transfer.isEmpty, "transfer": transfer, "transfer_caption": text(transferTable?.caption ?? ""),
            "transfer_exponents": transferExponents, "has_transfer_exponents": !transferExponents.isEmpty,
            "verdict_rule": text(IntervalTest.sentence), "has_differences": !differences.isEmpty, "differences": differences,
            "input_layer_note": inputLayerNote, "divergence_rule": text("A run counts as " + Divergence.description + "."),
            "provenance": [
                "tool_version": ToolInfo.version, "experiment": text(provenance.experimentFile), "experiment_hash": String(provenance.experimentHash.prefix(12)),
                "blas_kernel": provenance.blasKernel, "runs": provenance.runs,
                "diverged_runs": provenance.divergedRuns, "date": provenance.date, "date_source": provenance.dateSource,
                "commit": provenance.toolCommit ?? "", "has_commit": provenance.toolCommit != nil,
            ] as [String: Any],
        ]
        var page = try templates.render(md ? "report.md" : "report.html", context: context)
        // The pragma line leaves an empty first line in Markdown output.
        while page.hasPrefix("\n") { page.removeFirst() }
        return page
    }
}
