import ArgumentParser
import Pipeline

/// `spectral-report settings`: the run settings an experiment file may set.
struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "List the run settings an experiment's [defaults], sweeps and [quick] preset may set, as a Markdown table.")

    func run() throws {
        print(RunSettings.markdownReference(), terminator: "")
    }
}
