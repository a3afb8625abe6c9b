import Foundation
import PlateauCore

/// `plateau mix`: what AI-written web text in a training mix is worth, by Russell et al.'s law.
package struct MixReport: Sendable {
    package var answer: MixPlan.Answer
    /// Where the law's constants come from (a bundled target or a saved fit).
    package var lawDescription: String
    /// The evaluation set, when the constants are Russell et al.'s (`c4`, …).
    package var target: String?
    package var accelerator: Accelerator
    package var assumptions: CostAssumptions
    /// The fit's own warnings (a bundled target's parameters at their bounds), and the mix's.
    package var warnings: [FitWarning]

    /// The report of `fitted` (a law of AI tokens) at N, D_H and an AI share.
    package static func make(
        fitted: FittedLaw, lawDescription: String, target: String?, parameters: Double, humanTokens: Double,
        share: Double, accelerator: Accelerator, assumptions: CostAssumptions
    ) -> MixReport {
        let plan = MixPlan(law: fitted.law, theta: fitted.theta, parameters: parameters, humanTokens: humanTokens)
        return MixReport(
            answer: plan.answer(share: share, largestFitted: fitted.largestFitted), lawDescription: lawDescription,
            target: target, accelerator: accelerator, assumptions: assumptions, fitWarnings: fitted.warnings)
    }

    /// The largest model Russell et al. tested (their held-out 973M, `results/models.csv`).
    package static let largestTested = 972_949_562.0

    package init(
        answer: MixPlan.Answer, lawDescription: String, target: String?, accelerator: Accelerator,
        assumptions: CostAssumptions, fitWarnings: [FitWarning]
    ) {
        self.answer = answer
        self.lawDescription = lawDescription
        self.target = target
        self.accelerator = accelerator
        self.assumptions = assumptions
        var warnings = fitWarnings
        if let far = answer.extrapolation.flatMap({ LawPrediction.farWarning([$0]) }) { warnings.append(far) }
        if answer.parameters > Self.largestTested {
            warnings.append(
                FitWarning(
                    code: "beyond-tested-sizes",
                    message:
                        "\(NumberFormat.si(answer.parameters)) parameters is beyond the largest model the law was tested on (973M, held out; fitted on 19.9M–268M): every number here is an extrapolation of its size terms"
                ))
        }
        self.warnings = warnings
    }

    /// The short caveats printed with every answer (issue 29).
    package static let caveats = [
        "\"AI text\" is wild web text labelled AI-written by one detector (Pangram) — not deliberate synthetic data (rephrasing, textbooks) and not a model's own output fed back",
        "the law was fitted on 19.9M–268M-parameter models and checked on held-out 477M and 973M ones: larger models are extrapolations",
        "answers differ by evaluation set (--target c4, fw22, fw26-human, paloma, fw26, fw26-ai, cosmopedia): the loss is bits per byte on that set",
        "one round of training on a mix, not generations of models trained on models' output",
        "a preprint (Russell et al. 2026, arXiv 2609.40295), not yet peer reviewed",
    ]

    /// The collapse literature as text (`--explain`): its three regimes, with no LLM numbers —
    /// their parameters have never been measured for a language model.
    package static let collapseTheory = """
        What model-collapse theory says (for toy models; no number from it applies to an LLM run):
          - Replace: each generation trains only on the previous generation's output. The error grows
            with every generation and the model collapses (Shumailov et al. 2024, Nature, "AI models
            collapse when trained on recursively generated data").
          - Accumulate: each generation adds its output to all the real and synthetic data before it.
            The error stays bounded, however many generations (Gerstgrasser et al. 2024, "Is Model
            Collapse Inevitable?").
          - A generator that cuts the tail: even a small share of synthetic data from a model that
            under-samples rare events sets a floor the loss cannot go below by adding data, unless
            the synthetic share shrinks as the data grows (Dohmatob et al. 2024, "Strong Model
            Collapse"; "A Tale of Tails").
        Their parameters (tail exponents, generator quality) have not been measured for language
        models, so Plateau prints no number from them. Russell et al.'s law above is fitted on LLM
        pretraining runs, for one round of training on wild web text.

        """

    private var ratioText: String {
        "\(NumberFormat.significant(100 * answer.aiShare, 3)) % AI (ratio \(NumberFormat.significant(answer.aiRatio, 3)), \(NumberFormat.si(answer.aiTokens)) AI tokens)"
    }

    /// The setting, one line: size, human corpus and AI share.
    package var setting: String {
        let a = answer
        return "model \(NumberFormat.si(a.parameters)) parameters · human corpus \(NumberFormat.si(a.humanTokens)) tokens (\(NumberFormat.significant(a.humanTokens / a.parameters, 3)) per parameter) · \(ratioText)"
    }

    /// The answers, as (what, value) rows: the text table and the page's.
    package var rows: [[String]] {
        let a = answer
        let change = a.mixLoss / a.humanLoss - 1
        var rows = [
            ["loss, human text only", NumberFormat.fixed(a.humanLoss, 4)],
            [
                "loss, with the AI text added",
                "\(NumberFormat.fixed(a.mixLoss, 4)) (\(change >= 0 ? "+" : "")\(NumberFormat.significant(100 * change, 3)) %)",
            ],
        ]
        if let value = a.tokenValue { rows.append(["value of one AI token", "\(NumberFormat.significant(value, 4)) human tokens"]) }
        rows += [
            [
                "value turns negative past",
                a.negativeRatio.map {
                    "ratio \(NumberFormat.significant($0, 4)) (\(NumberFormat.significant(100 * $0 / (1 + $0), 3)) % AI)"
                } ?? "never, up to ratio 10⁴",
            ],
            [
                "loss-minimising AI share",
                "\(NumberFormat.significant(100 * a.optimalShare, 4)) % (ratio \(NumberFormat.significant(a.optimalRatio, 4))): loss \(NumberFormat.fixed(a.optimalLoss, 4)), −\(NumberFormat.significant(100 * a.largestLossReduction, 3)) %",
            ],
            [
                "cost of not filtering",
                a.costMultiplier.map { "\(NumberFormat.fixed($0, 4))× the tokens (and compute) to reach the human-only loss" }
                    ?? "infinite: this mix never reaches the human-only loss (searched to 200× the human tokens)",
            ],
            [
                "  infinite from",
                a.infiniteFromShare.map {
                    "\(NumberFormat.significant(100 * $0, 4)) % AI (the first share, scanning up, whose mix never gets there)"
                } ?? "no share up to 99 % (every mix gets there within 200× the tokens)",
            ],
        ]
        return rows
    }

    /// The cost table's header and rows (none when the mix never reaches the human-only loss).
    /// The three trainings the cost of not filtering compares — human text only, the unfiltered
    /// mix to the same loss, and their difference (extra, or saved below 1×) — with their tokens
    /// and prices; nil when the mix never reaches the human-only loss. The text table and the JSON
    /// both read it.
    var costs: [(label: String, tokens: Double, cost: ComputeCost)]? {
        let a = answer
        guard let multiplier = a.costMultiplier else { return nil }
        // Below 1× the mix reaches the human-only loss on fewer tokens: the AI text saves compute.
        let lines: [(String, Double)] = [
            ("human text only", a.humanTokens), ("the unfiltered mix, same loss", multiplier * a.humanTokens),
            (multiplier >= 1 ? "extra for not filtering" : "saved by not filtering", abs(multiplier - 1) * a.humanTokens),
        ]
        return lines.map {
            ($0.0, $0.1, ComputeCost(flops: 6 * a.parameters * $0.1, on: accelerator, assumptions: assumptions))
        }
    }

    package var costTable: (header: [String], rows: [[String]])? {
        guard let costs else { return nil }
        let rows = costs.map { line in
            let cost = line.cost
            return [
                line.label, NumberFormat.si(line.tokens), NumberFormat.scientific(cost.flops, 3),
                NumberFormat.significant(cost.gpuHours, 4), cost.usd.map { "$" + NumberFormat.si($0) } ?? "—",
                cost.kilowattHours.map { NumberFormat.significant($0 / 1000, 3) } ?? "—",
                cost.kgCO2e.map { NumberFormat.significant($0 / 1000, 3) } ?? "—",
            ]
        }
        return (["training", "tokens", "FLOPs", "GPU-hours", "dollars", "MWh", costs[0].cost.emissionsUnit], rows)
    }

    /// What the cost table assumes.
    package var pricedOn: String {
        "priced on \(accelerator.name) at \(NumberFormat.significant(100 * assumptions.utilization, 3)) % MFU (C = 6·N·D)"
    }

    package func text(explain: Bool = false) -> String {
        var out = "AI-written text in the training mix, by Russell et al. 2026's law\n"
        out += "law: \(lawDescription)\n"
        out += setting + "\n\n"
        var t = TextTable(header: ["", "value"], rightAligned: [false, false])
        t.rows = rows
        out += t.render() + "\n"
        if let cost = costTable {
            out += "\n\(pricedOn):\n"
            var c = TextTable(header: cost.header, rightAligned: [false, true, true, true, true, true, true])
            c.rows = cost.rows
            out += c.render() + "\n"
        }
        out += "\ncaveats:\n" + Self.caveats.map { "  - \($0)\n" }.joined()
        out += WarningsText.render(warnings)
        if explain {
            out +=
                "\nhow: the value of AI tokens at ratio r is [L(H,0) − L(H,rH)] / [L(H,0) − L((1+r)H,0)], their loss change over that of as many fresh human tokens; the optimum is searched on r in [0, 64]; the cost of not filtering is the tokens a mix of this share needs to reach L(H,0), over H — all as Russell et al. define them (src/wildai/laws/ceg.py).\n\n"
            out += Self.collapseTheory
        }
        return out
    }

    /// The curves against the AI share: the loss, the value of an AI token, and the cost of not
    /// filtering (finite shares only), each with the chosen share marked.
    package var charts: [Chart] {
        let a = answer
        let pct = { (s: Double) in 100 * s }
        var loss = Chart(
            id: "mix-loss", title: "Loss against the AI share",
            caption:
                "AI text added to the fixed human corpus at each share of all tokens (the dashed line is the human-only loss; below it the AI tokens help, above it they hurt).",
            x: .init(label: "AI share of training tokens (%)", scale: .linear),
            y: .init(label: "loss (bits per byte)", scale: .linear))
        loss.series = [
            .line("human text only", color: Palette.categorical[1], points: [Chart.Point(0, a.humanLoss), Chart.Point(60, a.humanLoss)], dashed: true),
            .line("with AI text", color: Palette.categorical[0], points: a.curve.map { Chart.Point(pct($0.share), $0.loss, tooltip: "\(NumberFormat.significant(pct($0.share), 3)) % AI: loss \(NumberFormat.fixed($0.loss, 4))") }),
            .scatter("this mix", color: Palette.categorical[2], points: [Chart.Point(pct(a.aiShare), a.mixLoss)]),
        ]
        var value = Chart(
            id: "mix-value", title: "Value of an AI token against the AI share",
            caption: "The average AI token's worth in fresh human tokens; below 0 it raises the loss.",
            x: .init(label: "AI share of training tokens (%)", scale: .linear),
            y: .init(label: "value (human tokens per AI token)", scale: .linear))
        let values = a.curve.compactMap { p in p.tokenValue.map { Chart.Point(pct(p.share), $0) } }
        value.series = [
            .line("zero", color: Palette.categorical[1], points: [Chart.Point(0, 0), Chart.Point(60, 0)], dashed: true, inLegend: false),
            .line("value", color: Palette.categorical[0], points: values),
        ]
        if let v = a.tokenValue { value.series.append(.scatter("this mix", color: Palette.categorical[2], points: [Chart.Point(pct(a.aiShare), v)])) }
        var cost = Chart(
            id: "mix-cost", title: "Cost of not filtering against the AI share",
            caption:
                "Tokens (and compute) an unfiltered mix needs to reach the human-only loss, over the human tokens\(a.infiniteFromShare.map { "; infinite from \(NumberFormat.significant(pct($0), 3)) % AI" } ?? "").",
            x: .init(label: "AI share of training tokens (%)", scale: .linear),
            y: .init(label: "compute multiplier (×)", scale: .log))
        cost.series = [
            .line("multiplier", color: Palette.categorical[0], points: a.curve.compactMap { p in p.costMultiplier.map { Chart.Point(pct(p.share), $0) } })
        ]
        if let m = a.costMultiplier { cost.series.append(.scatter("this mix", color: Palette.categorical[2], points: [Chart.Point(pct(a.aiShare), m)])) }
        return [loss, value, cost]
    }

    /// The `plateau.mix/1` document.
    package func json() throws -> String {
        struct Cost: Encodable {
            var humanOnly: ComputeCost
            var unfiltered: ComputeCost
            /// The compute not filtering costs (multiplier ≥ 1) or saves (below 1).
            var extra: ComputeCost?
            var saved: ComputeCost?
            enum CodingKeys: String, CodingKey {
                case humanOnly = "human_only"
                case unfiltered = "unfiltered_same_loss"
                case extra, saved
            }
        }
        struct Document: Encodable {
            var schema = "plateau.mix/1"
            var law: String
            var target: String?
            var lossUnit = "bits per byte on the target set"
            var answer: MixPlan.Answer
            var accelerator: String
            var cost: Cost?
            var caveats: [String]
            var warnings: [FitWarning]
            enum CodingKeys: String, CodingKey {
                case schema, law, target, answer, accelerator, cost, caveats, warnings
                case lossUnit = "loss_unit"
            }
        }
        let saves = (answer.costMultiplier ?? 1) < 1
        let cost = costs.map { c in
            Cost(
                humanOnly: c[0].cost, unfiltered: c[1].cost, extra: saves ? nil : c[2].cost, saved: saves ? c[2].cost : nil)
        }
        return try encodeDocument(
            Document(
                law: lawDescription, target: target, answer: answer, accelerator: accelerator.name, cost: cost,
                caveats: Self.caveats, warnings: warnings))
    }
}
