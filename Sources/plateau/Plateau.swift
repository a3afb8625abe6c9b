import Foundation
import ArgumentParser
import PlateauReport

/// The entry point: SIGPIPE is ignored first (see ``Output``), then the command line is parsed and
/// the command run. The one place that exits: a command's ``Failure`` is its line on stderr and
/// its code (65 bad data, 64 bad options, 73/74 output); every other error is ArgumentParser's
/// (usage, help, version).
@main
enum Entry {
    static func main() {
        Output.prepare()
        do {
            var command = try Plateau.parseAsRoot()
            try Terminal.$columns.withValue(Output.columns()) { try command.run() }
        } catch let failure as Failure {
            if !failure.line.isEmpty { Output.error(failure.line) }
            Foundation.exit(failure.code)
        } catch {
            Plateau.exit(withError: error)
        }
    }
}

struct Plateau: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plateau",
        abstract: "Fit, test, plan and price AI scaling laws from training runs.",
        discussion: """
            Every command reads the bundled real data when given none. Bad input ends with one line \
            'file:line:column: what is wrong — what to do' on stderr: exit 65 for bad data, 64 for bad options.
            """,
        version: "0.8.0",
        subcommands: [
            Report.self, Fit.self, Predict.self, Sample.self, Trend.self, Downstream.self, Check.self, IsoFLOP.self,
            Routing.self, Prices.self, Benchmarks.self, Breaks.self, Plan.self,
            Returns.self, Mix.self, Explore.self,
            Price.self,
            Datasets.self,
        ])
}
