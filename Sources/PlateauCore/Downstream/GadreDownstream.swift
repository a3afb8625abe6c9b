import Foundation
import PlateauOptim

/// Gadre et al. 2024's bundled evaluations as a ``ScoreTable`` (46 tasks of their open_lm runs,
/// C4-eval loss for the two-step law), and their 17-task aggregate prediction.
extension DownstreamAnalysis {
    /// A prediction of a held-out run's mean top-1 error over Gadre et al.'s 17-task subset.
    package struct AggregatePrediction: Sendable, Equatable {
        package var run: String
        package var parameters: Double
        /// Tokens per parameter, M = D/N.
        package var tokensPerParameter: Double
        /// The measured mean error.
        package var error: Double
        package var predicted: Double
        /// The loss the prediction was made from: predicted by the loss law (Gadre et al.'s
        /// recipe) or measured (the variant).
        package var loss: Double
        package var relativeError: Double { abs(predicted / error - 1) }
    }

    /// How the aggregate error was predicted.
    package enum AggregateRecipe: String, Sendable, CaseIterable {
        /// Gadre et al. 2024's recipe (their repository's `fit_ds`): Eq. 4 (the loss law, β tied
        /// to α) by least squares on the M = 20 runs of the four small shapes and the 0.011B
        /// M = 320 run; Eq. 5 (error from loss) by least squares on those five runs plus the 1.4B
        /// M = 20 run; the held-out runs' error from the loss Eq. 4 *predicts* for them.
        case gadre
        /// Eq. 5 by Huber on log residuals on every run below 1B parameters, evaluated at each
        /// held-out run's *measured* loss.
        case measuredLoss = "measured-loss"

        package var label: String {
            switch self {
            case .gadre:
                "Gadre et al.'s recipe: Eq. 4 fitted on 5 small runs predicts the loss, Eq. 5 fitted on 6 runs (incl. 1.4B at M = 20) maps it to error, least squares"
            case .measuredLoss:
                "variant: Eq. 5 fitted (huber-log) on every run below 1B, evaluated at the measured loss"
            }
        }
    }

    /// The tasks of the bundled evaluations (Gadre et al.'s 46).
    package static let bundledTaskCount = 46

    /// Gadre et al.'s runs trained on `dataset` (`rpj`, `c4_original` or `rw_original`): the
    /// runs below 1B parameters predict the larger ones, as in the paper.
    ///
    /// - Throws: ``InputError`` for an unknown dataset or damaged bundled files.
    package static func bundled(
        dataset: String = "rpj", options: Options = Options(), progress: (@Sendable () -> Void)? = nil
    ) throws -> DownstreamAnalysis {
        let runsTable = try BundledDataset.gadreRuns.table()
        let runs = try RunTable(table: runsTable, overrides: [.loss: "loss_c4_val", .group: "train_dataset"])
        let names = try column(runsTable, "run_name")
        var runIndex: [String: Int] = [:]
        var order: [Int] = []
        for (i, row) in runsTable.rows.enumerated() where runs.groups?[i] == dataset {
            runIndex[row[names].text ?? ""] = order.count
            order.append(i)
        }
        guard !order.isEmpty else {
            throw InputError(
                file: BundledDataset.gadreRuns.displayName, problem: "no runs trained on '\(dataset)'",
                remedy: "use rpj, c4_original or rw_original")
        }
        let models = order.map { i in
            ScoreTable.Model(
                name: runsTable.rows[i][names].text ?? "", run: runsTable.rows[i][names].text,
                parameters: runs.parameters[i], flops: runs.flops[i], loss: runs.losses[i], line: runs.lines[i])
        }
        let meta = try BundledDataset.gadreTasks.table()
        let metaTask = try column(meta, "Eval Task"), metaCategory = try column(meta, "Task Category")
        let metaSize = try column(meta, "#datapoints")
        var categories: [String: (String, Int)] = [:]
        for row in meta.rows {
            categories[row[metaTask].text ?? ""] = (row[metaCategory].text ?? "", Int(row[metaSize].text ?? "") ?? 0)
        }
        let scores = try BundledDataset.gadreDownstream.table()
        let sRun = try column(scores, "run_name"), sTask = try column(scores, "task")
        let sChance = try column(scores, "random_baseline_accuracy_pct"), sAcc = try column(scores, "accuracy")
        var tasks: [ScoreTable.Task] = []
        var position: [String: Int] = [:]
        for row in scores.rows {
            guard let m = runIndex[row[sRun].text ?? ""], let acc = Double(row[sAcc].text ?? "") else { continue }
            let name = row[sTask].text ?? ""
            if position[name] == nil {
                position[name] = tasks.count
                let size = categories[name]?.1 ?? 0
                tasks.append(
                    ScoreTable.Task(
                        name: name, chance: (Double(row[sChance].text ?? "") ?? 0) / 100, chanceSource: .table,
                        scores: Array(repeating: nil, count: models.count), examples: size > 0 ? size : nil))
            }
            tasks[position[name]!].scores[m] = acc
        }
        var o = options
        o.holdout = .parametersAtLeast(1e9)
        var analysis = DownstreamAnalysis(
            scores: ScoreTable(source: BundledDataset.gadreDownstream.displayName, models: models, tasks: tasks),
            options: o, progress: progress)
        for i in analysis.tasks.indices { analysis.tasks[i].category = categories[analysis.tasks[i].name]?.0 ?? "" }
        analysis.dataset = dataset
        let trainIndices = order.filter { runs.parameters[$0] < 1e9 }
        analysis.aggregate = try aggregatePredictions(
            runsTable: runsTable, runs: runs, dataset: dataset, measuredLossTrain: trainIndices)
        return analysis
    }

