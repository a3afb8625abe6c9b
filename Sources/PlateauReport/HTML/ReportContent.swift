import Foundation
import PlateauCore

/// Everything the HTML report shows, computed once: the fit with its bootstrap, IsoFLOP
/// profiles, a back-test, plans and costs across budgets, diminishing returns and the
/// estimator comparison.
package struct ReportContent: Sendable {
    package struct Options: Sendable {
        /// Starts of every Chinchilla fit.
        package var starts: StartPoints = .grid
        /// Bootstrap resamples (0: no bands or intervals) and their starts.
        package var resamples = 200
        package var bootstrapStarts: StartPoints = .random(count: 500)
        package var seed: UInt64 = 0
        package var threads = ProcessInfo.processInfo.activeProcessorCount
        /// Budgets of the plan table, FLOPs.
        package var budgets: [Double] = (21...27).map { pow(10, Double($0)) }
        /// The budget of the estimator comparison and of the returns table's start.
        package var budget = 5.76e23
        /// Accelerators per run, for the days column.
        package var gpus = 1024
        /// Drawn while the bootstrap runs, once per resample.
        package var progress: (@Sendable () -> Void)?
        /// Told before each step expected to take more than 10 s what it is and about how long
        /// (the command writes it to standard error, on a terminal or not).
        package var announce: (@Sendable (String) -> Void)?
        /// Add the sections on bundled data beyond pretraining (test-time compute, routing,
        /// emergence, trends, progress, the data wall) — all, or the ids in `sections` — and,
        /// separately, Gadre et al.'s downstream analysis when the user's table has no scores
        /// (the slowest part).
        package var beyond = true
        package var sections: Set<String>?
        package var downstream = true
        package init() {}

        /// The default starts of each bootstrap resample on `rows` rows: 500 up to the bundled
        /// table's 240, then the number that keeps starts × rows at 500 × 240, at least 50
        /// (Plateau's choice, issue 26: resamples of 8,329 checkpoints from 500 starts each took
        /// minutes; the random starts reach the best basin as often on a large table as on a small).
        package static func bootstrapStarts(rows: Int) -> Int { rows <= 240 ? 500 : max(50, 500 * 240 / rows) }
    }

    package struct EstimatorRow: Sendable {
        package var estimator: CatalogEstimator
        package var law: ChinchillaLaw?
        package var failure: String?
    }

    /// The scaling-law part of the report, for any catalog law (the Chinchilla form by default):
    /// its fit with bootstrap, its back-test by the one split rule of `check`, and, for a law of N
    /// and D with a floor, plans, costs and diminishing returns along its frontier. The
    /// Chinchilla form fitted to a runs table adds what only it has (``ChinchillaExtras``).
    package struct LawSections: Sendable {
        package var sample: LawSample
        package var fit: CatalogFit
        package var bootstrap: LawBootstrap?
        /// The parameters' intervals, the decisions at the report's budget and every warning of
        /// the data, the fit, the bootstrap and the decisions — what `fit` prints.
        package var report: CatalogFitReport
        /// Nil when the split leaves nothing on a side.
        package var backTest: LawBackTest?
        package var threshold: Double
        /// The law's compute-optimal frontier and each bootstrap draw's (nil: the law has none).
        package var frontier: ComputeFrontier?
        package var draws: [ComputeFrontier]
        /// Each budget's plan, its cost and N_opt's interval from the draws.
        package var plans: [(plan: TrainingPlan, cost: ComputeCost, parameters: Interval?)]
        package var returns: DiminishingReturns?
        package var chinchilla: ChinchillaExtras?

        /// Tells `options.announce` about a step of more than 10 s: "plateau: WHAT — about 40 s".
        static func announce(_ options: Options, _ what: String, seconds: Double) {
            guard seconds > 10, seconds.isFinite else { return }
            let about = seconds < 90 ? "\(Int((seconds / 5).rounded()) * 5) s" : "\(Int((seconds / 60).rounded())) min"
            options.announce?("plateau: \(what) — about \(about) on \(options.threads) threads")
        }

        /// Runs on both sides of the back-test's split, and a law fitted.
        package var hasBackTest: Bool {
            guard let b = backTest else { return false }
            return b.trainCount >= 5 && b.testCount >= 1 && b.outcomes.contains { $0.fit != nil }
        }

        static func make(
            law: any CatalogLaw, sample: LawSample, runs: RunTable?, curves: RunTable?, accelerator: Accelerator,
            assumptions: CostAssumptions, options: Options
        ) throws -> LawSections {
            // Time estimates (issue 26): a kernel fit costs about the same per start and row, so a
            // pilot of 8 starts times the main fit on a large table, and the main fit the rest.
            let rows = sample.count, threads = Double(max(1, options.threads))
            let startCount = options.starts.count
            var perStartRow: Double?
            if law.hasKernel, options.announce != nil, rows * startCount > 2_000_000 {
                let pilot = ContinuousClock.now
                _ = try? CatalogFit.fit(
                    law, points: sample.points, observed: sample.observed, kernelStarts: .random(count: 8),
                    seed: options.seed, threads: 1)
                perStartRow = (ContinuousClock.now - pilot).seconds / Double(8 * rows)
                Self.announce(
                    options, "fitting \(law.name) from \(startCount.grouped) starts on \(rows.grouped) rows",
                    seconds: perStartRow! * Double(startCount * rows) / threads)
            }
            let started = ContinuousClock.now
            let fit = try CatalogFit.fit(
                law, points: sample.points, observed: sample.observed, kernelStarts: options.starts, seed: options.seed,
                threads: options.threads)
            let fitSeconds = (ContinuousClock.now - started).seconds
            if law.hasKernel { perStartRow = fitSeconds * threads / Double(max(1, startCount * rows)) }
            var bootstrap: LawBootstrap?
            if options.resamples > 0, law.hasKernel, let perStartRow {
                let starts = options.bootstrapStarts.count
                Self.announce(
                    options, "the bootstrap: \(options.resamples) resamples of whole runs × \(starts) starts on \(rows.grouped) rows",
                    seconds: perStartRow * Double(options.resamples * starts * rows) / threads)
            }
            if options.resamples > 0 {
                var b = LawBootstrapOptions()
                b.resamples = options.resamples
                if law.hasKernel { b.kernelStarts = options.bootstrapStarts }
                b.seed = options.seed
                b.threads = options.threads
                b.progress = options.progress
                bootstrap = LawBootstrap(fit: fit, sample: sample, options: b)
            }
            // check's back-test: the Chinchilla form free and tied, under huber-log and least squares.
            let threshold = LawBackTest.defaultThreshold(sample, law: law)
            let variants: [(law: any CatalogLaw, estimators: [CatalogEstimator])] =
                law is ChinchillaForm
                ? [false, true].map { (ChinchillaForm(tiedExponents: $0), [.default, .leastSquares]) } : [(law, [.default])]
            let halves = try? LawBackTest.split(sample, .trainBelow(threshold), law: law)
            if let halves, law.hasKernel, let perStartRow {
                // Each variant under each estimator, fitted to the runs below the split.
                let fits = variants.reduce(0) { $0 + $1.estimators.count }
                Self.announce(
                    options, "the back-test: \(fits) fits on the \(halves.train.count.grouped) rows below the split",
                    seconds: perStartRow * Double(fits * startCount * halves.train.count) / threads)
            }
            let backTest = halves.flatMap {
                LawBackTest.compare(variants, sample: sample, halves: $0, starts: options.starts, threads: options.threads)
            }
            let price = { (flops: Double) in
                ComputeCost(flops: flops, on: accelerator, assumptions: assumptions, gpus: options.gpus)
            }
            let unidentified = sample.frontierUnidentified(for: law)
            let frontier = unidentified == nil ? ComputeFrontier(law: fit.law, theta: fit.theta) : nil
            let drawn = bootstrap.map { $0.hasIntervals ? $0.draws : [] } ?? []
            let draws = frontier == nil ? [] : drawn.compactMap { ComputeFrontier(law: fit.law, theta: $0) }
            // N_opt's interval at each budget by the rule `plan --bootstrap` uses (FrontierDecisions:
            // withheld when degenerate).
            let plans = options.budgets.compactMap { c in
                frontier?.plan(c).map { plan in
                    let decided = FrontierDecisions(law: fit.law, theta: fit.theta, draws: drawn, budget: c)
                    return (plan, price(c), decided?.rows.first { $0.name == "N_opt" }?.interval)
                }
            }
            let returns = frontier.flatMap { f in
                f.plan(options.budget).map {
                    DiminishingReturns(frontier: f, start: $0, fraction: 0.1, steps: 8, price: price)
                }
            }
            if runs != nil, frontier != nil, law is ChinchillaForm, let perStartRow {
                Self.announce(
                    options, "the estimators compared: 2 more fits on \(rows.grouped) rows",
                    seconds: perStartRow * Double(2 * startCount * rows) / threads)
            }
            return LawSections(
                sample: sample, fit: fit, bootstrap: bootstrap,
                report: CatalogFitReport(fit: fit, sample: sample, bootstrap: bootstrap, budget: options.budget),
                backTest: backTest, threshold: threshold, frontier: frontier, draws: draws, plans: plans,
                returns: returns,
                chinchilla: try runs.flatMap {
                    try ChinchillaExtras.make(
                        fit: fit, bootstrap: bootstrap, runs: $0, sample: sample, curves: curves,
                        plannable: frontier != nil, options: options)
                })
        }
    }

    /// What the Chinchilla form's report on a runs table adds: the charts of its runs, IsoFLOP
    /// profiles (Approach 2 beside the parametric fit) and the estimators compared.
    package struct ChinchillaExtras: Sendable {
        package var runs: RunTable
        /// Every checkpoint of runs with several, for the curves (nil without checkpoints).
        package var curves: RunTable?
        /// The fitted law in its own terms, and each bootstrap draw's (for the charts' bands).
        package var law: ChinchillaLaw
        package var bootstrapLaws: [ChinchillaLaw]
        package var isoFLOP: IsoFLOPAnalysis
        /// Empty when the law has no frontier to plan on.
        package var estimators: [EstimatorRow]

        /// Enough groups for an IsoFLOP exponent.
        package var hasIsoFLOP: Bool { isoFLOP.a != nil }

        /// - Parameter plannable: Whether the fit has a frontier the runs identify; without one
        ///   the estimators are not compared (their plans would mean nothing).
        static func make(
            fit: CatalogFit, bootstrap: LawBootstrap?, runs: RunTable, sample: LawSample, curves: RunTable?,
            plannable: Bool, options: Options
        ) throws -> ChinchillaExtras? {
            guard let form = fit.law as? ChinchillaForm, let law = fit.chinchilla else { return nil }
            let compared: [CatalogEstimator] = plannable ? [.default, .huberLikelihood(delta: 1e-3), .leastSquares] : []
            let estimators = compared.map { estimator -> EstimatorRow in
                // The main fit is this estimator's fit already.
                if estimator == .default { return EstimatorRow(estimator: estimator, law: law) }
                do {
                    let other = try CatalogFit.fit(
                        form, points: sample.points, observed: sample.observed, estimator: estimator,
                        kernelStarts: options.starts, seed: options.seed, threads: options.threads)
                    return EstimatorRow(estimator: estimator, law: other.chinchilla)
                } catch {
                    return EstimatorRow(estimator: estimator, failure: "\(error)")
                }
            }
            var isoOptions = IsoFLOPAnalysis.Options()
            isoOptions.seed = options.seed
            isoOptions.threads = options.threads
            isoOptions.resamples = max(options.resamples, 100)
            isoOptions.ladder = IsoFLOPAnalysis.knownLadder(source: runs.source)
            return ChinchillaExtras(
                runs: runs, curves: curves, law: law,
                bootstrapLaws: bootstrap.map { $0.hasIntervals ? $0.draws.map(form.law) : [] } ?? [],
                isoFLOP: IsoFLOPAnalysis(runs: runs, options: isoOptions),
                estimators: estimators)
        }
    }

    package var title: String
    package var source: String
    package var citation: String
    /// The scaling-law sections: the Chinchilla form's on a runs table, or `report --law`'s law.
    package var law: LawSections?
    /// The user's evaluations (or, in the report on the bundled data, Gadre et al.'s).
    package var downstream: DownstreamAnalysis?
    /// Emergence under two metrics on the bundled ObsScaling data.
    package var emergence: EmergenceAnalysis?
    package var accelerator: Accelerator
    package var assumptions: CostAssumptions
    package var options: Options
    package var beyond: Beyond?
    /// Russell et al.'s law of AI text in the mix at their reference setting (C4, 268M, 20 human
    /// tokens per parameter, the 2026 crawl's AI share), when asked for (`--sections mix`).
    package var mix: MixReport?
    /// Sections left out, each with the one sentence that says what is missing.
    package var omitted: [(id: String, reason: String)] = []

    /// The sections drawn from Plateau's bundled data rather than the user's.
    package static let bundledSections = ["test-time", "routing", "emergence", "trends", "progress", "data-wall"]
    /// Bundled-data sections shown only when asked for by name (or `all`), never by default.
    package static let askedSections = ["mix"]

    /// Is progress slowing? Benchmark saturation, the price of a capability, and a break test of
    /// the frontier compute trend, on Epoch AI's bundled data.
    package struct Progress: Sendable {
        package var benchmarks: [BenchmarkSaturation]
        package var survival: SaturationSurvival?
        package var priced: PricedModels
        package var declines: [CapabilityPrice]
        package var frontier: QualityFrontier
        package var compute: [DatedValue]
        package var computeBreak: TrendBreak

        /// The benchmarks charted: four long-running ones.
        package static let charted = ["mmlu", "gsm8k", "GPQA diamond", "MATH level 5"]

        static func make(options: Options) throws -> Progress {
            let scores = try BenchmarkScores.bundled()
            let counts = Dictionary(grouping: scores.scores, by: \.benchmark).mapValues(\.count)
            let benchmarks = scores.benchmarks.filter { counts[$0]! >= 20 }.map {
                BenchmarkSaturation(scores, benchmark: $0, resamples: options.resamples, seed: options.seed)
            }
            let priced = try PricedModels.bundled()
            let declines = try [("MMLU", "GPT-3 175B (davinci)"), ("GPQA Diamond", "GPT-4-0314")].map { b, m in
                try CapabilityPrice(
                    priced, benchmark: b, threshold: priced.models.first { $0.name == m }!.scores[b]!, reference: m)
            }
            let frontier = QualityFrontier(priced, benchmark: "MMLU", year: priced.models.map(\.year).max()!)
            let compute = try EpochQuantity.compute.values(.frontier).values.filter { $0.year >= 2010 }
            let computeBreak = try TrendBreak(
                x: compute.map(\.year), y: compute.map { Double.log10($0.value) }, resamples: options.resamples,
                seed: options.seed)
            return Progress(
                benchmarks: benchmarks, survival: SaturationSurvival(scores), priced: priced, declines: declines,
                frontier: frontier, compute: compute, computeBreak: computeBreak)
        }
    }

    /// Test-time compute (the bundled GSM8K samples), routed models (the bundled DeepMind runs),
    /// trends, the data wall and downstream tasks.
    package struct Beyond: Sendable {
        package var sampling: SamplingAnalysis
        package var routing: RoutingAnalysis
        package var progress: Progress
        package var trendRows: [TrendReport.Row]
        package var compute: (all: [DatedValue], frontier: [DatedValue])
        package var stock: [DatedValue]
        package var stockTrend: Trend
        package var walls: [(label: String, wall: DataWall)]

        /// - Throws: ``FitError`` or ``InputError`` from the bundled data.
        package static func make(options: Options) throws -> Beyond {
            var samplingOptions = SamplingAnalysis.Options()
            samplingOptions.resamples = options.resamples
            samplingOptions.seed = options.seed
            samplingOptions.threads = options.threads
            let sampling = SamplingAnalysis(
                try SampleTable(table: BundledDataset.monkeysGSM8K.table()), options: samplingOptions)
            var routingOptions = RoutingAnalysis.Options()
            routingOptions.resamples = options.resamples
            routingOptions.seed = options.seed
            routingOptions.threads = options.threads
            let routing = try RoutingAnalysis(table: BundledDataset.routing.table(), options: routingOptions)
            let progress = try Progress.make(options: options)
            var rows: [TrendReport.Row] = []
            var compute: ([DatedValue], [DatedValue]) = ([], [])
            for q in EpochQuantity.allCases {
                let notable = try q.values(.notable).values
                let frontier = try q.values(.epochFrontier).values
                if q == .compute { compute = (notable, frontier) }
                for (label, selected) in [
                    (EpochQuantity.Selection.notable.label, notable),
                    (EpochQuantity.Selection.epochFrontier.label, frontier),
                ] {
                    let trend = try Trend.fit(
                        selected, resamples: options.resamples, seed: options.seed, threads: options.threads)
                    rows.append(TrendReport.Row(quantity: q.label, selection: label, trend: trend))
                }
            }
            let stock = try DataWall.bundledValues()
            let resamples = max(options.resamples, 10)
            let stockTrend = try Trend.fit(stock, resamples: resamples, seed: options.seed, threads: options.threads)
            let computeTrend = try Trend.fit(
                DataWall.bundledCompute(), resamples: resamples, seed: options.seed, threads: options.threads)
            var wallOptions = DataWall.Options()
            wallOptions.seed = options.seed
            let plain = DataWall(datasetTrend: stockTrend, computeTrend: computeTrend, options: wallOptions)
            wallOptions.overtraining = 5
            let over = DataWall(datasetTrend: stockTrend, computeTrend: computeTrend, options: wallOptions)
            return Beyond(
                sampling: sampling, routing: routing, progress: progress, trendRows: rows, compute: compute,
                stock: stock,
                stockTrend: stockTrend, walls: [("compute-optimal", plain), ("5× over-trained", over)])
        }
    }

    /// Computes the report's content: the scaling-law sections of `law` (the Chinchilla form on
    /// `runs` when nil), a downstream section for `scores`, and the bundled-data sections
    /// `options` asks for; every section the data cannot support is left out with its reason.
    ///
    /// - Parameters:
    ///   - curves: Every checkpoint of the runs, when they are checkpoints of training runs.
    ///   - missingRuns: Why there are no runs (the reading error), when `runs` is nil.
    ///   - law: A catalog law and the observations it is fitted to (`report --law`).
    /// - Throws: ``FitError`` when the law cannot be fitted.
    package static func make(
        runs: RunTable?, scores: ScoreTable? = nil, curves: RunTable? = nil, citation: String,
        accelerator: Accelerator, assumptions: CostAssumptions, options: Options = Options(),
        missingRuns: String? = nil, law: (law: any CatalogLaw, sample: LawSample)? = nil
    ) throws -> ReportContent {
        var content = ReportContent(
            title: "Plateau report", source: runs?.source ?? law?.sample.source ?? scores?.source ?? "",
            citation: citation, accelerator: accelerator, assumptions: assumptions, options: options)
        if let (law, sample) = law ?? runs.map({ (ChinchillaForm(), LawSample(runs: $0)) }) {
            let sections = try LawSections.make(
                law: law, sample: sample, runs: law is ChinchillaForm ? runs : nil, curves: curves,
                accelerator: accelerator, assumptions: assumptions, options: options)
            content.law = sections
            content.omitted += omissions(sections)
        } else {
            content.omitted.append(
                (
                    "data-fit",
                    "The scaling-law sections (fit, residuals, plans, returns, cost, estimators): \(missingRuns ?? "the table has no runs with a loss")."
                ))
        }
        var downstreamOptions = DownstreamAnalysis.Options()
        downstreamOptions.resamples = options.resamples
        downstreamOptions.seed = options.seed
        downstreamOptions.threads = options.threads
        if let scores, case let analysis = DownstreamAnalysis(scores: scores, options: downstreamOptions),
            !analysis.tasks.isEmpty
        {
            content.downstream = analysis
        } else if options.beyond && options.downstream {
            content.downstream = try DownstreamAnalysis.bundled(dataset: "rpj", options: downstreamOptions)
        } else if !options.beyond {
            content.omitted.append(
                (
                    "downstream",
                    "Downstream tasks: the table has no score columns (harness metrics such as hellaswag_acc, or benchmark names such as MMLU)."
                ))
        }
        if options.beyond {
            content.beyond = try Beyond.make(options: options)
            if options.sections?.contains("emergence") ?? true {
                var o = EmergenceAnalysis.Options()
                o.resamples = options.resamples
                o.seed = options.seed
                o.threads = options.threads
                content.emergence = try EmergenceAnalysis.bundled(options: o)
            }
        }
        if options.sections?.contains("mix") == true {
            let fitted = try PublishedLaw.russell2026C4.fitted()
            content.mix = MixReport.make(
                fitted: fitted, lawDescription: fitted.origin, target: PublishedLaw.russell2026C4.mixTarget,
                parameters: MixPlan.referenceParameters,
                humanTokens: MixPlan.referenceTokensPerParameter * MixPlan.referenceParameters,
                share: MixPlan.crawl2026Share, accelerator: accelerator, assumptions: assumptions)
        }
        let shown = options.beyond ? (options.sections ?? Set(bundledSections)) : []
        let hidden = bundledSections.filter { !shown.contains($0) }
        if !hidden.isEmpty {
            content.omitted.append(
                (
                    "bundled",
                    "Sections on Plateau's bundled data, not yours (\(hidden.joined(separator: ", "))): add them with --sections \(hidden.joined(separator: ","))."
                ))
        }
        return content
    }

    /// The scaling-law sections `l` cannot have, each with the one sentence that says why.
    static func omissions(_ l: LawSections) -> [(id: String, reason: String)] {
        let name = l.fit.law.name
        var omitted: [(id: String, reason: String)] = []
        if let extras = l.chinchilla {
            if !extras.hasIsoFLOP {
                omitted.append(
                    (
                        "isoflop",
                        "IsoFLOP profiles: fewer than two groups of runs at one compute with the loss lowest inside their sizes (Approach 2 needs a ladder of sizes at each budget)."
                    ))
            }
        } else {
            omitted.append(
                (
                    "isoflop",
                    "IsoFLOP profiles, residuals and the estimator comparison: they belong to the Chinchilla form's report (drop --law, or give --law chinchilla)."
                ))
        }
        if !l.hasBackTest {
            omitted.append(
                (
                    "backtest",
                    "Back-test: fewer than 5 \(l.chinchilla == nil ? "observations" : "runs") below the split or none above it, so \(name) cannot be tested on larger runs."
                ))
        }
        if l.frontier == nil {
            let reason =
                l.sample.frontierUnidentified(for: l.fit.law).map { "the runs do not identify the frontier (\($0.code), see the fit's warnings)" }
                ?? (l.fit.law.isLawOfNAndD
                ? "\(name)'s fitted loss does not fall with both N and D (see the fit's warnings), so it has no minimum along C = 6·N·D to plan on; on data repeated for several epochs, --law muennighoff counts them"
                : "\(name) reads \(l.fit.law.inputs.map(\.rawValue).joined(separator: ", ")), not N and D with a floor, so it has no compute-optimal frontier to plan on")
            omitted.append(("plan", "Plans, cost and diminishing returns: \(reason)."))
        }
        return omitted
    }
}

extension Duration {
    /// The duration in seconds.
    package var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
