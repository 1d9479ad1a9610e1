import Foundation
import Testing
@testable import Pipeline
@testable import Training

/// The plan of the default report trains the prescribed schemes on the sweeps they are
/// diagnosed on, and what they add stays modest.
@Suite("Prescribed schemes in the plan")
struct PrescriptionPlanTests {
    static let file = OwnParametrizationTests.repository.appendingPathComponent("experiments/spectral-condition.toml").path

    static func plan(quick: Bool) throws -> Plan {
        let spec = try ExperimentLoader.load(path: file, quick: quick)
        return try Planner.plan(spec, resources: PlanResources(templates: try TemplateSet.load(directory: nil), fonts: PipelineFixtures.fonts))
    }

    @Test(arguments: [false, true]) func theDefaultReportTrainsTheFixedStandardAndNTK(quick: Bool) throws {
        let plan = try Self.plan(quick: quick)
        let fixed = plan.runs.filter { $0.runConfiguration?.parametrization.name.hasSuffix("-fixed") == true }
        let groups = Dictionary(grouping: fixed) { node in
            node.id.rawValue.split(separator: "/").prefix(3).joined(separator: "/")
        }.mapValues(\.count)
        let movement = quick ? 10 : 21, adam = quick ? 10 : 14
        #expect(groups == ["run/movement/standard-fixed": movement, "run/movement/ntk-fixed": movement,
                           "run/adam/standard-fixed": adam, "run/adam/ntk-fixed": adam], "\(groups)")
        // The same configurations as the originals' but for the parametrization.
        for node in fixed {
            guard var configuration = node.runConfiguration else { continue }
            let original = node.id.rawValue.replacingOccurrences(of: "-fixed/", with: "/")
            let twin = try #require(plan.runs.first { $0.id.rawValue == original }?.runConfiguration)
            configuration.parametrization = twin.parametrization
            #expect(configuration == twin)
        }
        // The diagnosis reads them.
        let diagnosis = try #require(plan.node(.diagnosis))
        #expect(fixed.allSatisfy { diagnosis.inputs.contains($0.id) })
        // What they add, in the estimated operations shards are balanced by.
        let cost = { (nodes: [PlanNode]) in nodes.reduce(0.0) { $0 + RunCost.flops($1.runConfiguration!, testExamples: Executor.testExamples($1)) } }
        let share = cost(fixed) / cost(plan.runs)
        print("prescribed runs (\(quick ? "quick" : "full")): \(fixed.count) of \(plan.runs.count), \(String(format: "%.1f", 100 * share))% of the estimated operations")
        #expect(share < 0.2)
    }
}