    /// Both recipes' predictions of the 17-task mean error (see ``AggregateRecipe``); a recipe
    /// whose fit fails is left out.
    static func aggregatePredictions(
        runsTable: DataTable, runs: RunTable, dataset: String, measuredLossTrain: [Int]
    ) throws -> [AggregateRecipe: [AggregatePrediction]] {
        let avg17 = try column(runsTable, "err_avg_17"), names = try column(runsTable, "run_name")
        let multiplier = try column(runsTable, "chinchilla_multiplier")
        let average = runsTable.rows.map { Double($0[avg17].text ?? "") ?? .nan }
        let m = runsTable.rows.map { Double($0[multiplier].text ?? "") ?? .nan }
        let inDataset = (0..<runs.count).filter { runs.groups?[$0] == dataset }
        let (lossRuns, errorRuns, targets) = BundledDataset.gadreSplit(runs, multipliers: m, dataset: dataset)
        let heldOut = inDataset.filter { runs.parameters[$0] >= 1e9 }
        func prediction(_ i: Int, loss: Double, theta: [Double]) -> AggregatePrediction {
            var g = [0.0, 0, 0]
            return AggregatePrediction(
                run: runsTable.rows[i][names].text ?? "", parameters: runs.parameters[i],
                tokensPerParameter: runs.tokens[i] / runs.parameters[i], error: average[i],
                predicted: LossToError().predict(loss, theta, gradient: &g), loss: loss)
        }
        var out: [AggregateRecipe: [AggregatePrediction]] = [:]
        if let lossLaw = try? CatalogFit.fit(
            ChinchillaForm(tiedExponents: true),
            points: lossRuns.map { LawPoint(N: runs.parameters[$0], D: runs.tokens[$0]) },
            observed: lossRuns.map { runs.losses[$0] }, estimator: .leastSquares, threads: 1
        ).chinchilla,
            let errorLaw = try? CatalogFit.fit(
                LossToError(), x: errorRuns.map { runs.losses[$0] }, y: errorRuns.map { average[$0] },
                estimator: .leastSquares, threads: 1)
        {
            out[.gadre] = targets.map {
                prediction(
                    $0, loss: lossLaw.loss(parameters: runs.parameters[$0], tokens: runs.tokens[$0]),
                    theta: errorLaw.theta)
            }
        }
        if let errorLaw = try? CatalogFit.fit(
            LossToError(), x: measuredLossTrain.map { runs.losses[$0] }, y: measuredLossTrain.map { average[$0] },
            threads: 1)
        {
            out[.measuredLoss] = heldOut.map { prediction($0, loss: runs.losses[$0], theta: errorLaw.theta) }
        }
        return out
    }

    static func column(_ table: DataTable, _ name: String) throws -> Int {
        guard let i = table.columnIndex(named: name) else {
            throw InputError(
                file: table.source, problem: "no column '\(name)'",
                remedy: "the bundled file is damaged; rebuild Plateau")
        }
        return i
    }
}
