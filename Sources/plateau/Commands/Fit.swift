import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension Estimator: ExpressibleByArgument {}

/// `--starts grid` or a number of seeded random starts.
struct StartsArgument: ExpressibleByArgument {
    var points: StartPoints

    /// The most random starts accepted: each start holds its own optimiser state, and 1,000,000
    /// starts (200 times Hoffmann's grid) already take minutes.
    static let maximum = 1_000_000

    init(points: StartPoints) {
        self.points = points
    }

    init?(argument: String) {
        if argument.lowercased() == "grid" {
            points = .grid
        } else if let n = Int(argument), n >= 1, n <= Self.maximum {
            points = .random(count: n)
        } else {
            return nil
        }
    }

    static var defaultCompletionKind: CompletionKind { .list(["grid"]) }

    var defaultValueDescription: String {
        switch points {
        case .grid: "grid"
        case .random(let n): "\(n)"
        case .given(let starts): "\(starts.count) given"
        }
    }
}

extension Plateau {
    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit a scaling law (default: the Chinchilla law L(N, D) = E + A/N^α + B/D^β) to training runs.",
            discussion: """
                With no runs file, fits the bundled Chinchilla runs (Hoffmann et al. 2022, digitised by \
                Epoch AI) after dropping the 5 highest losses, as Besiroglu et al. 2024 do. The default \
                estimator is Hoffmann's Approach 3: Huber(δ = 1e-3) on log residuals, summed, minimised \
                by L-BFGS with an exact gradient from each of 4,500 grid starts. --law fits any law of \
                the catalog (--list-laws) through the same report, bootstrap and document; a law of N \
                and D also reports what it decides at --budget.
                """)

        @OptionGroup var input: InputOptions

        @Option(help: "How residuals become the objective (see the README's 'Estimators').")
        var estimator: FitEstimator = .huberLog

        @Option(
            help: ArgumentHelp(
                "'grid' for Hoffmann's 4,500-point grid, or a number of seeded random starts (at most 1,000,000).",
                valueName: "grid|count")
        )
        var starts: StartsArgument = StartsArgument(points: .grid)

        @OptionGroup var resampling: ResamplingOptions<NoResamples>

        @OptionGroup var threading: ThreadOptions



        @Option(
            help: ArgumentHelp(
                "Starts each bootstrap resample re-runs: a count of seeded random starts, 'grid', or 'warm' (one start from the fit, the reference method). Default 500. Other laws: the fit's optimum plus this many of the law's grid starts (default 8).",
                valueName: "count|grid|warm"))
        var bootstrapStarts: String?

        @Option(
            parsing: .unconditional,
            help: "Compute (FLOPs) at which a law of N and D reports its decisions (a, b, N_opt, D_opt, loss; with intervals under --bootstrap).")
        var budget: Quantity = Quantity(5.76e23)

        @Option(help: "The law to fit (see --list-laws; default chinchilla).", transform: LawName.parse)
        var law: LawName = .chinchilla

        @Option(name: .customLong("x"), help: "Input of a one-variable law (power-law, bnsl-*): N, D or C.")
        var variable: Variable = .C

        @Option(parsing: .unconditional, help: "Chance accuracy, the floor of the sigmoid law.")
        var chance: Double = 0.25

        @Option(
            help: ArgumentHelp(
                "Fit the law separately to the rows of each value of this column and tabulate the fits.",
                valueName: "column"))
        var by: String?

        @Flag(help: "List the laws with their formulas and sources, and exit.")
        var listLaws = false

        @OptionGroup var output: OutputOptions

        @Option(help: ArgumentHelp("Also write the loss-against-compute chart as SVG to this file.", valueName: "file"))
        var plot: String?

        @Flag(help: "Do not draw the terminal plot (drawn only when the output is a terminal).")
        var noPlot = false

        func validate() throws {
            if let bootstrapStarts, !(["grid", "warm"].contains(bootstrapStarts) || (Int(bootstrapStarts) ?? 0) >= 1) {
                throw ValidationError(
                    "Please give '--bootstrap-starts' a count of at least 1, 'grid' or 'warm', got '\(bootstrapStarts)'."
                )
            }
            guard chance >= 0 && chance < 1 else {
                throw ValidationError("Please give '--chance' in [0, 1), got \(chance).")
            }
            guard budget.value > 0 && budget.value.isFinite else {
                throw ValidationError("Please give '--budget' a positive number of FLOPs, got \(budget.text).")
            }
            if starts.points != .grid && !law.isChinchilla {
                throw ValidationError(
                    "'--starts' chooses the Chinchilla kernel's starts; '\(law.rawValue)' starts from its own grid (see --list-laws) — drop '--starts'.")
            }
            // Here, not in run(): a ValidationError from run() prints the root command's usage.
            if by != nil, resampling.bootstrap != 0 || plot != nil {
                throw ValidationError(
                    "'--by' tabulates point fits — drop '--bootstrap' and '--plot' (or fit one value with --where).")
            }
        }

        func run() throws {
            if listLaws { return try Self.listLaws() }
            if let by { return try runBy(by) }
            try runLaw(law)
        }
    }
}
