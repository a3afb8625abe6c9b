import Foundation
import PlateauCore

/// How `plateau sample` is shown: a line per model (exact pass@k, the coverage law and the
/// beta-binomial estimator with intervals), the details of chosen models, the forecast back-test
/// of the two estimators, and coverage priced in FLOPs.
package struct SampleReport: Sendable {
    package var analysis: SamplingAnalysis
    /// Models shown in full (all of them when the table has at most three).
    package var detailed: Set<String>

    package init(analysis: SamplingAnalysis, detailed: [String] = []) {
        self.analysis = analysis
        self.detailed =
            analysis.table.models.count <= 3 ? Set(analysis.table.models.map(\.name)) : Set(detailed)
    }

    var table: SampleTable { analysis.table }
    var notes: [String] { analysis.notes }
    var matched: [ComputeMatched] { analysis.matched }

    /// The k shown in the pass@k table: 1, 2, 5, 10, … up to n.
    static func shownK(_ maxK: Int) -> [Int] {
        var ks: [Int] = []
        var decade = 1
        while decade <= maxK {
            for m in [1, 2, 5] where m * decade <= maxK { ks.append(m * decade) }
            decade *= 10
        }
        if ks.last != maxK { ks.append(maxK) }
        return ks
    }

    static func percent(_ v: Double) -> String { NumberFormat.fixed(v * 100, 1) + " %" }
    static func percentInterval(_ i: Interval?) -> String {
        i.map { " (\(NumberFormat.fixed($0.lower * 100, 1))–\(NumberFormat.fixed($0.upper * 100, 1)))" } ?? ""
    }
    static func interval(_ i: Interval?) -> String {
        i.map { " (\(NumberFormat.significant($0.lower, 3))–\(NumberFormat.significant($0.upper, 3)))" } ?? ""
    }

    /// The k of the summary's forecast column: the largest forecast k.
    var headlineK: Int { analysis.options.forecastAt.max() ?? 10_000 }

    func summary() -> String {
        let k = headlineK
        var out =
            "\nEvery model (pass@1 and pass@n exact at n = the smallest samples per problem; pass@k is coverage with a perfect verifier; 95 % intervals from \(analysis.options.resamples) bootstrap resamples of the problems; † = a fit at a bound, its exponent not measured):\n"
        var t = TextTable(
            header: [
                "model", "problems", "n", "pass@1", "pass@n", "law −b", "scaled-beta exponent", "2-param α",
                "pass@\(NumberFormat.si(Double(k))) beta", "pass@\(NumberFormat.si(Double(k))) law",
            ], rightAligned: [false] + Array(repeating: true, count: 9))
        for r in analysis.models {
            let beta = r.beta, law = r.coverage
            t.rows.append([
                r.model.name, "\(r.model.problems.count)", "\(r.model.maxK)",
                r.passAtK.first.map(Self.percent) ?? "—", r.passAtK.last.map(Self.percent) ?? "—",
                law.map { NumberFormat.significant(-$0.b, 3) + Self.interval($0.bInterval.map(Self.negated)) } ?? "—",
                beta.map { Self.exponent($0) } ?? "—",
                r.twoParameter.map { Self.exponent($0) } ?? "—",
                beta.map { Self.percent($0.passAtK(Double(k))) + Self.percentInterval($0.passAtKInterval(Double(k))) }
                    ?? "—",
                law.flatMap { f in f.extrapolations.first { $0.k == k } }.map {
                    Self.percent($0.coverage) + Self.percentInterval($0.interval)
                } ?? "—",
            ])
        }
        out += t.render() + "\n"
        out +=
            "  law −b: the coverage law's exponent of −log pass@k; scaled-beta exponent: Schaeffer et al.'s estimator (p = s·Beta(α, β), s = (P+1)/P·max c/n, α, β in [0.01, 100]) and their exponent, the least-squares slope of −log pass@k over k = 1…10⁴; 2-param α: the unscaled beta's α, the asymptotic exponent (k → ∞)\n"
        for r in analysis.models {
            for f in r.failures { out += "  \(r.model.name): no \(f)\n" }
            for w in (r.coverage?.fit.warnings ?? []) + (r.beta?.warnings ?? []) {
                out += "  \(r.model.name): warning [\(w.code)] \(w.message)\n"
            }
        }
        let bounded = analysis.models.filter { $0.twoParameter?.atBound == true }.count
        if bounded > 0 {
            out +=
                "  two-parameter beta at a bound of [0.01, 100] (†) for \(bounded) of \(analysis.models.count) models: their α is not an exponent there (--json has each warning)\n"
        }
        return out
    }

    static func negated(_ i: Interval) -> Interval { Interval(lower: -i.upper, upper: -i.lower) }

    /// A beta's exponent with its interval, † when the fit is at a bound.
    static func exponent(_ b: BetaBinomialFit) -> String {
        NumberFormat.significant(b.exponent, 3) + interval(b.exponentInterval) + (b.atBound ? "†" : "")
    }

    /// One row per samples-per-problem m: the runs scored and each method's mean (median)
    /// relative error of the exponent.
    package static func exponentRows(_ e: ExponentBackTest) -> [[String]] {
        e.samplesPerProblem.compactMap { m -> [String]? in
            let scores = e.scores.filter { $0.samples == m }
            guard let first = scores.first else { return nil }
            return ["\(m)", "\(first.rows)"]
                + scores.map {
                    NumberFormat.fixed($0.meanRelativeError * 100, 1) + " % ("
                        + NumberFormat.fixed($0.medianRelativeError * 100, 1) + " %)"
                }
        }
    }

    func exponentSection() -> String {
        guard let e = analysis.exponentTest else { return "" }
        var out =
            "\nExponent back-test (Schaeffer et al. 2025's evaluation): each estimator sees m samples per problem (hypergeometric draws, \(e.repeats) repeats, seed \(e.seed)); its exponent's relative error |b̂ − b| / b against the least-squares exponent of the full data (k = 1 … the smallest n); models with n ≥ 10·m:\n"
        guard !e.scores.isEmpty else {
            return out + "  no model has enough samples (\(e.skipped.count) left out: \(e.skipped.first?.reason ?? ""))\n"
        }
        var t = TextTable(
            header: ["m", "runs"] + ExponentBackTest.Method.allCases.map { "\($0.label): mean (median)" },
            rightAligned: Array(repeating: true, count: 2 + ExponentBackTest.Method.allCases.count))
        t.rows = Self.exponentRows(e)
        out += t.render() + "\n"
        for m in e.samplesPerProblem {
            let scores = e.scores.filter { $0.samples == m }
            guard let best = scores.min(by: { $0.meanRelativeError < $1.meanRelativeError }) else { continue }
            out +=
                "  m = \(m): lowest mean error \(best.method.label) (closest in \(best.best) of \(best.rows) runs)\n"
        }
        if !e.skipped.isEmpty {
            out += "  left out: \(e.skipped.count) models (smallest n below 10·m, or no positive full-data exponent)\n"
        }
        return out
    }

    func forecastSection() -> String {
        let f = analysis.forecast
        var out =
            "\nForecast back-test: keep \(f.subsample) samples per problem (hypergeometric draws from each problem's counts, seed \(f.seed)), forecast pass@k with each estimator, compare with the exact pass@k of all samples (problems with n ≥ k only):\n"
        guard !f.scores.isEmpty else {
            return out
                + "  no (model, k) pair could be scored: \(f.skipped.count) left out (\(f.skipped.first?.reason ?? ""))\n"
        }
        var t = TextTable(
            header: [
                "k", "pairs", "coverage law: mean |error|", "beta-binomial: mean |error|", "law − beta", "beta closer",
            ], rightAligned: [false, true, true, true, true, true])
        for s in f.scores {
            let law = s.scores[0], beta = s.scores[1]
            t.rows.append([
                s.k.map { NumberFormat.si(Double($0)) } ?? "all", "\(s.rows)",
                NumberFormat.fixed(law.meanAbsoluteError * 100, 2) + " pts" + Self.pointsInterval(law.interval),
                NumberFormat.fixed(beta.meanAbsoluteError * 100, 2) + " pts" + Self.pointsInterval(beta.interval),
                NumberFormat.fixed(s.difference * 100, 2) + Self.pointsInterval(s.differenceInterval),
                "\(beta.closer) of \(s.rows)",
            ])
        }
        out += t.render() + "\n"
        if let all = f.scores.first(where: { $0.k == nil }), let i = all.differenceInterval {
            let verdict =
                i.lower > 0
                ? "the beta-binomial estimator forecasts better on this data (the interval of law − beta excludes 0)"
                : i.upper < 0
                    ? "the coverage law forecasts better on this data (the interval of law − beta excludes 0)"
                    : "neither estimator is better on this data (the interval of law − beta includes 0)"
            out += "  verdict: \(verdict); 95 % intervals from resampling the scored pairs\n"
        }
        if !f.skipped.isEmpty {
            out +=
                "  left out: \(f.skipped.count) (model, k) pairs — fewer than \(SamplingForecast.minimumProblems) problems with n ≥ k, or no correct sample in the subsample\n"
        }
        return out
    }

    static func pointsInterval(_ i: Interval?) -> String {
        i.map { " (\(NumberFormat.fixed($0.lower * 100, 2))…\(NumberFormat.fixed($0.upper * 100, 2)))" } ?? ""
    }

    func computeSection(_ c: SamplingCompute) -> String {
        var out =
            "\nCoverage (with a perfect verifier) priced in FLOPs (inference 2·N per generated token × tokens per sample; training 6·N·D): every checkpoint asked to reach \(c.reference)'s pass@1 = \(Self.percent(c.target)) (* = beyond the data's smallest n, from the fitted scaled beta; † = that fit is at a bound, so the count is not measured):\n"
        var t = TextTable(
            header: ["model", "training FLOPs", "samples k", "inference FLOPs / problem", "frontier"],
            rightAligned: [false, true, true, true, false])
        let shown = c.rows.filter { r in
            c.rows.count <= 12 || r.frontier || r.model == c.reference
        }
        for r in shown {
            t.rows.append([
                r.model, r.trainingFLOPs.map { NumberFormat.scientific($0, 2) } ?? "—",
                (r.samples.map { NumberFormat.significant($0, 3) + (r.forecast ? "*" : "") } ?? "> 10⁹")
                    + (r.fitAtBound ? "†" : ""),
                r.inferenceFLOPs.map { NumberFormat.scientific($0, 2) } ?? "—", r.frontier ? "yes" : "",
            ])
        }
        out += t.render() + "\n"
        if shown.count < c.rows.count {
            out +=
                "  (\(shown.count) of \(c.rows.count) checkpoints shown: the frontier — no checkpoint reaches the target with less of both — and the reference; --json has all)\n"
        }
        let ref = c.matched.first { $0.model == c.reference }
        out +=
            "\nAt \(c.reference)'s inference FLOPs for one sample, each model sampled k times (coverage with a perfect verifier):\n"
        var m = TextTable(
            header: ["model", "k", "coverage", "vs reference pass@1"], rightAligned: [false, true, true, true])
        let better = c.matched.filter { $0.coverage > (ref?.coverage ?? 1) }
        let ranked = c.matched.sorted { $0.coverage > $1.coverage }
        let top = Set(ranked.prefix(10).map(\.model))
        for row in ranked where c.matched.count <= 12 || top.contains(row.model) || row.model == c.reference {
            m.rows.append([
                row.model, "\(row.samples)", Self.percent(row.coverage) + (row.forecast ? "*" : ""),
                ref.map { NumberFormat.significant(row.coverage / max($0.coverage, 1e-12), 3) + "×" } ?? "—",
            ])
        }
        out += m.render() + "\n"
        out +=
            "  \(better.count) of \(c.matched.count) models beat \(c.reference) sampled once at the same inference FLOPs\(c.matched.count > 12 ? " (the 10 best and the reference shown)" : "")\n"
        return out
    }

    package func text() -> String {
        var out = "Repeated sampling: \(table.source)\n"
        for note in notes { out += "note: \(note)\n" }
        out += summary()
        for r in analysis.models where detailed.contains(r.model.name) {
            let model = r.model
            out += "\n\(model.name): \(model.problems.count) problems, n ≥ \(model.maxK) samples each"
            if let f = model.flopsPerSample { out += ", \(NumberFormat.scientific(f, 2)) FLOP per sample" }
            out += "\n"
            var t = TextTable(header: ["k", "pass@k"], rightAligned: [true, true])
            t.rows = Self.shownK(r.passAtK.count).map { ["\($0)", Self.percent(r.passAtK[$0 - 1])] }
            out += t.render() + "\n"
            if let fit = r.coverage {
                out +=
                    "  coverage law c(k) = exp(a·k^b) (Brown et al. 2024), fitted at \(fit.fittedK.count) log-spaced k:\n"
                out += "    a = \(NumberFormat.significant(fit.a, 4))\(Self.interval(fit.aInterval))"
                out += ", b = \(NumberFormat.significant(fit.b, 4))\(Self.interval(fit.bInterval))"
                out += fit.resamples > 0 ? "  [95 %, \(fit.resamples) bootstrap resamples of the problems]\n" : "\n"
                for e in fit.extrapolations {
                    out +=
                        "    predicted coverage at k = \(e.k): \(Self.percent(e.coverage))\(Self.percentInterval(e.interval))\n"
                }
            }
            if let beta = r.beta {
                out +=
                    "  scaled beta-binomial (Schaeffer et al. 2025): per-problem success rates p = s·u, u ~ Beta(α, β), s fixed at (P+1)/P·max c/n, maximum likelihood in α, β ∈ [0.01, 100]:\n"
                out += "    s = \(NumberFormat.significant(beta.scale, 4))"
                out += ", α = \(NumberFormat.significant(beta.alpha, 4))\(Self.interval(beta.alphaInterval))"
                out += ", β = \(NumberFormat.significant(beta.beta, 4))\(Self.interval(beta.betaInterval))\n"
                out +=
                    "    exponent (least-squares slope of −log pass@k over k = 1…10⁴): \(Self.exponent(beta))\(beta.prefactor.map { ", prefactor \(NumberFormat.significant($0, 4))" } ?? "")\n"
                for k in Array(Set(analysis.options.forecastAt + [10 * model.maxK, 100 * model.maxK])).sorted() {
                    out +=
                        "    predicted pass@\(k): \(Self.percent(beta.passAtK(Double(k))))\(Self.percentInterval(beta.passAtKInterval(Double(k))))\n"
                }
            }
            if let two = r.twoParameter {
                out +=
                    "  two-parameter beta (s = 1): α = \(Self.exponent(two)) — the asymptotic exponent (1 − pass@k ∝ k^(−α) as k → ∞), β = \(NumberFormat.significant(two.beta, 4))\(Self.interval(two.betaInterval))\n"
            }
        }
        out += exponentSection()
        out += forecastSection()
        if let c = analysis.compute { out += computeSection(c) }
        for m in matched {
            let unit = m.currency == .flops ? "inference FLOP" : "US dollars"
            out +=
                "\nCoverage (with a perfect verifier) at equal \(unit) (k = samples the budget buys; * = beyond the measured k, from the law):\n"
            var t = TextTable(
                header: ["budget (\(m.currency.rawValue))"] + m.models.flatMap { ["\($0) k", "\($0) coverage"] },
                rightAligned: Array(repeating: true, count: 1 + 2 * m.models.count))
            t.rows = zip(m.budgets, m.cells).map { budget, row in
                [m.currency == .flops ? NumberFormat.scientific(budget, 2) : "$" + NumberFormat.significant(budget, 3)]
                    + row.flatMap { cell in
                        cell.samples == 0
                            ? ["0", "—"]
                            : [
                                "\(cell.samples)",
                                (cell.coverage.map(Self.percent) ?? "—") + (cell.extrapolated ? "*" : ""),
                            ]
                    }
            }
            out += t.render() + "\n"
        }
        return out
            + TextTable.howToRead([
                "pass@k is Chen et al. 2021's unbiased estimator 1 − C(n−c, k)/C(n, k), averaged over problems; the coverage law is Brown et al. 2024's c(k) = exp(a·k^b); the beta-binomial estimator is Schaeffer et al. 2025's scaled beta, pass@k = 1 − E[(1 − s·u)^k] with u ~ Beta(α, β); pass@k counts a problem solved when any sample is correct (a perfect verifier)"
            ])
    }

    /// The `plateau.sample/3` document.
    package func json() throws -> String {
        struct Value: Encodable {
            var k: Int
            var value: Double
            var interval: Interval?
        }
        struct Law: Encodable {
            var a: Double
            var b: Double
            var aInterval: Interval?
            var bInterval: Interval?
            var resamples: Int
            var predictions: [Value]
            var warnings: [FitWarning]
            enum CodingKeys: String, CodingKey {
                case a, b, resamples, predictions, warnings
                case aInterval = "a_interval"
                case bInterval = "b_interval"
            }
        }
        struct Beta: Encodable {
            var variant: BetaBinomialFit.Variant
            var scale: Double
            var alpha: Double
            var beta: Double
            var alphaInterval: Interval?
            var betaInterval: Interval?
            var exponent: Double
            var exponentDefinition: String
            var exponentInterval: Interval?
            var prefactor: Double?
            var atBound: Bool
            var logLikelihood: Double
            var resamples: Int
            var predictions: [Value]
            var warnings: [FitWarning]
            enum CodingKeys: String, CodingKey {
                case variant, scale, alpha, beta, exponent, prefactor, resamples, predictions, warnings
                case alphaInterval = "alpha_interval"
                case betaInterval = "beta_interval"
                case exponentDefinition = "exponent_definition"
                case exponentInterval = "exponent_interval"
                case atBound = "at_bound"
                case logLikelihood = "log_likelihood"
            }
        }
        struct Model: Encodable {
            var name: String
            var problems: Int
            var samples: Int
            var parameters: Double?
            var trainingTokens: Double?
            var flopsPerSample: Double?
            var passAtK: [Value]
            var coverageLaw: Law?
            var betaBinomial: Beta?
            var twoParameterBeta: Beta?
            var failures: [String]
            enum CodingKeys: String, CodingKey {
                case name, problems, samples, parameters, failures
                case trainingTokens = "training_tokens"
                case flopsPerSample = "flops_per_sample"
                case passAtK = "pass_at_k"
                case coverageLaw = "coverage_law"
                case betaBinomial = "beta_binomial"
                case twoParameterBeta = "two_parameter_beta"
            }
        }
        struct Score: Encodable {
            var k: Int?
            var pairs: Int
            var scores: [SamplingForecast.Score]
            var lawMinusBeta: Double
            var lawMinusBetaInterval: Interval?
            enum CodingKeys: String, CodingKey {
                case k, pairs, scores
                case lawMinusBeta = "law_minus_beta"
                case lawMinusBetaInterval = "law_minus_beta_interval"
            }
        }
        struct Skipped: Encodable {
            var model: String
            var k: Int
            var reason: String
        }
        struct Forecast: Encodable {
            var subsample: Int
            var targets: [Int]
            var seed: UInt64
            var rows: [SamplingForecast.Row]
            var scores: [Score]
            var skipped: [Skipped]
        }
        struct Matched: Encodable {
            var currency: String
            var budgets: [Double]
            var models: [String]
            var samples: [[Int]]
            var coverage: [[Double?]]
            var extrapolated: [[Bool]]
        }
        struct Compute: Encodable {
            var reference: String
            var target: Double
            var rows: [SamplingCompute.Row]
            var atReferenceBudget: [SamplingCompute.Matched]
            enum CodingKeys: String, CodingKey {
                case reference, target, rows
                case atReferenceBudget = "at_reference_budget"
            }
        }
        struct Document: Encodable {
            var schema = "plateau.sample/3"
            var source: String
            var models: [Model]
            var exponentTest: ExponentTest?
            var forecast: Forecast
            var compute: Compute?
            var computeMatched: [Matched]
            var notes: [String]
            enum CodingKeys: String, CodingKey {
                case schema, source, models, forecast, compute, notes
                case computeMatched = "compute_matched"
                case exponentTest = "exponent_test"
            }
        }
        struct ExponentTest: Encodable {
            var samplesPerProblem: [Int]
            var repeats: Int
            var seed: UInt64
            var scores: [ExponentBackTest.Score]
            var rows: [ExponentBackTest.Row]
            var methods: [ExponentBackTest.Method]
            enum CodingKeys: String, CodingKey {
                case repeats, seed, scores, rows, methods
                case samplesPerProblem = "samples_per_problem"
            }
        }
        let shown = { (m: SampleTable.Model) in
            Array(Set(analysis.options.forecastAt + [10 * m.maxK, 100 * m.maxK])).sorted()
        }
        func beta(_ b: BetaBinomialFit, _ m: SampleTable.Model) -> Beta {
            Beta(
                variant: b.variant, scale: b.scale, alpha: b.alpha, beta: b.beta, alphaInterval: b.alphaInterval,
                betaInterval: b.betaInterval, exponent: b.exponent, exponentDefinition: b.variant.exponentName,
                exponentInterval: b.exponentInterval, prefactor: b.prefactor, atBound: b.atBound,
                logLikelihood: b.logLikelihood, resamples: b.draws.count,
                predictions: shown(m).map {
                    Value(k: $0, value: b.passAtK(Double($0)), interval: b.passAtKInterval(Double($0)))
                }, warnings: b.warnings)
        }
        let f = analysis.forecast
        let doc = Document(
            source: table.source,
            models: analysis.models.map { r in
                Model(
                    name: r.model.name, problems: r.model.problems.count, samples: r.model.maxK,
                    parameters: r.model.parameters, trainingTokens: r.model.trainingTokens,
                    flopsPerSample: r.model.flopsPerSample,
                    passAtK: Self.shownK(r.passAtK.count).map { Value(k: $0, value: r.passAtK[$0 - 1]) },
                    coverageLaw: r.coverage.map { c in
                        Law(
                            a: c.a, b: c.b, aInterval: c.aInterval, bInterval: c.bInterval, resamples: c.resamples,
                            predictions: c.extrapolations.map {
                                Value(k: $0.k, value: $0.coverage, interval: $0.interval)
                            },
                            warnings: c.fit.warnings)
                    },
                    betaBinomial: r.beta.map { beta($0, r.model) },
                    twoParameterBeta: r.twoParameter.map { beta($0, r.model) }, failures: r.failures)
            },
            exponentTest: analysis.exponentTest.map {
                ExponentTest(
                    samplesPerProblem: $0.samplesPerProblem, repeats: $0.repeats, seed: $0.seed, scores: $0.scores,
                    rows: $0.rows, methods: ExponentBackTest.Method.allCases)
            },
            forecast: Forecast(
                subsample: f.subsample, targets: f.targets, seed: f.seed, rows: f.rows,
                scores: f.scores.map {
                    Score(
                        k: $0.k, pairs: $0.rows, scores: $0.scores, lawMinusBeta: $0.difference,
                        lawMinusBetaInterval: $0.differenceInterval)
                }, skipped: f.skipped.map { Skipped(model: $0.model, k: $0.k, reason: $0.reason) }),
            compute: analysis.compute.map {
                Compute(reference: $0.reference, target: $0.target, rows: $0.rows, atReferenceBudget: $0.matched)
            },
            computeMatched: matched.map { m in
                Matched(
                    currency: m.currency.rawValue, budgets: m.budgets, models: m.models,
                    samples: m.cells.map { $0.map(\.samples) }, coverage: m.cells.map { $0.map(\.coverage) },
                    extrapolated: m.cells.map { $0.map(\.extrapolated) })
            }, notes: notes)
        return try encodeDocument(doc)
    }
}
