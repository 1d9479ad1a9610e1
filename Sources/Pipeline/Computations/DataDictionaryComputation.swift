import Foundation

/// Writes `data/README.md`: every data file of the report, every column and quantity, and
/// how slopes are fitted, from the same definitions the files are written with.
struct DataDictionaryComputation: NodeComputation {
    let figures: [FigureSpec]

    /// The text itself is the key: it is cheap to make, and any change to the definitions
    /// it is written from then rewrites it.
    struct Parameters: Encodable { let text: String }
    var parameters: Parameters { Parameters(text: Self.markdown(figures: figures)) }
    static var kind: NodeKind { .page }
    var artifacts: Set<Artifact> { [.dataDictionary] }
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
            form: named columns, one row per observation, numbers as the shortest text that reads back to the same \
            single-precision value (`0.01`, not `0.009999999776482582`: training runs in single precision), empty cells for \
            missing or non-finite values (a diverged run). Load any of them with `pandas.read_csv`. A run counts as \
            \(Divergence.description); its values at the end are then missing from every figure, table and verdict.

            ## runs.csv

            Every quantity every run recorded: one row per run × recorded step × layer × quantity, including the changes since \
            initialisation (`feature_change_rms`, `weight_change_spectral_norm`), the absolute norms (`weight_spectral_norm` at \
            step 0, `update_spectral_norm`) and the loss of every training pass (`batch_loss`, one row per step). Seconds are \
            not data: they differ between two runs of the same configuration, and the report's files are byte-reproducible; \
            `spectral-report run --json` gives the time taken.

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
            - `lr_transfer`: the best learning rate (lowest mean final training loss) per parametrization and width, with \
            `seed_optima` (every seed's optimum, refined between grid points by the parabola through the best rate and its two \
            neighbours, ln loss against log₂ rate) and `optimum_at_edge`; `lr_transfer_shift`: per parametrization the width \
            `exponent` of the best rate (least-squares slope of ln η* against ln n over every seed's optimum) with `ci95` and \
            the number of optima (`points`), `edge_widths` (widths where an optimum is the grid's lowest or highest rate), and \
            `grid_steps` (how far the mean's best rate moves on the grid).
            - `verdicts`: `measured` (a width exponent of a movement, or of the best rate, as `measure` says) with `ci95`, \
            against `expected`, the band the theory allows (`low` and `high`, `null` for an open end), and `rivals`, the bands \
            of the predictions it is told apart from; `outcome` is `consistent` (the interval overlaps the band and no \
            rival's), `inconsistent` (it misses the band) or `inconclusive` (it overlaps a rival's too, or `note` says why: an \
            optimum at the grid's edge); `pass` is `outcome == consistent`.
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
            - `provenance`: tool version, experiment file and its SHA-256, date and `date_source` (`SOURCE_DATE_EPOCH` when \
            set, else `rendered`), `tool_commit` (the git commit of the tool's checkout, `+dirty` with uncommitted changes; \
            `null` under `SOURCE_DATE_EPOCH`, so that a reproducible report depends on its inputs and the tool's version only), \
            the BLAS kernels the runs used, the preset, and the number of runs and diverged runs.

            ## experiment.toml

            A copy of the experiment file the report was made from, with LF line ends as it was read (its SHA-256 is \
            `experiment_sha256`); with `preset` it is everything needed to run the report again.

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
