import Foundation
import PlateauOptim

/// Downstream saturation on Gadre et al. 2024's 46 tasks: per task, top-1 error against loss
/// (their Eq. 5, `Err(L) = ε − k·e^(−γL)`) and accuracy against compute (a sigmoid of log₁₀ C
/// above the chance rate), fitted on the small runs and tested on the large ones; and where each
/// task stands — at chance, rising, or near its ceiling.
public struct DownstreamAnalysis: Sendable {
    public enum Status: String, Sendable, Codable {
        case atChance = "at chance"
        case rising
        case nearCeiling = "near its ceiling"
    }

    public struct Task: Sendable {
        public var name: String
        public var category: String
        /// The task's chance accuracy (fraction).
        public var chance: Double
        /// Accuracy of the largest-compute run.
        public var largestAccuracy: Double
        /// Two binomial standard errors of that accuracy (from the task's size).
        public var noise: Double
        public var status: Status
        /// The sigmoid fitted to every run: its ceiling and the share of chance→ceiling reached.
        public var ceiling: Double?
        public var shareOfCeiling: Double?
        /// Mean absolute relative error of the error law's predictions for the held-out runs.
        public var errorLawMeanError: Double?
        /// Mean absolute error (accuracy points, as a fraction) of the sigmoid's predictions.
        public var sigmoidMeanError: Double?
        /// Every run's (compute, accuracy), and θ = (hi, s, m) of the sigmoid fitted to all of them.
        public var points: [(flops: Double, accuracy: Double)] = []
        public var sigmoidTheta: [Double]?
    }

    /// A prediction of a held-out run's mean top-1 error over Gadre et al.'s 17-task subset.
    public struct AggregatePrediction: Sendable, Equatable {
        public var run: String
        public var parameters: Double
        /// Tokens per parameter, M = D/N.
        public var tokensPerParameter: Double
        /// The measured mean error.
        public var error: Double
        public var predicted: Double
        /// The loss the prediction was made from: predicted by the loss law (Gadre et al.'s
        /// recipe) or measured (the variant).
        public var loss: Double
        public var relativeError: Double { abs(predicted / error - 1) }
    }

    /// How the aggregate error was predicted.
    public enum AggregateRecipe: String, Sendable, CaseIterable {
        /// Gadre et al. 2024's recipe (their repository's `fit_ds`): Eq. 4 (the loss law, β tied
        /// to α) by least squares on the M = 20 runs of the four small shapes and the 0.011B
        /// M = 320 run; Eq. 5 (error from loss) by least squares on those five runs plus the 1.4B
        /// M = 20 run; the held-out runs' error from the loss Eq. 4 *predicts* for them.
        case gadre
        /// Eq. 5 by Huber on log residuals on every run below 1B parameters, evaluated at each
        /// held-out run's *measured* loss.
        case measuredLoss = "measured-loss"

        public var label: String {
            switch self {
            case .gadre:
                "Gadre et al.'s recipe: Eq. 4 fitted on 5 small runs predicts the loss, Eq. 5 fitted on 6 runs (incl. 1.4B at M = 20) maps it to error, least squares"
            case .measuredLoss:
                "variant: Eq. 5 fitted (huber-log) on every run below 1B, evaluated at the measured loss"
            }
        }
    }

    public var dataset: String
    public var trainRuns: Int
    public var testRuns: Int
    public var tasks: [Task]
    /// Gadre et al.'s aggregate: the mean top-1 error over their 17-task subset, predicted for
    /// the held-out runs by each recipe.
    public var aggregate: [AggregateRecipe: [AggregatePrediction]]

    /// - Parameter dataset: The training set (`rpj`, `c4_original` or `rw_original`); small runs
    ///   (N < 1e9) are fitted and the 1.4B and 6.9B runs held out.
    /// - Throws: ``InputError`` for an unknown dataset or damaged bundled files.
    /// The tasks of the bundled evaluations (Gadre et al.'s 46).
    public static let bundledTaskCount = 46

