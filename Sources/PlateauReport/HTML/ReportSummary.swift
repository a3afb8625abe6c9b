import Foundation
import PlateauCore
import Plot

/// The card at the top of the report: the answers in sentences, computed from the results —
/// what the next 10× of compute buys and costs, how sure the fit is and which warnings qualify
/// it, and each verdict section's one-line answer.
extension HTMLReport {
    /// The summary's sentences, in order (3–6 on a full report).
    package var summarySentences: [String] {
        var out: [String] = []
        var warningsSentence: Int?
        if let l = content.law {
            // A collapsed fit is said first, before any number that rests on it (issue 26).
            let severe = Self.severe(l.report.warnings)
            if !severe.isEmpty {
                out.append(
                    "Read with care: the fit is degenerate — \(severe.map { "\($0.code): \(Self.gist($0.message))" }.joined(separator: "; ")). Every plan, cost and interval below rests on it.")
            }
            out += nextTenfold(l).map { severe.isEmpty || !$0.hasPrefix("The next") ? $0 : "Taken at face value, t" + $0.dropFirst() }
            out.append(sureness(l))
            warningsSentence = severe.isEmpty ? nil : out.count
            out.append(warningsThatMatter(l, severe: !severe.isEmpty))
            if let answer = backTestAnswer(l) { out.append(answer) }
        }
        if let d = content.downstream { out.append(downstreamAnswer(d)) }
        if let b = bundledAnswer() { out.append(b) }
        // At most six: a degenerate fit's warnings are already named in the first sentence.
        if out.count > 6, let i = warningsSentence { out.remove(at: i) }
        return out
    }

    /// The bundled-data sections' verdicts in one sentence, for the ones the report has.
    func bundledAnswer() -> String? {
        guard let b = content.beyond else { return nil }
        let present = Set(presentSections.map(\.0))
        var parts: [String] = []
        if present.contains("progress") {
            let p = b.progress.benchmarks
            let saturated = p.filter { $0.status == .saturated }.count, rising = p.filter { $0.status == .rising }.count
            parts.append("\(saturated) of \(p.count) benchmarks are saturated and \(rising) still rising")
        }
        if present.contains("emergence"), let e = content.emergence {
            let jumps = e.metrics.filter(\.jump).count
            parts.append(
                "\(jumps == 0 ? "none" : "\(jumps)") of \(e.metrics.count) 'emergent' score columns \(jumps == 1 ? "jumps" : "jump") when the \(e.models) models are pooled")
        }
        if present.contains("data-wall"), let (label, wall) = b.walls.first {
            let s = TrendReport.summary(wall.years, wall)
            parts.append("training sets reach the stock of public text around \(s[0]) (80 %: \(s[1])) with \(label) models")
        }
        return parts.isEmpty ? nil : "On the bundled data: " + parts.joined(separator: "; ") + "."
    }

    /// The back-test's answer in a sentence, when there is a back-test.
    func backTestAnswer(_ l: ReportContent.LawSections) -> String? {
        guard l.hasBackTest, let b = l.backTest, let o = b.outcomes.first(where: { $0.fit != nil }) else { return nil }
        let units = b.trainRuns == b.trainCount ? "\(b.trainCount) runs" : "\(b.trainRuns) runs (\(b.trainCount) rows)"
        let held = b.testRuns == b.testCount ? "\(b.testCount) larger ones" : "\(b.testRuns) larger runs (\(b.testCount) rows)"
        return
            "Fitted to the \(units) below \(NumberFormat.scientific(l.threshold, 2)), \(o.law) predicts the \(held) with a mean error of \(NumberFormat.fixed(o.meanError * 100, 2)) % (at most \(NumberFormat.fixed(o.maxError * 100, 2)) %)."
    }

    /// The diminishing-returns table's answer: from its start to its last reachable cut, in loss,
    /// compute and dollars.
    func returnsAnswer(_ t: DiminishingReturns) -> String? {
        guard let last = t.steps.last(where: { $0.flops != nil }), let flops = last.flops else { return nil }
        let usd = last.cost?.usd.map { ", $\(NumberFormat.si($0)) a run" } ?? ""
        return
            "\(last.step) cut\(last.step == 1 ? "" : "s") of \(NumberFormat.significant(t.fraction * 100, 3)) % of the loss above the floor take the loss from \(NumberFormat.fixed(t.start.loss, 3)) to \(NumberFormat.fixed(last.loss, 3)) and the compute from \(NumberFormat.scientific(t.start.flops, 2)) to \(NumberFormat.scientific(flops, 2)) FLOP (\(NumberFormat.significant(flops / t.start.flops, 3))×\(usd))."
    }

