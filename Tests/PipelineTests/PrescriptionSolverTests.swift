import Foundation
import Testing
@testable import Pipeline
@testable import Training

/// The joint solver on declared exponents: the built-ins' prescriptions, schemes broken in
/// one field, the abc symmetry, and the block it writes reading back as the fixed scheme.
@Suite("Prescriptions solved jointly from the exponent structure")
struct PrescriptionSolverTests {
    static let kinds: [LayerKind] = [.input, .hidden, .output]

    static func solve(_ p: Parametrization, _ optimizers: [OptimizerKind]) -> PrescriptionSolver.Solution {
        PrescriptionSolver.solve(p, optimizers: optimizers, kinds: kinds, name: "\(p.name)-fixed")
    }

    static func scheme(_ name: String, from base: BuiltinParametrization, _ overrides: [LayerKind: WidthExponents]) -> Parametrization {
        Parametrization(name: name, scheme: ParametrizationScheme(base: base, overrides: overrides))
    }

    static func describe(_ changes: [PrescriptionChange]) -> [String] {
        changes.map { "\($0.layerKind.rawValue).\($0.field.rawValue)\($0.exponentChange > 0 ? "+" : "")\(PrescriptionSolver.number($0.exponentChange))" }
    }

    @Test func theSpectralFamilyNeedsNothingAndIsEquivalentToItself() {
        for p in [Parametrization.spectral, .mup, .spectralNormalized] {
            let solution = Self.solve(p, [.sgd, .adam])
            #expect(solution.changes.isEmpty && solution.fixed == nil, "\(p): \(Self.describe(solution.changes))")
        }
        #expect(Self.solve(.spectral, [.sgd, .adam]).equivalentTo == ["spectral", "mup"])
        #expect(Self.solve(.spectralNormalized, [.sgd]).equivalentTo == ["spectral-normalized"])
        // μP written from the standard parametrization (the README's) is μP.
        let mupFromStandard = Self.scheme("mup-from-standard", from: .standard, [
            .input: WidthExponents(learningRateSGD: 1), .hidden: WidthExponents(learningRateAdam: -1),
            .output: WidthExponents(initialization: 0, multiplier: -1, learningRateSGD: 1),
        ])
        #expect(Self.solve(mupFromStandard, [.sgd, .adam]).changes.isEmpty)
    }

    @Test func standardUnderSGDIsFixedAtTheOutputAndInputOnly() {
        // The per-layer misses suggest four fixes (input rate ×n^½, hidden ×n^−½, output init
        // ×n^−½ and rate ×n^−1); jointly, the output's initial fault explains the hidden and
        // part of the input miss, and one multiplier fixes the output's norm and update.
        let solution = Self.solve(.standard, [.sgd])
        #expect(Self.describe(solution.changes) == ["input.lr_sgd+1", "output.multiplier-0.5"])
        #expect(solution.equivalentTo == ["spectral", "mup"])
        let model = ExponentModel(.standard)
        #expect(model.ownUpdateExcess(.hidden, .sgd) == 0)
        #expect(model.inheritedUpdateExcess(layer: 2, kinds: Self.kinds, .sgd) == [.output: 0.5])
        #expect(model.ownUpdateExcess(.input, .sgd) == -1 && model.initialExcess(.output) == 0.5)
    }

    @Test func ntkAndAdamPrescriptionsReachTheSpectralInvariants() {
        #expect(Self.describe(Self.solve(.ntk, [.sgd]).changes) == ["input.lr_sgd+1", "hidden.lr_sgd+1", "output.init-0.5"])
        #expect(Self.describe(Self.solve(.standard, [.adam]).changes) == ["hidden.lr_adam-1", "output.init-0.5", "output.lr_adam-1"])
        for p in [Parametrization.standard, .ntk] {
            for optimizers in [[OptimizerKind.sgd], [.adam], [.sgd, .adam]] {
                let solution = Self.solve(p, optimizers)
                guard let fixed = solution.fixed else { Issue.record("\(p) has no fix"); continue }
                #expect(ExponentModel(fixed).isEquivalent(to: ExponentModel(.spectral), optimizers: optimizers), "\(p) \(optimizers)")
                #expect(solution.equivalentTo.contains("spectral") && solution.equivalentTo.contains("mup"))
            }
        }
    }

