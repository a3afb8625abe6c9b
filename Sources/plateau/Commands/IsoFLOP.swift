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
            parsing: .unconditional,
            help: "Bootstrap resamples (groups, and runs within groups) behind the 95 % intervals.")
        var bootstrap = 1_000

        @Option(parsing: .unconditional, help: "Seed of the bootstrap.")
        var seed: UInt64 = 0

        @Option(parsing: .unconditional, help: "Worker threads (results do not depend on it). Default: all cores.")
        var threads = ProcessInfo.processInfo.activeProcessorCount

        @Flag(help: "Print the plateau.isoflop/2 JSON document instead of the tables.")
        var json = false

        func validate() throws {
            guard bandwidth > 0 && bandwidth <= 2 else {
                throw ValidationError("Please give '--bandwidth' in (0, 2] decades, got \(bandwidth).")
            }
            guard (0...100_000).contains(bootstrap) else {
                throw ValidationError("Please give '--bootstrap' a count from 0 to 100000, got \(bootstrap).")
            }
            guard threads >= 1 else { throw ValidationError("Please give '--threads' at least 1, got \(threads).") }
        }

        func run() throws {
            let runs = try reportingInputErrors { try input.load() }
            var options = IsoFLOPAnalysis.Options()
            options.bandwidth = bandwidth
            options.resamples = bootstrap
            options.seed = seed
            options.threads = threads
            let analysis = IsoFLOPAnalysis(runs: runs, options: options)
            let parametric = try? ChinchillaLaw.fit(to: runs).law
            let report = IsoFLOPReport(
                analysis: analysis, parametric: parametric, source: runs.source, groupedByColumn: runs.groups != nil)
            try Output.standard(json ? try jsonDocument { try report.json() } + "\n" : report.text())
        }
    }
}
