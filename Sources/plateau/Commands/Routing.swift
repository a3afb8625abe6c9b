import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension Plateau {
    struct Routing: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Routed (mixture-of-experts) models: Clark et al. 2022's law per router, its back-test, effective parameter counts, and routed against dense priced.",
            discussion: """
                Reads training curves of dense and routed runs — columns router_type ('Dense' or the router), \
                num_experts, dense_parameter_count (N: the parameters a token sees), total_parameter_count, \
                loss_validation, hyper_id, step — by default the bundled DeepMind runs (Clark et al. 2022, \
                CC BY 4.0). Each run's final loss is fitted per router with the dense runs as E = 1, by least \
                squares on log loss, as the paper's repository does.
                """)

        @Argument(help: ArgumentHelp("Routing curves. Default: the bundled DeepMind runs.", valueName: "curves"))
        var curves: String?

        @Option(
            name: .customLong("column"),
            help: ArgumentHelp(
                "Use a column for a role: 'N=params', 'loss=val_loss', 'E=experts', 'run=id'.", valueName: "role=name"))
        var columns: [String] = []

        @Flag(
            help: "Keep every run, not only the repository example's selection (routing frequency ½, k = 1, seed 42).")
        var allRuns = false

        @OptionGroup var resampling: ResamplingOptions<Resamples200>


        @Option(
            name: .customLong("train-below"), parsing: .unconditional,
            help: "The back-test fits runs with N at most this and predicts the larger ones (SI suffixes allowed).")
        var trainBelow = Quantity(argument: "1e9")!

        @Option(
            parsing: .unconditional,
            help:
                "Training tokens for the priced comparison: an assumption, the data's 250,000 steps × 524,288 tokens (the data has no token count)."
        )
        var tokens = Quantity(argument: "130B")!

        @OptionGroup var cost: CostOptions

        @OptionGroup var output: OutputOptions

        func validate() throws {
            for (name, q) in [("--train-below", trainBelow), ("--tokens", tokens)]
            where !(q.value > 0 && q.value.isFinite) {
                throw ValidationError("Please give '\(name)' a positive number, got \(q.text).")
            }
        }

        func run() throws {
            var overrides: [ColumnRole: String] = [:]
            for pair in columns {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let role = ColumnRole(rawValue: parts[0]) else {
                    throw Failure.usage(
                        "'--column \(InputError.excerpt(pair))' is not role=name — write it as ROLE=COLUMN with a role of N, loss, E, run, step")
                }
                overrides[role] = parts[1]
            }
            let table = try reportingInputErrors {
                try curves.map { try DataTable.read(path: $0) } ?? BundledDataset.routing.table()
            }
            var options = RoutingAnalysis.Options()
            options.resamples = resampling.bootstrap
            options.seed = resampling.seed
            options.threads = cost.threading.threads
            options.trainBelow = trainBelow.value
            options.referenceSelection = !allRuns
            let analysis = try reportingInputErrors(source: table.source) {
                try RoutingAnalysis(table: table, overrides: overrides, options: options)
            }
            let report = RoutingReport(
                analysis: analysis, tokens: tokens.value, accelerator: try cost.accelerator(),
                assumptions: cost.assumptions, citation: curves == nil ? BundledDataset.routing.citation : nil)
            try output.emit(text: report.text, json: report.json)
        }
    }
}