    /// The cost table's answer: its cheapest and dearest plans.
    func costAnswer(_ l: ReportContent.LawSections) -> String? {
        guard let first = l.plans.first, let last = l.plans.last, let a = first.cost.usd, let b = last.cost.usd else {
            return nil
        }
        let days = last.cost.days.map { ", \(Self.amount($0)) days" } ?? ""
        return
            "On \(content.options.gpus.grouped) \(content.accelerator.name)s, a compute-optimal run costs $\(NumberFormat.si(a)) at \(NumberFormat.scientific(first.plan.flops, 0)) FLOP and $\(NumberFormat.si(b))\(days) at \(NumberFormat.scientific(last.plan.flops, 0)) FLOP."
    }

    /// A section's answer in a sentence, at its end.
    func answer(_ sentence: String?) -> Node<HTML.BodyContext> {
        .unwrap(sentence) { .p(.class("answer"), .strong(.safe("In short: ")), .safe($0)) }
    }

    func summary() -> Node<HTML.BodyContext> {
        .section(
            .id("summary"), .class("summary"),
            .h2(.safe("In short")),
            .ul(.forEach(summarySentences) { .li(.safe($0)) })
        )
    }

    /// The next 10× from the report's budget: the loss it buys (with the draws' interval of the
    /// cut) and what the larger run costs; or why the report cannot say.
    func nextTenfold(_ l: ReportContent.LawSections) -> [String] {
        let c = content.options.budget, sci = { NumberFormat.scientific($0, 2) }
        guard let frontier = l.frontier, let here = frontier.plan(c), let there = frontier.plan(10 * c) else {
            let why = ReportContent.omissions(l).first { $0.id == "plan" }?.reason ?? "the law has no frontier"
            return ["No plan is made: \(why.prefix(1).lowercased() + why.dropFirst())"]
        }
        let cut = here.loss - there.loss
        let cuts = l.draws.map { d -> Double in
            guard let a = d.plan(c), let b = d.plan(10 * c) else { return .nan }
            return a.loss - b.loss
        }
        let interval = Interval.Checked(draws: cuts, estimate: cut, level: 0.95)
        let band = l.bootstrap == nil ? "" : " (95 %: " + interval.text { NumberFormat.significant($0, 3) } + ")"
        let cost = ComputeCost(
            flops: 10 * c, on: content.accelerator, assumptions: content.assumptions, gpus: content.options.gpus)
        var priced = ["\(NumberFormat.si(cost.gpuHours)) \(content.accelerator.name)-hours"]
        if let usd = cost.usd { priced.insert("$\(NumberFormat.si(usd))", at: 0) }
        if let kg = cost.kgCO2e { priced.append("\(Self.amount(kg / 1000)) \(cost.emissionsUnit)") }
        let share = cut / max(here.loss - frontier.floor, .leastNonzeroMagnitude) * 100
        return [
            "The next 10× of compute, from \(sci(c)) to \(sci(10 * c)) FLOP, lowers the predicted loss from \(NumberFormat.fixed(here.loss, 3)) to \(NumberFormat.fixed(there.loss, 3)), by \(NumberFormat.significant(cut, 3))\(band), \(NumberFormat.fixed(share, 0)) % of the loss above the fitted floor; the larger run (N_opt \(NumberFormat.si(there.parameters)), D_opt \(NumberFormat.si(there.tokens))) costs \(priced.joined(separator: ", ")) at the report's assumptions."
        ]
    }

    /// The parameters' intervals and how far the budget is from the data.
    func sureness(_ l: ReportContent.LawSections) -> String {
        let intervals = l.bootstrap.map { $0.hasIntervals ? $0.parameters : [] } ?? []
        let named = l.fit.parameters.prefix(5).map { p -> String in
            let shown = intervals.first { $0.name == p.name }?.checked.shown
            let label = ["alpha": "α", "beta": "β"][p.name] ?? p.name
            return "\(label) \(NumberFormat.significant(p.value, 3))"
                + (shown.map { " (\(NumberFormat.significant($0.lower, 3)) – \(NumberFormat.significant($0.upper, 3)))" }
                    ?? "")
        }
        let what = Self.runs(rows: l.fit.runs, keys: l.sample.runKeys, each: l.chinchilla == nil ? "observations" : "runs")
        let how =
            l.bootstrap.map {
                $0.hasIntervals ? "95 % intervals from \($0.completed) bootstrap resamples" : "too few bootstrap resamples for intervals"
            } ?? "no bootstrap, so no intervals"
        var sentence = "Fitted to \(what): \(named.joined(separator: ", ")) (\(how))."
        if let largest = l.report.largestFitted, l.frontier != nil {
            let times = content.options.budget / largest
            sentence +=
                " The budget is \(NumberFormat.significant(times, 3))× the largest fitted run's compute"
                + (times > 10 ? ", so every plan here is an extrapolation: read it with the fit's warnings." : ".")
        }
        return sentence
    }

