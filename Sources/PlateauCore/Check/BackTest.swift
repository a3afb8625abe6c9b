import Foundation

/// A back-test: fit on some runs, predict the others, and say how far off the predictions are
/// and how far they extrapolate.
///
/// Absolute relative error `ARE = |L̂ − L| / L` per held-out run; extrapolation distance =
/// the run's compute over the largest fitted run's compute.
public struct BackTest: Sendable {
    /// One variant: a law form and an estimator.
    public struct Variant: Sendable, Equatable, Hashable, Codable {
        public var estimator: Estimator
        /// β tied to α (Gadre et al.'s form).
        public var tiedExponents: Bool

        public init(estimator: Estimator, tiedExponents: Bool) {
            self.estimator = estimator
            self.tiedExponents = tiedExponents
        }

        public var name: String { "\(tiedExponents ? "chinchilla α=β" : "chinchilla")/\(estimator.rawValue)" }
    }

    /// A held-out run's prediction.
    public struct Prediction: Sendable, Equatable, Codable {
        public var line: Int
        public var parameters: Double
        public var tokens: Double
        public var flops: Double
        public var loss: Double
        public var predicted: Double
        public var absoluteRelativeError: Double
        /// Compute over the largest fitted run's.
        public var extrapolation: Double

        enum CodingKeys: String, CodingKey {
            case line, parameters, tokens, flops, loss, predicted, extrapolation
            case absoluteRelativeError = "are"
        }
    }

    /// One variant's outcome.
    public struct Outcome: Sendable {
        public var variant: Variant
        public var law: ChinchillaLaw?
        /// Why the fit failed, when it did.
        public var failure: String?
        public var predictions: [Prediction]
        /// The fit's warnings (the data's and the optimum's).
        public var warnings: [FitWarning] = []
        public var meanError: Double {
            predictions.map(\.absoluteRelativeError).reduce(0, +) / Double(max(1, predictions.count))
        }
        public var maxError: Double { predictions.map(\.absoluteRelativeError).max() ?? .nan }
    }

    public var trainCount: Int
    public var testCount: Int
    /// Distinct training runs on each side (equal to the row counts unless the rows are
    /// checkpoints of runs).
    public var trainRuns: Int
    public var testRuns: Int
    public var outcomes: [Outcome]

    /// Fits every variant on `train` and predicts `test`.
    ///
    /// - Complexity: one multi-start fit per variant.
    public init(train: RunTable, test: RunTable, variants: [Variant], starts: StartPoints = .grid, threads: Int = 2) {
        trainCount = train.count
        testCount = test.count
        trainRuns = Set(train.runKeys).count
        testRuns = Set(test.runKeys).count
        let largest = train.flops.max() ?? .nan
        outcomes = variants.map { variant in
            var options = FitOptions()
            options.estimator = variant.estimator
            options.tiedExponents = variant.tiedExponents
            options.starts = starts
            options.threads = threads
            do {
                let fit = try ChinchillaLaw.fit(to: train, options: options)
                let law = fit.law
                let predictions = test.losses.indices.map { i in
                    let predicted = law.loss(parameters: test.parameters[i], tokens: test.tokens[i])
                    return Prediction(
                        line: test.lines[i], parameters: test.parameters[i], tokens: test.tokens[i],
                        flops: test.flops[i],
                        loss: test.losses[i], predicted: predicted,
                        absoluteRelativeError: abs(predicted - test.losses[i]) / test.losses[i],
                        extrapolation: test.flops[i] / largest)
                }
                return Outcome(
                    variant: variant, law: law, failure: nil, predictions: predictions, warnings: fit.warnings)
            } catch {
                return Outcome(variant: variant, law: nil, failure: "\(error)", predictions: [])
            }
        }
    }

    /// The split by compute: runs with C ≤ `threshold` are fitted, the rest predicted.
    public static func split(_ runs: RunTable, trainBelow threshold: Double) -> (train: RunTable, test: RunTable) {
        let final = finalFlops(runs)
        let train = runs.flops.indices.filter { final[$0] <= threshold }
        let test = runs.flops.indices.filter { final[$0] > threshold }
        return (runs.subset(train), runs.subset(test))
    }

    /// Holds out whole runs: the `k` runs with the most compute (by each run's final compute),
    /// or the run named `run`; every other run is fitted.
    ///
    /// - Throws: ``InputError`` when `run` names no run, or nothing would be left to fit.
    public static func split(_ runs: RunTable, holdOut: HoldOut) throws -> (train: RunTable, test: RunTable) {
        let ids = runs.runKeys
        let heldOut: Set<String>
        switch holdOut {
        case .largest(let k):
            heldOut = Set(finalFlopsByRun(runs).sorted { $0.flops > $1.flops }.prefix(k).map(\.run))
        case .run(let name):
            guard runs.runIDs?.contains(name) == true else {
                throw InputError.noRun(named: name, in: runs.source, hasRunColumn: runs.runIDs != nil)
            }
            heldOut = [name]
        case .eachRun:
            throw InputError(
                file: runs.source, problem: "leave-one-run-out is a back-test of catalog laws",
                remedy: "name the laws with --law, e.g. --law chinchilla,power-law")
        }
        let train = ids.indices.filter { !heldOut.contains(ids[$0]) }
        let test = ids.indices.filter { heldOut.contains(ids[$0]) }
        guard !train.isEmpty else {
            throw InputError(
                file: runs.source, problem: "holding out \(holdOut) leaves no run to fit", remedy: "hold out fewer runs"
            )
        }
        return (runs.subset(train), runs.subset(test))
    }

    /// Which runs a back-test predicts.
    public enum HoldOut: Sendable, Equatable, CustomStringConvertible {
        /// The K runs with the most compute.
        case largest(Int)
        /// One run, by its name in the run column.
        case run(String)

