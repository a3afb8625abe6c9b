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

        @OptionGroup var resampling: ResamplingOptions<Resamples200>

        @Option(
            parsing: .unconditional,
            help:
                "Seeded random starts of each bootstrap resample. Default: 500, fewer on tables over 240 rows (at least 50) so that a resample costs what one of the bundled 240 runs does.")
        var bootstrapStarts: Int?

        @Option(
            parsing: .unconditional,
            help: "Budget (FLOPs) of the estimator comparison and the start of the returns table.")
        var budget = Quantity(5.76e23)

        @OptionGroup var cost: CostOptions

        @OptionGroup var scoring: ScoreOptions

        @Option(
            help: ArgumentHelp(
                "Report on this law of the catalog instead of the Chinchilla form (see 'plateau fit --list-laws'): its fit, back-test, and for a law of N and D its plans and returns.",
                valueName: "law"), transform: LawName.parse)
        var law: LawName?

        @Option(name: .customLong("x"), help: "Input of a one-variable law (power-law, bnsl-*): N, D or C.")
        var variable: Variable = .C

        @Option(
            help: ArgumentHelp(
                "Sections on Plateau's bundled data to add to a report on your table: test-time, routing, emergence, trends, progress, data-wall, or all (the report on the bundled data has them all); mix (AI-written text in the training mix) only when named or with all.",
                valueName: "id,id"))
        var sections: String?

        /// The bundled-data sections asked for.
        func requestedSections() throws -> Set<String>? {
            guard let sections else { return nil }
            let ids = Set(try commaList(sections, option: "--sections", example: "test-time,routing"))
            let known = ReportContent.bundledSections + ReportContent.askedSections
            if ids == ["all"] { return Set(known) }
            let unknown = ids.subtracting(known)
            guard unknown.isEmpty else {
                throw ValidationError(
                    "Unknown section '\(unknown.sorted()[0])' in '--sections' — give any of \(known.joined(separator: ", ")) or all."
                )
            }
            return ids
        }

        func validate() throws {
            if let bootstrapStarts, bootstrapStarts < 1 {
                throw ValidationError("Please give '--bootstrap-starts' at least 1, got \(bootstrapStarts).")
            }
            _ = try requestedSections()
            guard budget.value > 0 && budget.value.isFinite else {
                throw ValidationError("Please give '--budget' a positive number of FLOPs, got \(budget.text).")
            }
        }

        func run() throws {
            // The runs (a loss column) and the scores (named score columns) of the table; a report
            // needs at least one of them.
            var runs: RunTable?, scores: ScoreTable?, curves: RunTable?, missingRuns: String?
            // Any law but the Chinchilla form: its own sections, on the observations `fit --law` reads.
            let chosen = law.flatMap { $0 == .chinchilla ? nil : $0.law(variable: variable) }
            let sample = try chosen.map { law in try reportingInputErrors { try input.sample(for: law) } }
            if chosen == nil {
                runs = try reportingInputErrors { () -> RunTable? in
                    do {
                        return try input.load()
                    } catch let error as InputError where input.runs != nil && error.problem.hasPrefix("no ") {
                        // A missing column (no loss): the scaling-law sections are left out, not the report.
                        missingRuns = error.remedy.isEmpty ? error.problem : "\(error.problem); \(error.remedy)"
                        return nil
                    }
                }
            }
            if input.runs != nil {
                var o = try scoring.options()
                o.overrides = try reportingInputErrors { try input.source.overrides() }
                o.tokensPerStep = input.tokensPerStep?.value
                // Beside runs, only named score columns (a learning rate is not a task).
                o.namedScoresOnly = runs != nil && o.tasks == nil
                scores = try reportingInputErrors { () -> ScoreTable? in
                    do {
                        return try ScoreTable(table: input.table(), options: o)
                    } catch let error as InputError where error.problem.hasPrefix("no ") {
                        return nil  // no score columns (or no compute): no downstream section
                    }
                }
                if runs == nil && scores == nil && chosen == nil {
                    _ = try reportingInputErrors { try input.load() }
                }
                if let r = runs, let ids = r.runIDs, Set(ids).count < r.count || (input.checkpoints ?? "final") == "final" {
                    var all = try input.readOptions()
                    all.checkpoints = .all
                    curves = try? RunTable(table: input.table(), options: all)
                    if let c = curves, let cIDs = c.runIDs, Set(cIDs).count == c.count { curves = nil }
                }
            }
            let source = runs?.source ?? sample?.source ?? scores?.source ?? ""
            let citation = input.runs == nil ? BundledDataset.chinchilla.citation : "Data from \(source)."
            var options = ReportContent.Options()
            options.starts = starts.points
            options.resamples = resampling.bootstrap
            options.bootstrapStarts = .random(
                count: bootstrapStarts ?? ReportContent.Options.bootstrapStarts(rows: runs?.count ?? sample?.count ?? 0))
            options.announce = { Output.error($0) }
            options.seed = resampling.seed
            options.threads = cost.threading.threads
            options.budget = budget.value
            let requested = try requestedSections()
            options.beyond = input.runs == nil || requested != nil
            options.sections = requested
            if let gpus = cost.gpus { options.gpus = gpus }
            let progress = runs == nil && sample == nil ? nil : ProgressBar(total: resampling.bootstrap, label: "bootstrap")
            if let progress { options.progress = { progress.advance() } }
            let accelerator = try cost.accelerator()
            let content = try reportingInputErrors(source: source) {
                try ReportContent.make(
                    runs: runs, scores: scores, curves: curves, citation: citation, accelerator: accelerator,
                    assumptions: cost.assumptions, options: options, missingRuns: missingRuns,
                    law: chosen.flatMap { law in sample.map { (law, $0) } })
            }
            progress?.finish()
            if content.law == nil && content.downstream == nil {
                throw Failure.data(
                    "\(source): nothing to report — \(missingRuns ?? "no runs with a loss"), and no task has scores for 3 or more models with compute"
                )
            }
            try write(HTMLReport(content: content).render(), to: output)
            try Output.path(output)
        }
    }
}
