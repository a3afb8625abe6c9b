import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension Plateau {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the self-contained HTML report: fit, bands, IsoFLOP, back-test, plans, returns, cost.",
            discussion: """
                One HTML file with every chart inline as SVG: no scripts, no network, no external styles \
                or fonts. Prints the file's path.
                """)

        @OptionGroup var input: InputOptions

        @Option(name: [.short, .customLong("output")], help: "Where to write the report.")
        var output = "plateau-report.html"

        @Option(
            help: ArgumentHelp(
                "'grid' for Hoffmann's 4,500-point grid, or a number of seeded random starts (at most 1,000,000).",
                valueName: "grid|count")
        )
        var starts: StartsArgument = StartsArgument(points: .grid)

        @Option(parsing: .unconditional, help: "Bootstrap resamples behind the bands and intervals (0: none).")
        var bootstrap = 200

        @Option(parsing: .unconditional, help: "Seeded random starts of each bootstrap resample.")
        var bootstrapStarts = 500

        @Option(parsing: .unconditional, help: "Seed for every random choice.")
        var seed: UInt64 = 0

        @Option(
            parsing: .unconditional,
            help: "Budget (FLOPs) of the estimator comparison and the start of the returns table.")
        var budget = Quantity(5.76e23)

        @OptionGroup var cost: CostOptions

        func validate() throws {
            guard (0...100_000).contains(bootstrap) else {
                throw ValidationError("Please give '--bootstrap' a count from 0 to 100000, got \(bootstrap).")
            }
            guard bootstrapStarts >= 1 else {
                throw ValidationError("Please give '--bootstrap-starts' at least 1, got \(bootstrapStarts).")
            }
            guard budget.value > 0 && budget.value.isFinite else {
                throw ValidationError("Please give '--budget' a positive number of FLOPs, got \(budget.text).")
            }
        }

        func run() throws {
            let runs = try reportingInputErrors { try input.load() }
            let citation = input.runs == nil ? BundledDataset.chinchilla.citation : "Runs from \(runs.source)."
            var options = ReportContent.Options()
            options.starts = starts.points
            options.resamples = bootstrap
            options.bootstrapStarts = .random(count: bootstrapStarts)
            options.seed = seed
            options.threads = cost.threads
            options.budget = budget.value
            if let gpus = cost.gpus { options.gpus = gpus }
            let progress = ProgressBar(total: bootstrap, label: "bootstrap")
            if let progress { options.progress = { progress.advance() } }
            let accelerator = try cost.accelerator()
            let content = try reportingInputErrors(source: runs.source) {
                try ReportContent.make(
                    runs: runs, citation: citation, accelerator: accelerator, assumptions: cost.assumptions,
                    options: options)
            }
            progress?.finish()
            try write(HTMLReport(content: content).render(), to: output)
            Output.standard(output + "\n")
        }
    }
}
