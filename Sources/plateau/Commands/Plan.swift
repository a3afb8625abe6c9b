import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension Plateau {
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Plan a training run: compute-optimal N and D for a budget, its cost, and inference-aware and data-constrained variants.",
            discussion: """
                The budget is FLOPs (--budget), accelerator-hours (--gpu-hours) or dollars (--dollars) on \
                --gpu at --mfu, or the compute a --target-loss needs; default 5.76e23 FLOPs (Chinchilla's). \
                The law is a fresh fit of the bundled Chinchilla runs unless --law or --fit says otherwise.
                """)

        @Option(parsing: .unconditional, help: "Training budget in FLOPs.")
        var budget: Quantity?

        @Option(parsing: .unconditional, help: "Training budget in accelerator-hours on --gpu.")
        var gpuHours: Quantity?

        @Option(parsing: .unconditional, help: "Training budget in US dollars on --gpu at its price.")
        var dollars: Quantity?

        @Option(parsing: .unconditional, help: "Plan the compute-optimal run that reaches this loss.")
        var targetLoss: Double?

        @OptionGroup var lawOptions: LawOptions

        @Option(
            parsing: .unconditional,
            help: "Tokens the model will serve: adds the inference-aware plan (Sardana et al. 2024).")
        var serveTokens: Quantity?

        @Flag(help: "Inference-aware: the lowest loss for the same total, instead of the same loss for less.")
        var sameBudget = false

        @Option(help: "Inference-aware objective: flops, or dollars with --serve-gpu/--serve-mfu/--serve-price.")
        var optimize: Objective = .flops

        @Option(help: "Serving accelerator (default: --gpu).")
        var serveGpu: String?

        @Option(
            parsing: .unconditional,
            help: "Serving MFU (default 0.2: decoding is memory-bound and runs far below training MFU).")
        var serveMfu: Double?

        @Option(
            parsing: .unconditional, help: "Serving price per accelerator-hour (default: the serving accelerator's).")
        var servePrice: Double?

        @Option(
            parsing: .unconditional,
            help: "Unique tokens available: adds the data-constrained plan (Muennighoff et al. 2023 law).")
        var uniqueTokens: Quantity?

        @OptionGroup var resampling: ResamplingOptions<NoResamples>


        @OptionGroup var cost: CostOptions

        @OptionGroup var output: OutputOptions

        enum Objective: String, ExpressibleByArgument, CaseIterable {
            case flops, dollars
        }

        func validate() throws {
            let given = [budget != nil, gpuHours != nil, dollars != nil, targetLoss != nil].filter { $0 }.count
            guard given <= 1 else {
                throw ValidationError("Please give one of '--budget', '--gpu-hours', '--dollars' or '--target-loss'.")
            }
            for (name, q) in [
                ("--budget", budget), ("--gpu-hours", gpuHours), ("--dollars", dollars),
                ("--serve-tokens", serveTokens),
            ] {
                if let q, !(q.value > 0 && q.value.isFinite) {
                    throw ValidationError("Please give '\(name)' a positive number, got \(q.text).")
                }
            }
            // 10²¹ served tokens is about ten thousand years of today's largest providers' traffic.
            if let serveTokens, serveTokens.value > 1e21 {
                throw ValidationError("Please give '--serve-tokens' at most 1e21 tokens, got \(serveTokens.text).")
            }
            if let uniqueTokens, !(uniqueTokens.value >= 1 && uniqueTokens.value <= 1e300) {
                throw ValidationError(
                    "Please give '--unique-tokens' a number of tokens of at least 1, got \(uniqueTokens.text).")
            }
            if let targetLoss, !(targetLoss > 0 && targetLoss.isFinite) {
                throw ValidationError("Please give '--target-loss' a positive loss, got \(targetLoss).")
            }
            if let serveMfu, !(serveMfu > 0 && serveMfu <= 1) {
                throw ValidationError("Please give '--serve-mfu' in (0, 1], got \(serveMfu).")
            }
            if let servePrice, !(servePrice > 0 && servePrice.isFinite) {
                throw ValidationError("Please give '--serve-price' a positive number, got \(servePrice).")
            }
            if sameBudget && serveTokens == nil { throw ValidationError("'--same-budget' compares serving plans — add '--serve-tokens' (tokens served over the model's life).") }
            if resampling.bootstrap > 0 && (lawOptions.published != nil || lawOptions.fit != nil) {
                throw ValidationError(
                    "'--bootstrap' refits resamples of the runs — use it with the default fit, '--runs FILE' or '--law LAW' of the catalog, not published constants or '--fit'."
                )
            }
        }

        func run() throws {
            let accelerator = try cost.accelerator()
            let assumptions = cost.assumptions
            let (chosen, fitWarnings, fresh) = try lawOptions.resolveWarned()

            // The budget in FLOPs.
            var flops = budget?.value ?? 5.76e23
            if let gpuHours {
                flops = ComputeCost(gpuHours: gpuHours.value, on: accelerator, assumptions: assumptions).flops
            } else if let dollars {
                guard let price = assumptions.usdPerHour ?? accelerator.usdPerHour else {
                    throw ValidationError("'\(accelerator.name)' has no price in the catalog — give '--price' in dollars per accelerator-hour.")
                }
                flops = ComputeCost(gpuHours: dollars.value / price, on: accelerator, assumptions: assumptions).flops
            } else if let targetLoss {
                switch chosen {
                case .chinchilla(let law, _):
                    guard targetLoss > law.E else {
                        throw ValidationError(
                            "'--target-loss \(targetLoss)' is at or below the law's irreducible loss E = \(NumberFormat.fixed(law.E, 4)): no amount of compute reaches it — choose a target above E."
                        )
                    }
                    flops = law.flops(forReducibleLoss: targetLoss - law.E)
                case .kaplan(let frontier, _):
                    flops = frontier.minimumCompute(forLoss: targetLoss)
                case .catalog(let fitted, let text):
                    guard let frontier = ComputeFrontier(law: fitted.law, theta: fitted.theta) else {
                        throw Failure.usage(
                            "'--target-loss' inverts a frontier of N and D with a floor; \(text) does not say what loss its frontier approaches — give '--budget' instead")
                    }
                    guard let solved = frontier.flops(forLoss: targetLoss, near: 1e21) else {
                        throw ValidationError(
                            "'--target-loss \(targetLoss)' is not reached by \(text) at any budget of 1…1e300 FLOPs (its frontier approaches \(NumberFormat.fixed(frontier.floor, 4))) — choose a target above it."
                        )
                    }
                    flops = solved
                }
                // A target above any loss the law plans for needs less than one FLOP.
                guard flops >= 1 && flops <= 1e300 else {
                    throw Failure.usage(
                        "'--target-loss \(targetLoss)' needs \(String(format: "%.3g", flops)) FLOPs by this law, outside 1…1e300 — choose a target between the law's floor and the losses of real runs"
                    )
                }
            }

            let plan: TrainingPlan
            let description: String
            var notes: [String] = []
            var convention = "C = 6·N·D"
            switch chosen {
            case .chinchilla(let law, let text): plan = law.plan(flops: flops); description = text
            case .catalog(let fitted, let text):
                guard let optimal = TrainingPlan.optimal(law: fitted.law, theta: fitted.theta, flops: flops) else {
                    throw Failure.data(
                        "plateau: \(text) has no compute-optimal split at \(NumberFormat.scientific(flops, 3)) FLOPs: its loss keeps falling with N or with D along C = 6·N·D — check the fit's warnings, or plan with a law that has a floor in both"
                    )
                }
                plan = optimal
                description = text
                notes.append(
                    "planned by minimising \(fitted.law.name)'s loss along C = 6·N·D (Brent's method on log N)"
                        + (resampling.bootstrap > 0 || !fitted.draws.isEmpty
                            ? "" : "; no interval on this plan (the saved document has no bootstrap draws; --law \(fitted.law.name) --runs FILE --bootstrap K refits and gives them)")
                )
            case .kaplan(let frontier, let text):
                plan = frontier.plan(minimumCompute: flops)
                description = text
                convention = "C_min, Kaplan et al.'s compute-efficient frontier"
                let ratio = NumberFormat.significant(frontier.trainingComputeRatio, 3)
                notes = [
                    "Kaplan et al. 2020 count C_min, the compute the loss needs at a batch size far below the critical one; training at the critical batch size takes about 2·C_min (their Eq. 5.5), and on this frontier 6·N·D = \(ratio)·C_min = \(NumberFormat.scientific(6 * plan.parameters * plan.tokens, 3)) FLOPs, which the costs above price",
                    "the loss is their Eq. 1.3, L = (C_c/C_min)^0.050, in nats per token on WebText2 (not comparable with Chinchilla's MassiveText losses)",
                ]
            }
            let trainingFlops = 6 * plan.parameters * plan.tokens
            let planCost = ComputeCost(flops: trainingFlops, on: accelerator, assumptions: assumptions, gpus: cost.gpus)

            var inference: InferenceAwarePlan?
            if let serveTokens {
                guard case .chinchilla(let law, _) = chosen else {
                    throw ValidationError("The inference-aware plan needs a law of the Chinchilla form — use --law hoffmann2022, besiroglu2024 or a fit of chinchilla.")
                }
                var trainingWeight = 1.0, servingWeight = 1.0
                if optimize == .dollars {
                    let serving = try serveAccelerator()
                    guard let trainPrice = assumptions.usdPerHour ?? accelerator.usdPerHour,
                        let servePrice = servePrice ?? serving.usdPerHour
                    else {
                        throw ValidationError("Pricing in dollars needs prices — give '--price' and '--serve-price'.")
                    }
                    trainingWeight = trainPrice / (accelerator.peakFlops * assumptions.utilization * 3600)
                    servingWeight =
                        servePrice
                        / (serving.peakFlops * (serveMfu ?? CostAssumptions.defaultServingUtilization) * 3600)
                }
                inference =
                    sameBudget
                    ? .sameBudget(
                        law: law, flops: flops, servedTokens: serveTokens.value, trainingWeight: trainingWeight,
                        servingWeight: servingWeight)
                    : .sameLoss(
                        law: law, flops: flops, servedTokens: serveTokens.value, trainingWeight: trainingWeight,
                        servingWeight: servingWeight)
            }
            let constrained = uniqueTokens.map {
                DataConstrainedPlan(law: .muennighoff2023, flops: flops, uniqueTokens: $0.value)
            }
            let report = PlanReport(
                lawDescription: description, plan: plan, cost: planCost, accelerator: accelerator,
                inferenceAware: inference, inferenceObjective: optimize.rawValue, sameBudget: sameBudget,
                dataConstrained: constrained)
            var withRange = report
            withRange.budgetConvention = convention
            withRange.notes = notes
            withRange.fitWarnings = fitWarnings
            if lawOptions.published != .muennighoff2023 {
                withRange.dataConstrainedLaw =
                    "Muennighoff et al. 2023's law with its own base constants, not the law above"
            }
            withRange.fittedMaxFlops = try lawOptions.fittedMaxFlops()
            let losses = [plan.loss] + (constrained.map { [$0.plan.loss] } ?? [])
            let observed: ClosedRange<Double>? = if case .catalog(let fitted, _) = chosen { fitted.observedRange } else { nil }
            if let implausible = FittedLaw.implausibleWarning(losses, output: .loss, observed: observed) {
                withRange.fitWarnings.append(implausible)
            }
            if resampling.bootstrap > 0, let (fit, sample) = fresh {
                let b = resampling.lawBootstrap(fit: fit, sample: sample, threads: cost.threading.threads)
                withRange.bootstrap = (
                    PlanReport.resampled(b), FrontierDecisions(law: fit.law, theta: fit.theta, draws: b.draws, budget: plan.flops)
                )
                withRange.fitWarnings += b.warnings + (withRange.bootstrap?.decisions?.warnings ?? [])
            } else if let saved = try lawOptions.savedFit(), !saved.draws.isEmpty {
                // A saved fit's own bootstrap draws, each planned at the budget.
                withRange.bootstrap = (
                    PlanReport.saved(saved.draws.count, in: lawOptions.fit ?? ""),
                    FrontierDecisions(law: saved.law, theta: saved.theta, draws: saved.draws, budget: plan.flops, level: saved.level)
                )
                withRange.fitWarnings += withRange.bootstrap?.decisions?.warnings ?? []
            }
            try output.emit(text: withRange.text, json: withRange.json)
        }

        func serveAccelerator() throws -> Accelerator {
            guard let name = serveGpu else { return try cost.accelerator() }
            let catalog = try cost.loadCatalog()
            guard let found = catalog.accelerator(named: name) else {
                throw ValidationError(
                    "Unknown '--serve-gpu \(name)' — name one of \(catalog.accelerators.map(\.name).joined(separator: ", "))."
                )
            }
            return found
        }
    }
}