        /// Every run in turn, each predicted by a fit of all the others.
        case eachRun

        /// Parses `largest:K` (K ≥ 1), `run:NAME` or `each-run` (leave-one-run-out).
        public init?(_ text: String) {
            if text == "each-run" || text == "leave-one-run-out" {
                self = .eachRun
            } else if text.hasPrefix("largest:"), let k = Int(text.dropFirst(8)), k >= 1 {
                self = .largest(k)
            } else if text.hasPrefix("run:"), text.count > 4 {
                self = .run(String(text.dropFirst(4)))
            } else {
                return nil
            }
        }

        public var description: String {
            switch self {
            case .largest(let k): "the \(k) largest run\(k == 1 ? "" : "s")"
            case .run(let name): "run '\(name)'"
            case .eachRun: "each run in turn"
            }
        }
    }

    /// Each row's run's largest compute: a run is fitted or held out whole, never split between
    /// the two (its early checkpoints would otherwise sit in the fit of the run they predict).
    static func finalFlops(_ runs: RunTable) -> [Double] {
        guard runs.runIDs != nil else { return runs.flops }
        let largest = Dictionary(finalFlopsByRun(runs).map { ($0.run, $0.flops) }, uniquingKeysWith: max)
        return runs.runKeys.map { largest[$0] ?? 0 }
    }

    /// Each run once, in file order, with its largest compute.
    static func finalFlopsByRun(_ runs: RunTable) -> [(run: String, flops: Double)] {
        var order: [String] = []
        var largest: [String: Double] = [:]
        for (i, id) in runs.runKeys.enumerated() {
            if largest[id] == nil { order.append(id) }
            largest[id] = max(largest[id] ?? 0, runs.flops[i])
        }
        return order.map { ($0, largest[$0] ?? 0) }
    }

    /// The default threshold: all but the 20 % of runs with the most compute are fitted.
    public static func defaultThreshold(_ runs: RunTable) -> Double {
        defaultThreshold(scales: finalFlopsByRun(runs).map(\.flops))
    }

    /// The default threshold of runs whose largest scales (compute, or a law's first input)
    /// are `scales`: all but the top 20 % are fitted; when the largest tie, all of the largest are
    /// held out rather than none. One rule for `check` and `check --law`.
    public static func defaultThreshold(scales: [Double]) -> Double {
        let sorted = scales.sorted()
        guard !sorted.isEmpty else { return .nan }
        let keep = max(1, Int((0.8 * Double(sorted.count)).rounded(.down)))
        // When the largest runs tie, hold out all of the largest compute rather than nothing.
        if let top = sorted.last, sorted[keep - 1] >= top, let below = sorted.last(where: { $0 < top }) { return below }
        return sorted[keep - 1]
    }
}

extension BundledDataset {
    /// Gadre et al. 2024's back-test on their over-training runs, as their repository's
    /// `fit_ds` recipe does it: for one training set, fit the C4-eval loss of the M = 20 runs of
    /// the four small shapes (0.011B–0.411B) plus the 0.011B M = 320 run, and predict the 1.4B
    /// M = 640 and 6.9B M = 20 runs. The paper reports 0.71 % and 0.73 % error (RedPajama).
    ///
    /// - Parameter dataset: `rpj` (RedPajama, the paper's headline), `c4_original` or `rw_original`.
    /// Gadre et al.'s roles for one training set's runs (row indices, `fit_ds` in their
    /// repository): the loss law (Eq. 4) is fitted on the M = 20 runs of the four small shapes and
    /// the 0.011B M = 320 run; the error law (Eq. 5) on those plus the 1.4B M = 20 run; the
    /// targets are the 1.4B M = 640 and 6.9B M = 20 runs.
    static func gadreSplit(_ runs: RunTable, multipliers: [Double], dataset: String) -> (
        lossFit: [Int], errorFit: [Int], targets: [Int]
    ) {
        var lossFit: [Int] = [], extra: [Int] = [], targets: [Int] = []
        for i in 0..<runs.count where runs.groups?[i] == dataset {
            let n = runs.parameters[i], m = multipliers[i]
            if (n < 1e9 && m == 1) || (n < 2e7 && m == 16) { lossFit.append(i) }
            if n > 1e9 && n < 2e9 && m == 1 { extra.append(i) }
            if (n > 1e9 && n < 2e9 && m == 32) || (n > 6e9 && m == 1) { targets.append(i) }
        }
        return (lossFit, lossFit + extra, targets)
    }

    public static func gadreBackTest(dataset: String = "rpj") throws -> (train: RunTable, test: RunTable) {
        let table = try BundledDataset.gadreRuns.table()
        let runs = try RunTable(table: table, overrides: [.loss: "loss_c4_val", .group: "train_dataset"])
        guard let multiplierColumn = table.columnIndex(named: "chinchilla_multiplier") else {
            throw InputError(
                file: BundledDataset.gadreRuns.displayName, problem: "no chinchilla_multiplier column",
                remedy: "the bundled file is damaged; rebuild Plateau")
        }
        let multipliers = table.rows.map { Double($0[multiplierColumn].text ?? "") ?? .nan }
        let split = gadreSplit(runs, multipliers: multipliers, dataset: dataset)
        return (runs.subset(split.lossFit), runs.subset(split.targets))
    }
}

extension InputError {
    /// `--holdout run:NAME` names no run.
    static func noRun(named name: String, in source: String, hasRunColumn: Bool) -> InputError {
        InputError(
            file: source, problem: "no run named '\(excerpt(name))' to hold out",
            remedy: hasRunColumn
                ? "the runs are named in the run column; check the spelling"
                : "the table has no run column: name it with --column run=NAME")
    }
}