    /// Warnings that make the fit's numbers unusable rather than uncertain: the floor or an
    /// exponent not identified, a parameter without bound, a table the law does not describe.
    static let severeCodes: Set<String> = [
        "not-identified", "E-not-identified", "implausible-exponent", "unbounded-parameter", "no-frontier",
        "repeated-data",
    ]

    /// The severe warnings, one per code, in order.
    static func severe(_ warnings: [FitWarning]) -> [FitWarning] {
        var seen: Set<String> = []
        return warnings.filter { severeCodes.contains($0.code) && seen.insert($0.code).inserted }
    }

    /// A warning's message up to its remedy (the text before " — ").
    static func gist(_ message: String) -> String {
        String(message.components(separatedBy: " — ").first ?? message).trimmingCharacters(in: .whitespaces)
    }

    /// The fit's warnings by code, and where they are listed.
    func warningsThatMatter(_ l: ReportContent.LawSections, severe: Bool) -> String {
        let codes = l.report.warnings.map(\.code)
        guard !codes.isEmpty else { return "The fit raised no warning." }
        var seen: [String] = []
        for code in codes where !seen.contains(code) { seen.append(code) }
        return "The fit raised \(codes.count) warning\(codes.count == 1 ? "" : "s") (\(seen.joined(separator: ", ")))"
            + (codes.count == 1 ? "; it is listed under the fit" : "; they are listed under the fit")
            + (severe ? ", and the ones that qualify plans and costs are repeated beside them." : ".")
    }

    /// Downstream tasks: how many at chance, predictable, not.
    func downstreamAnswer(_ d: DownstreamAnalysis) -> String {
        let limit = d.options.predictableWithin
        let judged = d.tasks.filter { !$0.predictions.isEmpty }
        let yes = judged.filter { $0.predictable(within: limit) == true }.count
        let no = judged.filter { $0.predictable(within: limit) == false }.count
        let statuses = DownstreamAnalysis.Status.allCases.compactMap { status -> String? in
            let n = d.tasks.filter { $0.status == status }.count
            return n == 0 ? nil : "\(n) \(status.rawValue)"
        }
        return
            "Of \(d.tasks.count) downstream tasks (\(d.source)), at the largest compute \(statuses.joined(separator: ", ")); \(yes) are predictable from the smaller models within \(NumberFormat.fixed(limit * 100, 0)) points and \(no) are not."
    }
}

/// The bundled-data sections' answers, each a sentence at the section's end computed from what
/// the section shows (issue 26: every section ends with its conclusion).
extension HTMLReport {
    /// Test-time compute: what more samples buy the largest model, and which forecast to trust.
    static func testTimeAnswer(
        _ a: SamplingAnalysis, finals: [SamplingAnalysis.ModelResult], through k: Double
    ) -> String? {
        guard let top = finals.last, let one = top.passAtK.first, let all = top.passAtK.last else { return nil }
        let percent = { (v: Double) in NumberFormat.fixed(v * 100, 1) + " %" }
        var sentence =
            "Sampling more buys coverage: \(top.model.name), the largest final checkpoint, solves \(percent(one)) of the problems with one sample and \(percent(all)) with \(top.model.maxK)"
        if let beta = top.beta {
            sentence += ", and the beta-binomial forecasts \(percent(beta.passAtK(k))) at \(NumberFormat.si(k))"
        }
        sentence += "."
        if let pooled = a.forecast.scores.first(where: { $0.k == nil }), pooled.scores.count == 2 {
            let points = { (v: Double) in NumberFormat.fixed(v * 100, 2) }
            let range = pooled.differenceInterval.map { " (95 %: \(points($0.lower)) … \(points($0.upper)))" } ?? ""
            let law = pooled.scores[0].estimator.rawValue, beta = pooled.scores[1].estimator.rawValue
            if let i = pooled.differenceInterval, i.lower > 0 {
                sentence +=
                    " Forecast from \(a.forecast.subsample) samples, the \(beta) is the better estimator here: its error is \(points(pooled.difference)) points lower than the \(law)'s\(range)."
            } else if let i = pooled.differenceInterval, i.upper < 0 {
                sentence +=
                    " Forecast from \(a.forecast.subsample) samples, the \(law) is the better estimator here: its error is \(points(-pooled.difference)) points lower than the \(beta)'s\(range)."
            } else {
                sentence +=
                    " Forecast from \(a.forecast.subsample) samples, neither estimator is clearly better: the difference of their errors is \(points(pooled.difference)) points\(range)."
            }
        }
        return sentence
    }

