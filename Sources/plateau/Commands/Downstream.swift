import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension Plateau {
    struct Downstream: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Downstream evaluations against compute: each task at chance, rising or flattening, and whether the small models predict the large.",
            discussion: """
                Reads any table with a model or run column, N and D (or C), and score columns: one row per \
                model with a column per benchmark, or evaluation-harness output flattened to one row per \
                checkpoint (<task>_acc, <task>_acc_stderr, <task>_acc_norm). Without a table: Gadre et al. \
                2024's 46 tasks on their open_lm runs. With --emergence: smooth against sharp laws under \
                each metric (default: the bundled ObsScaling 'emergent' tasks).
                """)

        @OptionGroup var source: TableOptions<GadreScoresByDefault>

        @OptionGroup var scoring: ScoreOptions

        @Option(
            parsing: .unconditional,
            help: "Tokens per optimiser step: C = 6·N·step·K when the table has steps and no tokens.")
        var tokensPerStep: Quantity?

        @Option(help: "Hold out the models within this many decades of the largest compute and predict them.")
        var holdoutDecades = 1.0

        @OptionGroup var resampling: ResamplingOptions<Resamples200>

        @OptionGroup var threading: ThreadOptions



        @Option(help: "Bundled Gadre et al. runs (no table): training set rpj, c4_original or rw_original.")
        var dataset = "rpj"

        @Flag(
            help:
                "Emergence: fit a smooth and a sharp law to each score column and say where the data show a jump (default table: the bundled ObsScaling emergent tasks joined to their compute)."
        )
        var emergence = false

        @Option(
            help: ArgumentHelp(
                "Join the models' compute (size, tokens, family) from this table on the model column; its score columns are not tasks unless --tasks names them.",
                valueName: "table"))
        var join: String?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard ["rpj", "c4_original", "rw_original"].contains(dataset) else {
                throw ValidationError("Please give '--dataset' as rpj, c4_original or rw_original, got '\(dataset)'.")
            }
            guard holdoutDecades > 0 && holdoutDecades.isFinite else {
                throw ValidationError("Please give '--holdout-decades' a positive number, got \(holdoutDecades).")
            }
            if join != nil && source.runs == nil && !emergence {
                throw ValidationError("'--join' needs a table to join to — give the score table first (or use --emergence).")
            }
            if let k = tokensPerStep { try InputOptions.check(tokensPerStep: k) }
        }

        func scoreOptions() throws -> ScoreTable.Options {
            var o = try scoring.options()
            o.overrides = try source.overrides()
            o.tokensPerStep = tokensPerStep?.value
            return o
        }

        func run() throws {
            if emergence { return try runEmergence() }
            var options = DownstreamAnalysis.Options()
            options.resamples = resampling.bootstrap
            options.seed = resampling.seed
            options.threads = threading.threads
            options.holdout = .lastDecades(holdoutDecades)
            let analysis: DownstreamAnalysis
            if source.runs == nil {
                let progress = ProgressBar(total: DownstreamAnalysis.bundledTaskCount, label: "tasks")
                var tick: (@Sendable () -> Void)? = nil
                if let progress { tick = { progress.advance() } }
                analysis = try reportingInputErrors {
                    try DownstreamAnalysis.bundled(dataset: dataset, options: options, progress: tick)
                }
                progress?.finish()
            } else {
                let scores = try reportingInputErrors { try ScoreTable(table: joinedTable(), options: scoreOptions()) }
                analysis = DownstreamAnalysis(scores: scores, options: options)
                if analysis.tasks.isEmpty {
                    throw Failure.data(
                        "\(scores.source): no task has scores for 3 or more models with compute — check the score columns (--tasks) and the compute"
                    )
                }
            }
            let report = DownstreamReport(analysis: analysis)
            try output.emit(text: report.text, json: report.json)
        }

        /// The table with `--join`'s columns; for emergence without a table, the bundled
        /// emergent tasks joined to their models' compute.
        func joinedTable() throws -> DataTable {
            let table = try emergence ? source.table(default: .obsScalingEmergent) : source.table()
            if let join {
                return try table.joined(with: DataTable.read(path: join), on: source.overrides()[.run])
            }
            if emergence && source.runs == nil {
                return try table.joined(with: BundledDataset.obsScaling.table(), on: "Model")
            }
            return table
        }

        func runEmergence() throws {
            var options = EmergenceAnalysis.Options()
            options.resamples = resampling.bootstrap
            options.seed = resampling.seed
            options.threads = threading.threads
            let analysis: EmergenceAnalysis = try reportingInputErrors {
                EmergenceAnalysis(
                    scores: try ScoreTable(table: joinedTable(), options: scoreOptions()), options: options)
            }
            if analysis.metrics.isEmpty {
                throw Failure.data(
                    "\(analysis.source): no score column has 6 or more models with compute — the smooth and sharp laws need them"
                )
            }
            let report = EmergenceReport(analysis: analysis)
            try output.emit(text: report.text, json: report.json)
        }
    }
}
