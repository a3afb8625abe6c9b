import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension Plateau {
    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Test-time compute: exact pass@k, the coverage law and Schaeffer et al.'s scaled beta-binomial, their exponent and forecast back-tests, and coverage priced in FLOPs.",
            discussion: """
                Reads per-problem results — columns problem, n (samples), c (correct); optionally model, \
                params, train_tokens, tokens_per_sample, usd_per_mtok — as CSV, TSV or JSON. Without a file it \
                uses the bundled GSM8K counts of 81 Pythia checkpoints (9 sizes × 9 training lengths) that \
                the KoyejoLab group sampled for Schaeffer et al. 2025 (not Brown et al. 2024's samples). '--synthetic' uses the documented synthetic example instead (an 8B and a 70B model, 300 \
                problems, 1,000 samples each); '--generate FILE' writes that table so you can see the format.
                """)

        @Argument(help: ArgumentHelp("Per-problem results. Default: the bundled GSM8K table.", valueName: "results"))
        var results: String?

        @Flag(help: "Use the synthetic example instead of the bundled GSM8K results.")
        var synthetic = false

        @OptionGroup var resampling: ResamplingOptions<Resamples200>

        @OptionGroup var threading: ThreadOptions



        @Option(
            name: .customLong("model"),
            help: ArgumentHelp(
                "Show this model in full (repeatable). Tables of up to 3 models show all.", valueName: "name"))
        var models: [String] = []

        @Option(
            parsing: .unconditional,
            help:
                "Samples per problem kept in the forecast back-test (hypergeometric draws from each problem's counts).")
        var subsample = 100

        @Option(
            name: .customLong("forecast-at"), parsing: .unconditional,
            help: ArgumentHelp("The k to forecast and back-test, comma-separated.", valueName: "k,…"))
        var forecastAt = "1000,10000"

        @Option(
            name: .customLong("exponent-repeats"), parsing: .unconditional,
            help:
                "Repeats of the exponent back-test (Schaeffer et al.'s evaluation) per model and samples per problem; 0 leaves it out.")
        var exponentRepeats = 15

        @Option(
            name: .customLong("exponent-samples"), parsing: .unconditional,
            help: ArgumentHelp(
                "Samples per problem each estimator sees in the exponent back-test, comma-separated.", valueName: "m,…"))
        var exponentSamples = "100,1000"

        func exponentSampleCounts() throws -> [Int] {
            guard
                let values = try wholeNumberList(
                    exponentSamples, option: "--exponent-samples", example: "100,1000", in: 2...1_000_000)
            else {
                throw ValidationError(
                    "Please give '--exponent-samples' whole numbers of samples from 2 to 1000000, comma-separated, got '\(exponentSamples)'."
                )
            }
            return values
        }

        @Option(
            parsing: .unconditional,
            help:
                "Generated tokens per sample where the table has no tokens_per_sample column. The default is the generation cap of Brown et al. 2024's released config for their own runs (an upper bound; the bundled table's generation settings are not documented)."
        )
        var tokensPerSample = SamplingCompute.defaultTokensPerSample

        @Option(
            help: ArgumentHelp(
                "The model whose pass@1 every checkpoint is asked to reach. Default: the one with the most training FLOPs.",
                valueName: "name"))
        var reference: String?

        @Option(help: ArgumentHelp("Write the synthetic example's table to this file and exit.", valueName: "file"))
        var generate: String?

        @OptionGroup var output: OutputOptions

        func targets() throws -> [Int] {
            guard
                subsample < 1_000_000_000,
                let values = try wholeNumberList(
                    forecastAt, option: "--forecast-at", example: "1000,10000", in: (subsample + 1)...1_000_000_000)
            else {
                throw ValidationError(
                    "Please give '--forecast-at' whole numbers of samples above '--subsample' (\(subsample)) and at most 10⁹, comma-separated, got '\(forecastAt)'."
                )
            }
            return values
        }

        func validate() throws {
            guard (2...1_000_000).contains(subsample) else {
                throw ValidationError("Please give '--subsample' a count from 2 to 1000000, got \(subsample).")
            }
            guard tokensPerSample.isFinite, tokensPerSample > 0 else {
                throw ValidationError("Please give '--tokens-per-sample' a positive number, got \(tokensPerSample).")
            }
            guard !(synthetic && results != nil) else {
                throw ValidationError("Please give either a results file or '--synthetic', not both.")
            }
            _ = try targets()
            _ = try exponentSampleCounts()
            guard (0...1000).contains(exponentRepeats) else {
                throw ValidationError("Please give '--exponent-repeats' a count from 0 to 1000, got \(exponentRepeats).")
            }
        }

        func run() throws {
            if let generate {
                try write(SyntheticSamples.csv(SyntheticSamples.generate(seed: resampling.seed)), to: generate)
                try Output.standard(generate + "\n")
                return
            }
            var notes: [String] = []
            let table: SampleTable
            if let results {
                table = try reportingInputErrors { try SampleTable(table: DataTable.read(path: results)) }
            } else if synthetic {
                table = SyntheticSamples.generate(seed: resampling.seed)
                notes.append(
                    "synthetic example: per-sample success probabilities are Beta-distributed across problems with a shared difficulty order (see README); not measured data"
                )
            } else {
                table = try reportingInputErrors { try SampleTable(table: BundledDataset.monkeysGSM8K.table()) }
                notes.append("data: \(BundledDataset.monkeysGSM8K.citation)")
            }
            let names = Set(table.models.map(\.name))
            for name in models + (reference.map { [$0] } ?? []) where !names.contains(name) {
                throw Failure.usage(
                    "no model '\(name)' in \(table.source) — name one of: \(table.models.prefix(12).map(\.name).joined(separator: ", "))\(table.models.count > 12 ? ", …" : "")"
                )
            }
            var options = SamplingAnalysis.Options()
            options.resamples = resampling.bootstrap
            options.seed = resampling.seed
            options.threads = threading.threads
            options.subsample = subsample
            options.forecastAt = try targets()
            options.tokensPerSample = tokensPerSample
            options.reference = reference
            options.exponentRepeats = exponentRepeats
            options.exponentSamples = try exponentSampleCounts()
            var analysis = SamplingAnalysis(table, options: options)
            analysis.notes = notes + analysis.notes
            let report = SampleReport(analysis: analysis, detailed: models)
            try output.emit(text: report.text, json: report.json)
        }
    }
}
