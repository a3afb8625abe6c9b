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

        @OptionGroup var resampling: ResamplingOptions<Resamples1000>

        @OptionGroup var threading: ThreadOptions



        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard bandwidth > 0 && bandwidth <= 2 else {
                throw ValidationError("Please give '--bandwidth' in (0, 2] decades, got \(bandwidth).")
            }
        }

        func run() throws {
            let runs = try reportingInputErrors { try input.load() }
            var options = IsoFLOPAnalysis.Options()
            options.bandwidth = bandwidth
            options.resamples = resampling.bootstrap
            options.seed = resampling.seed
            options.threads = threading.threads
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
