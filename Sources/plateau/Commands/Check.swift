import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension Plateau {
    /// `check` rather than `test`, which would shadow Swift Testing's `Test`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Back-test: fit on the small-compute runs, predict the rest, and compare laws and estimators side by side.",
            discussion: """
                By default fits all but the 20 % of runs with the most compute. --gadre reproduces Gadre \
                et al. 2024's set-up on the bundled over-training runs: fit five small runs, predict the \
                1.4B (M = 640) and 6.9B (M = 20) C4-eval losses (they report 0.71 % and 0.73 %).
                """)

        @OptionGroup var input: InputOptions

        @Option(
            parsing: .unconditional, help: "Fit the runs with compute at or below this many FLOPs; predict the rest.")
        var trainBelow: Quantity?

        @Option(
            help: ArgumentHelp(
                "Predict whole runs instead of those above --train-below: largest:K (the K runs with the most compute), run:NAME (by the run column), or each-run (leave-one-run-out; with --law).",
                valueName: "largest:K|run:NAME|each-run"))
        var holdout: String?

        @Option(
            help: ArgumentHelp(
                "The laws to compare side by side (see 'plateau fit --list-laws'). Default: chinchilla,chinchilla-tied.",
                valueName: "A,B,…"))
        var law: String?

        @Option(name: .customLong("x"), help: "Input of one-variable laws (power-law, bnsl-*): N, D or C.")
        var variable: Variable = .C

        @Option(parsing: .unconditional, help: "Chance accuracy, the floor of the sigmoid law.")
        var chance: Double = 0.25

        @Option(
            help: ArgumentHelp(
                "The estimators, side by side: huber-log, huber-likelihood (chinchilla laws), least-squares, least-squares-log (comma-separated). Default: huber-log,huber-likelihood,least-squares without --law, huber-log with it.",
                valueName: "A,B"))
        var estimator: String?

        @Flag(help: "Gadre et al. 2024's back-test on the bundled over-training runs.")
        var gadre = false

        @Option(help: "Training set for --gadre: rpj (RedPajama, the paper's headline), c4_original, rw_original.")
        var gadreDataset: String = "rpj"

        @Option(help: "'grid' or a number of seeded random starts per fit (at most 1,000,000).")
        var starts: StartsArgument = StartsArgument(points: .grid)

        @OptionGroup var threading: ThreadOptions

        @OptionGroup var output: OutputOptions

        /// The laws compared: `--law`, or the Chinchilla law free and with β tied to α.
        var laws: [LawName] {
            get throws { try law.map(LawName.list) ?? [.chinchilla, LawName(argument: "chinchilla-tied")!] }
        }

        func validate() throws {
            if gadre && (input.runs != nil || trainBelow != nil) {
                throw ValidationError(
                    "'--gadre' uses the bundled runs and the paper's split — drop RUNS and '--train-below'.")
            }
            if !["rpj", "c4_original", "rw_original"].contains(gadreDataset) {
                throw ValidationError(
                    "Please give '--gadre-dataset' as rpj, c4_original or rw_original, got '\(gadreDataset)'.")
            }
            if let holdout {
                guard LawBackTest.HoldOut(holdout) != nil else {
                    throw ValidationError(
                        "Please give '--holdout' as largest:K (K ≥ 1), run:NAME or each-run, got '\(holdout)'.")
                }
                guard trainBelow == nil, !gadre else {
                    throw ValidationError("'--holdout', '--train-below' and '--gadre' each choose the split — give one of them.")
                }
            }
            if let trainBelow, !(trainBelow.value > 0) {
                throw ValidationError("Please give '--train-below' a positive number of FLOPs, got \(trainBelow.text).")
            }
            for name in try laws { _ = try catalogEstimators(for: name) }
            if gadre && law != nil { throw ValidationError("'--gadre' runs its own laws — drop '--law'.") }
            guard chance >= 0 && chance < 1 else {
                throw ValidationError("Please give '--chance' in [0, 1), got \(chance).")
            }
        }

        /// The estimators of `--estimator A,B`, for `law`.
        func catalogEstimators(for law: LawName) throws -> [CatalogEstimator] {
            let given = estimator ?? (self.law == nil ? "huber-log,huber-likelihood,least-squares" : "huber-log")
            return try commaList(given, option: "--estimator", example: "huber-log,least-squares").map { part in
                guard let parsed = FitEstimator(rawValue: part) else {
                    throw ValidationError(
                        "Please give '--estimator' as huber-log, huber-likelihood, least-squares, least-squares-log, or several (comma-separated), got '\(InputError.excerpt(given))'."
                    )
                }
                return try parsed.catalog(for: law)
            }
        }

        /// Fits every law under every estimator on one side of the split and predicts the other:
        /// the same rows, the same split for each (the first law's scale decides it).
        func run() throws {
            let names = try laws
            let laws = names.map { $0.law(variable: variable, chance: chance) }
            let sample: LawSample, halves: (train: LawSample, test: LawSample)?, description: String
            if gadre {
                let (train, test) = try reportingInputErrors { try BundledDataset.gadreBackTest(dataset: gadreDataset) }
                sample = LawSample(runs: train)
                halves = (sample, LawSample(runs: test))
                description =
                    "Gadre et al. 2024 set-up on \(gadreDataset) (C4-eval loss): M = 20 runs of 0.011B–0.411B plus 0.011B at M = 320 → 1.4B at M = 640 and 6.9B at M = 20"
            } else {
                // One sample for every law, read with all their inputs.
                sample = try reportingInputErrors { try input.sample(for: laws) }
                let split: LawBackTest.Split
                if let holdout, let chosen = LawBackTest.HoldOut(holdout) {
                    split = chosen == .eachRun ? .leaveOneRunOut : .holdOut(chosen)
                    description = "\(sample.source), holding out \(chosen) whole"
                } else {
                    let threshold = trainBelow?.value ?? LawBackTest.defaultThreshold(sample, law: laws[0])
                    split = .trainBelow(threshold)
                    description = "\(sample.source), fitting runs with scale ≤ \(NumberFormat.scientific(threshold, 3))"
                }
                halves = split == .leaveOneRunOut
                    ? nil : try reportingInputErrors(source: sample.source) { try LawBackTest.split(sample, split, law: laws[0]) }
            }
            let compared = try zip(laws, names).map { ($0, try catalogEstimators(for: $1)) }
            guard
                let backTest = LawBackTest.compare(
                    compared, sample: sample, halves: halves, starts: starts.points, threads: threading.threads)
            else { throw ValidationError("No estimator to compare — give at least one '--estimator'.") }
            let report = LawCheckReport(backTest: backTest, description: description)
            try output.emit(text: report.text, json: report.json)
        }
    }
}