    /// Routed models: what 64 experts are worth against a dense model, and where the law says the
    /// gain ends.
    static func routingAnswer(_ a: RoutingAnalysis, comparisons: [RoutingReport.Comparison]) -> String? {
        let priced = comparisons.filter { $0.experts == 64 }
        guard let first = priced.first else { return nil }
        let matches = priced.map { "\(NumberFormat.si($0.effectiveParameters)) by \($0.router)" }
        var sentence =
            "With 64 experts, a \(NumberFormat.si(first.parameters)) model matches a dense model of \(matches.joined(separator: ", "))"
        if let routed = first.routedTraining.usd, let dense = first.denseTraining.usd {
            sentence +=
                "; the routed run costs $\(amount(routed)) against $\(amount(dense)) for \(first.router)'s dense equal"
        }
        if let weights = first.routedWeightsGB {
            sentence +=
                ", but serving it holds \(NumberFormat.significant(weights, 3)) GB of weights against \(NumberFormat.significant(first.denseWeightsGB, 3)) GB"
        }
        sentence += "."
        // log10 L = a·log10 N + b·log10 Ê + c·log10 N·log10 Ê + d: experts help while b + c·log10 N < 0.
        let cutoffs = a.routers.compactMap { r -> String? in
            let reported = RoutingAnalysis.law.reported(r.fit.theta).map(\.1)
            let b = reported[1], c = reported[2]
            guard b < 0, c > 0 else { return nil }
            return "\(NumberFormat.si(Double.exp10(-b / c))) (\(r.name))"
        }
        if cutoffs.count == a.routers.count, !cutoffs.isEmpty {
            sentence +=
                " The gain shrinks as models grow: by each router's fit, experts stop helping at N = 10^(−b/c) = \(cutoffs.joined(separator: ", ")) parameters, an extrapolation far beyond these runs."
        }
        return sentence
    }

    /// Progress: how many benchmarks have saturated, how fast a fixed capability gets cheaper,
    /// and whether the compute trend breaks.
    static func progressAnswer(_ p: ReportContent.Progress) -> String {
        let order: [BenchmarkSaturation.Status] = [.saturated, .saturating, .rising, .stalled, .early, .ownScale]
        let counts = order.compactMap { status -> String? in
            let n = p.benchmarks.filter { $0.status == status }.count
            return n == 0 ? nil : "\(n) \(status.rawValue)"
        }
        var sentence = "Of \(p.benchmarks.count) benchmarks, \(counts.joined(separator: ", "))"
        let declines = p.declines.map {
            "\($0.benchmark) at \($0.reference ?? "its threshold")'s level \(NumberFormat.significant($0.factorPerYear, 3))× a year (90 %: \(NumberFormat.significant($0.interval.lower, 3))–\(NumberFormat.significant($0.interval.upper, 3))×)"
        }
        if !declines.isEmpty { sentence += "; the price of a fixed capability falls: \(declines.joined(separator: ", "))" }
        let r = p.computeBreak
        sentence +=
            "; the training compute of frontier models (top 10 when published) since 2010 grows \(NumberFormat.significant(Double.exp10(r.slope), 3))× a year with "
            + (r.hasBreak
                ? "evidence of a break near \(NumberFormat.fixed(r.breakAt, 1)) (ΔBIC \(NumberFormat.fixed(r.deltaBIC, 1)))."
                : "no evidence of a break (ΔBIC \(NumberFormat.fixed(r.deltaBIC, 1)))."
            )
        return sentence
    }

