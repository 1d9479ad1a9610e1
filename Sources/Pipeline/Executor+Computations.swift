import Foundation
import Linalg
import Plotting
import Raster
import Training

/// What each kind of node computes, and writing the report out of the cache.
extension Executor {
    // MARK: Computations

    func artifact(_ id: String, _ name: String) throws -> Data {
        guard let key = keys[id], let data = store.artifact(key, name) else {
            throw InputError(file: store.root.path, message: "cache entry of \(id) disappeared while running")
        }
        return data
    }

    func runs(for sweep: String) throws -> [Aggregator.Run] {
        try plan.runs(of: sweep).map { node in
            guard case let .run(configuration, _, _) = node.payload else { throw InputError(file: plan.experiment.path, message: "not a run: \(node.id)") }
            let result = try ContentHash.decoder().decode(RunResult.self, from: try artifact(node.id, "result.json"))
            return Aggregator.Run(configuration: configuration, result: result)
        }
    }

    func figureData(_ spec: FigureSpec) throws -> FigureData {
        try ContentHash.decoder().decode(FigureData.self, from: try artifact("aggregate/\(spec.id)", "data.json"))
    }

    func compute(_ node: PlanNode) throws -> [String: Data] {
        switch node.payload {
        case .run:
            return [:]
        case let .figureData(spec):
            return ["data.json": try ContentHash.prettyJSON(Aggregator.figureData(spec, runs: try runs(for: spec.sweep)))]
        case .summary:
            let figures = try plan.experiment.figures.map { ($0, try figureData($0)) }
            return ["summary.json": try ContentHash.prettyJSON(Summary.make(figures: figures))]
        case let .figure(spec):
            let figure = FigureBuilder.figure(try figureData(spec), title: spec.title)
            return [
                "figure.png": try figure.renderPNG(fonts: fonts),
                "figure.svg": Data(figure.renderSVG(fonts: fonts).utf8),
                "figure.csv": Data(figure.csv().utf8),
            ]
        case let .page(format):
            let summary = try ContentHash.decoder().decode(Summary.self, from: try artifact("aggregate/summary", "summary.json"))
            let figures = try plan.experiment.figures.map { spec -> PageRenderer.FigureRef in
                let png = try artifact("figure/\(spec.id)", "figure.png")
                let decoded = try PNGCodec.decode(png)
                return PageRenderer.FigureRef(spec: spec, data: try figureData(spec), png: png, pixelWidth: decoded.width, pixelHeight: decoded.height)
            }
            let runResults = try plan.experiment.sweeps.flatMap { try runs(for: $0.name) }
            let provenance = PageRenderer.Provenance(
                experimentFile: URL(fileURLWithPath: plan.experiment.path).lastPathComponent, experimentHash: experimentHash,
                blasKernel: runResults.first?.result.environment.blasKernel ?? BLASRuntime.kernel,
                threads: runResults.first?.result.environment.threads ?? BLASRuntime.threads,
                runs: runResults.count, divergedRuns: runResults.filter { $0.result.status == .diverged }.count,
                date: PageRenderer.provenanceDate())
            let page = try PageRenderer.render(format: format, experiment: plan.experiment, summary: summary, figures: figures,
                                               provenance: provenance, templates: templates, embedImages: options.embedImages)
            return [format.fileName: Data(page.utf8)]
        }
    }

    // MARK: Outputs

    /// Copies the report out of the cache into `<output>/<experiment>/`, writing only files
    /// whose bytes changed.
    func writeOutputs() {
        let base = options.outputDirectory.appendingPathComponent(plan.experiment.name)
        var files: [(String, Data)] = []
        do {
            for format in PageFormat.allCases {
                files.append((format.fileName, try artifact("page/\(format.rawValue)", format.fileName)))
            }
            for spec in plan.experiment.figures {
                files.append(("figures/\(spec.id).png", try artifact("figure/\(spec.id)", "figure.png")))
                files.append(("figures/\(spec.id).svg", try artifact("figure/\(spec.id)", "figure.svg")))
                files.append(("data/\(spec.id).csv", try artifact("figure/\(spec.id)", "figure.csv")))
            }
            files.append(("data/summary.json", try artifact("aggregate/summary", "summary.json")))
            for (relative, data) in files {
                let url = base.appendingPathComponent(relative)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                if FileManager.default.contents(atPath: url.path) != data { try AtomicFile.write(data, to: url) }
                summary.outputs.append(url.path)
            }
        } catch {
            summary.failed += 1
            summary.failures.append("writing the report to \(base.path): \(error)")
            reporter.note("error: writing the report to \(base.path): \(error)")
        }
    }
}
