import Foundation

/// Writes `data/README.md`: every data file of the report, every column and quantity, and
/// how slopes are fitted, from the same definitions the files are written with.
struct DataDictionaryComputation: NodeComputation {
    let figures: [FigureSpec]

    /// The text itself is the key: it is cheap to make, and any change to the definitions
    /// it is written from then rewrites it.
    struct Parameters: Encodable { let text: String }
    var parameters: Parameters { Parameters(text: Self.markdown(figures: figures)) }
    var reportFiles: [(path: String, artifact: Artifact)] { [("data/README.md", .dataDictionary)] }

    func compute(_ inputs: ComputationInputs) throws -> ComputationOutput {
        ComputationOutput([.dataDictionary: Data(parameters.text.utf8)])
    }

    static func columns(_ columns: [LongTable.Column]) -> String {
        (["| column | meaning |", "|---|---|"] + columns.map { "| `\($0.name)` | \($0.meaning) |" }).joined(separator: "\n")
    }

    static func markdown(figures: [FigureSpec]) -> String {
        var sections = ["""
            # The data of this report

            Written by spectral-report \(ToolInfo.version) from the definitions the files are written with. Every CSV is in long \
            form: named columns, one row per observation, numbers in the shortest exact decimal form, empty cells for missing or \
            non-finite values (a diverged run). Load any of them with `pandas.read_csv`.

            ## runs.csv

            Every measurement of every run: one row per run × recorded step × layer × quantity.

            \(columns(RunsTable.columns))
            """]
        for figure in figures {
            let table = Aggregator.table(figure, SweepRuns(runs: []))
            sections.append("""
                ## \(figure.id).csv

                The data of figure `\(figure.id)` (\(figure.kind.rawValue.replacingOccurrences(of: "_", with: " "))), statistics over \
                the seeds of each configuration.

                \(columns(table.columns))

                `\(figure.id).json` holds what the figure draws, panel by panel: titles, axis labels and scales, and per series \
                its label, points and band; `spectral-report compare` overlays two reports' figures from it.
                """)
        }
        let quantities = Quantity.allCases.map { "| `\($0.rawValue)` | \($0.meaning) |" }
        sections.append((["## Quantities", "", "| quantity | meaning |", "|---|---|"] + quantities).joined(separator: "\n"))
        sections.append("""
            ## summary.json

            - `exponents`: one record per parametrization, optimizer, quantity, layer and step (1: after the first update; the \
            last step: at the end). `slope` is the least-squares slope of ln(mean over seeds) against ln(width) over the widths \
            where every seed has a positive, finite value; `ci95` is the half-width of its 95% interval (Student's t with \
            widths − 2 degrees of freedom times the slope's standard error); `theory` is the exponent the theory predicts, or \
            `null`. Slopes and intervals are rounded to four decimals.
            - `lr_transfer`: the best learning rate (lowest mean final training loss) per parametrization and width; \
            `lr_transfer_shift`: how many steps of the rate grid the best rate moves across widths.
            - `verdicts`: `measured` (an exponent, or grid steps as `measure` says) against `expected` (`low` and `high`, \
            `null` for an open end); `pass`.
            - `diagnosis`: the per-layer diagnosis, one record per parametrization, optimizer, layer and quantity \
            (`weight_spectral_norm`: ‖W_l‖_* at initialisation, effective weights; `weight_change_spectral_norm`: \
            ‖W_l(t) − W_l(0)‖_*; `feature_change_rms`: ‖h_l(t) − h_l(0)‖_RMS) at a `step` (0, 1, or the last), with the \
            `sweep` it was measured on, the `layer_kind` (input, hidden, output), `slope` and `ci95` as above, the spectral \
            condition's `target` exponent, `pass` (within ±0.2 of it) and, for a miss, either the `fix` in words (the \
            layer's own fault) or the `consequence` (another layer's fault explains it; no fix); feature-change records \
            carry `own_slope` and `drift_slope`, the exponents of the refined coordinate check's two parts.
            - `prescriptions`: one record per parametrization and optimizer diagnosed: the `changes` solved jointly over \
            the layers (each `layer_kind`, `field` — `init`, `multiplier`, `lr_sgd`, `lr_adam` — `from`, `to` and \
            `exponent_change`; empty when the scheme meets the condition), the `toml` block of the fixed scheme \
            (`fixed_parametrization`, trained on the same `sweep`), the built-ins it is `equivalent_to` up to the abc \
            symmetry, and `verified`: `pass` (every record of the fixed scheme at initialisation and after one step meets \
            its target), `pass_at_end`, the fixed scheme's `diagnosis` records, a `note`, and, when it still misses, a \
            `second_iteration` (not trained, so not verified).
            - `provenance`: tool version, experiment file and its SHA-256, date (`SOURCE_DATE_EPOCH` when set), the BLAS \
            kernels the runs used, the preset, and the number of runs and diverged runs.

            ## experiment.json

            The experiment as it was run: name, title, experiment file and its SHA-256, preset, and per sweep its \
            parametrizations, widths, learning rates, batch sizes, activations, number of runs, and `settings`: the value of \
            every run setting (the keys of the experiment file's `[defaults]`) after defaults, preset and sweep overrides. \
            `spectral-report compare` reads it for the settings diff; the site index reads the title.

            ## A slope from runs.csv, with pandas

            ```python
            import numpy as np, pandas as pd
            runs = pd.read_csv("data/runs.csv")
            rows = runs[(runs.sweep == "movement") & (runs.parametrization == "spectral") &
                        (runs.quantity == "feature_movement") & (runs.layer == 2) & (runs.step == 1)]
            means = rows.groupby("width")["value"].mean()
            print(np.polyfit(np.log(means.index), np.log(means.values), 1)[0])   # the slope in summary.json
            ```
            """)
        return sections.joined(separator: "\n\n") + "\n"
    }
}
