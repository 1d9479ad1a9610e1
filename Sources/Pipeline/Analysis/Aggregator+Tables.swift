import Training

/// Each figure's data in long form, for `data/<figure>.csv`: named columns, one row per
/// parametrization (or activation), width (or batch, learning rate), step, layer and
/// quantity, with statistics over seeds. Every recorded step is included, not only those a
/// figure draws.
extension Aggregator {
    /// The long table of `figure`, as its kind's recipe makes it.
    static func table(_ figure: FigureSpec, _ sweep: SweepRuns) -> LongTable { figure.kind.recipe.table(figure, sweep) }

    /// Steps any run of the sweep was to record, ascending (a diverged run misses the later
    /// ones, and its rows count it as diverged).
    static func recordedSteps(_ sweep: SweepRuns) -> [Int] {
        Array(Set(sweep.runs.flatMap(\.configuration.resolvedMetricSteps))).sorted()
    }

    /// Rows of parametrization × quantity × layer × step × width; network-wide quantities
    /// (the loss, the logits' change) have an empty layer.
    static func movementTable(_ sweep: SweepRuns, quantities: [Quantity], layers: [Int], logits: Bool) -> LongTable {
        var table = LongTable(columns: [.parametrization, .optimizer, .quantity, .layer, .step, .width] + SeedStatistics.columns)
        let networkWide = quantities.filter { $0 == .trainLoss } + (logits ? [.logitChange] : [])
        let perLayer = quantities.filter { $0 != .trainLoss }
        for p in sweep.parametrizations {
            let runs = sweep.of(p)
            let optimizer = runs.first?.configuration.optimizer.kind.rawValue ?? ""
            let rows: [(Quantity, Int?)] = perLayer.flatMap { q in layers.map { (q, Optional($0)) } } + networkWide.map { ($0, nil) }
            for (quantity, layer) in rows {
                for step in recordedSteps(sweep) {
                    for width in sweep.widths {
                        let values = runs.filter { $0.configuration.architecture.width == width }.map { run in
                            quantity == .featureChangeRMS ? SweepRuns.changeRMS(run, step: step, layer: layer ?? 0)
                                : SweepRuns.snapshot(run, step: step).flatMap { quantity.value(in: $0, layer: layer ?? 0) }
                        }
                        guard !values.isEmpty else { continue }
                        table.append([.text(p.rawValue), .text(optimizer), .text(quantity.rawValue), layer.map(LongTable.Cell.integer) ?? .empty,
                                      .integer(step), .integer(width)] + SeedStatistics(values).cells)
                    }
                }
            }
        }
        return table
    }

    /// The loss curves' points: batch losses averaged over bins of steps `step…last_step`.
    static func lossCurveTable(_ sweep: SweepRuns) -> LongTable {
        var table = LongTable(columns: [.parametrization, .optimizer, .quantity, .step, .lastStep, .width] + SeedStatistics.columns)
        for p in sweep.parametrizations {
            let runs = sweep.of(p)
            let optimizer = runs.first?.configuration.optimizer.kind.rawValue ?? ""
            for width in sweep.widths {
                for bin in lossBins(runs.filter { $0.configuration.architecture.width == width }, steps: sweep.lastStep) {
                    table.append([.text(p.rawValue), .text(optimizer), .text(Quantity.batchLoss.rawValue), .integer(bin.first), .integer(bin.last),
                                  .integer(width)] + bin.statistics.cells)
                }
            }
        }
        return table
    }

    static func lowRankTable(_ sweep: SweepRuns, layer: Int) -> LongTable {
        var table = LongTable(columns: [.parametrization, .activation, .quantity, .layer, .step, .batch] + SeedStatistics.columns)
        for p in sweep.parametrizations {
            for activation in Statistics.ordered(sweep.of(p).map(\.configuration.architecture.activation)) {
                let selected = sweep.of(p).filter { $0.configuration.architecture.activation == activation }
                for quantity in [Quantity.updateStableRank, .updateBatchAlignment, .updateAlignment, .randomAlignment] {
                    for batch in Array(Set(selected.map(\.configuration.batchSize))).sorted() {
                        let values = selected.filter { $0.configuration.batchSize == batch }.map { run in
                            SweepRuns.lowRankValue(run, quantity, layer: layer)
                        }
                        table.append([.text(p.rawValue), .text(activation.rawValue), .text(quantity.rawValue), .integer(layer), .integer(1),
                                      .integer(batch)] + SeedStatistics(values).cells)
                    }
                }
            }
        }
        return table
    }