    /// - Parameter progress: Called once per task analysed, from any thread.
    public init(
        dataset: String = "rpj", threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        progress: (@Sendable () -> Void)? = nil
    ) throws {
        let runsTable = try BundledDataset.gadreRuns.table()
        let runs = try RunTable(table: runsTable, overrides: [.loss: "loss_c4_val", .group: "train_dataset"])
        let names = try Self.column(runsTable, "run_name")
        var runIndex: [String: Int] = [:]
        for (i, row) in runsTable.rows.enumerated() where runs.groups?[i] == dataset {
            runIndex[row[names].text ?? ""] = i
        }
        guard !runIndex.isEmpty else {
            throw InputError(
                file: BundledDataset.gadreRuns.displayName, problem: "no runs trained on '\(dataset)'",
                remedy: "use rpj, c4_original or rw_original")
        }
        let meta = try BundledDataset.gadreTasks.table()
        let metaTask = try Self.column(meta, "Eval Task"), metaCategory = try Self.column(meta, "Task Category")
        let metaSize = try Self.column(meta, "#datapoints")
        var categories: [String: (String, Double)] = [:]
        for row in meta.rows {
            categories[row[metaTask].text ?? ""] = (row[metaCategory].text ?? "", Double(row[metaSize].text ?? "") ?? 0)
        }
        let scores = try BundledDataset.gadreDownstream.table()
        let sRun = try Self.column(scores, "run_name"), sTask = try Self.column(scores, "task")
        let sChance = try Self.column(scores, "random_baseline_accuracy_pct"),
            sAcc = try Self.column(scores, "accuracy")
        var byTask: [String: (chance: Double, runs: [(Int, Double)])] = [:]
        var order: [String] = []
        for row in scores.rows {
            guard let run = runIndex[row[sRun].text ?? ""], let acc = Double(row[sAcc].text ?? "") else { continue }
            let task = row[sTask].text ?? ""
            if byTask[task] == nil {
                order.append(task)
                byTask[task] = ((Double(row[sChance].text ?? "") ?? 0) / 100, [])
            }
            byTask[task]?.runs.append((run, acc))
        }
        let isTrain: @Sendable (Int) -> Bool = { i in runs.parameters[i] < 1e9 }
        let trainIndices = runIndex.values.filter(isTrain).sorted()
        aggregate = try Self.aggregatePredictions(
            runsTable: runsTable, runs: runs, dataset: dataset, measuredLossTrain: trainIndices)
        self.dataset = dataset
        trainRuns = runIndex.values.filter(isTrain).count
        testRuns = runIndex.count - trainRuns
        let taskData = order.map { (name: $0, entry: byTask[$0], meta: categories[$0]) }
        let analysed: [Task?] = MultiStart.parallelMap(count: taskData.count, threads: threads) { t -> Task? in
            defer { progress?() }
            let name = taskData[t].name
            guard let entry = taskData[t].entry,
                let largest = entry.runs.max(by: { runs.flops[$0.0] < runs.flops[$1.0] })
            else { return nil }
            let (category, size) = taskData[t].meta ?? ("", 0)
            let chance = entry.chance
            let p = largest.1
            let noise = size > 0 ? 2 * (max(p * (1 - p), 1e-4) / size).squareRoot() : 0.02
            let train = entry.runs.filter { isTrain($0.0) }, test = entry.runs.filter { !isTrain($0.0) }
            // Error against loss (on the small runs), predicting the large ones.
            var errorLaw: Double?
            if let fit = try? CatalogFit.fit(
                LossToError(), x: train.map { runs.losses[$0.0] }, y: train.map { max(1 - $0.1, 1e-6) }, threads: 1),
                !test.isEmpty
            {
                var g = [0.0, 0, 0]
                errorLaw =
                    test.map { run, acc in
                        abs(LossToError().predict(runs.losses[run], fit.theta, gradient: &g) / max(1 - acc, 1e-6) - 1)
                    }.reduce(0, +) / Double(test.count)
            }
            // Accuracy against compute above chance (small runs → large runs), and on every run.
            let sigmoid = ComputeSigmoid(chance: chance)
            var sigmoidError: Double?
            if let fit = try? CatalogFit.fit(
                sigmoid, x: train.map { runs.flops[$0.0] }, y: train.map { max($0.1, 1e-6) }, threads: 1), !test.isEmpty
            {
                var g = [0.0, 0, 0]
                sigmoidError =
                    test.map { run, acc in abs(sigmoid.predict(runs.flops[run], fit.theta, gradient: &g) - acc) }
                    .reduce(0, +) / Double(test.count)
            }
            var ceiling: Double?, share: Double?, theta: [Double]?
            if let all = try? CatalogFit.fit(
                sigmoid, x: entry.runs.map { runs.flops[$0.0] }, y: entry.runs.map { max($0.1, 1e-6) }, threads: 1),
                let hi = all.law.reportedByName(all.theta)["hi"], hi > chance
            {
                ceiling = hi
                theta = all.theta
                share = (p - chance) / ((ceiling ?? 1) - chance)
            }
            // Near the ceiling: 90 % of the way from chance to the fitted ceiling, and not above
            // it by more than the noise (then the fit missed the large runs: still rising).
            let consistent = ceiling.map { p <= $0 + noise } ?? false
            let status: Status =
                p - chance < noise ? .atChance : (share ?? 0) >= 0.9 && consistent ? .nearCeiling : .rising
            return Task(
                name: name, category: category, chance: chance, largestAccuracy: p, noise: noise, status: status,
                ceiling: ceiling, shareOfCeiling: share, errorLawMeanError: errorLaw, sigmoidMeanError: sigmoidError,
                points: entry.runs.map { (runs.flops[$0.0], $0.1) }, sigmoidTheta: theta)
        }
        tasks = analysed.compactMap { $0 }
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
        var options = FitOptions()
        options.estimator = .leastSquares
        options.tiedExponents = true
        options.threads = 1
        if let lossLaw = try? ChinchillaLaw.fit(
            parameters: lossRuns.map { runs.parameters[$0] }, tokens: lossRuns.map { runs.tokens[$0] },
            losses: lossRuns.map { runs.losses[$0] }, options: options
        ).law,
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