    /// Emergence: how many score columns jump pooled and within families, and whether a metric
    /// changes the verdict.
    static func emergenceAnswer(_ e: EmergenceAnalysis, findings: [String]) -> String {
        let jumps = e.metrics.filter(\.jump).count
        let sCurves = e.metrics.filter { !$0.jump && $0.deltaBIC >= e.options.minimumDeltaBIC }.count
        let families = e.metrics.flatMap(\.families)
        let familyJumps = families.filter(\.jump).count
        var sentence =
            "Pooled over all \(e.models) models, \(jumps) of \(e.metrics.count) score columns jump"
            + (sCurves > 0 ? " and \(sCurves) rise as S-curves that the rule above does not call jumps" : "")
        if !families.isEmpty {
            sentence += "; within single families, \(familyJumps) of \(families.count) family fits jump"
        }
        sentence +=
            findings.isEmpty
            ? "; no task changes verdict between its metrics." : "; \(findings.count) task\(findings.count == 1 ? "" : "s") change verdict with the metric (below)."
        return sentence
    }

    /// Trends: the frontier's growth per year in each quantity, with its interval.
    static func trendsAnswer(_ rows: [TrendReport.Row]) -> String? {
        let frontier = rows.filter { $0.selection.hasPrefix("frontier") }
        guard !frontier.isEmpty else { return nil }
        let parts = frontier.map { r -> String in
            let range = r.trend.slopeInterval.map {
                " (95 %: \(NumberFormat.fixed(pow(10, $0.lower), 2))–\(NumberFormat.fixed(pow(10, $0.upper), 2)))"
            } ?? ""
            return "\(r.quantity) \(NumberFormat.fixed(r.trend.perYear, 2))×\(range), doubling every \(NumberFormat.fixed(r.trend.doublingMonths, 1)) months"
        }
        return "On the frontier, each year multiplies " + parts.joined(separator: "; ") + "."
    }

    /// The data wall: the median year and 80 % interval for each projection.
    static func dataWallAnswer(_ walls: [(label: String, wall: DataWall)]) -> String? {
        guard !walls.isEmpty else { return nil }
        let parts = walls.map { label, wall -> String in
            let s = TrendReport.summary(wall.years, wall)
            return "around \(s[0]) for \(label) models (80 %: \(s[1]))"
        }
        return
            "Training sets reach the effective stock of public text \(parts.joined(separator: ", and ")); Villalobos et al. report a median of 2028 (80 %: 2026–2032)."
    }
}

/// The Chinchilla form's own sections' answers: Approach 2 against the parametric exponent, and
/// how far the estimator alone moves the plan.
extension HTMLReport {
    /// IsoFLOP: Approach 2's exponent, and whether the parametric fit's lies inside its interval.
    static func isoFLOPAnswer(_ a: IsoFLOPAnalysis, parametric: Double) -> String? {
        guard let e = a.a else { return nil }
        let value = NumberFormat.fixed(e.value, 3), other = NumberFormat.fixed(parametric, 3)
        guard !e.lower.isNaN, !e.upper.isNaN else {
            return "Approach 2 gives N_opt ∝ C^\(value) against the parametric fit's \(other), without an interval to compare them."
        }
        let inside = e.lower <= parametric && parametric <= e.upper
        return
            "Approach 2 gives N_opt ∝ C^\(value) (95 %: \(NumberFormat.fixed(e.lower, 3)) – \(NumberFormat.fixed(e.upper, 3))); the parametric fit's \(other) is \(inside ? "inside that interval: the two approaches agree on how N_opt grows" : "outside it: the two approaches disagree on how N_opt grows, so plans far from the data depend on the method")."
    }

    /// Estimators: the spread of N_opt at the budget across the estimators.
    static func estimatorsAnswer(_ fitted: [(name: String, law: ChinchillaLaw)], budget: Double) -> String? {
        let plans = fitted.map { (name: $0.name, n: $0.law.plan(flops: budget).parameters) }.filter { $0.n.isFinite && $0.n > 0 }
        guard plans.count > 1, let low = plans.min(by: { $0.n < $1.n }), let high = plans.max(by: { $0.n < $1.n }) else {
            return nil
        }
        return
            "At \(NumberFormat.scientific(budget, 2)) FLOP the estimator alone moves N_opt from \(NumberFormat.si(low.n)) (\(low.name)) to \(NumberFormat.si(high.n)) (\(high.name)), \(NumberFormat.significant(high.n / low.n, 3))× on the same runs."
    }
}
