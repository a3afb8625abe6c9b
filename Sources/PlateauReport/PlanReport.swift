import Foundation
import PlateauCore

/// How a plan is shown: the compute-optimal plan, its cost, and the inference-aware and
/// data-constrained variants when asked for.
package struct PlanReport: Sendable {
    package var lawDescription: String
    package var plan: TrainingPlan
    package var cost: ComputeCost?
    package var accelerator: Accelerator?
    package var inferenceAware: InferenceAwarePlan?
    /// "flops" or "dollars".
    package var inferenceObjective: String
    package var sameBudget: Bool
    package var dataConstrained: DataConstrainedPlan?
    /// The largest compute the law was fitted on, when known: plans far beyond it are warned about.
    package var fittedMaxFlops: Double?
    /// Where the intervals come from (``resampled(_:)``, ``saved(_:in:)``) and the decisions at
    /// the plan's budget, each draw planned there; nil without draws.
    package var bootstrap: (source: String, decisions: FrontierDecisions?)?
    /// What the budget counts: `C = 6·N·D` for Chinchilla-form laws.
    package var budgetConvention = "C = 6·N·D"
    /// Lines that explain the plan (printed under it, and in the JSON).
    package var notes: [String] = []
    /// The warnings of the fit the law comes from.
    package var fitWarnings: [FitWarning] = []
    /// Which law the data-constrained plan uses.
    package var dataConstrainedLaw = "Muennighoff et al. 2023's law"

    /// 95 % (or the bootstrap's level) intervals on N_opt, D_opt, tokens per parameter and loss.
    package var intervals: [String: Interval] {
        guard let b = bootstrap, let decisions = b.decisions else { return [:] }
        let row = { (name: String) in decisions.rows.first { $0.name == name }?.interval }
        var out: [String: Interval] = [:]
        out["parameters"] = row("N_opt")
        out["tokens"] = row("D_opt")
        out["loss"] = row("loss")
        out["tokens_per_parameter"] = decisions.tokensPerParameter
        return out.compactMapValues { $0 }
    }

    /// The intervals' source for a fresh bootstrap of the runs.
    package static func resampled(_ b: LawBootstrap) -> String {
        "\(b.completed) bootstrap resamples of the runs, each re-fitted \(CatalogFitReport.refit(b.options)) and planned at this budget"
    }

    /// The intervals' source for the draws saved in a fit document.
    package static func saved(_ count: Int, in path: String) -> String {
        "the \(count) bootstrap draws saved in \(path), each planned at this budget"
    }

    package init(
        lawDescription: String, plan: TrainingPlan, cost: ComputeCost?, accelerator: Accelerator?,
        inferenceAware: InferenceAwarePlan? = nil, inferenceObjective: String = "flops", sameBudget: Bool = false,
        dataConstrained: DataConstrainedPlan? = nil
    ) {
        self.lawDescription = lawDescription
        self.plan = plan
        self.cost = cost
        self.accelerator = accelerator
        self.inferenceAware = inferenceAware
        self.inferenceObjective = inferenceObjective
        self.sameBudget = sameBudget
        self.dataConstrained = dataConstrained
    }

    static func planRows(_ p: TrainingPlan) -> [[String]] {
        [
            ["model size N", NumberFormat.si(p.parameters) + " parameters"],
            ["tokens D", NumberFormat.si(p.tokens)],
            ["tokens per parameter", NumberFormat.significant(p.tokensPerParameter, 3)],
            ["predicted loss", NumberFormat.fixed(p.loss, 4)],
        ]
    }

    /// Extrapolation beyond 100× the fitted compute, and a data-constrained plan outside its law's runs.
    package var warnings: [String] {
        var out = fitWarnings.map { "[\($0.code)] \($0.message)" } + (dataConstrained?.warnings ?? [])
        guard let fittedMaxFlops, plan.flops > 100 * fittedMaxFlops else { return out }
        let times = NumberFormat.significant(plan.flops / fittedMaxFlops, 3)
        out.insert(
            "this budget is \(times)× the largest fitted run's compute; the law has not been tested that far (see 'plateau check')",
            at: fitWarnings.count)
        return out
    }

    package func text() -> String {
        var out = "Compute-optimal plan for \(NumberFormat.scientific(plan.flops, 3)) FLOPs (\(budgetConvention))\n"
        out += "law: \(lawDescription)\n"
        if let source = bootstrap?.source { out += "intervals: \(source)\n" }
        out += "\n"
        var table = TextTable(header: ["", ""])
        table.rows = Self.planRows(plan)
        let ci = intervals
        if !ci.isEmpty {
            let keys = ["parameters", "tokens", "tokens_per_parameter", "loss"]
            for (row, key) in zip(table.rows.indices, keys) {
                guard let i = ci[key] else { continue }
                let text = { (v: Double) -> String in
                    switch key {
                    case "loss": NumberFormat.fixed(v, 4)
                    case "tokens_per_parameter": NumberFormat.significant(v, 3)
                    default: NumberFormat.si(v)
                    }
                }
                let level = NumberFormat.significant(100 * (bootstrap?.decisions?.level ?? 0.95), 3)
                table.rows[row][1] += "  (\(level) %: \(text(i.lower)) – \(text(i.upper)))"
            }
        }
        if let cost, let accelerator {
            table.rows.append(["GPU-hours (\(accelerator.name))", NumberFormat.significant(cost.gpuHours, 4)])
            if let days = cost.days, let gpus = cost.gpus {
                table.rows.append(["days on \(gpus) GPUs", NumberFormat.significant(days, 3)])
            }
            table.rows.append(["cost", cost.usd.map { "$" + NumberFormat.si($0) } ?? "price unknown"])
            table.rows.append([
                "energy", cost.kilowattHours.map { NumberFormat.significant($0 / 1000, 4) + " MWh" } ?? "power unknown",
            ])
            table.rows.append([
                "emissions",
                cost.kgCO2e.map { NumberFormat.significant($0 / 1000, 4) + " " + cost.emissionsUnit } ?? "—",
            ])
        }
        out += table.renderRows() + "\n"
        if let ia = inferenceAware {
            let unit = inferenceObjective == "dollars" ? "dollars" : "FLOPs"
            let aim = sameBudget ? "lowest loss for the same total \(unit)" : "fewest total \(unit) for the same loss"
            out +=
                "\nInference-aware (Sardana et al. 2024), serving \(NumberFormat.si(ia.servedTokens)) tokens — \(aim):\n"
            var t = TextTable(
                header: ["", "Chinchilla-optimal", "inference-aware"], rightAligned: [false, true, true])
            t.rows.append([
                "model size N", NumberFormat.si(ia.chinchilla.parameters), NumberFormat.si(ia.plan.parameters),
            ])
            t.rows.append(["tokens D", NumberFormat.si(ia.chinchilla.tokens), NumberFormat.si(ia.plan.tokens)])
            t.rows.append([
                "tokens per parameter", NumberFormat.significant(ia.chinchilla.tokensPerParameter, 3),
                NumberFormat.significant(ia.plan.tokensPerParameter, 3),
            ])
            t.rows.append(["loss", NumberFormat.fixed(ia.chinchilla.loss, 4), NumberFormat.fixed(ia.plan.loss, 4)])
            t.rows.append([
                "training FLOPs", NumberFormat.scientific(ia.chinchilla.flops, 3),
                NumberFormat.scientific(ia.plan.flops, 3),
            ])
            t.rows.append([
                "serving FLOPs", NumberFormat.scientific(2 * ia.chinchilla.parameters * ia.servedTokens, 3),
                NumberFormat.scientific(2 * ia.plan.parameters * ia.servedTokens, 3),
            ])
            let before = ia.totalCost(ia.chinchilla), after = ia.totalCost(ia.plan)
            let format: (Double) -> String = {
                unit == "dollars" ? "$" + NumberFormat.si($0) : NumberFormat.scientific($0, 3)
            }
            t.rows.append(["total \(unit)", format(before), format(after)])
            out += t.render() + "\n"
            if sameBudget {
                out += "  loss \(NumberFormat.fixed(ia.chinchilla.loss - ia.plan.loss, 4)) lower for the same total\n"
            } else {
                out += "  saves \(NumberFormat.fixed(100 * (1 - after / before), 1)) % of the total \(unit)\n"
            }
        }
        if !notes.isEmpty { out += "\n" + notes.map { "note: \($0)\n" }.joined() }
        for warning in warnings { out += "\nwarning: \(warning)\n" }
        if let dc = dataConstrained {
            out +=
                "\nData-constrained, \(NumberFormat.si(dc.uniqueTokens)) unique tokens (\(dataConstrainedLaw)):\n"
            var t = TextTable(header: ["", "unlimited data", "data-constrained"], rightAligned: [false, true, true])
            t.rows.append([
                "model size N", NumberFormat.si(dc.unlimited.parameters), NumberFormat.si(dc.plan.parameters),
            ])
            t.rows.append(["tokens D", NumberFormat.si(dc.unlimited.tokens), NumberFormat.si(dc.plan.tokens)])
            t.rows.append([
                "epochs", "— (all unique)",
                NumberFormat.significant(dc.epochs, 3),
            ])
            t.rows.append([
                "effective tokens D'", NumberFormat.si(dc.unlimited.tokens), NumberFormat.si(dc.effectiveTokens),
            ])
            t.rows.append(["loss", NumberFormat.fixed(dc.unlimited.loss, 4), NumberFormat.fixed(dc.plan.loss, 4)])
            out += t.render() + "\n"
            out += "  the data limit costs \(NumberFormat.fixed(dc.lossPenalty, 4)) nats of loss at this compute\n"
        }
        return out
    }

    /// The `plateau.plan/1` document.
    package func json() throws -> String {
        struct InferenceDoc: Encodable {
            var servedTokens: Double
            var objective: String
            var sameBudget: Bool
            var chinchilla: TrainingPlan
            var plan: TrainingPlan
            var totalBefore: Double
            var totalAfter: Double
            enum CodingKeys: String, CodingKey {
                case objective, chinchilla, plan
                case servedTokens = "served_tokens"
                case sameBudget = "same_budget"
                case totalBefore = "total_chinchilla"
                case totalAfter = "total_inference_aware"
            }
        }
        struct DataDoc: Encodable {
            var uniqueTokens: Double
            var plan: TrainingPlan
            var unlimited: TrainingPlan
            var epochs: Double
            var effectiveTokens: Double
            var lossPenalty: Double
            var law: String
            enum CodingKeys: String, CodingKey {
                case plan, unlimited, epochs, law
                case uniqueTokens = "unique_tokens"
                case effectiveTokens = "effective_tokens"
                case lossPenalty = "loss_penalty"
            }
        }
        struct Document: Encodable {
            var schema = "plateau.plan/1"
            var law: String
            var plan: TrainingPlan
            var accelerator: String?
            var cost: ComputeCost?
            var inferenceAware: InferenceDoc?
            var dataConstrained: DataDoc?
            var budget: String
            var notes: [String]
            var warnings: [String]
            var intervals: [String: Interval]?
            enum CodingKeys: String, CodingKey {
                case schema, law, plan, accelerator, cost, budget, notes, warnings, intervals
                case inferenceAware = "inference_aware"
                case dataConstrained = "data_constrained"
            }
        }
        let doc = Document(
            law: lawDescription, plan: plan, accelerator: accelerator?.name, cost: cost,
            inferenceAware: inferenceAware.map {
                InferenceDoc(
                    servedTokens: $0.servedTokens, objective: inferenceObjective, sameBudget: sameBudget,
                    chinchilla: $0.chinchilla, plan: $0.plan, totalBefore: $0.totalCost($0.chinchilla),
                    totalAfter: $0.totalCost($0.plan))
            },
            dataConstrained: dataConstrained.map {
                DataDoc(
                    uniqueTokens: $0.uniqueTokens, plan: $0.plan, unlimited: $0.unlimited, epochs: $0.epochs,
                    effectiveTokens: $0.effectiveTokens, lossPenalty: $0.lossPenalty, law: dataConstrainedLaw)
            }, budget: budgetConvention, notes: notes, warnings: warnings, intervals: bootstrap == nil ? nil : intervals
        )
        return try encodeDocument(doc)
    }
}
