import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension Plateau {
    struct Downstream: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Downstream saturation on Gadre et al.'s 46 tasks: at chance, rising or near ceiling, and predictability."
        )

        @Option(help: "Training set of the runs: rpj, c4_original or rw_original.")
        var dataset = "rpj"

        @Flag(help: "Print the plateau.downstream/1 JSON document instead of the table.")
        var json = false

        func validate() throws {
            guard ["rpj", "c4_original", "rw_original"].contains(dataset) else {
                throw ValidationError("Please give '--dataset' as rpj, c4_original or rw_original, got '\(dataset)'.")
            }
        }

        func run() throws {
            let progress = ProgressBar(total: DownstreamAnalysis.bundledTaskCount, label: "tasks")
            var tick: (@Sendable () -> Void)? = nil
            if let progress { tick = { progress.advance() } }
            let analysis = try reportingInputErrors { try DownstreamAnalysis(dataset: dataset, progress: tick) }
            progress?.finish()
            let report = DownstreamReport(analysis: analysis)
            Output.standard(json ? jsonDocument { try report.json() } + "\n" : report.text())
        }
    }
}
