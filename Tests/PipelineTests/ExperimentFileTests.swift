import Foundation
import Testing
@testable import Pipeline

@Suite("Experiment files: validation names file, line and key")
struct ExperimentFileTests {
    func error(_ text: String) -> InputError? {
        do {
            _ = try ExperimentLoader.parse(text: text, path: "x.toml")
            return nil
        } catch let error as InputError {
            return error
        } catch {
            return nil
        }
    }

    @Test func theDefaultExperimentLoadsInBothPresets() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("experiments/spectral-condition.toml").path
        let full = try ExperimentLoader.load(path: path)
        let quick = try ExperimentLoader.load(path: path, quick: true)
        #expect(full.figures.count == 9 && quick.figures.count == 9)
        #expect(full.sweep(named: "adam")?.settings.optimizer == .adam)
        let movement = try #require(full.sweep(named: "movement"))
        #expect(movement.widths == [64, 128, 256, 512, 1024, 2048, 4096] && movement.settings.seeds == 3)
        let quickMovement = try #require(quick.sweep(named: "movement"))
        #expect(quickMovement.widths.last! / quickMovement.widths.first! >= 16 && quickMovement.settings.seeds == 2)
        let transfer = try #require(full.sweep(named: "transfer"))
        #expect(transfer.widths.count >= 5 && (transfer.learningRates?.count ?? 0) >= 7)
    }

    @Test func syntaxErrorGivesItsLine() {
        let e = error("title = \"x\"\n\n[defaults\nsteps = 3\n")
        #expect(e?.line == 3)
        #expect(e?.message.contains("syntax") == true)
    }

    @Test func unknownKeySuggestsTheRightOne() {
        let e = error("title = \"x\"\n[defaults]\nlearning_rat = 0.1\n")
        #expect(e?.line == 3 && e?.key == "defaults.learning_rat")
        #expect(e?.message.contains("did you mean 'learning_rate'") == true)
        let top = error("titel = \"x\"\n")
        #expect(top?.message.contains("did you mean 'title'") == true)
    }

    @Test func badValuesAreRejected() {
        let negative = error("title = \"x\"\n[sweeps.a]\nwidths = [64, -8]\n")
        #expect(negative?.key == "sweeps.a.widths" && negative?.line == 3)
        let type = error("title = \"x\"\n[defaults]\nsteps = \"ten\"\n")
        #expect(type?.message.contains("integer") == true)
        let parametrization = error("title = \"x\"\n[sweeps.a]\nwidths = [8]\nparametrizations = [\"spectal\"]\n")
        #expect(parametrization?.message.contains("did you mean 'spectral'") == true)
        let kind = error("title = \"x\"\n[sweeps.a]\nwidths = [8]\n[[figures]]\nid = \"f\"\nkind = \"loss_curve\"\nsweep = \"a\"\n")
        #expect(kind?.key == "figures[0].kind" && kind?.line == 6 && kind?.message.contains("loss_curves") == true)
        let id = error("title = \"x\"\n[sweeps.a]\nwidths = [8]\n[[figures]]\nid = \"../etc/passwd\"\nkind = \"loss_curves\"\nsweep = \"a\"\n")
        #expect(id?.message.contains("safe file name") == true)
        let sweep = error("title = \"x\"\n[sweeps.a]\nwidths = [8]\n[[figures]]\nid = \"f\"\nkind = \"loss_curves\"\nsweep = \"b\"\n")
        #expect(sweep?.key == "figures[0].sweep")
        let momentum = error("title = \"x\"\n[defaults]\nmomentum = 1.5\n")
        #expect(momentum?.key == "defaults.momentum")
    }

    @Test func emptyAndMissingFiles() throws {
        #expect(error("")?.message.contains("title") == true)
        #expect(throws: InputError.self) { try ExperimentLoader.load(path: "/no/such/file.toml") }
        let garbage = FileManager.default.temporaryDirectory.appendingPathComponent("garbage-\(UUID().uuidString).toml")
        try Data([0xFF, 0xFE, 0x00, 0x81, 0x13, 0x37]).write(to: garbage)
        #expect(throws: InputError.self) { try ExperimentLoader.load(path: garbage.path) }
    }

    @Test func quickSectionIsValidatedEvenWhenUnused() {
        let e = error("title = \"x\"\n[sweeps.a]\nwidths = [8]\n[quick.sweeps.b]\nwidths = [8]\n")
        #expect(e?.key == "quick.sweeps.b")
    }

    @Test func numbersMustFitTheEnginesSinglePrecision() {
        for (key, value) in [("learning_rate", "1e39"), ("learning_rate", "1e-320"), ("init_gain", "1e39"), ("weight_decay", "1e308")] {
            let e = error("title = \"x\"\n[defaults]\n\(key) = \(value)\n")
            #expect(e?.line == 3 && e?.key == "defaults.\(key)" && e?.message.contains("single precision") == true, "\(key) = \(value)")
        }
        #expect(error("title = \"x\"\n[defaults]\nweight_decay = 0\nlearning_rate = 1e-30\n") == nil)
        let rates = error("title = \"x\"\n[sweeps.a]\nwidths = [8]\nlearning_rates = [0.1, 1e40]\n")
        #expect(rates?.key == "sweeps.a.learning_rates" && rates?.line == 4)
    }

    @Test func valuesAPresetOverridesAreCheckedToo() {
        // Both presets are read, so a bad width is refused with or without --quick.
        let text = "title = \"x\"\n[sweeps.a]\nwidths = [-64, 8]\n[quick.sweeps.a]\nwidths = [8]\n"
        for quick in [false, true] {
            do {
                _ = try ExperimentLoader.parse(text: text, path: "x.toml", quick: quick)
                Issue.record("accepted with quick = \(quick)")
            } catch let e as InputError {
                #expect(e.key == "sweeps.a.widths" && e.line == 3)
            } catch { Issue.record("\(error)") }
        }
    }

    @Test func limitsComeFromRunLimits() {
        #expect(error("title = \"x\"\n[sweeps.a]\nwidths = [16385]\n")?.message == "must be between 1 and 16384, got 16385")
        #expect(error("title = \"x\"\n[defaults]\ndepth = 17\n")?.message == "must be between 1 and 16, got 17")
        #expect(error("title = \"x\"\n[defaults]\nevaluation_size = 0\n")?.key == "defaults.evaluation_size")
    }

    @Test func reservedAndDuplicateIdsAreRefused() {
        let figure = "[sweeps.a]\nwidths = [8]\n[[figures]]\nid = \"summary\"\nkind = \"loss_curves\"\nsweep = \"a\"\n"
        #expect(error("title = \"x\"\n" + figure)?.message.contains("reserved") == true)
        let twice = "[sweeps.a]\nwidths = [8]\n[[figures]]\nid = \"f\"\nkind = \"loss_curves\"\nsweep = \"a\"\n[[tables]]\nid = \"f\"\nkind = \"exponents\"\n"
        let e = error("title = \"x\"\n" + twice)
        #expect(e?.key == "tables[0].id" && e?.message == "duplicate id 'f'")
    }
}
