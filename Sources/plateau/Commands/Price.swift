import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension Plateau {
    struct Price: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Price compute: FLOPs or GPU-hours → GPU-hours, days, dollars, kWh and tCO2e, for training and serving.",
            discussion: """
                GPU-hours = FLOPs / (peak FLOP/s × MFU) / 3600; $ = GPU-hours × price; \
                kWh = GPU-hours × power × PUE; kgCO2e = kWh × grid intensity. Serving costs ≈ 2·N FLOPs \
                per token. With no amount, prices Chinchilla's training run (5.76e23 FLOPs).
                """)

        @Option(parsing: .unconditional, help: "Training compute in FLOPs (SI suffixes allowed, e.g. 5.76e23).")
        var flops: Quantity?

        @Option(parsing: .unconditional, help: "Training compute in accelerator-hours instead of FLOPs.")
        var gpuHours: Quantity?

        @Option(
            parsing: .unconditional, help: "Training time in days on --gpus accelerators, instead of FLOPs or hours.")
        var days: Double?

        @Option(parsing: .unconditional, help: "Tokens to serve; needs --params.")
        var serveTokens: Quantity?

        @Option(parsing: .unconditional, help: "Model parameters N, for serving at 2·N FLOPs per token.")
        var params: Quantity?

        @Option(
            parsing: .unconditional,
            help: "MFU while serving (default 0.2: decoding is memory-bound and runs far below training MFU).")
        var serveMfu: Double?

        @OptionGroup var cost: CostOptions

        @Flag(help: "List the catalog's accelerators with their sources and exit.")
        var listGpus = false

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if [flops != nil, gpuHours != nil, days != nil].filter({ $0 }).count > 1 {
                throw ValidationError("Please give one of '--flops', '--gpu-hours' or '--days'.")
            }
            if let days {
                guard days > 0 && days.isFinite else {
                    throw ValidationError("Please give '--days' a positive number of days, got \(days).")
                }
                guard cost.gpus != nil else {
                    throw ValidationError("'--days' needs a count of accelerators — add '--gpus N'.")
                }
            }
            for (name, value) in [
                ("--flops", flops), ("--gpu-hours", gpuHours), ("--serve-tokens", serveTokens), ("--params", params),
            ] {
                if let value, !(value.value >= 0 && value.value.isFinite) {
                    throw ValidationError("Please give '\(name)' a finite number of 0 or more, got \(value.text).")
                }
            }
            if let params, !(params.value > 0) {
                throw ValidationError("Please give '--params' a positive number of parameters, got \(params.text).")
            }
            if (serveTokens == nil) != (params == nil) {
                throw ValidationError("Please give '--serve-tokens' and '--params' together.")
            }
            if let serveMfu, !(serveMfu > 0 && serveMfu <= 1) {
                throw ValidationError("Please give '--serve-mfu' in (0, 1], got \(serveMfu).")
            }
        }

        func run() throws {
            if listGpus {
                let catalog = try cost.loadCatalog()
                var table = TextTable(
                    header: [
                        "name", "peak FLOP/s", "precision", "watts", "$/hour", "price class", "price date",
                        "price source",
                    ])
                for a in catalog.accelerators {
                    table.rows.append([
                        a.name, NumberFormat.scientific(a.peakFlops, 3), a.precision ?? "",
                        a.watts.map { NumberFormat.significant($0, 4) } ?? "—",
                        a.usdPerHour.map { NumberFormat.fixed($0, 2) } ?? "—", a.priceClass ?? "—", a.priceDate ?? "—",
                        a.priceSource ?? "—",
                    ])
                }
                try Output.text(table.render() + "\n")
                return
            }
            let accelerator = try cost.accelerator()
            let assumptions = cost.assumptions
            var rows: [(String, ComputeCost)] = []
            if let hours = gpuHours?.value ?? days.map({ $0 * 24 * Double(cost.gpus ?? 1) }) {
                rows.append(
                    (
                        "training",
                        ComputeCost(gpuHours: hours, on: accelerator, assumptions: assumptions, gpus: cost.gpus)
                    )
                )
            } else {
                let amount = flops?.value ?? 5.76e23
                rows.append(
                    ("training", ComputeCost(flops: amount, on: accelerator, assumptions: assumptions, gpus: cost.gpus))
                )
            }
            if let serveTokens, let params {
                var serving = assumptions
                serving.utilization = serveMfu ?? CostAssumptions.defaultServingUtilization
                let flops = 2 * params.value * serveTokens.value
                rows.append(
                    ("serving", ComputeCost(flops: flops, on: accelerator, assumptions: serving, gpus: cost.gpus)))
            }
            var report = PriceReport(accelerator: accelerator, assumptions: assumptions, rows: rows)
            // From GPU time the FLOPs are what the MFU implies, not a measurement (issue 25).
            report.trainingFlopsImplied = gpuHours != nil || days != nil
            try output.emit(text: report.text, json: report.json)
        }
    }
}

/// A number given on the command line, with SI suffixes (`70M`, `1.4B`, `6e23`).
struct Quantity: ExpressibleByArgument {
    var value: Double
    var text: String

    init(_ value: Double) {
        self.value = value
        text = "\(value)"
    }

    init?(argument: String) {
        guard let v = PlateauCore.Quantity.parse(argument) else { return nil }
        value = v
        text = argument
    }

    var defaultValueDescription: String { text }
}
