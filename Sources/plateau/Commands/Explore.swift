import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension Plateau {
    struct Explore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the what-if page: move the budget, the hardware, serving and data, and watch the plan and its cost.",
            discussion: """
                One self-contained HTML file (a little plain JavaScript, no network) with the law and its \
                bootstrap draws embedded: the page evaluates the closed forms and Brent solves of 'plan', \
                'returns' and 'price', so its numbers are theirs. The state lives in the address's fragment \
                (#budget=1e24&gpu=H100&serve=5T&unique=400B), so a what-if can be linked. The law is a \
                fresh fit of the bundled Chinchilla runs (or --runs), a saved fit with its draws (--fit), or \
                published constants (--law); Hoffmann et al.'s and Besiroglu et al.'s constants are offered \
                beside it. Prints the file's path.
                """)

        @OptionGroup var lawOptions: LawOptions

        @OptionGroup var resampling: ResamplingOptions<Resamples200>

        @Option(name: [.short, .customLong("output")], help: "Where to write the page.")
        var output = "plateau-whatif.html"

        @Option(parsing: .unconditional, help: "The budget the page opens at, in FLOPs.")
        var budget = Quantity(5.76e23)

        @Option(parsing: .unconditional, help: "Tokens served, to open with the inference-aware plan on.")
        var serveTokens: Quantity?

        @Option(parsing: .unconditional, help: "Unique tokens, to open with the data-constrained plan on.")
        var uniqueTokens: Quantity?

        @Option(
            parsing: .unconditional,
            help: "Serving MFU (decoding is memory-bound and runs far below training MFU).")
        var serveMfu = CostAssumptions.defaultServingUtilization

        @OptionGroup var cost: CostOptions

        func validate() throws {
            for (name, q) in [("--budget", budget), ("--serve-tokens", serveTokens), ("--unique-tokens", uniqueTokens)] {
                if let q, !(q.value > 0 && q.value.isFinite) {
                    throw ValidationError("Please give '\(name)' a positive number, got \(q.text).")
                }
            }
            guard serveMfu > 0 && serveMfu <= 1 else {
                throw ValidationError("Please give '--serve-mfu' in (0, 1], got \(serveMfu).")
            }
        }

        func run() throws {
            let accelerator = try cost.accelerator()
            let catalog = try cost.loadCatalog()
            let (chosen, fitWarnings, fresh) = try lawOptions.resolveWarned()
            guard case .chinchilla(let law, let text) = chosen else {
                throw Failure.usage(
                    "'explore' evaluates the Chinchilla form's closed forms in the page; the chosen law has another form — use --law hoffmann2022, besiroglu2024, a fit of chinchilla, or --runs, or plan it with 'plateau plan'"
                )
            }
            // The draws: a fresh bootstrap of the runs, or those saved in --fit.
            var draws: [ChinchillaLaw] = [], source = "published constants have no bootstrap draws", level = 0.95
            var warnings = fitWarnings.map { "[\($0.code)] \($0.message)" }
            if let (fit, sample) = fresh, resampling.bootstrap > 0, let form = fit.law as? ChinchillaForm {
                let b = resampling.lawBootstrap(fit: fit, sample: sample, threads: cost.threading.threads)
                draws = b.draws.map { form.law($0) }
                source = PlanReport.resampled(b)
                warnings += b.warnings.map { "[\($0.code)] \($0.message)" }
            } else if let saved = try lawOptions.savedFit(), let form = saved.law as? ChinchillaForm {
                draws = saved.draws.map { form.law($0) }
                level = saved.level
                source =
                    draws.isEmpty
                    ? "the saved document has no bootstrap draws ('plateau fit --json --bootstrap K' saves them)"
                    : PlanReport.saved(draws.count, in: lawOptions.fit ?? "")
            } else if fresh != nil {
                source = "no bootstrap ('--bootstrap 0')"
            }
            let primaryID: String =
                if let published = lawOptions.published { published.rawValue } else if lawOptions.fit != nil { "saved" } else { "fit" }
            var laws = [
                WhatIfPage.Law(
                    id: primaryID, label: text, law: law, draws: draws, drawsSource: source, level: level,
                    largestFitted: try lawOptions.fittedMaxFlops(), warnings: warnings)
            ]
            for published in [PublishedLaw.hoffmann2022, .besiroglu2024] where published.rawValue != primaryID {
                guard let constants = published.chinchilla else { continue }
                laws.append(
                    WhatIfPage.Law(
                        id: published.rawValue, label: "\(published.rawValue) — \(published.citation)", law: constants,
                        draws: [], drawsSource: "published constants have no bootstrap draws",
                        largestFitted: try reportingInputErrors { try published.fittedMaxFlops() }, warnings: []))
            }
            let assumptions = cost.assumptions
            let start = WhatIfPage.Start(
                budget: budget.value, gpu: accelerator.name, price: assumptions.usdPerHour, mfu: assumptions.utilization,
                serveMfu: serveMfu, pue: assumptions.powerUsageEffectiveness, grid: assumptions.kgCO2ePerKilowattHour,
                gpus: cost.gpus ?? 1024, serve: serveTokens?.value, unique: uniqueTokens?.value, watts: assumptions.watts)
            let page = WhatIfPage(laws: laws, accelerators: catalog.accelerators, start: start)
            try write(try page.render(), to: output)
            try Output.path(output)
        }
    }
}