    /// The training loss against the rate at every horizon the figure compares (the
    /// optimum panel draws the earlier ones' best rates), the end last.
    static func transferTable(_ sweep: SweepRuns) -> LongTable {
        var table = LongTable(columns: [.parametrization, .optimizer, .width, .learningRate, .quantity, .step] + SeedStatistics.columns + [.best])
        let horizons = sweep.runs.isEmpty ? [sweep.lastStep] : transferHorizons(sweep)
        for p in sweep.parametrizations {
            let runs = sweep.of(p)
            for width in sweep.widths {
                let selected = runs.filter { $0.configuration.architecture.width == width }
                let rates = Array(Set(selected.map { Double($0.configuration.learningRate) })).sorted()
                for horizon in horizons {
                    let final = horizon == horizons.last
                    let statistics = rates.map { rate in
                        SeedStatistics(selected.filter { Double($0.configuration.learningRate) == rate }
                            .map { SweepRuns.snapshot($0, step: final ? nil : horizon)?.trainLoss })
                    }
                    let best = statistics.enumerated().filter { $0.element.mean.isFinite }.min { $0.element.mean < $1.element.mean }?.offset
                    for (index, rate) in rates.enumerated() {
                        table.append([.text(p.rawValue), .text(selected.first?.configuration.optimizer.kind.rawValue ?? ""), .integer(width),
                                      .number(rate), .text(Quantity.trainLoss.rawValue), .integer(horizon)]
                                     + statistics[index].cells + [.flag(index == best)])
                    }
                }
            }
        }
        return table
    }
}

/// Every measurement of every run, in long form: `data/runs.csv`. Every quantity a run
/// records is here, and those computed from two of its snapshots (changes since
/// initialisation); seconds are not, since they differ between two runs of the same
/// configuration and the report's files are byte-reproducible (`run --json` and
/// `cache status` give them).
enum RunsTable {
    static let columns: [LongTable.Column] = [.run, .sweep, .parametrization, .optimizer, .width, .depth, .learningRate, .batch,
                                             .activation, .seed, .status, .step, .layer, .quantity, .value]
    /// Quantities of each layer read from one snapshot.
    static let layerQuantities: [Quantity] = [.featureMovement, .weightMovement, .weightMovementFrobenius, .activationRMS, .preactivationRMS,
                                              .weightSpectralNorm, .updateSpectralNorm, .updateStableRank, .updateAlignment, .updateBatchAlignment,
                                              .featureChangeOwnRMS, .featureChangeDriftRMS]
    /// Quantities of each layer computed from a snapshot and the one at initialisation.
    static let layerChanges: [Quantity] = [.featureChangeRMS, .weightChangeSpectralNorm]
    /// Quantities of the whole network.
    static let networkQuantities: [Quantity] = [.trainLoss, .testLoss, .testAccuracy, .logitRMS, .logitChange]

    /// `quantity` (one of `layerChanges`) of `layer` at `snapshot`, from it and `initial`.
    static func change(_ quantity: Quantity, layer: Int, _ snapshot: MetricsSnapshot, initial: MetricsSnapshot?) -> Double? {
        guard let initial else { return nil }
        switch quantity {
        case .featureChangeRMS:
            return Quantity.featureMovement.value(in: snapshot, layer: layer).flatMap { m in Quantity.activationRMS.value(in: initial, layer: layer).map { m * $0 } }
        case .weightChangeSpectralNorm:
            return Quantity.weightMovement.value(in: snapshot, layer: layer).flatMap { m in Quantity.weightSpectralNorm.value(in: initial, layer: layer).map { m * $0 } }
        default: return nil
        }
    }

    static func make(_ runs: [(node: NodeID, sweep: String, result: RunResult)]) -> LongTable {
        var table = LongTable(columns: columns)
        for (node, sweep, result) in runs {
            let c = result.configuration
            let prefix: [LongTable.Cell] = [.text(node.rawValue), .text(sweep), .text(c.parametrization.rawValue), .text(c.optimizer.kind.rawValue),
                                            .integer(c.architecture.width), .integer(c.architecture.depth), .number(Double(c.learningRate)),
                                            .integer(c.batchSize), .text(c.architecture.activation.rawValue), .integer(Int(c.seed)),
                                            .text(Divergence.status(result))]
            let initial = result.snapshots.first { $0.step == 0 }
            for snapshot in result.snapshots {
                for quantity in networkQuantities {
                    if let value = quantity.value(in: snapshot, layer: 0) {
                        table.append(prefix + [.integer(snapshot.step), .empty, .text(quantity.rawValue), .number(value)])
                    }
                }
                for layer in snapshot.layers.map(\.layer) {
                    for quantity in layerQuantities {
                        if let value = quantity.value(in: snapshot, layer: layer) {
                            table.append(prefix + [.integer(snapshot.step), .integer(layer), .text(quantity.rawValue), .number(value)])
                        }
                    }
                    for quantity in layerChanges {
                        if let value = change(quantity, layer: layer, snapshot, initial: initial) {
                            table.append(prefix + [.integer(snapshot.step), .integer(layer), .text(quantity.rawValue), .number(value)])
                        }
                    }
                }
            }
            // The loss of every training pass, at the step of the model it measured.
            for (step, loss) in result.batchLosses.enumerated() {
                table.append(prefix + [.integer(step), .empty, .text(Quantity.batchLoss.rawValue), .number(loss)])
            }
        }
        return table
    }
}
