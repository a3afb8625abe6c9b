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
        /// Add the sections on bundled data beyond pretraining (test-time compute, routing,
        /// emergence, trends, progress, the data wall) — all, or the ids in `sections` — and,
        /// separately, Gadre et al.'s downstream analysis when the user's table has no scores
        /// (the slowest part).
        package var beyond = true
        package var sections: Set<String>?
        package var downstream = true
        package init() {}
    }

    package struct EstimatorRow: Sendable {
        package var estimator: CatalogEstimator
        package var law: ChinchillaLaw?
        package var failure: String?
    }

    /// The scaling-law part of the report, computed when the table has runs with a loss.
    package struct Pretraining: Sendable {
        package var runs: RunTable
        /// Every checkpoint of runs with several, for the curves (nil without checkpoints).
        package var curves: RunTable?
        package var sample: LawSample
        /// The Chinchilla form's fit (by its kernel) and its bootstrap, as `fit` makes them.
        package var fit: CatalogFit
        package var bootstrap: LawBootstrap?
        /// The fitted law in its own terms, and each bootstrap draw's (for the charts' bands).
        package var law: ChinchillaLaw
        package var bootstrapLaws: [ChinchillaLaw]
        /// E, A, B, α, β with their intervals, the decisions at the report's budget and every
        /// warning of the data, the fit, the bootstrap and the decisions.
        package var report: CatalogFitReport
        package var isoFLOP: IsoFLOPAnalysis
        package var backTest: LawBackTest?
        package var backTestThreshold: Double
        package var plans: [(plan: TrainingPlan, cost: ComputeCost, parameters: Interval?)]
        package var returns: DiminishingReturns
        package var estimators: [EstimatorRow]

        /// Enough groups for an IsoFLOP exponent.
        package var hasIsoFLOP: Bool { isoFLOP.a != nil }
        /// Runs on both sides of the back-test's split, and a law fitted.
        package var hasBackTest: Bool {
            guard let b = backTest else { return false }
            return b.trainCount >= 5 && b.testCount >= 1 && b.outcomes.contains { $0.fit != nil }
        }
    }

    /// The scaling-law part of a report on a catalog law other than the Chinchilla form
    /// (`report --law`): its fit with bootstrap, its back-test by the one split rule of `check`,
    /// and, for a law of N and D with a floor, plans and diminishing returns along its solved
    /// frontier.
    package struct LawSections: Sendable {
        package var sample: LawSample
        package var fit: CatalogFit
        package var bootstrap: LawBootstrap?
        /// Nil when the split leaves nothing on a side.
        package var backTest: LawBackTest?
        package var threshold: Double
        package var plans: [(plan: TrainingPlan, cost: ComputeCost)]
        package var returns: DiminishingReturns?

        static func make(
            law: any CatalogLaw, sample: LawSample, accelerator: Accelerator, assumptions: CostAssumptions,
            options: Options
        ) throws -> LawSections {
            let fit = try CatalogFit.fit(law, points: sample.points, observed: sample.observed, threads: options.threads)
            var bootstrap: LawBootstrap?
            if options.resamples > 0 {
                var b = LawBootstrapOptions()
                b.resamples = options.resamples
                b.seed = options.seed
                b.threads = options.threads
                b.progress = options.progress
                bootstrap = LawBootstrap(fit: fit, sample: sample, options: b)
            }
            let threshold = LawBackTest.defaultThreshold(sample, law: law)
            let backTest = (try? LawBackTest.split(sample, .trainBelow(threshold), law: law)).map {
                LawBackTest(laws: [law], train: $0.train, test: $0.test, threads: options.threads)
            }
            let price = { (flops: Double) in
                ComputeCost(flops: flops, on: accelerator, assumptions: assumptions, gpus: options.gpus)
            }
            let frontier = ComputeFrontier(law: fit.law, theta: fit.theta)
            let plans = options.budgets.compactMap { c in frontier?.plan(c).map { ($0, price(c)) } }
            let returns = frontier.flatMap { f in
                f.plan(options.budget).map {
                    DiminishingReturns(frontier: f, start: $0, fraction: 0.1, steps: 8, price: price)
                }
            }
            return LawSections(
                sample: sample, fit: fit, bootstrap: bootstrap, backTest: backTest, threshold: threshold, plans: plans,
                returns: returns)
        }
    }

    package var title: String
    package var source: String
    package var citation: String
    package var pretraining: Pretraining?
    /// The scaling-law part for `report --law` (instead of ``pretraining``).
    package var law: LawSections?
    /// The user's evaluations (or, in the report on the bundled data, Gadre et al.'s).
    package var downstream: DownstreamAnalysis?
    /// Emergence under two metrics on the bundled ObsScaling data.
    package var emergence: EmergenceAnalysis?
    package var accelerator: Accelerator
    package var assumptions: CostAssumptions
    package var options: Options
    package var beyond: Beyond?
    /// Sections left out, each with the one sentence that says what is missing.
    package var omitted: [(id: String, reason: String)] = []

    /// The sections drawn from Plateau's bundled data rather than the user's.
    package static let bundledSections = ["test-time", "routing", "emergence", "trends", "progress", "data-wall"]

    /// Is progress slowing? Benchmark saturation, the price of a capability, and a break test of
    /// the frontier compute trend, on Epoch AI's bundled data.
    package struct Progress: Sendable {
        package var benchmarks: [BenchmarkSaturation]
        package var speed: SaturationSpeed?
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
                benchmarks: benchmarks, speed: SaturationSpeed(scores), priced: priced, declines: declines,
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
                let frontier = try q.values(.frontier).values.filter { $0.year >= 2010 }
                if q == .compute { compute = (notable, frontier) }
                for (label, selected) in [
                    (EpochQuantity.Selection.notable.label, notable),
                    (EpochQuantity.Selection.frontier.label, frontier),
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

    /// Computes the report's content: the scaling-law sections for `runs`, a downstream section
    /// for `scores`, and the bundled-data sections `options` asks for; every section the data
    /// cannot support is left out with its reason.
    ///
    /// - Parameters:
    ///   - curves: Every checkpoint of the runs, when they are checkpoints of training runs.
    ///   - missingRuns: Why there are no runs (the reading error), when `runs` is nil.
    /// - Throws: ``FitError`` when the runs cannot be fitted.
    ///   - law: A catalog law other than the Chinchilla form, and the observations it is fitted
    ///     to: its sections replace the Chinchilla ones (`report --law`).
    package static func make(
        runs: RunTable?, scores: ScoreTable? = nil, curves: RunTable? = nil, citation: String,
        accelerator: Accelerator, assumptions: CostAssumptions, options: Options = Options(),
        missingRuns: String? = nil, law: (law: any CatalogLaw, sample: LawSample)? = nil
    ) throws -> ReportContent {
        var content = ReportContent(
            title: "Plateau report", source: runs?.source ?? law?.sample.source ?? scores?.source ?? "",
            citation: citation, accelerator: accelerator, assumptions: assumptions, options: options)
        if let (law, sample) = law {
            let sections = try LawSections.make(
                law: law, sample: sample, accelerator: accelerator, assumptions: assumptions, options: options)
            content.law = sections
            content.omitted.append(
                (
                    "isoflop",
                    "IsoFLOP profiles, residuals, the cost table and the estimator comparison: they belong to the Chinchilla form's report (drop --law, or give --law chinchilla)."
                ))
            if sections.backTest == nil {
                content.omitted.append(
                    ("backtest", "Back-test: the split by scale leaves no run on one side, so \(law.name) cannot be tested on larger runs."))
            }
            if sections.returns == nil {
                content.omitted.append(
                    (
                        "plan",
                        "Plans and diminishing returns: \(law.name) reads \(law.inputs.map(\.rawValue).joined(separator: ", ")), not N and D with a floor, so it has no compute-optimal frontier to plan on."
                    ))
            }
        } else if let runs {
            let p = try pretraining(
                runs: runs, curves: curves, accelerator: accelerator, assumptions: assumptions, options: options)
            content.pretraining = p
            if !p.hasIsoFLOP {
                content.omitted.append(
                    (
                        "isoflop",
                        "IsoFLOP profiles: fewer than two groups of runs at one compute with the loss lowest inside their sizes (Approach 2 needs a ladder of sizes at each budget)."
                    ))
            }
            if !p.hasBackTest {
                content.omitted.append(
                    (
                        "backtest",
                        "Back-test: fewer than 5 runs below the split or none above it, so no law can be tested on larger runs."
                    ))
            }
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

    static func pretraining(
        runs: RunTable, curves: RunTable?, accelerator: Accelerator, assumptions: CostAssumptions, options: Options
    ) throws -> Pretraining {
        let sample = LawSample(runs: runs)
        let fit = try CatalogFit.fit(
            ChinchillaForm(), points: sample.points, observed: sample.observed, kernelStarts: options.starts,
            seed: options.seed, threads: options.threads)
        guard let form = fit.law as? ChinchillaForm, let law = fit.chinchilla else {
            preconditionFailure("the Chinchilla form's fit")
        }
        guard law.hasFrontier else { throw FitError.noFrontier(alpha: law.alpha, beta: law.beta) }
        var bootstrap: LawBootstrap?
        if options.resamples > 0 {
            var b = LawBootstrapOptions()
            b.resamples = options.resamples
            b.kernelStarts = options.bootstrapStarts
            b.seed = options.seed
            b.threads = options.threads
            b.progress = options.progress
            bootstrap = LawBootstrap(fit: fit, sample: sample, options: b)
        }
        let bootstrapLaws = bootstrap.map { $0.hasIntervals ? $0.draws.map(form.law) : [] } ?? []
        let price = { (flops: Double) in
            ComputeCost(flops: flops, on: accelerator, assumptions: assumptions, gpus: options.gpus)
        }
        let plans = options.budgets.map { c in
            let parameters =
                bootstrapLaws.isEmpty
                ? nil : Interval.percentiles(bootstrapLaws.map { $0.plan(flops: c).parameters }, level: 0.95)
            return (law.plan(flops: c), price(c), parameters)
        }
        // check's back-test of the Chinchilla law, free and tied, under huber-log and least squares.
        let threshold = LawBackTest.defaultThreshold(sample, law: ChinchillaForm())
        let backTest = (try? LawBackTest.split(sample, .trainBelow(threshold), law: ChinchillaForm())).flatMap {
            LawBackTest.compare(
                [false, true].map { (ChinchillaForm(tiedExponents: $0), [.default, .leastSquares]) }, sample: sample,
                halves: $0, starts: options.starts, threads: options.threads)
        }
        let estimators = [CatalogEstimator.default, .huberLikelihood(delta: 1e-3), .leastSquares].map {
            estimator -> EstimatorRow in
            // The main fit is this estimator's fit already.
            if estimator == .default { return EstimatorRow(estimator: estimator, law: law) }
            do {
                let other = try CatalogFit.fit(
                    ChinchillaForm(), points: sample.points, observed: sample.observed, estimator: estimator,
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
        return Pretraining(
            runs: runs, curves: curves, sample: sample, fit: fit, bootstrap: bootstrap, law: law,
            bootstrapLaws: bootstrapLaws,
            report: CatalogFitReport(fit: fit, sample: sample, bootstrap: bootstrap, budget: options.budget),
            isoFLOP: IsoFLOPAnalysis(runs: runs, options: isoOptions), backTest: backTest, backTestThreshold: threshold,
            plans: plans,
            returns: DiminishingReturns(law: law, from: options.budget, fraction: 0.1, steps: 8, price: price),
            estimators: estimators)
    }
}
