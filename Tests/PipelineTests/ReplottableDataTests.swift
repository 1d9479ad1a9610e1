import Foundation
import Testing
@testable import Pipeline

/// The data files are enough to redo the report's numbers without the tool.
@Suite("Replottable data: runs.csv, long-form figure CSVs, the data dictionary")
struct ReplottableDataTests {
    /// A minimal CSV reader for the report's files (no quoted fields in them).
    static func read(_ url: URL) throws -> [[String: String]] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test func runsCSVAloneReproducesEverySlopeOfTheSummary() throws {
        let root = try PipelineFixtures.workspace(TinyExperimentWithSeeds.text)
        #expect(try PipelineFixtures.execute(root).failed == 0)
        let data = root.appendingPathComponent("output/tiny/data")
        let rows = try Self.read(data.appendingPathComponent("runs.csv"))
        #expect(Set(rows.first.map { Array($0.keys) } ?? []).isSuperset(of: ["run", "parametrization", "optimizer", "width", "depth", "learning_rate",
                                                                              "batch", "activation", "seed", "step", "layer", "quantity", "value"]))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: data.appendingPathComponent("summary.json"))) as? [String: Any]
        let exponents = summary?["exponents"] as? [[String: Any]] ?? []
        #expect(exponents.count >= 8)
        for exponent in exponents {
            let quantity = exponent["quantity"] as? String ?? "", layer = exponent["layer"] as? Int ?? 0, step = exponent["step"] as? Int ?? 0
            let parametrization = exponent["parametrization"] as? String ?? ""
            let selected = rows.filter {
                $0["quantity"] == quantity && $0["step"] == String(step) && $0["parametrization"] == parametrization
                    && (quantity == "logit_change" || $0["layer"] == String(layer))
            }
            var byWidth: [Double: [Double]] = [:]
            for row in selected { byWidth[Double(row["width"] ?? "") ?? 0, default: []].append(Double(row["value"] ?? "") ?? .nan) }
            let points = byWidth.map { (log($0.key), log($0.value.reduce(0, +) / Double($0.value.count))) }
            let mx = points.map(\.0).reduce(0, +) / Double(points.count), my = points.map(\.1).reduce(0, +) / Double(points.count)
            let slope = points.map { ($0.0 - mx) * ($0.1 - my) }.reduce(0, +) / points.map { ($0.0 - mx) * ($0.0 - mx) }.reduce(0, +)
            #expect(abs(slope - (exponent["slope"] as? Double ?? .nan)) < 1e-3, "\(parametrization) \(quantity) layer \(layer) step \(step)")
        }
        // Numbers are numbers; the provenance names the kernels and the preset.
        let verdicts = summary?["verdicts"] as? [[String: Any]] ?? []
        #expect(!verdicts.isEmpty && verdicts.allSatisfy { $0["measured"] is Double && $0["expected"] is [String: Any] && $0["optimizer"] as? String == "sgd" })
        let provenance = summary?["provenance"] as? [String: Any]
        #expect((provenance?["blas_kernels"] as? [String])?.isEmpty == false && provenance?["preset"] as? String == "full")
    }

    @Test func figureCSVsAreLongFormWithNamedColumnsAndTheDictionaryListsThem() throws {
        let root = try PipelineFixtures.workspace(TinyExperimentWithSeeds.text)
        _ = try PipelineFixtures.execute(root)
        let data = root.appendingPathComponent("output/tiny/data")
        let feature = try Self.read(data.appendingPathComponent("feature-movement.csv"))
        #expect(feature.allSatisfy { $0["parametrization"] != nil && $0["width"] != nil && $0["mean"] != nil && $0["n_seeds"] != nil })
        #expect(feature.contains { $0["parametrization"] == "spectral" && $0["quantity"] == "feature_movement" && $0["layer"] == "2" && $0["n_seeds"] == "2" })
        #expect(!feature.contains { $0.keys.contains("panel") || $0.keys.contains("series") })
        let dictionary = try String(contentsOf: data.appendingPathComponent("README.md"), encoding: .utf8)
        for words in ["## runs.csv", "## feature-movement.csv", "## weights.csv", "`n_seeds`", "`feature_movement`", "pd.read_csv"] {
            #expect(dictionary.contains(words), "\(words)")
        }
    }
}

enum TinyExperimentWithSeeds {
    static let text = PipelineFixtures.experiment.replacingOccurrences(of: "seeds = 1", with: "seeds = 2")
}
