import Foundation
import Training

/// Builds a report page's `PageContext` from the plan's page parameters, the summary and
/// the figures: the claims in the paper's order, each with its figures, slopes and
/// verdicts; figures and tables numbered in the order the page shows them.
struct PageBuilder {
    let page: PageComputation.Content
    let summary: Summary
    let figures: [PageRenderer.FigureRef]
    let provenance: PageRenderer.Provenance

    var markdown: Bool { page.format == .markdown }
    var embedImages: Bool { page.embedImages && !markdown }

    /// Page text: escaped for Markdown on a Markdown page.
    func text(_ s: String) -> String { markdown ? PageRenderer.markdownEscaped(s) : s }
    /// Caption markup: `$…$` math and scripts.
    func markup(_ s: String) -> String { PageRenderer.caption(s, markdown: markdown) }

    /// The claims the page shows: those with a figure or a verdict, in the paper's order.
    var claims: [PageClaim] {
        PageClaim.allCases.filter { claim in
            figures.contains { PageClaim.of($0.spec.kind) == claim } || summary.verdicts.contains { PageClaim.of($0) == claim }
        }
    }

    func context() -> PageContext {
        let paragraphs = page.description.components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }.map(text)
        // Figures and tables are numbered in the order the page shows them.
        var figureNumber = 0, tableNumber = 0
        func nextTable(_ shown: Bool) -> Int { if shown { tableNumber += 1 }; return shown ? tableNumber : 0 }
        let exponentsSpec = page.tables.first { $0.kind == .exponents }
        let transferSpec = page.tables.first { $0.kind == .learningRateTransfer }
        var sections: [ClaimSection] = []
        for claim in claims {
            let refs = figures.filter { PageClaim.of($0.spec.kind) == claim }
            let figureContexts = refs.map { ref -> FigureContext in figureNumber += 1; return figure(ref, number: figureNumber) }
            let quantity: (Quantity, String)? = claim == .spectralCondition ? (.weightMovement, "weights (spectral norm)")
                : claim == .featureMovement ? (.featureMovement, "features") : nil
            let exponentRows = exponentsSpec == nil ? [] : quantity.map { PageTables.exponentRows(summary, quantity: $0.0) } ?? []
            let exponentsNumber = nextTable(!exponentRows.isEmpty)
            let transfer = claim == .learningRateTransfer && transferSpec != nil ? transferRows() : []
            let transferNumber = nextTable(!transfer.isEmpty)
            let transferExponents = transfer.isEmpty ? [] : PageTables.transferExponentLines(summary.lrTransferShift).map(text)
            let paper = claim == .lowRank ? PaperValues.rows(refs.flatMap(\.measurements.lowRank)) : []
            let paperNumber = nextTable(!paper.isEmpty)
            let verdicts = summary.verdicts.filter { PageClaim.of($0) == claim }
            let verdictsNumber = nextTable(!verdicts.isEmpty)
            sections.append(ClaimSection(
                id: claim.rawValue, title: text(claim.title), markdownAnchor: claim.markdownAnchor, theory: markup(claim.theory),
                figures: figureContexts, hasFigures: !figureContexts.isEmpty,
                hasExponents: !exponentRows.isEmpty,
                exponents: .init(number: exponentsNumber, caption: text(exponentsSpec?.caption ?? ""), quantity: quantity?.1 ?? "", rows: exponentRows),
                hasTransfer: !transfer.isEmpty, transfer: transfer, transferTable: transferNumber, transferCaption: text(transferSpec?.caption ?? ""),
                hasTransferExponents: !transferExponents.isEmpty, transferExponents: transferExponents,
                hasPaper: !paper.isEmpty, paper: paper, paperTable: paperNumber,
                hasVerdicts: !verdicts.isEmpty, verdicts: verdicts.map(verdictRow), verdictsTable: verdictsNumber,
                verdictSentence: markup(PageSummaries.claimSentence(verdicts))))
        }
        let diagnosis = PageTables.diagnosisRows(summary.diagnosis)
        let diagnosisNumber = nextTable(!diagnosis.isEmpty)
        let prescriptionRows = PrescriptionTables.rows(summary.prescriptions, original: summary.diagnosis)
        let prescriptionsNumber = nextTable(!prescriptionRows.isEmpty)
        let fixGroups = PageSummaries.fixGroups(summary.diagnosis, format: markup)
        let differences = PaperDifferences.lines(figures: figures, summary: summary).map {
            PageContext.Difference(text: markup($0.text), differs: $0.differs, mark: $0.differs ? "differs" : "agrees", class: $0.differs ? "fail" : "pass")
        }
        let sweeps = page.sweeps.map { PageContext.SweepItem(name: text($0.name), text: text($0.text)) }
        let sweepRuns = page.sweeps.map(\.runs).reduce(0, +)
        // The overview counts every run the report trained: the sweeps' and the fixed
        // schemes' of the prescriptions (no figure reads those; the diagnosis does).
        let fixedRuns = max(0, provenance.runs - sweepRuns)
        return PageContext(
            title: text(page.title), descriptionParagraphs: paragraphs, quick: page.quick,
            hasAdam: summary.exponents.contains { $0.optimizer == .adam },
            sweeps: sweeps, sweepCount: sweeps.count, oneSweep: sweeps.count == 1,
            totalRuns: sweepRuns + fixedRuns, sweepRuns: sweepRuns, hasFixedRuns: fixedRuns > 0, fixedRuns: fixedRuns,
            fixedRunsText: text(fixedRunsText(fixedRuns)), figureCount: figures.count,
            reproduceCommand: "spectral-report run \(page.experimentFile)\(page.quick ? " --quick" : "")",
            hasVerdicts: !summary.verdicts.isEmpty, verdictSummary: markup(PageSummaries.verdictSentence(summary.verdicts)),
            verdictRule: text(IntervalTest.sentence),
            claimSummary: PageSummaries.claimRows(summary.verdicts, claims: claims, markdown: markdown, text: text),
            hasFixSummary: !fixGroups.isEmpty, fixSummary: PageSummaries.fixRows(fixGroups, prescriptions: summary.prescriptions, markdown: markdown),
            sections: sections,
            hasDiagnosis: !diagnosis.isEmpty, diagnosis: diagnosis, diagnosisTable: diagnosisNumber,
            diagnosisTolerance: NumberFormat.trimmed(Diagnosis.tolerance),
            hasFixes: !fixGroups.isEmpty, diagnosisFixGroups: fixGroups,
            hasPrescriptions: !summary.prescriptions.isEmpty, prescriptions: PrescriptionTables.entries(summary.prescriptions, markdown: markdown),
            hasPrescriptionRows: !prescriptionRows.isEmpty, prescriptionRows: prescriptionRows, prescriptionsTable: prescriptionsNumber,
            hasDifferences: !differences.isEmpty, differences: differences,
            inputLayerNote: PageTables.inputLayerNote(summary.diagnosis, sweeps: page.sweeps).map(markup) ?? "",
            divergenceRule: text("A run counts as " + Divergence.description + "."),
            provenance: ProvenanceContext(
                toolVersion: ToolInfo.version, experiment: text(provenance.experimentFile), experimentHash: String(provenance.experimentHash.prefix(12)),
                blasKernel: provenance.blasKernel, runs: provenance.runs, divergedRuns: provenance.divergedRuns, date: provenance.date,
                dateSource: provenance.dateSource, commit: provenance.toolCommit ?? "", hasCommit: provenance.toolCommit != nil))
    }

    /// "70 runs of the prescriptions' fixed schemes (standard-fixed, ntk-fixed on sweep
    /// movement), trained to verify them; no figure shows them."
    func fixedRunsText(_ count: Int) -> String {
        guard count > 0 else { return "" }
        var bySweep: [(sweep: String, schemes: [String])] = []
        for p in summary.prescriptions {
            guard let fixed = p.fixedParametrization else { continue }
            if let i = bySweep.firstIndex(where: { $0.sweep == p.sweep }) {
                if !bySweep[i].schemes.contains(fixed) { bySweep[i].schemes.append(fixed) }
            } else { bySweep.append((p.sweep, [fixed])) }
        }
        let which = bySweep.map { "\($0.schemes.joined(separator: ", ")) on sweep \($0.sweep)" }.joined(separator: "; ")
        return "\(count) run\(count == 1 ? "" : "s") of the prescriptions' fixed schemes\(which.isEmpty ? "" : " (\(which))"), "
            + "trained on the sweep each fixes to verify it (the diagnosis reads them, no figure shows them)"
    }

    func verdictRow(_ v: Summary.Verdict) -> VerdictRow {
        let (measured, expected) = Verdicts.text(v)
        return VerdictRow(parametrization: v.parametrization.rawValue, optimizer: v.optimizer.rawValue, claim: markup(v.claim),
                          measured: measured, expected: expected, pass: v.pass, outcome: v.outcome.rawValue, mark: text(Verdicts.mark(v)),
                          class: v.outcome == .consistent ? "pass" : v.outcome == .inconsistent ? "fail" : "inconclusive")
    }

    func transferRows() -> [TransferRow] {
        summary.lrTransfer.map {
            TransferRow(parametrization: $0.parametrization.rawValue, width: $0.width, bestLearningRate: NumberFormat.plain($0.bestLearningRate),
                        finalLoss: NumberFormat.plain($0.finalLoss),
                        overTraining: $0.horizons.map { "\(NumberFormat.plain($0.bestLearningRate)) (step \($0.step))" }.joined(separator: " → "),
                        seedOptima: PageTables.seedOptimaText($0))
        }
    }

    /// One figure: its image (or each panel alone), caption, alt text, and the slopes its
    /// data show, at the layer the verdicts read, each with its 95% interval.
    func figure(_ ref: PageRenderer.FigureRef, number: Int) -> FigureContext {
        let slopes = ref.measurements.exponents.filter {
            $0.step == 1 && $0.quantity != .logitChange && $0.layer == Measurements.headlineLayer(of: $0.parametrization, in: summary.exponents)
        }
        // Grouped by what they measure, so a reader knows which norm each slope belongs to.
        let groups = Statistics.ordered(slopes.map(\.quantity)).map { quantity in
            "\(quantity.captionName): " + slopes.filter { $0.quantity == quantity }.map {
                "\($0.parametrization.rawValue) \(Verdicts.interval($0.slope, $0.ci95))"
            }.joined(separator: ", ")
        }
        let fitted = slopes.first.map { "Fitted slopes after one step (layer \($0.layer), ± 95% interval) — " + groups.joined(separator: "; ") + "." } ?? ""
        // What the figure's own data show, where the caption may not say it.
        let slopesText = [fitted, FigureFindings.sentence(ref, summary: summary) ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        let size = FigureBuilder.figure(ref.data, title: ref.spec.title)
        let title = ref.spec.title ?? ref.spec.id
        let panelCount = FigureBuilder.panelCount(ref.data)
        let panels = (0..<panelCount).map { index -> FigureContext.Panel in
            let file = "figures/\(FigureBuilder.panelFile(ref.spec.id, index))"
            return FigureContext.Panel(png: file + ".png", svg: file + ".svg", panelNumber: index + 1, width: 340, height: 260,
                                       alt: text("Panel \(index + 1) of figure \(number), " + FigureDescription.panelText(ref.data.panels[index])))
        }
        return FigureContext(
            id: ref.spec.id, number: number, title: text(title), caption: markup(ref.spec.caption),
            alt: text(FigureDescription.altText(title: title, data: ref.data)), slopesText: text(slopesText),
            // Each panel alone, stacked on narrow screens (files beside the report only).
            hasPanels: !embedImages && panelCount > 1, panels: panels,
            png: "figures/\(ref.spec.id).png", svg: "figures/\(ref.spec.id).svg", csv: "data/\(ref.spec.id).csv",
            image: embedImages ? "data:image/png;base64," + ref.png.base64EncodedString() : "figures/\(ref.spec.id).png",
            width: size.pixelWidth / 2, height: size.pixelHeight / 2, linkFiles: true, embedded: embedImages)
    }
}
