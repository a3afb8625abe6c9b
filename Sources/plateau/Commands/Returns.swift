import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension Plateau {
    struct Returns: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "The diminishing-returns table: compute, dollars, energy and CO2 for each further cut of the loss.",
            discussion: """
                Along the compute-optimal frontier of a Chinchilla-form law, each cut of the reducible \
                loss by a fraction f costs (1/(1−f))^((α+β)/(αβ)) times the compute. Cuts of the total loss \
                get dearer each step and are impossible once they would go below E. A saved fit of another \
                law of N and D (--fit, e.g. kaplan) is followed along its own frontier, solved at each step.
                """)

        @Option(name: .customLong("from"), parsing: .unconditional, help: "Starting training budget in FLOPs.")
        var start: Quantity = Quantity(5.76e23)

        @Option(parsing: .unconditional, help: "Cut per step, as a fraction in (0, 1).")
        var cut: Double = 0.1

        @Option(parsing: .unconditional, help: "Number of steps.")
        var steps: Int = 10

        @OptionGroup var lawOptions: LawOptions
        @OptionGroup var cost: CostOptions

        @OptionGroup var output: OutputOptions

        @Option(
            help: ArgumentHelp(
                "Also write the loss-against-dollars chart (reducible-loss cuts) as SVG to this file.",
                valueName: "file"))
        var plot: String?

        func validate() throws {
            guard start.value > 0 && start.value.isFinite else {
                throw ValidationError("Please give '--from' a positive number of FLOPs, got \(start.text).")
            }
            guard cut > 0 && cut < 1 else { throw ValidationError("Please give '--cut' in (0, 1), got \(cut).") }
            guard (1...1000).contains(steps) else {
                throw ValidationError("Please give '--steps' from 1 to 1000, got \(steps).")
            }
        }

        func run() throws {
            let (frontier, description, fitWarnings) = try lawOptions.frontier(for: "returns")
            guard let first = frontier.plan(start.value) else {
                throw Failure.data(
                    "plateau: \(description) has no compute-optimal split at \(NumberFormat.scientific(start.value, 3)) FLOPs: its loss keeps falling with N or with D along C = 6·N·D — check the fit's warnings, or choose another '--from'"
                )
            }
            let accelerator = try cost.accelerator()
            let assumptions = cost.assumptions
            let price: (Double) -> ComputeCost = { ComputeCost(flops: $0, on: accelerator, assumptions: assumptions) }
            // A law without a floor (Kaplan's) has no irreducible part: one table says it all.
            let targets: [DiminishingReturns.Target] = frontier.floor > 0 ? DiminishingReturns.Target.allCases : [.reducible]
            let tables = targets.map {
                DiminishingReturns(
                    frontier: frontier, start: first, fraction: cut, steps: steps, target: $0, price: price)
            }
            if let plot, let reducible = tables.first(where: { $0.target == .reducible }) {
                try write(PlanCharts.returns(reducible).svg(), to: plot)
            }
            var report = ReturnsReport(lawDescription: description, tables: tables, accelerator: accelerator)
            report.fitWarnings = fitWarnings
            try output.emit(text: report.text, json: report.json)
        }
    }
}
