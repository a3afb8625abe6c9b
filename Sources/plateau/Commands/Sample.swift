import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension Plateau {
    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Test-time compute: pass@k, the coverage law c(k) = exp(a·k^b), and compute-matched sampling.",
            discussion: """
                Reads per-problem results — columns problem, n (samples), c (correct); optionally model, \
                params, tokens_per_sample, usd_per_mtok — as CSV, TSV or JSON. Without a file it uses the \
                documented synthetic example (an 8B and a 70B model, 300 problems, 1,000 samples each); \
                '--generate FILE' writes that table so you can see the format.
                """)

        @Argument(help: ArgumentHelp("Per-problem results. Default: the synthetic example.", valueName: "results"))
        var results: String?

        @Option(parsing: .unconditional, help: "Bootstrap resamples of the problems behind the intervals (0: none).")
        var bootstrap = 200

        @Option(parsing: .unconditional, help: "Seed of the bootstrap and of the synthetic example.")
        var seed: UInt64 = 0

        @Option(parsing: .unconditional, help: "Worker threads (results do not depend on it). Default: all cores.")
        var threads = ProcessInfo.processInfo.activeProcessorCount

        @Option(help: ArgumentHelp("Write the synthetic example's table to this file and exit.", valueName: "file"))
        var generate: String?

        @Flag(help: "Print the plateau.sample/1 JSON document instead of the tables.")
        var json = false

        func validate() throws {
            guard threads >= 1 else { throw ValidationError("Please give '--threads' at least 1, got \(threads).") }
            guard (0...100_000).contains(bootstrap) else {
                throw ValidationError("Please give '--bootstrap' a count from 0 to 100000, got \(bootstrap).")
            }
        }

        func run() throws {
            if let generate {
                try write(SyntheticSamples.csv(SyntheticSamples.generate(seed: seed)), to: generate)
                Output.standard(generate + "\n")
                return
            }
            var notes: [String] = []
            let table: SampleTable
            if let results {
                table = try reportingInputErrors { try SampleTable(table: DataTable.read(path: results)) }
            } else {
                table = SyntheticSamples.generate(seed: seed)
                notes.append(
                    "synthetic example: per-sample success probabilities are Beta-distributed across problems with a shared difficulty order (see README); not measured data"
                )
            }
            let fits = try table.models.map { model in
                try reportingInputErrors(source: table.source) {
                    try CoverageFit.fit(
                        model, extrapolate: [10 * model.maxK, 100 * model.maxK], resamples: bootstrap, seed: seed,
                        threads: threads)
                }
            }
            let pairs = Array(zip(table.models, fits))
            var matched: [ComputeMatched] = []
            if pairs.count >= 2 {
                for currency in [ComputeMatched.Currency.flops, .dollars] {
                    if let m = ComputeMatched(models: pairs, currency: currency) {
                        matched.append(m)
                    } else {
                        notes.append(
                            currency == .flops
                                ? "no FLOP comparison: give params and tokens_per_sample for every model"
                                : "no dollar comparison: give usd_per_mtok and tokens_per_sample for every model")
                    }
                }
            }
            let report = SampleReport(table: table, fits: fits, matched: matched, notes: notes)
            Output.standard(json ? jsonDocument { try report.json() } + "\n" : report.text())
        }
    }
}