    @Test func aSchemeBrokenInOneFieldGetsThatFieldBack() {
        let cases: [(WidthExponents, LayerKind, String)] = [
            (WidthExponents(initialization: 0), .hidden, "hidden.init-0.5"),
            (WidthExponents(learningRateSGD: 0, learningRateAdam: 0), .output, "output.lr_sgd-1"),
            (WidthExponents(multiplier: -0.5), .hidden, "hidden.multiplier+0.5"),
            (WidthExponents(learningRateSGD: 0), .input, "input.lr_sgd+1"),
        ]
        for (broken, kind, expected) in cases {
            let p = Self.scheme("broken", from: .spectral, [kind: broken])
            #expect(Self.describe(Self.solve(p, [.sgd]).changes) == [expected], "\(kind) \(broken)")
        }
        // Joint over both optimizers, one multiplier fixes the standard output's norm and
        // SGD update, with its Adam rate moved by the rest.
        #expect(Self.describe(Self.solve(.standard, [.sgd, .adam]).changes) == ["input.lr_sgd+1", "hidden.lr_adam-1", "output.multiplier-0.5", "output.lr_adam-0.5"])
        // Two faults in two layers: both come back, nothing else moves.
        let two = Self.scheme("two", from: .spectral, [.output: WidthExponents(initialization: -0.5), .hidden: WidthExponents(learningRateSGD: 0.5)])
        #expect(Self.describe(Self.solve(two, [.sgd]).changes) == ["hidden.lr_sgd-0.5", "output.init-0.5"])
        // Under SGD the output's initial fault shows in the hidden update too, as a consequence.
        #expect(ExponentModel(two).inheritedUpdateExcess(layer: 2, kinds: Self.kinds, .sgd) == [.output: 0.5])
        #expect(ExponentModel(two).inheritedUpdateExcess(layer: 2, kinds: Self.kinds, .adam).isEmpty)
    }

    @Test func theAbcSymmetryLeavesTheInvariants() {
        // Multiplier ×n^θ, init ×n^−θ, SGD rate ×n^−2θ, Adam rate ×n^−θ: the same training.
        let shifted = Self.scheme("shifted", from: .spectral, [
            .hidden: WidthExponents(initialization: -1, multiplier: 0.5, learningRateSGD: -1, learningRateAdam: -1.5),
        ])
        #expect(ExponentModel(shifted).isEquivalent(to: ExponentModel(.spectral), optimizers: [.sgd, .adam]))
        #expect(Self.solve(shifted, [.sgd, .adam]).changes.isEmpty)
        let notShifted = Self.scheme("not", from: .spectral, [.hidden: WidthExponents(multiplier: 0.5)])
        #expect(!ExponentModel(notShifted).isEquivalent(to: ExponentModel(.spectral), optimizers: [.sgd]))
    }

    @Test func theBlockReadsBackAsTheFixedScheme() throws {
        let broken = Self.scheme("broken", from: .spectral, [.output: WidthExponents(learningRateSGD: 0, learningRateAdam: 0), .input: WidthExponents(initialization: 0)])
        for p in [Parametrization.standard, .ntk, broken] {
            let solution = Self.solve(p, [.sgd, .adam])
            let fixed = try #require(solution.fixed)
            let toml = PrescriptionSolver.toml(fixed, original: p, changes: solution.changes)
            #expect(toml.hasPrefix("[parametrizations.\(p.name)-fixed]"))
            let experiment = try ExperimentLoader.parse(text: "title = \"Pasted\"\n\n" + toml + """

                [sweeps.s]
                parametrizations = ["\(fixed.name)"]
                widths = [32, 64]
                """, path: "fixed.toml")
            let read = try #require(experiment.sweeps.first?.parametrizations.first)
            #expect(read.scheme == fixed.scheme, "\(toml)")
        }
    }

    @Test func aSchemeEncodesTheSameWhateverItsDictionarysOrder() throws {
        // A fixed scheme overrides several kinds; its encoding is part of its runs' keys.
        let exponents: [(LayerKind, WidthExponents)] = [(.input, WidthExponents(learningRateSGD: 1)), (.hidden, WidthExponents(learningRateAdam: -1)),
                                                        (.output, WidthExponents(multiplier: -0.5))]
        var forward: [LayerKind: WidthExponents] = [:]
        for (kind, e) in exponents { forward[kind] = e }
        var backward = [LayerKind: WidthExponents](minimumCapacity: 97)
        for (kind, e) in exponents.reversed() { backward[kind] = e }
        let a = ParametrizationScheme(base: .standard, overrides: forward), b = ParametrizationScheme(base: .standard, overrides: backward)
        let text = try ContentHash.canonicalJSON(a)
        #expect(text == (try ContentHash.canonicalJSON(b)))
        #expect(String(decoding: text, as: UTF8.self).contains(#""overrides":["input","#))
        #expect(try JSONDecoder().decode(ParametrizationScheme.self, from: text) == a)
    }
}
