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
                "Compare these catalog laws side by side instead of the Chinchilla estimators (see 'plateau fit --list-laws').",
                valueName: "A,B,…"))
        var law: String?

        @Option(name: .customLong("x"), help: "Input of one-variable laws (power-law, bnsl-*): N, D or C.")
        var variable: Variable = .C

        @Option(parsing: .unconditional, help: "Chance accuracy, the floor of the sigmoid law.")
        var chance: Double = 0.25

        @Option(
            help: ArgumentHelp(
                "The estimators of --law fits, side by side: huber-log, least-squares, least-squares-log (comma-separated).",
                valueName: "A,B"))
        var estimator: String = "huber-log"

        @Flag(help: "Gadre et al. 2024's back-test on the bundled over-training runs.")
        var gadre = false

        @Option(help: "Training set for --gadre: rpj (RedPajama, the paper's headline), c4_original, rw_original.")
        var gadreDataset: String = "rpj"

        @Option(help: "'grid' or a number of seeded random starts per fit (at most 1,000,000).")
        var starts: StartsArgument = StartsArgument(points: .grid)

        @Option(parsing: .unconditional, help: "Worker threads (results do not depend on it).")
        var threads: Int = ProcessInfo.processInfo.activeProcessorCount

        @Flag(help: "Print the plateau.check/1 JSON document instead of the tables.")
        var json = false

        /// Every estimator, with β free and tied to α.
        static let variants = [false, true].flatMap { tied in
            Estimator.allCases.map { BackTest.Variant(estimator: $0, tiedExponents: tied) }
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
                guard let parsed = BackTest.HoldOut(holdout) else {
                    throw ValidationError(
                        "Please give '--holdout' as largest:K (K ≥ 1), run:NAME or each-run, got '\(holdout)'.")
                }
                if parsed == .eachRun && law == nil {
                    throw ValidationError(
                        "'--holdout each-run' refits once per run — name the laws with --law (e.g. --law chinchilla,power-law)."
                    )
                }
                guard trainBelow == nil, !gadre else {
                    throw ValidationError("'--holdout', '--train-below' and '--gadre' each choose the split — give one of them.")
                }
            }
            if let trainBelow, !(trainBelow.value > 0) {
                throw ValidationError("Please give '--train-below' a positive number of FLOPs, got \(trainBelow.text).")
            }
            guard threads >= 1 else { throw ValidationError("Please give '--threads' at least 1, got \(threads).") }
            if let law {
                let names = try LawName.list(law)
                _ = try catalogEstimators(for: names.first ?? .chinchilla)
                guard !gadre else { throw ValidationError("'--gadre' runs its own laws — drop '--law'.") }
            }
            guard chance >= 0 && chance < 1 else {
                throw ValidationError("Please give '--chance' in [0, 1), got \(chance).")
            }
        }

        /// The estimators of `--estimator A,B`.
        func catalogEstimators(for law: LawName) throws -> [CatalogEstimator] {
            try commaList(estimator, option: "--estimator", example: "huber-log,least-squares").map { part in
                guard let parsed = FitEstimator(rawValue: part) else {
                    throw ValidationError(
                        "Please give '--estimator' as huber-log, least-squares, least-squares-log, or several (comma-separated), got '\(InputError.excerpt(estimator))'."
                    )
                }
                return try parsed.catalog(for: law.rawValue)
            }
        }

        /// The back-test of catalog laws (`--law A,B,…`).
        func runLaws(_ names: [LawName]) throws {
            let laws = names.map { $0.law(variable: variable, chance: chance) }
            let estimators = try catalogEstimators(for: names[0])
            // One sample for every law, read with all their inputs: the same rows for each.
            let sample = try reportingInputErrors { try input.sample(for: laws) }
            let split: LawBackTest.Split
            let description: String
            if let holdout, let chosen = BackTest.HoldOut(holdout) {
                split = chosen == .eachRun ? .leaveOneRunOut : .holdOut(chosen)
                description = "\(sample.source), holding out \(chosen) whole"
            } else {
                let threshold = trainBelow?.value ?? LawBackTest.defaultThreshold(sample, law: laws[0])
                split = .trainBelow(threshold)
                description = "\(sample.source), fitting runs with scale ≤ \(NumberFormat.scientific(threshold, 3))"
            }
            let backTest: LawBackTest = try reportingInputErrors(source: sample.source) {
                // The same split for every estimator.
                let halves = split == .leaveOneRunOut ? nil : try LawBackTest.split(sample, split, law: laws[0])
                var merged: LawBackTest?
                for estimator in estimators {
                    var one: LawBackTest
                    if let (train, test) = halves {
                        one = LawBackTest(laws: laws, train: train, test: test, estimator: estimator, threads: threads)
                    } else {
                        one = LawBackTest(leaveOneRunOut: laws, sample: sample, estimator: estimator, threads: threads)
                    }
                    if estimators.count > 1 {
                        for i in one.outcomes.indices { one.outcomes[i].law += "/\(estimator.name)" }
                    }
                    if merged == nil { merged = one } else { merged?.outcomes += one.outcomes }
                }
                guard let merged else { throw ValidationError("No estimator to compare — give at least one '--estimator'.") }
                return merged
            }
            let report = LawCheckReport(backTest: backTest, description: description)
            try Output.standard(json ? try jsonDocument { try report.json() } + "\n" : report.text())
        }

        func run() throws {
            if let law { return try runLaws(LawName.list(law)) }
            let train: RunTable, test: RunTable, description: String
            if gadre {
                (train, test) = try reportingInputErrors { try BundledDataset.gadreBackTest(dataset: gadreDataset) }
                description =
                    "Gadre et al. 2024 set-up on \(gadreDataset) (C4-eval loss): M = 20 runs of 0.011B–0.411B plus 0.011B at M = 320 → 1.4B at M = 640 and 6.9B at M = 20"
            } else {
                let runs = try reportingInputErrors { try input.load() }
                if let holdout, let chosen = BackTest.HoldOut(holdout) {
                    (train, test) = try reportingInputErrors { try BackTest.split(runs, holdOut: chosen) }
                    description = "\(runs.source), holding out \(chosen) whole"
                } else {
                    let threshold = trainBelow?.value ?? BackTest.defaultThreshold(runs)
                    (train, test) = BackTest.split(runs, trainBelow: threshold)
                    description = "\(runs.source), fitting runs with C ≤ \(NumberFormat.scientific(threshold, 3)) FLOPs"
                    guard !test.losses.isEmpty else {
                        throw Failure.data(
                            "\(runs.source): no runs have compute above \(NumberFormat.scientific(threshold, 3)) FLOPs to predict — lower '--train-below' or add larger runs"
                        )
                    }
                }
            }
            let backTest = BackTest(
                train: train, test: test, variants: Self.variants, starts: starts.points, threads: threads)
            let report = CheckReport(backTest: backTest, description: description)
            try Output.standard(json ? try jsonDocument { try report.json() } + "\n" : report.text())
        }
    }
}
