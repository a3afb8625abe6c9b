import Foundation
import PlateauCore
import Plot

/// The self-contained HTML report: one file, no scripts, no external styles or fonts, every
/// chart an inline SVG.
package struct HTMLReport: Sendable {
    package var content: ReportContent

    package init(content: ReportContent) { self.content = content }

    /// The sections, in order: (id, heading).
    package static let sections = [
        ("data-fit", "The data and the fit"), ("isoflop", "IsoFLOP profiles"), ("residuals", "Residuals"),
        ("backtest", "Back-test"), ("plan", "Compute-optimal plans"), ("returns", "Diminishing returns"),
        ("cost", "Cost, energy and CO₂"), ("estimators", "Estimators compared"), ("downstream", "Downstream tasks"),
        ("test-time", "Test-time compute"), ("routing", "Routed models"), ("emergence", "Emergence under two metrics"),
        ("trends", "Trends"), ("progress", "Is progress slowing?"), ("data-wall", "The data wall"),
        ("mix", "AI-written text in the mix"), ("data", "Data and sources"),
    ]

    /// Whether a bundled-data section was asked for.
    func wants(_ id: String) -> Bool {
        content.beyond != nil && (content.options.sections?.contains(id) ?? true)
    }

    /// The sections this report has: each only when its data is there.
    package var presentSections: [(String, String)] {
        let l = content.law, x = l?.chinchilla
        return Self.sections.filter { id, _ in
            switch id {
            case "data-fit": l != nil
            case "residuals": x != nil
            case "estimators": x?.estimators.isEmpty == false
            case "plan", "cost": l?.frontier != nil
            case "returns": l?.returns != nil
            case "isoflop": x?.hasIsoFLOP == true
            case "backtest": l?.hasBackTest == true
            case "downstream": content.downstream != nil
            case "emergence": content.emergence != nil && wants(id)
            case "test-time", "routing", "trends", "progress", "data-wall": wants(id)
            case "mix": content.mix != nil
            default: true
            }
        }
    }

    /// The whole page.
    package func render() -> String {
        let c = content
        let present = Set(presentSections.map(\.0))
        var sections: [Node<HTML.BodyContext>] = []
        if let l = c.law {
            sections.append(dataAndFit(l))
            if let x = l.chinchilla, x.hasIsoFLOP { sections.append(isoFLOP(x)) }
            if let x = l.chinchilla { sections.append(residuals(x)) }
            if present.contains("backtest") { sections.append(backTest(l)) }
            if present.contains("plan") { sections += [plans(l), returns(l), cost(l)] }
            if let x = l.chinchilla, present.contains("estimators") { sections.append(estimators(x)) }
        }
        if let d = c.downstream { sections.append(downstream(d)) }
        if let beyond = c.beyond {
            if present.contains("test-time") { sections.append(testTime(beyond)) }
            if present.contains("routing") { sections.append(routing(beyond)) }
            if present.contains("emergence"), let e = c.emergence { sections.append(emergence(e)) }
            if present.contains("trends") { sections.append(trends(beyond)) }
            if present.contains("progress") { sections.append(progress(beyond.progress)) }
            if present.contains("data-wall") { sections.append(dataWall(beyond)) }
        }
        if let m = c.mix { sections.append(mix(m)) }
        sections.append(sourcesSection())
        if !summarySentences.isEmpty { sections.insert(summary(), at: 0) }
        let lede =
            c.law.map {
                $0.chinchilla != nil
                    ? "Scaling law fitted to \(Self.runs(rows: $0.fit.runs, keys: $0.sample.runKeys))\($0.chinchilla.map { $0.runs.lossColumn.lowercased() == "loss" ? "" : " (their loss: '\($0.runs.lossColumn)')" } ?? "") from \(c.source): what the next 10× of compute buys, how sure the fit is, and what it costs."
                    : "\($0.fit.law.name) fitted to \(Self.runs(rows: $0.fit.runs, keys: $0.sample.runKeys, each: "observations")) from \(c.source): what it predicts beyond the data, how sure the fit is\($0.returns == nil ? "" : ", and what the next cuts of the loss cost")."
            }
            ?? "Downstream evaluations of \(c.downstream?.models ?? 0) models from \(c.source): where each task stands and whether the small models predict the large."
        let html = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                // Plot's `.title` also writes og:/twitter: <meta content="…"> attributes, which it
                // does not escape: a file name with a quote broke out of them. The <title> element
                // alone, its text escaped.
                .element(named: "title", nodes: [.safe("\(c.title) — \(c.source)")]),
                .style(Self.css)
            ),
            .body(
                .header(
                    .h1(.safe(c.title)),
                    .p(.class("lede"), .safe(lede)),
                    .element(
                        named: "nav",
                        nodes: [
                            .ul(.forEach(presentSections) { id, title in .li(.a(.href("#\(id)"), .safe(title))) })
                        ]),
                    .if(
                        !c.omitted.isEmpty,
                        .ul(.class("omitted"), .forEach(c.omitted) { .li(.safe("Left out — " + $0.reason)) }))
                ),
                .main(.group(sections)),
                .footer(.p(.safe("Made by Plateau 0.8. Every number on this page is recomputed from the data above.")))
            )
        )
        return html.render(indentedBy: .spaces(1)) + "\n"
    }

    // MARK: Sections

    func section(_ id: String, _ nodes: Node<HTML.BodyContext>...) -> Node<HTML.BodyContext> {
        let title = Self.sections.first { $0.0 == id }?.1 ?? id
        return .section(.id(id), .h2(.safe(title)), .group(nodes))
    }

    func figure(_ chart: Chart) -> Node<HTML.BodyContext> {
        .element(
            named: "figure",
            nodes: [
                .div(.class("chart-frame"), .raw(chart.svg())),
                .element(named: "figcaption", nodes: [.strong(.safe(chart.title + ". ")), .safe(chart.caption)]),
            ])
    }

    /// - Parameter liftingConstants: Columns that hold one value in every row are said once in the
    ///   caption instead (``TextTable/liftConstantColumns(_:_:_:minimumRows:)``).
    func table(
        _ header: [String], _ rows: [[String]], caption: String? = nil, liftingConstants: Bool = false
    ) -> Node<HTML.BodyContext> {
        var (header, rows, caption) = (header, rows, caption)
        if liftingConstants {
            let lifted = TextTable.liftConstantColumns(header, rows)
            (header, rows) = (lifted.header, lifted.rows)
            if !lifted.captions.isEmpty {
                caption = ([caption].compactMap { $0 } + [lifted.captions.joined(separator: "; ")]).joined(separator: " ")
            }
        }
        return .div(
            .class("table-frame"),
            .table(
                .unwrap(caption) { .caption(.safe($0)) },
                .thead(.tr(.forEach(header) { .th(.safe($0)) })),
                .tbody(.forEach(rows) { row in .tr(.forEach(row) { .td(.safe($0)) }) })
            ))
    }

    func dataAndFit(_ l: ReportContent.LawSections) -> Node<HTML.BodyContext> {
        let law = l.fit.law, budget = NumberFormat.scientific(content.options.budget, 2)
        let sig = { NumberFormat.significant($0, 4) }
        func row(_ name: String, _ value: Double, _ interval: Interval?, _ format: (Double) -> String) -> [String] {
            [name, format(value), interval.map { "\(format($0.lower)) – \(format($0.upper))" } ?? "—"]
        }
        let intervals = l.bootstrap.map { $0.hasIntervals ? $0.parameters : [] } ?? []
        let labels = ["E": "E (irreducible loss)", "alpha": "α", "beta": "β"]
        var rows = l.fit.parameters.map { p in
            row(labels[p.name] ?? p.name, p.value, intervals.first { $0.name == p.name }?.interval, sig)
        }
        let decisions: [String: (String, (Double) -> String)] = [
            "a": ("a, N_opt ∝ C^a", sig), "b": ("b, D_opt ∝ C^b", sig), "N_opt": ("N_opt at \(budget) FLOP", NumberFormat.si),
            "D_opt": ("D_opt there", NumberFormat.si), "loss": ("loss there", { NumberFormat.fixed($0, 4) }),
        ]
        rows += (l.report.decisions?.rows ?? []).compactMap { d in
            decisions[d.name].map { label, format in row(label, d.estimate, d.interval, format) }
        }
        let bootstrapText =
            l.bootstrap.map {
                "95 % intervals from \($0.completed) bootstrap resamples of whole runs, each re-fitted \(CatalogFitReport.refit($0.options))."
            } ?? "No bootstrap was run, so no intervals are shown."
        let warnings = l.report.warnings.map(\.message)
        let chart =
            l.chinchilla.map {
                FitCharts.lossAgainstCompute(runs: $0.runs, law: $0.law, bootstrap: $0.bootstrapLaws, curves: $0.curves)
            } ?? CatalogCharts.fit(sample: l.sample, fit: l.fit, bootstrap: l.bootstrap)
        return section(
            "data-fit",
            .p(
                .safe(
                    "The law \(law.formula) (\(law.source)), fitted by the sum of Huber (δ = 10⁻³) of log residuals from \(l.fit.starts) starts (\(l.fit.startsInBestBasin) reached the best basin). \(bootstrapText)"
                )),
            figure(chart),
            table(["quantity", "estimate", "95 % interval"], rows),
            .if(!warnings.isEmpty, .ul(.class("warnings"), .forEach(warnings) { .li(.safe("Warning: " + $0)) })),
            answer(sureness(l))
        )
    }

    func isoFLOP(_ x: ReportContent.ChinchillaExtras) -> Node<HTML.BodyContext> {
        let a = x.isoFLOP
        let exponent = a.a.map {
            "Across \(a.usedProfiles) groups\(a.options.ladder == nil ? "" : " — the designed budgets; \(a.profiles.filter(\.incidental).count) incidental groups between them are left out —"), N_opt ∝ C^a with a = \(NumberFormat.fixed($0.value, 3)) (\($0.lower.isNaN ? "no interval: \(a.intervalWarnings.first?.message ?? "too few resamples")" : "95 %: \(NumberFormat.fixed($0.lower, 3)) – \(NumberFormat.fixed($0.upper, 3)), from resampling groups and the runs within them")), against \(NumberFormat.fixed(x.law.parameterExponent, 3)) from the parametric fit."
                + (a.lopsidedProfiles > 0
                    ? " \(a.lopsidedProfiles) groups have fewer than two sizes on one side of their minimum, which biases Approach 2."
                    : "")
        }
        return section(
            "isoflop",
            .p(
                .safe(
                    "Hoffmann et al.'s Approach 2: runs are grouped into the ladder's compute budgets (where runs cluster in log compute), and a parabola in log N through each group gives that compute's best model size. "
                        + (exponent ?? "Too few groups had a minimum inside their sizes to fit an exponent."))),
            figure(FitCharts.isoFLOP(runs: x.runs, analysis: a)),
            answer(Self.isoFLOPAnswer(a, parametric: x.law.parameterExponent))
        )
    }

    func residuals(_ x: ReportContent.ChinchillaExtras) -> Node<HTML.BodyContext> {
        let law = x.law, runs = x.runs
        let r = runs.losses.indices.map {
            abs(runs.losses[$0] / law.loss(parameters: runs.parameters[$0], tokens: runs.tokens[$0]) - 1)
        }
        let mean = r.reduce(0, +) / Double(max(1, r.count)) * 100
        return section(
            "residuals",
            figure(FitCharts.residuals(runs: runs, law: law)),
            answer(
                "The law misses the runs by \(NumberFormat.fixed(mean, 2)) % of the predicted loss on average, \(NumberFormat.fixed((r.max() ?? 0) * 100, 2)) % at most."
            )
        )
    }

    func backTest(_ l: ReportContent.LawSections) -> Node<HTML.BodyContext> {
        guard let b = l.backTest else { return .empty }
        let rows = b.outcomes.map { o -> [String] in
            guard o.fit != nil else { return [o.law, "failed: \(o.failure ?? "")", "", ""] }
            let distance = o.predictions.map(\.extrapolation).max() ?? .nan
            return [
                o.law, NumberFormat.fixed(o.meanError * 100, 2) + " %",
                NumberFormat.fixed(o.maxError * 100, 2) + " %", NumberFormat.significant(distance, 3) + "×",
            ]
        }
        // The first law's prediction of each held-out observation.
        let predictions = (b.outcomes.first { $0.fit != nil }?.predictions ?? []).prefix(12).map { p in
            [
                p.run, NumberFormat.significant(p.extrapolation, 3) + "×", NumberFormat.significant(p.observed, 5),
                NumberFormat.significant(p.predicted, 5), NumberFormat.fixed(p.absoluteRelativeError * 100, 2) + " %",
            ]
        }
        let scale = LawPrediction.scaleIsCompute(l.sample.points) ? "C" : l.fit.law.inputs[0].rawValue
        return section(
            "backtest",
            .p(
                .safe(
                    "Fitted on the \(Self.runs(rows: b.trainCount, runs: b.trainRuns)) with \(scale) ≤ \(NumberFormat.scientific(l.threshold, 2))\(scale == "C" ? " FLOP" : "") (the split of plateau check), each law predicts the \(Self.runs(rows: b.testCount, runs: b.testRuns, larger: true)) it never saw."
                )),
            table(["law / estimator", "mean error", "max error", "extrapolation (× scale)"], rows),
            table(
                ["run", "scale (× fitted)", "observed", "predicted", "error"], predictions,
                caption: "\(b.outcomes.first { $0.fit != nil }?.law ?? "") on each held-out observation"
                    + (b.testCount > 12 ? " (the first 12 of \(b.testCount))." : ".")),
            figure(PlanCharts.backTest(b)),
            answer(backTestAnswer(l))
        )
    }

    /// The warnings that qualify numbers resting on the fit's frontier (plans, returns, costs):
    /// the fit's warnings about its floor, and the far-extrapolation warning for these budgets —
    /// repeated in each section that shows such numbers, not only under the fit (issue 26).
    func carried(_ l: ReportContent.LawSections, budgets: [Double]) -> Node<HTML.BodyContext> {
        let largest = l.sample.largestScale(for: l.fit.law) ?? .nan
        var lines = l.report.warnings.filter { Self.severeCodes.contains($0.code) }.map {
            "from the fit — " + $0.message
        }
        if let far = LawPrediction.farWarning(budgets.map { $0 / largest }, noun: "budget") { lines.append(far.message) }
        return .if(!lines.isEmpty, .ul(.class("warnings"), .forEach(lines) { .li(.safe("Warning: " + $0)) }))
    }

    func plans(_ l: ReportContent.LawSections) -> Node<HTML.BodyContext> {
        let largest = l.sample.largestScale(for: l.fit.law) ?? .nan
        let solved = l.frontier?.chinchilla == nil ? ", found by Brent's method on log N (no closed form for this law)" : ""
        let rows = l.plans.map { p in
            [
                NumberFormat.scientific(p.plan.flops, 0), NumberFormat.significant(p.plan.flops / largest, 3) + "×",
                NumberFormat.si(p.plan.parameters),
                p.parameters.map { "\(NumberFormat.si($0.lower)) – \(NumberFormat.si($0.upper))" } ?? "—",
                NumberFormat.si(p.plan.tokens), NumberFormat.significant(p.plan.tokensPerParameter, 3),
                NumberFormat.fixed(p.plan.loss, 4),
            ]
        }
        return section(
            "plan",
            .p(
                .safe(
                    "The model size and data that minimise \(l.fit.law.name)'s fitted loss at each budget, with C = 6·N·D\(solved). The largest fitted run used \(NumberFormat.scientific(largest, 2)) FLOP: a plan more than 10× beyond it is an extrapolation the back-test has not tested."
                )),
            table(
                ["budget (FLOP)", "× largest fitted", "N_opt", "N_opt 95 %", "D_opt (tokens)", "tokens / parameter", "loss"],
                rows),
            // The warnings plan and predict give, on the plans they concern (issues 24 and 26).
            carried(l, budgets: l.plans.map(\.plan.flops)),
            .unwrap(l.frontier) { figure(PlanCharts.allocation(frontier: $0, budgets: content.options.budgets, draws: l.draws)) },
            answer(nextTenfold(l).first)
        )
    }

    func returns(_ l: ReportContent.LawSections) -> Node<HTML.BodyContext> {
        guard let t = l.returns else { return .empty }
        let cut = NumberFormat.significant(t.fraction * 100, 3)
        let each =
            t.law.map {
                "every further \(cut) % cut of the reducible loss L − E takes \(NumberFormat.fixed(DiminishingReturns.multiplier(perCut: t.fraction, alpha: $0.alpha, beta: $0.beta), 2))× the compute of the step before."
            }
            ?? "each step cuts the loss above the law's floor (\(NumberFormat.fixed(t.frontier.floor, 4))\(t.frontier.floor == 0 ? ": this law has none" : "")) by \(cut) %; the budget of each step is solved on the law's frontier."
        // The Chinchilla form's multiplier is one number, said in the text; another law's varies.
        let multipliers = t.law == nil
        let rows = t.steps.map { s -> [String] in
            guard let flops = s.flops else {
                return ["\(s.step)", NumberFormat.fixed(s.loss, 4), "below the floor"] + Array(repeating: "", count: multipliers ? 3 : 2)
            }
            return ["\(s.step)", NumberFormat.fixed(s.loss, 4), NumberFormat.scientific(flops, 2)]
                + (multipliers ? [s.multiplier.map { NumberFormat.fixed($0, 2) + "×" } ?? "—"] : [])
                + [s.cost?.usd.map { "$" + NumberFormat.si($0) } ?? "—", s.cost?.kgCO2e.map { HTMLReport.amount($0 / 1000) } ?? "—"]
        }
        return section(
            "returns",
            .p(
                .safe(
                    "Starting from the compute-optimal run at \(NumberFormat.scientific(t.start.flops, 2)) FLOP (loss \(NumberFormat.fixed(t.start.loss, 4))), \(each)"
                )),
            table(
                ["step", "loss", "FLOP"] + (multipliers ? ["× compute"] : [])
                    + ["dollars", content.assumptions.emissionsBasis == "CO2" ? "tCO₂" : "tCO₂e"], rows),
            carried(l, budgets: t.steps.compactMap(\.flops)),
            figure(PlanCharts.returns(t)),
            answer(returnsAnswer(t))
        )
    }

    func cost(_ l: ReportContent.LawSections) -> Node<HTML.BodyContext> {
        let c = content, acc = c.accelerator, a = c.assumptions
        let rows = l.plans.map { p in
            [
                NumberFormat.scientific(p.plan.flops, 0), NumberFormat.si(p.cost.gpuHours),
                p.cost.days.map { HTMLReport.amount($0) } ?? "—",
                p.cost.usd.map { "$" + NumberFormat.si($0) } ?? "—",
                p.cost.kilowattHours.map { HTMLReport.amount($0 / 1000) } ?? "—",
                p.cost.kgCO2e.map { HTMLReport.amount($0 / 1000) } ?? "—",
            ]
        }
        let price = acc.usdPerHour.map { "$\(NumberFormat.fixed($0, 2)) per hour" } ?? "no price"
        let watts = acc.watts.map { "\(Int($0)) W" } ?? "no published power"
        return section(
            "cost",
            .p(
                .safe(
                    "On \(acc.name) (\(NumberFormat.scientific(acc.peakFlops, 3)) FLOP/s peak, \(watts); \(acc.source), \(acc.date); \(price), \(acc.priceClass ?? "price"): \(acc.priceSource ?? "no source"), \(acc.priceDate ?? "undated")) at \(NumberFormat.fixed(a.utilization * 100, 0)) % utilisation, PUE \(NumberFormat.fixed(a.powerUsageEffectiveness, 2)) and \(NumberFormat.fixed(a.kgCO2ePerKilowattHour, 3)) kg \(a.emissionsBasis == "CO2" ? "CO₂ (the US grid in 2023, CO₂ only)" : "CO₂e") per kWh; days on \(c.options.gpus) accelerators."
                )),
            table(
                ["budget (FLOP)", "GPU-hours", "days", "dollars", "MWh", a.emissionsBasis == "CO2" ? "tCO₂" : "tCO₂e"],
                rows),
            carried(l, budgets: l.plans.map(\.plan.flops)),
            answer(costAnswer(l))
        )
    }

    func estimators(_ x: ReportContent.ChinchillaExtras) -> Node<HTML.BodyContext> {
        let c = content
        let fitted = x.estimators.compactMap { row in row.law.map { (name: row.estimator.name, law: $0) } }
        let rows = x.estimators.map { row -> [String] in
            guard let law = row.law else {
                return [row.estimator.name, "failed: \(row.failure ?? "")", "", "", ""]
            }
            let p = law.plan(flops: c.options.budget)
            return [
                row.estimator.name, NumberFormat.si(p.parameters), NumberFormat.si(p.tokens),
                NumberFormat.fixed(law.alpha, 3), NumberFormat.fixed(law.beta, 3),
            ]
        }
        return section(
            "estimators",
            .p(
                .safe(
                    "The same runs fitted three ways (see the README's Estimators): Huber on log residuals as Hoffmann et al., its likelihood with a free scale as Besiroglu et al., and plain least squares. The plan at \(NumberFormat.scientific(c.options.budget, 2)) FLOP under each:"
                )),
            table(["estimator", "N*", "D*", "α", "β"], rows),
            figure(PlanCharts.estimators(fitted, budget: c.options.budget, budgets: c.options.budgets)),
            answer(Self.estimatorsAnswer(fitted, budget: c.options.budget))
        )
    }

    func testTime(_ b: ReportContent.Beyond) -> Node<HTML.BodyContext> {
        let a = b.sampling
        // The final checkpoint (most training tokens) of each size, smallest first.
        let finals = Dictionary(grouping: a.models.filter { $0.model.parameters != nil }) { $0.model.parameters! }
            .compactMap { _, rs in rs.max { ($0.model.trainingTokens ?? 0) < ($1.model.trainingTokens ?? 0) } }
            .sorted { $0.model.parameters! < $1.model.parameters! }
        let k = Double(a.options.forecastAt.max() ?? 10_000)
        let percent = { (v: Double) in NumberFormat.fixed(v * 100, 1) + " %" }
        let rows = finals.map { r -> [String] in
            [
                r.model.name, "\(r.model.maxK)", r.passAtK.first.map(percent) ?? "—",
                r.passAtK.last.map(percent) ?? "—",
                r.coverage.map { NumberFormat.significant(-$0.b, 3) } ?? "—",
                r.beta.map { SampleReport.exponent($0) } ?? "—",
                r.twoParameter.map { NumberFormat.significant($0.exponent, 3) + ($0.atBound ? "†" : "") } ?? "—",
                r.beta.map { percent($0.passAtK(k)) } ?? "—",
                r.coverage.flatMap { c in c.extrapolations.first { Double($0.k) == k } }.map { percent($0.coverage) }
                    ?? "—",
            ]
        }
        var scoreRows: [[String]] = []
        for s in a.forecast.scores {
            scoreRows.append([
                s.k.map { NumberFormat.si(Double($0)) } ?? "all", "\(s.rows)",
                NumberFormat.fixed(s.scores[0].meanAbsoluteError * 100, 2),
                NumberFormat.fixed(s.scores[1].meanAbsoluteError * 100, 2),
                NumberFormat.fixed(s.difference * 100, 2)
                    + (s.differenceInterval.map {
                        " (\(NumberFormat.fixed($0.lower * 100, 2)) … \(NumberFormat.fixed($0.upper * 100, 2)))"
                    } ?? ""),
            ])
        }
        var nodes: [Node<HTML.BodyContext>] = [
            .p(
                .safe(
                    "Sampling a model k times and keeping any correct answer — coverage with a perfect verifier — on real results: \(a.table.models.count) Pythia checkpoints (9 sizes × 9 training lengths) answering 128 GSM8K problems, sampled by the KoyejoLab group for Schaeffer et al. 2025 (not Brown et al. 2024's samples, which cover only final checkpoints). pass@k is Chen et al.'s unbiased estimator, exact for every k up to each problem's samples; beyond them two estimators forecast: Brown et al.'s coverage law c(k) = exp(a·k^b), whose exponent of −log pass@k is −b, and Schaeffer et al.'s scaled beta-binomial (success rates s·Beta(α, β) with s = (P+1)/P·max c/n, α, β in [0.01, 100]), whose exponent is their least-squares slope of −log pass@k over k = 1…10⁴. Beside it, the two-parameter beta's α, the asymptotic exponent. † marks a fit at a bound, its exponent not measured. Below, the final checkpoint of each size; 'plateau sample' shows all."
                )),
            table(
                [
                    "checkpoint", "n", "pass@1", "pass@n", "law −b", "scaled-beta exponent", "2-param α",
                    "pass@\(NumberFormat.si(k)) beta", "pass@\(NumberFormat.si(k)) law",
                ], rows),
            figure(SamplingCharts.coverage(finals, through: k)),
            .p(
                .safe(
                    "Which estimator forecasts better? From \(a.forecast.subsample) samples per problem (hypergeometric draws from each problem's counts), each forecasts pass@k; the exact value from all samples is the truth (problems with n ≥ k). Mean absolute errors in points, with the 95 % interval of their difference from resampling the checkpoints:"
                )),
            table(["k", "checkpoints", "coverage law", "beta-binomial", "law − beta"], scoreRows),
            figure(SamplingCharts.forecast(a.forecast)),
        ]
        if let e = a.exponentTest, !e.scores.isEmpty {
            nodes.append(
                .p(
                    .safe(
                        "Schaeffer et al.'s own test is the exponent, not pass@k: each estimator sees m samples per problem (hypergeometric draws, \(e.repeats) repeats), and its exponent's relative error |b̂ − b|/b is measured against the least-squares exponent of all the samples (k = 1 … the smallest n; checkpoints with n ≥ 10·m). Mean (median) relative error:"
                    )))
            nodes.append(
                table(["m", "runs"] + ExponentBackTest.Method.allCases.map(\.label), SampleReport.exponentRows(e)))
        }
        if let c = a.compute {
            nodes.append(
                .p(
                    .safe(
                        "Priced in FLOPs: inference 2·N per generated token × \(NumberFormat.significant(c.tokensPerSample, 4)) tokens per sample (the generation cap of Brown et al.'s released configuration for their own runs, an upper bound; this table's generation settings are not documented), training 6·N·D. At \(c.reference)'s inference compute for one sample, \(c.matched.filter { $0.coverage > c.target }.count) of \(c.matched.count) checkpoints sampled repeatedly solve more problems than it does."
                    )))
            nodes.append(figure(SamplingCharts.compute(c)))
        }
        nodes.append(answer(Self.testTimeAnswer(a, finals: finals, through: k)))
        return .section(.id("test-time"), .h2(.safe("Test-time compute")), .group(nodes))
    }

    func routing(_ b: ReportContent.Beyond) -> Node<HTML.BodyContext> {
        let a = b.routing
        let rows = a.routers.map { r -> [String] in
            let reported = RoutingAnalysis.law.reported(r.fit.theta).map(\.1)
            let interval = { (name: String) -> String in
                guard let b = r.bootstrap, b.hasIntervals,
                    let i = b.parameters.first(where: { $0.name == name })?.interval
                else { return "" }
                return " (\(NumberFormat.significant(i.lower, 3)) … \(NumberFormat.significant(i.upper, 3)))"
            }
            return [r.name, "\(r.sample.count)"]
                + ["a", "b", "c", "d"].enumerated().map {
                    NumberFormat.significant(reported[$0.offset], 3) + interval($0.element)
                }
                + [
                    NumberFormat.significant(reported[4], 3), NumberFormat.significant(reported[5], 3),
                    r.backTest.map {
                        "R² \(NumberFormat.fixed($0.rSquared, 3)), max \(NumberFormat.fixed($0.maxError * 100, 2)) %"
                    }
                        ?? "—",
                ]
        }
        let report = RoutingReport(
            analysis: a, accelerator: content.accelerator, assumptions: content.assumptions, citation: nil)
        let priced = report.comparisons.filter { $0.experts == 64 }.map { c -> [String] in
            [
                c.router, NumberFormat.si(c.parameters), c.totalParameters.map(NumberFormat.si) ?? "—",
                NumberFormat.si(c.effectiveParameters),
                c.routedTraining.usd.map { "$" + Self.amount($0) } ?? "—",
                c.denseTraining.usd.map { "$" + Self.amount($0) } ?? "—",
                NumberFormat.significant(c.routedServingFLOPsPerToken / c.denseServingFLOPsPerToken, 3),
                c.routedWeightsGB.map { NumberFormat.significant($0, 3) } ?? "—",
                NumberFormat.significant(c.denseWeightsGB, 3),
            ]
        }
        var nodes: [Node<HTML.BodyContext>] = [
            .p(
                .safe(
                    "Mixture-of-experts models on DeepMind's dense and routed runs (Clark et al. 2022): \(RoutingAnalysis.law.formula), fitted per router to each run's final loss with the dense runs as E = 1, by least squares on log loss, on the runs the paper's repository selects. Intervals from resampling whole runs; the back-test fits the models up to \(NumberFormat.si(a.options.trainBelow)) parameters and predicts the 1.3B ones."
                )),
            table(["router", "runs", "a", "b", "c", "d", "E_start", "E_max", "back-test"], rows),
        ]
        if let first = a.routers.first(where: { $0.name == "S-Base" }) ?? a.routers.first {
            nodes.append(figure(RoutingCharts.experts(first)))
        }
        nodes.append(figure(RoutingCharts.unified(a)))
        if !priced.isEmpty {
            nodes.append(
                .p(
                    .safe(
                        "A 64-expert model against the dense model of equal quality (its effective parameter count N̄), trained on \(NumberFormat.si(report.tokens)) tokens (an assumption: the data has no token count) on \(content.accelerator.name): compute follows the parameters a token sees, memory all parameters (bf16 weights)."
                    )))
            nodes.append(
                table(
                    [
                        "router", "N", "total P", "dense N̄", "training routed", "training dense", "serving FLOPs ×",
                        "weights GB routed", "weights GB dense",
                    ], priced))
        }
        nodes += a.notes.filter { $0.contains("says nothing") }.map { .p(.safe("Note: " + $0)) }
        nodes.append(answer(Self.routingAnswer(a, comparisons: report.comparisons)))
        return .section(.id("routing"), .h2(.safe("Routed models")), .group(nodes))
    }

    func progress(_ p: ReportContent.Progress) -> Node<HTML.BodyContext> {
        let month = { (y: Double) in BenchmarkReport.month(y) }
        let saturation = p.benchmarks.map { s -> [String] in
            [
                s.benchmark, s.status.rawValue,
                s.envelope.last.map { "\(NumberFormat.fixed($0.score * 100, 1)) %" } ?? "—",
                NumberFormat.fixed(s.level * 100, 1) + " %",
                s.observedCrossing.map { String($0.date.prefix(7)) } ?? "not yet",
                BenchmarkReport.logisticCell(s, between: " – "),
                BenchmarkReport.points(s.gainLast12), BenchmarkReport.points(s.gainPrevious12),
            ]
        }
        let prices = p.declines.map { d -> [String] in
            [
                "\(d.benchmark) ≥ \(NumberFormat.fixed(d.threshold * 100, 1))", d.reference ?? "—",
                NumberFormat.significant(d.factorPerYear, 3) + "×",
                "\(NumberFormat.significant(d.interval.lower, 3)) – \(NumberFormat.significant(d.interval.upper, 3))×",
                "\(d.frontier.count)",
            ]
        }
        let r = p.computeBreak
        var nodes: [Node<HTML.BodyContext>] = [
            .p(
                .safe(
                    "Three claims of the scaling debate, tested on Epoch AI's data. Benchmarks saturate: the best score over time on each benchmark, a logistic fitted to it, and the saturation threshold — \(NumberFormat.fixed((p.benchmarks.first?.threshold ?? BenchmarkSaturation.defaultThreshold) * 100, 0)) % of the way from chance to a perfect score, Plateau's choice — with the date the first record crossed it beside the date the logistic reaches it (95 % intervals from resampling the scores); rules — \(BenchmarkSaturation.rules)."
                )),
            figure(
                ProgressCharts.frontiers(p.benchmarks.filter { ReportContent.Progress.charted.contains($0.benchmark) })),
            table(
                ["benchmark", "status", "best", "threshold", "crossed", "logistic reaches it", "last 12 months", "12 before"],
                saturation),
        ]
        // An interval left out of the table says why (issue 24: never a degenerate one, never silently).
        let withheld = p.benchmarks.flatMap { s in
            s.warnings.filter { ["interval-excludes-estimate", "degenerate-interval"].contains($0.code) }.map {
                "Warning: \(s.benchmark): \($0.message)"
            }
        }
        if !withheld.isEmpty { nodes.append(.ul(.class("warnings"), .forEach(withheld) { .li(.safe($0)) })) }
        if let v = p.survival {
            let verdict =
                v.cox.map { cox in
                    "The Cox proportional-hazards fit on the introduction date gives a hazard ratio of \(NumberFormat.fixed(cox.hazardRatio, 2)) per year (95 %: \(NumberFormat.fixed(cox.interval.lower, 2))–\(NumberFormat.fixed(cox.interval.upper, 2)); likelihood ratio p = \(NumberFormat.fixed(cox.pValue, 3))): "
                        + {
                            switch cox.direction {
                            case .sooner: "later benchmarks reach the threshold sooner on this data."
                            case .later: "later benchmarks take longer on this data."
                            case .undetermined: "no evidence either way."
                            }
                        }()
                } ?? "Too few benchmarks crossed the threshold for a Cox fit."
            nodes.append(
                .p(
                    .safe(
                        "Is saturation getting faster (Stanford AI Index 2023)? The years from a benchmark's first score in the table to its first record at the threshold, as survival: the \(v.subjects.filter { !$0.crossed }.count) of \(v.subjects.count) benchmarks that have not crossed are censored at the table's latest date, so a recent benchmark's short history is not read as speed\(v.alreadyPast.isEmpty ? "" : " (\(v.alreadyPast.count) already past the threshold at their first score are left out: the table starts after them)"). Kaplan–Meier share not yet saturated, by introduction cohort:"
                    )))
            nodes.append(
                table(
                    ["cohort", "benchmarks", "crossed", "median years", "unsaturated at 1 yr", "at 2 yr", "at 3 yr"],
                    BenchmarkReport.cohortRows(v)))
            nodes.append(.p(.safe(verdict)))
        }
        nodes += [
            .p(
                .safe(
                    "Small, cheap models win: the price of a fixed capability, by Epoch AI's method — the models reaching a score that were cheaper than every earlier one, log price against date, 90 % interval from the slope's t-distribution (Epoch published 11.8× and 42.0× a year, with 90 % intervals of 8.3–16.7× and 4.4–401× — the same level as here)."
                )),
            table(["capability", "level of", "cheaper per year", "90 % interval", "models"], prices),
            figure(ProgressCharts.priceDecline(p.declines)),
            figure(ProgressCharts.qualityPerDollar(p.priced, p.frontier)),
            .p(
                .safe(
                    "Has scaling hit a wall? One log-linear trend of frontier training compute against two segments with a break: \(TrendBreak.criterion). Here ΔBIC = \(NumberFormat.fixed(r.deltaBIC, 1))\(r.pValue.map { ", p = \(NumberFormat.fixed($0, 3))" } ?? "") — \(r.hasBreak ? "evidence of a break near \(NumberFormat.fixed(r.breakAt, 1))" : "no evidence of a break"); the single trend grows \(NumberFormat.significant(Double.exp10(r.slope), 3))× a year. Each benchmark's frontier gets the same test in 'plateau benchmarks'."
                )),
            figure(ProgressCharts.breakTest(p.compute, r, quantity: "training compute (FLOP)")),
        ]
        let bends = p.benchmarks.compactMap { s -> [String]? in
            guard let b = s.breakTest else { return nil }
            return [
                s.benchmark, b.hasBreak ? "break" : "no evidence", "\(b.count)", month(b.breakAt),
                NumberFormat.fixed(b.slopeBefore * 100, 1), NumberFormat.fixed(b.slopeAfter * 100, 1),
                NumberFormat.fixed(b.deltaBIC, 1), b.pValue.map { NumberFormat.fixed($0, 3) } ?? "—",
            ]
        }
        if !bends.isEmpty {
            nodes.append(.p(.safe("The same test on each benchmark's records (score against date, points per year):")))
            nodes.append(table(["benchmark", "verdict", "records", "break", "before", "after", "ΔBIC", "p"], bends))
        }
        nodes.append(answer(Self.progressAnswer(p)))
        return .section(.id("progress"), .h2(.safe("Is progress slowing?")), .group(nodes))
    }

    func downstream(_ d: DownstreamAnalysis) -> Node<HTML.BodyContext> {
        let report = DownstreamReport(analysis: d)
        let limit = d.options.predictableWithin
        let statusRows = report.rows.map { t -> [String] in
            [
                t.name, t.status.rawValue,
                NumberFormat.fixed(t.chance * 100, 0) + (t.chanceSource == .assumed ? " (assumed)" : ""),
                t.largestModel, NumberFormat.scientific(t.largestFlops, 2), DownstreamReport.points(t.largestAccuracy),
                DownstreamReport.points(t.noise), DownstreamReport.slope(t.lastDecade),
                DownstreamReport.slope(t.earlier),
            ]
        }
        // One row per task: each law's prediction of the largest held-out model and its back-test.
        let hasTwoStep = report.rows.contains { $0.predictions.contains { $0.law == .twoStep } }
        let predictions = report.rows.filter { !$0.predictions.isEmpty }.map { task -> [String] in
            let first = task.predictions[0]
            var row = [task.name, DownstreamReport.verdict(task, within: limit), first.model, DownstreamReport.points(first.actual)]
            for law in hasTwoStep ? [DownstreamAnalysis.Law.oneStep, .twoStep] : [.oneStep] {
                guard let p = task.predictions.first(where: { $0.law == law }) else {
                    row += ["—", "—"]
                    continue
                }
                row.append(
                    DownstreamReport.points(p.predicted)
                        + (p.interval.map {
                            " (\(DownstreamReport.points($0.lower)) – \(DownstreamReport.points($0.upper)))"
                        } ?? ""))
                row.append(DownstreamReport.points(p.meanAbsoluteError))
            }
            return row
        }
        let predictionHeader =
            ["task", "predictable", "largest held out", "actual %", "one-step % (95 %)", "one-step MAE"]
            + (hasTwoStep ? ["two-step % (95 %)", "two-step MAE"] : [])
        let families = (d.mean ?? d.tasks.first)?.families ?? []
        let familyRows = families.sorted { $0.offset > $1.offset }.map { f -> [String] in
            [
                f.family, "\(f.models)",
                "\(f.offset >= 0 ? "+" : "")\(NumberFormat.fixed(f.offset * 100, 1)) ± \(NumberFormat.fixed(f.offsetError * 100, 1))",
                DownstreamReport.slope(f.trend), f.disagrees ? "yes" : "",
            ]
        }
        let warnings = d.warnings.map(\.message)
        var nodes: [Node<HTML.BodyContext>] = [
            .p(.safe(report.preamble[0] + ".")),
            .if(!warnings.isEmpty, .ul(.class("warnings"), .forEach(warnings) { .li(.safe("Warning: " + $0)) })),
            .p(.safe("Status rules — " + DownstreamAnalysis.rules(fraction: d.options.flatteningFraction) + ".")),
            table(
                [
                    "task", "status", "chance %", "largest model", "C (FLOP)", "score %", "±2σ",
                    "last decade pts/decade (n)", "before (n)",
                ], statusRows, liftingConstants: true),
            figure(BeyondCharts.downstream(d)),
        ]
        if !predictions.isEmpty {
            let rule = report.preamble[2] + "; " + report.preamble[3] + "."
            nodes.append(.p(.safe(rule.prefix(1).uppercased() + rule.dropFirst())))
            nodes.append(table(predictionHeader, predictions, liftingConstants: true))
        }
        if !familyRows.isEmpty, let reference = d.mean ?? d.tasks.first {
            nodes.append(
                .p(
                    .safe(
                        "Families on \(reference.name): each family's mean residual from the one-step law fitted to every model (points at equal compute, ± standard error) and its own slope; a family more than 2 standard errors and 3 points off disagrees."
                    )))
            nodes.append(table(["family", "models", "offset", "slope pts/decade (n)", "disagrees"], familyRows))
            nodes.append(figure(BeyondCharts.families(reference)))
        }
        if d.dataset != nil {
            let aggregate = DownstreamAnalysis.AggregateRecipe.allCases.flatMap { recipe in
                (d.aggregate[recipe] ?? []).map { e -> [String] in
                    let name: String = recipe == .gadre ? "Gadre et al.'s recipe" : "measured-loss variant"
                    let run: String =
                        NumberFormat.si(e.parameters) + ", M = " + NumberFormat.significant(e.tokensPerParameter, 3)
                    let percent: (Double) -> String = { NumberFormat.fixed($0 * 100, 2) + " %" }
                    return [name, run, percent(e.error), percent(e.predicted), percent(e.relativeError)]
                }
            }
            nodes.append(
                .p(
                    .safe(
                        "Gadre et al. fit the mean error of their 17-task subset instead of single tasks. Their recipe fits the loss law (Eq. 4) on five small runs and the error law (Eq. 5) on six (adding the 1.4B run at M = 20), both by least squares, and predicts each held-out run's error from its predicted loss; the variant fits Eq. 5 on every run below 1B and uses the measured loss:"
                    )))
            nodes.append(
                table(["recipe", "held-out run", "mean top-1 error", "predicted", "relative error"], aggregate))
        }
        nodes.append(answer(downstreamAnswer(d)))
        return .section(.id("downstream"), .h2(.safe("Downstream tasks")), .group(nodes))
    }

    func emergence(_ e: EmergenceAnalysis) -> Node<HTML.BodyContext> {
        let report = EmergenceReport(analysis: e)
        let pair = Dictionary(grouping: e.metrics, by: \.task).filter { $0.value.count > 1 }.keys.sorted()
        return section(
            "emergence",
            .p(
                .safe(
                    "Schaeffer, Miranda & Koyejo (2023) argue that \u{201C}emergent\u{201D} jumps come from discontinuous metrics such as exact match. Ruan et al.'s \(e.models) public models on tasks called emergent, with IPA transliteration scored by exact match and by BLEU on the same outputs: each score column gets a straight line in log-compute and a sigmoid with free floor, ceiling and width; \(e.rule)."
                )),
            table(EmergenceReport.header, report.rows),
            .forEach(pair) { figure(BeyondCharts.emergence(e, task: $0, id: "emergence-\($0)")) },
            .forEach(
                report.findings.isEmpty
                    ? ["No task changes verdict between its metrics on these models."] : report.findings
            ) {
                .p(.safe($0))
            },
            answer(Self.emergenceAnswer(e, findings: report.findings))
        )
    }

    func trends(_ b: ReportContent.Beyond) -> Node<HTML.BodyContext> {
        let rows = b.trendRows.map { r -> [String] in
            let i = r.trend.slopeInterval
            return [
                r.quantity, r.selection, "\(r.trend.points)", NumberFormat.fixed(r.trend.perYear, 2) + "×",
                i.map { "\(NumberFormat.fixed(pow(10, $0.lower), 2))–\(NumberFormat.fixed(pow(10, $0.upper), 2))" }
                    ?? "—",
                NumberFormat.fixed(r.trend.doublingMonths, 1),
            ]
        }
        let computeRows = b.trendRows.filter { $0.quantity == EpochQuantity.compute.label }
        let chart: Node<HTML.BodyContext> =
            computeRows.count == 2
            ? figure(
                BeyondCharts.trend(
                    all: b.compute.all, frontier: b.compute.frontier, allTrend: computeRows[0].trend,
                    frontierTrend: computeRows[1].trend, quantity: "training compute (FLOP)"))
            : .empty
        return section(
            "trends",
            .p(
                .safe(
                    "Log-linear growth in Epoch AI's model table under Epoch's published selections — notable models published 2010-01-01 to 2024-05-31, and the frontier (models in the top 10 by training compute when published) from 2018-01-01, the windows of Epoch's 4–5× and 4× a year — with 95 % bootstrap intervals."
                )),
            table(["quantity", "models", "n", "×/year", "95 %", "doubling (months)"], rows),
            chart,
            answer(Self.trendsAnswer(b.trendRows))
        )
    }

    func dataWall(_ b: ReportContent.Beyond) -> Node<HTML.BodyContext> {
        let rows = b.walls.map { label, wall -> [String] in [label] + TrendReport.summary(wall.years, wall) }
        guard let first = b.walls.first?.wall else { return .empty }
        let stock = first.band(at: first.options.referenceYear, level: 0.95, stock: true)
        let stockText =
            stock.map {
                "median \(NumberFormat.scientific($0.median, 1)) tokens in 2024, 95 % \(NumberFormat.scientific($0.lower, 1))–\(NumberFormat.scientific($0.upper, 1))"
            } ?? ""
        return section(
            "data-wall",
            .p(
                .safe(
                    "When training-set sizes reach the effective stock of public text, by Villalobos et al. 2024's method: half the draws grow the largest 2024 training set (3–13T tokens) by the trend of dataset sizes (\(NumberFormat.fixed(b.stockTrend.slope, 3)) orders of magnitude a year over \(b.stockTrend.points) models), half take the compute-optimal data of the largest compute grown by the compute trend (Plateau's approximation of their compute projection file, which is not bundled; the equal mixture is Plateau's reading of their code); the stock is the indexed web × a quality factor × a repetition factor (\(stockText)), growing a few per cent a year. Villalobos et al. report a median of 2028 with an 80 % interval of 2026–2032."
                )),
            table(["projection", "median year", "80 %", "95 %"], rows),
            figure(BeyondCharts.dataWall(b.stock, wall: first)),
            answer(Self.dataWallAnswer(b.walls))
        )
    }

    func mix(_ m: MixReport) -> Node<HTML.BodyContext> {
        section(
            "mix",
            .p(
                .safe(
                    "What wild AI-written web text in the training mix is worth, by Russell et al. 2026's law (\(m.lawDescription)), at their reference setting: \(m.setting). Run 'plateau mix' for any size, corpus, share or evaluation set."
                )),
            table(["", "value"], m.rows),
            .unwrap(m.costTable) { cost in table(cost.header, cost.rows, caption: m.pricedOn) },
            .group(m.charts.map(figure)),
            .p(.safe("Caveats:")),
            .ul(.forEach(MixReport.caveats + m.warnings.map { "Warning: \($0.message)" }) { .li(.safe($0)) })
        )
    }

    /// "24 runs", or "22 runs (550 checkpoints)" when runs have several rows (issue 24: a report
    /// on checkpoints counted every checkpoint as a run).
    static func runs(rows: Int, runs: Int, larger: Bool = false, each: String = "runs") -> String {
        let noun = larger ? "larger runs" : "runs"
        return rows == runs ? "\(rows) \(larger ? noun : each)" : "\(runs) \(noun) (\(rows) checkpoints)"
    }

    static func runs(rows: Int, keys: [String], each: String = "runs") -> String {
        runs(rows: rows, runs: Set(keys).count, each: each)
    }

    func sourcesSection() -> Node<HTML.BodyContext> {
        let c = content
        var lines: [String] = []
        var notes: [String] = []
        if let runs = c.law?.chinchilla?.runs {
            let lo = runs.flops.min() ?? .nan, hi = runs.flops.max() ?? .nan
            lines.append(
                "\(Self.runs(rows: runs.count, keys: runs.runKeys)) from \(c.source), compute \(NumberFormat.scientific(lo, 2)) – \(NumberFormat.scientific(hi, 2)) FLOP."
            )
            // Which column is behind each role (issue 26: a table with eight loss columns).
            if !runs.roleColumns.isEmpty {
                lines.append(
                    "Columns read: " + runs.roleColumns.map { "\($0.role) from '\($0.column)'" }.joined(separator: ", ") + ".")
            }
            notes += runs.notes
        }
        if let d = c.downstream, d.dataset == nil {
            lines.append("\(d.models) evaluated models from \(d.source), \(d.tasks.count) tasks.")
            notes += d.notes
        }
        var citations = [c.citation]
        if c.downstream?.dataset != nil {
            citations.append("Downstream tasks: " + BundledDataset.gadreDownstream.citation)
        }
        if c.beyond != nil {
            let cited: [(String, String)] = [
                (
                    "test-time",
                    "Test-time compute: Chen et al. (2021), Evaluating Large Language Models Trained on Code, arXiv:2107.03374 (pass@k); "
                        + BundledDataset.monkeysGSM8K.citation
                ),
                ("routing", "Routed models: " + BundledDataset.routing.citation),
                (
                    "emergence",
                    "Emergence: " + BundledDataset.obsScaling.citation
                        + "; Schaeffer, Miranda & Koyejo (2023), Are Emergent Abilities of Large Language Models a Mirage?, NeurIPS 2023, arXiv:2304.15004"
                ),
                ("trends", "Trends: " + BundledDataset.epochModels.citation),
                (
                    "progress",
                    "Benchmarks: " + BundledDataset.benchmarkScores.citation + "; prices: "
                        + BundledDataset.inferencePrices.citation
                ),
                ("data-wall", "Data wall: " + BundledDataset.dataStock.citation),
            ]
            citations += cited.filter { wants($0.0) }.map(\.1)
        }
        return section(
            "data",
            .forEach(lines) { .p(.safe($0)) },
            .if(!notes.isEmpty, .ul(.forEach(notes) { .li(.safe($0)) })),
            .forEach(citations) { .p(.class("citation"), .safe($0)) }
        )
    }

    /// Three significant figures below 1,000; whole numbers with thousands separators above.
    static func amount(_ v: Double) -> String {
        guard v.magnitude >= 1000, v.magnitude < 1e18 else { return NumberFormat.significant(v, 3) }
        return Int(v.rounded()).grouped
    }

    static let css = """
        :root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --rule: #d8dee4; --accent: #0072B2; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f8fa; }
        header, main, footer { max-width: 1360px; margin: 0 auto; padding: 0 20px; }
        p, li, .lede { max-width: 84ch; }
        .summary { border-left: 5px solid var(--accent); }
        .summary ul { margin: 0; padding-left: 20px; }
        .summary li { margin: 0 0 6px; }
        .answer { border-top: 1px solid var(--rule); padding-top: 10px; margin-bottom: 0; }
        header { padding-top: 28px; }
        h1 { font-size: 1.9rem; margin: 0 0 6px; }
        h2 { font-size: 1.35rem; margin: 0 0 10px; padding-top: 4px; }
        .lede { color: var(--muted); margin: 0 0 12px; }
        nav ul { list-style: none; padding: 0; margin: 0 0 20px; display: flex; flex-wrap: wrap; gap: 6px 8px; }
        nav a { display: inline-block; padding: 3px 10px; border: 1px solid var(--rule); border-radius: 999px; background: #fff; color: var(--accent); text-decoration: none; font-size: 0.9rem; }
        section { background: #fff; border: 1px solid var(--rule); border-radius: 10px; padding: 18px 20px; margin: 0 0 18px; }
        figure { margin: 14px 0; }
        .chart-frame { overflow-x: auto; }
        .chart-frame svg { display: block; width: 100%; max-width: 900px; height: auto; }
        figcaption { color: var(--muted); font-size: 0.92rem; max-width: 900px; }
        .table-frame { overflow-x: auto; margin: 12px 0; }
        table { border-collapse: collapse; font-size: 0.86rem; font-variant-numeric: tabular-nums; }
        th, td { padding: 5px 8px; border-bottom: 1px solid var(--rule); text-align: right; white-space: nowrap; }
        th:first-child, td:first-child { text-align: left; }
        th { background: #f0f3f6; font-weight: 600; white-space: normal; vertical-align: bottom; }
        .warnings { color: #9a3412; }
        .omitted { color: var(--muted); font-size: 0.92rem; margin: 0 0 18px; padding-left: 18px; }
        .citation { font-size: 0.9rem; color: var(--muted); }
        footer { color: var(--muted); font-size: 0.85rem; padding-bottom: 30px; }
        @media (max-width: 600px) {
          header, main, footer { padding: 0 10px; } section { padding: 14px 12px; } h1 { font-size: 1.5rem; }
          .chart .tick, .chart .axis { font-size: 19px; } .chart .legend text { font-size: 18px; }
        }
        """
}

extension Node {
    /// Text from the data (file, column and run names, cells, messages), through the one
    /// escaping function of the report and its SVG (``escape(_:)``: `& < > " '`, safe in
    /// content and attributes alike). Plot's own `.text` leaves entity-like sequences such as
    /// `&lt;` as they are; every string of the page goes through here instead.
    static func safe(_ text: String) -> Node { .raw(escape(text)) }
}
