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

        @Option(help: "Group runs into bins of this many decades of compute (when the table has no group column).")
        var binDecades: Double = 0.1

        @Flag(help: "Print the plateau.isoflop/1 JSON document instead of the tables.")
        var json = false

        func validate() throws {
            guard binDecades > 0 && binDecades <= 2 else {
                throw ValidationError("Please give '--bin-decades' in (0, 2], got \(binDecades).")
            }
        }

        func run() throws {
            let runs = try reportingInputErrors { try input.load() }
            let analysis = IsoFLOPAnalysis(runs: runs, binWidth: binDecades)
            let parametric = try? ChinchillaLaw.fit(to: runs).law
            let report = IsoFLOPReport(
                analysis: analysis, parametric: parametric, source: runs.source, binWidth: binDecades)
            print(json ? try report.json() : report.text(), terminator: json ? "\n" : "")
        }
    }
}
