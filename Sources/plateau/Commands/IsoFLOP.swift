import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension Plateau {
    struct IsoFLOP: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "isoflop",
            abstract:
                "IsoFLOP profiles (Approach 2): per-compute parabola minima and the exponents a, b with intervals, beside the parametric fit's."
        )

        @OptionGroup var input: InputOptions

        @Option(
            parsing: .unconditional,
            help:
                "Kernel bandwidth, in decades of compute, that finds the ladder's budgets (when the table has no group column)."
        )
        var bandwidth: Double = 0.02

        @Option(
            help: ArgumentHelp(
                "The groups the exponents use: 'designed' (the table's designed budgets — Hoffmann et al.'s nine for the bundled runs), 'all' (every group found), or the budgets in FLOPs, comma-separated. Default: designed where the ladder is known, else all.",
                valueName: "designed|all|C,…"))
        var budgets: String?

        @OptionGroup var resampling: ResamplingOptions<Resamples1000>

        @OptionGroup var threading: ThreadOptions



        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard bandwidth > 0 && bandwidth <= 2 else {
                throw ValidationError("Please give '--bandwidth' in (0, 2] decades, got \(bandwidth).")
            }
        }

        /// The designed budgets: Hoffmann et al.'s for the bundled runs, a list given, or none.
        func ladder(_ runs: RunTable) throws -> [Double]? {
            let known = IsoFLOPAnalysis.knownLadder(source: runs.source)
            switch budgets?.lowercased() {
            case nil: return known
            case "all": return nil
            case "designed":
                guard let known else {
                    throw Failure.usage(
                        "no designed ladder is known for \(runs.source) — give its budgets: --budgets 6e18,1e19,3e19,… (or --budgets all)")
                }
                return known
            case let list?:
                let parts = try commaList(list, option: "--budgets", example: "6e18,1e19,3e19")
                let values = parts.compactMap { PlateauCore.Quantity.parse($0) }
                guard !parts.isEmpty, values.count == parts.count, values.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                    throw Failure.usage(
                        "'--budgets' takes 'designed', 'all' or positive FLOP counts, comma-separated (6e18,1e19), got '\(list)'")
                }
                return values
            }
        }

        func run() throws {
            let runs = try reportingInputErrors { try input.load() }
            var options = IsoFLOPAnalysis.Options()
            options.bandwidth = bandwidth
            options.resamples = resampling.bootstrap
            options.seed = resampling.seed
            options.threads = threading.threads
            options.ladder = try ladder(runs)
            let analysis = IsoFLOPAnalysis(runs: runs, options: options)
            let sample = LawSample(runs: runs)
            let parametric = try? CatalogFit.fit(
                ChinchillaForm(), points: sample.points, observed: sample.observed, threads: threading.threads
            ).chinchilla
            let report = IsoFLOPReport(
                analysis: analysis, parametric: parametric, source: runs.source, groupedByColumn: runs.groups != nil)
            try output.emit(text: report.text, json: report.json)
        }
    }
}
