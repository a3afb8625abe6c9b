import Foundation
import PlateauOptim
import PlateauTestSupport
import Testing

import PlateauCore

/// One law abstraction for every capability: each catalog law recovers planted parameters
/// through the same fit, its bootstrap intervals cover, and its back-test and predictions never
/// mix runs.
@Suite struct LawRecoveryTests {
    /// A law, a design and planted coordinates (in the law's unbounded parameterisation).
    struct Case: CustomTestStringConvertible {
        var law: any CatalogLaw
        var points: [LawPoint]
        var theta: [Double]
        /// Reported parameters to compare (the rest are not identified by the design).
        var compare: [String]
        var tolerance = 1e-5
        var testDescription: String { law.name }
    }

    /// Every registered law with the design and planted parameters its own file declares.
    static let cases: [Case] = LawCatalog.entries.map {
        Case(
            law: $0.law, points: $0.example.points, theta: $0.example.theta, compare: $0.example.identified,
            tolerance: $0.example.tolerance)
    }

    /// Noise-free data from planted parameters: the fit reports them to 10⁻³ (relative), whatever
    /// its own parameterisation, and the data to the law's tolerance. Laws of more than 2,000
    /// starts (bnsl-3's 8,000 in 12 parameters) recover in the reference tier, in release mode.
    @Test(arguments: cases) func recoversPlantedParameters(_ c: Case) throws {
        guard Tier.reference || c.law.starts.count <= 2_000 else { return }
        let y = c.points.map { c.law.value(at: $0, c.theta) }
        let fit = try CatalogFit.fit(c.law, points: c.points, observed: y, threads: 2)
        let planted = c.law.reportedByName(c.theta), fitted = fit.law.reportedByName(fit.theta)
        for name in c.compare {
            expectClose(fitted[name] ?? .nan, planted[name] ?? .nan, relative: 1e-3, "\(c.law.name) \(name)")
        }
        for (p, yi) in zip(c.points, y) { expectClose(fit.predict(p), yi, relative: c.tolerance) }
    }

    /// F₁,ν(0.95) of the identification test against scipy.stats.f.ppf(0.95, 1, ν).
    @Test func fQuantileMatchesScipy() {
        let scipy: [(Double, Double)] = [
            (3, 10.127964486), (5, 6.607890974), (10, 4.964602744), (30, 4.170876786), (31, 4.159615098),
            (60, 4.001191377), (235, 3.881333657),
        ]
        for (nu, f) in scipy {
            expectClose(CatalogFit.fQuantile95(nu), f, relative: 5e-4, "ν = \(nu)")
        }
    }

    /// The reported optimum is the lowest objective found: no near tie lies below it.
    @Test func reportedOptimumIsTheLowest() throws {
        let runs = try BundledDataset.muennighoffMainFit()
        let points = runs.losses.indices.map {
            LawPoint(N: runs.parameters[$0], D: runs.tokens[$0], U: runs.uniqueTokens[$0])
        }
        let fit = try CatalogFit.fit(RepetitionDecayLaw(), points: points, observed: runs.losses, threads: 2)
        #expect(!fit.nearTiedOptima.isEmpty)
        for tie in fit.nearTiedOptima { #expect(tie.objective >= fit.objective) }
    }
}

@Suite struct LawBootstrapTests {
    /// Percentile intervals from whole-run resamples cover the planted exponent near 95 % of the
    /// time: 40 noisy data sets (1 % log-normal noise, seeds 0–39) of the power law
    /// E + A·C^(−α), 200 resamples each. Coverage of α in 0.85…1 (40 trials: one binomial
    /// standard deviation is 3.4 points); measured 38 of 40. Refitting each resample from the
    /// full fit's optimum alone covers only 28 of 40 under huber-log (δ = 10⁻³ is nearly L1: the
    /// optimiser stops near its start), which is why resamples also restart from grid points.
    @Test(.referenceTier) func intervalsCoverThePlantedExponent() throws {
        let law = SaturatingPowerLaw()
        let theta = [log(1000.0), log(0.15), log(1.7)]
        let points = (0..<30).map { LawPoint(C: pow(10, 18 + Double($0) * 0.15)) }
        var covered = 0
        let trials = 40
        for trial in 0..<trials {
            var rng = SplitMix64.stream(trial, of: 7)
            let y = points.map { law.value(at: $0, theta) * exp(0.01 * normal(&rng)) }
            let sample = LawSample(points: points, observed: y)
            let fit = try CatalogFit.fit(law, points: points, observed: y, threads: 2)
            var options = LawBootstrapOptions()
            options.resamples = 200
            options.seed = UInt64(trial)
            options.threads = 2
            let b = LawBootstrap(fit: fit, sample: sample, options: options)
            let alpha = try #require(b.parameters.first { $0.name == "alpha" })
            if let i = alpha.checked.percentiles, i.contains(0.15) { covered += 1 }
        }
        let coverage = Double(covered) / Double(trials)
        print("coverage of the planted power-law alpha: \(covered) of \(trials)")
        #expect(coverage >= 0.85, "coverage \(coverage)")
    }

    /// Coverage for every law of the catalog: 40 noisy data sets (1 % log-normal noise on the
    /// planted designs of ``LawRecoveryTests``), 100 resamples each, for one parameter per law.
    /// A study: the reference tier runs it (release mode), or `PLATEAU_COVERAGE=1` (or a list of
    /// laws) anywhere; the measured coverages are in the issue's closing note.
    @Test(
        .enabled(
            if: Tier.reference || ProcessInfo.processInfo.environment["PLATEAU_COVERAGE"] != nil,
            "a coverage study: reference tier, or PLATEAU_COVERAGE=1"),
        arguments: LawRecoveryTests.cases)
    func everyLawCovers(_ c: LawRecoveryTests.Case) throws {
        // PLATEAU_COVERAGE=1 runs every law; a comma-separated list of laws runs those.
        let chosen = ProcessInfo.processInfo.environment["PLATEAU_COVERAGE"] ?? "1"
        guard chosen == "1" || chosen.split(separator: ",").contains(Substring(c.law.name)) else { return }
        // russell2026 (11 parameters, 160 points) covers its alpha in 38 of 40 trials, but the study
        // takes 100 s in release, a sixth of CI's budget: it runs when named (PLATEAU_COVERAGE=russell2026).
        if chosen == "1" && c.law.name == "russell2026" { return }
        let key: String =
            switch c.law.name {
            case "power-law": "alpha"
            case "kaplan-n": "alpha_N"
            case "kaplan-d": "alpha_D"
            case "kaplan": "alpha_N"
            case "bnsl-1": "c0"
            case "gadre-error": "gamma"
            case "sigmoid": "m"
            case "muennighoff": "R_D*"
            case "kaplan-s": "alpha_S"
            case "clark-routing": "b"
            case "bnsl-2", "bnsl-3": "c0"
            default: "alpha"
            }
        // Coverage of a parameter the design identifies: bnsl-2 and bnsl-3's planted curves fix
        // the curve, not c0 (32 of 40 for bnsl-2, measured), so they are not part of the study.
        guard c.compare.contains(key) else { return }
        let truth = try #require(c.law.reportedByName(c.theta)[key])
        var covered = 0
        let trials = 40
        for trial in 0..<trials {
            var rng = SplitMix64.stream(trial, of: 11)
            let y = c.points.map { c.law.value(at: $0, c.theta) * exp(0.01 * normal(&rng)) }
            let sample = LawSample(points: c.points, observed: y)
            let fit = try CatalogFit.fit(c.law, points: c.points, observed: y, threads: 2)
            var options = LawBootstrapOptions()
            options.resamples = 100
            options.seed = UInt64(trial)
            options.threads = 2
            if let g = ProcessInfo.processInfo.environment["PLATEAU_COVERAGE_STARTS"].flatMap(Int.init) {
                options.gridStarts = g
            }
            let b = LawBootstrap(fit: fit, sample: sample, options: options)
            let interval = try #require(b.parameters.first { $0.name == key }?.checked.percentiles)
            if interval.lower <= truth && truth <= interval.upper { covered += 1 }
        }
        print("coverage \(c.law.name) \(key): \(covered) of \(trials)")
        #expect(Double(covered) / Double(trials) >= 0.85, "\(c.law.name) \(key): \(covered) of \(trials)")
    }

    /// Standard normal by Box–Muller.
    func normal(_ rng: inout SplitMix64) -> Double {
        let u = max(Double.random(in: 0..<1, using: &rng), 1e-300), v = Double.random(in: 0..<1, using: &rng)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    /// One flat-optimum rule for every law: a bootstrap interval wider than its estimate is
    /// warned about. Kaplan's L(N, S) on two model sizes with 2 % noise cannot pin N_c down (as
    /// on Muennighoff et al.'s three sizes, where it printed "warnings: none" before the rule
    /// reached the catalog laws).
    @Test func wideIntervalsAreFlatOptima() throws {
        #expect(FitWarning.flatOptimum("E", estimate: 1, interval: .init(lower: 0.1, upper: 1.2)) != nil)
        #expect(FitWarning.flatOptimum("E", estimate: 1, interval: .init(lower: 0.6, upper: 1.4)) == nil)
        let entry = try #require(LawCatalog.entry(named: "kaplan-s"))
        let law = entry.law
        let points = entry.example.points.filter { $0.N <= 5e7 }
        var rng = SplitMix64(seed: 3)
        let y = points.map { law.value(at: $0, entry.example.theta) * exp(0.02 * normal(&rng)) }
        var sample = LawSample(points: points, observed: y)
        sample.runKeys = points.map { "n\($0.N)" }
        let fit = try CatalogFit.fit(law, points: points, observed: y, threads: 2)
        var options = LawBootstrapOptions()
        options.resamples = 40
        options.threads = 2
        let b = LawBootstrap(fit: fit, sample: sample, options: options)
        #expect(b.warnings.contains { $0.code == "flat-optimum" && $0.message.contains("N_c") }, "\(b.warnings)")
    }

    /// Resamples draw whole runs, the same seed gives the same draws on 1 or 2 threads, and an
    /// interval that excludes its estimate and failed resamples are warned about.
    @Test func resamplesRunsDeterministicallyAndWarns() throws {
        var points: [LawPoint] = [], y: [Double] = [], keys: [String] = []
        for (r, c) in [1e18, 1e19, 1e20, 1e21, 1e22].enumerated() {
            for step in 1...3 {
                points.append(LawPoint(C: c * Double(step) / 3))
                y.append(1.7 + 1000 * pow(c * Double(step) / 3, -0.15))
                keys.append("run\(r)")
            }
        }
        var sample = LawSample(points: points, observed: y)
        sample.runKeys = keys
        #expect(sample.resamplingUnits.count == 5)
        let fit = try CatalogFit.fit(SaturatingPowerLaw(), points: points, observed: y, threads: 1)
        var options = LawBootstrapOptions()
        options.resamples = 60
        options.threads = 1
        let one = LawBootstrap(fit: fit, sample: sample, options: options)
        options.threads = 2
        let two = LawBootstrap(fit: fit, sample: sample, options: options)
        #expect(one.draws == two.draws)
        // Five runs for three parameters: some resamples hold fewer than three distinct runs'
        // worth of inputs… but each run has three checkpoints, so none fails here.
        #expect(one.failed == 0)
        // Draws that all lie above the estimate give no interval, and say why; draws that all
        // agree give none either (issue 24: never a zero-width "95 %" interval).
        var shifted = one
        let estimate = shifted.parameters[0].estimate
        shifted.parameters[0].checked = Interval.Checked(
            draws: (0..<20).map { estimate * (1.1 + 0.005 * Double($0)) }, estimate: estimate, level: 0.95)
        shifted.parameters[1].checked = Interval.Checked(
            draws: Array(repeating: shifted.parameters[1].estimate, count: 20), estimate: shifted.parameters[1].estimate,
            level: 0.95)
        shifted.failed = 3
        #expect(shifted.parameters[0].interval == nil && shifted.parameters[0].checked.withheld == .excludesEstimate)
        #expect(shifted.parameters[1].interval == nil && shifted.parameters[1].checked.withheld == .zeroWidth)
        let codes = shifted.warnings.map(\.code)
        #expect(
            codes.contains("interval-excludes-estimate") && codes.contains("degenerate-interval")
                && codes.contains("bootstrap-failures"))
        #expect(Interval.Checked(draws: [1, 2, 3], estimate: 2, level: 0.95).withheld == .fewResamples)
    }
}

@Suite struct LawBackTestTests {
    /// A fit with a parameter at infinity (issue 24: "B not finite" printed `undefined %` and made
    /// `check --json` exit 65 for the whole document) is a failed variant with its reason.
    @Test func nonFiniteFitIsAFailedVariant() {
        let law = KaplanPowerLaw(variable: .N)
        let fit = CatalogFit(
            law: law, theta: [1000, 0.076], objective: 0, runs: 6, starts: 1, convergedStarts: 1, startsInBestBasin: 1,
            nearTiedOptima: [], warnings: [])
        let reason = LawBackTest.nonFinite(fit, [])
        #expect(reason?.contains("is inf — the training runs do not bound it") == true, "\(reason ?? "nil")")
        let finite = CatalogFit(
            law: law, theta: [log(8.8e13), 0.076], objective: 0, runs: 6, starts: 1, convergedStarts: 1,
            startsInBestBasin: 1, nearTiedOptima: [], warnings: [])
        #expect(LawBackTest.nonFinite(finite, []) == nil)
    }

    /// Six runs of three checkpoints: holding out the largest run predicts all three of its
    /// checkpoints and fits none of them; leave-one-run-out predicts every row once, each from
    /// a fit without its run.
    @Test func runsAreNeverSplit() throws {
        var points: [LawPoint] = [], y: [Double] = [], keys: [String] = []
        for (r, c) in [1e18, 3e18, 1e19, 3e19, 1e20, 3e20].enumerated() {
            for step in 1...3 {
                let ci = c * Double(step) / 3
                points.append(LawPoint(C: ci))
                y.append((1.7 + 1000 * pow(ci, -0.15)) * (r == 5 ? 1.05 : 1))
                keys.append("run\(r)")
            }
        }
        var sample = LawSample(points: points, observed: y)
        sample.runKeys = keys
        sample.runIDs = keys
        let (train, test) = try LawBackTest.split(sample, .holdOut(.largest(1)), law: SaturatingPowerLaw())
        #expect(Set(test.runKeys) == ["run5"] && test.count == 3)
        #expect(!train.runKeys.contains("run5") && train.count == 15)
        let loo = LawBackTest(leaveOneRunOut: [SaturatingPowerLaw()], sample: sample, threads: 2)
        let outcome = try #require(loo.outcomes.first)
        #expect(outcome.predictions.count == 18 && outcome.failedFits == 0)
        // The outlying run (5 % above the law) is predicted from the others: about 5 % off.
        let off = outcome.predictions.filter { $0.run == "run5" }.map(\.absoluteRelativeError)
        for e in off { #expect(e > 0.03 && e < 0.07, "\(e)") }
    }

    /// Predictions carry the extrapolation distance and a bootstrap interval around the value.
    @Test func predictionsCarryIntervalsAndDistance() throws {
        let law = SaturatingPowerLaw()
        let theta = [log(1000.0), log(0.15), log(1.7)]
        let draws = (0..<50).map { i in [log(1000.0), log(0.15 + Double(i - 25) * 1e-4), log(1.7)] }
        let fitted = FittedLaw(law: law, theta: theta, draws: draws, largestFitted: 1e22, origin: "test", warnings: [])
        let p = fitted.predictions(at: [LawPoint(C: 1e24)])[0]
        expectClose(p.extrapolation, 100, relative: 1e-12)
        let interval = try #require(p.interval)
        #expect(interval.lower < p.value && p.value < interval.upper)
        #expect(LawPrediction.farWarning([p.extrapolation])?.code == "far-extrapolation")
        #expect(LawPrediction.farWarning([2]) == nil)
    }
}

@Suite struct RoutingLawTests {
    @Test func gradientMatchesCentralDifferences() {
        let law = RoutingLaw()
        for (n, e) in [(1.5e7, 1.0), (1.3e9, 64), (3.7e8, 512), (5.5e7, 2)] {
            var p = LawPoint(N: n)
            p.E = e
            let theta = [-0.083, -0.118, 0.0099, 1.114, 1.05, 7.9]
            var g = [Double](repeating: 0, count: 6), scratch = g
            _ = law.predict(p, theta, gradient: &g)
            for i in 0..<6 {
                var up = theta, down = theta
                up[i] += 1e-6
                down[i] -= 1e-6
                let numeric = (law.predict(p, up, gradient: &scratch) - law.predict(p, down, gradient: &scratch)) / 2e-6
                expectClose(g[i], numeric, relative: 1e-6, absolute: 1e-9, "N \(n) E \(e) θ\(i)")
            }
        }
    }

    /// Ê(1) = E_start, so a dense model's effective size is itself; more experts are worth more.
    @Test func effectiveParametersOfDenseIsItself() throws {
        let theta = [-0.083, -0.118, 0.0099, 1.114, Double.log2(2.07), Double.log2(238.7)]
        expectClose(
            try #require(RoutingLaw.effectiveParameters(1.3e9, experts: 1, theta: theta)), 1.3e9, relative: 1e-12)
        let sizes = try [2.0, 8, 64, 512].map {
            try #require(RoutingLaw.effectiveParameters(1.3e9, experts: $0, theta: theta))
        }
        #expect(zip(sizes, sizes.dropFirst()).allSatisfy { $0 < $1 } && sizes[0] > 1.3e9)
        // The law gives the routed model and its dense equivalent the same loss.
        var routed = LawPoint(N: 1.3e9)
        routed.E = 64
        var dense = LawPoint(N: sizes[2])
        dense.E = 1
        expectClose(RoutingLaw().value(at: routed, theta), RoutingLaw().value(at: dense, theta), relative: 1e-12)
    }

    /// Losses made by the law at the bundled runs' (N, E) with 0.3 % log-normal noise: the fit
    /// recovers a, b, c within 0.01 absolute and d, which trades off against a over log10 N ≈ 7–9,
    /// within 0.03 (their bootstrap spreads on the real runs are ±0.005, ±0.03, ±0.004, ±0.05).
    @Test func recoversPlantedCoefficients() throws {
        let law = RoutingLaw()
        let planted = [-0.08, -0.12, 0.011, 1.1, 1.2, 8.5]
        var rng = SplitMix64(seed: 9)
        var points: [LawPoint] = []
        for n in [1.5e7, 2.5e7, 5.5e7, 1.3e8, 3.7e8, 8.7e8, 1.3e9] {
            for e in [1.0, 2, 4, 8, 16, 32, 64, 128, 256, 512] {
                var p = LawPoint(N: n)
                p.E = e
                points.append(p)
            }
        }
        let observed = points.map {
            law.value(at: $0, planted) * Double.exp(0.003 * SyntheticSamples.normal(using: &rng))
        }
        let fit = try CatalogFit.fit(law, points: points, observed: observed, estimator: .leastSquaresLog, threads: 2)
        for i in 0..<4 { expectClose(fit.theta[i], planted[i], absolute: i == 3 ? 0.03 : 0.01, "θ\(i)") }
    }

    /// The bundled DeepMind runs, selected as the repository's example does, against an
    /// independent scipy refit (L-BFGS-B on the mean squared log10 error, 300 random starts and a
    /// 9-point grid, run for this test): S-Base a −0.0830, b −0.1180, c 0.00992, d 1.1136,
    /// E_start 2.074, E_max 238.7; the back-test (fit N ≤ 1B, predict the 1.3B runs) R² 0.746,
    /// max error 2.80 %. Coefficients to 0.5 %, E_start and E_max to 2 %, R² to 0.005.
    @Test func reproducesTheIndependentRefit() throws {
        var options = RoutingAnalysis.Options()
        options.resamples = 0
        options.threads = 2
        let analysis = try RoutingAnalysis(table: BundledDataset.routing.table(), options: options)
        #expect(analysis.routers.map(\.name).sorted() == ["Hash", "RL-R", "S-Base"])
        let expected: [String: ([Double], Double)] = [
            "S-Base": ([-0.0830, -0.1180, 0.00992, 1.1136, 2.074, 238.7], 0.746),
            "RL-R": ([-0.0827, -0.1234, 0.01123, 1.1070, 1.722, 470.1], 0.638),
            "Hash": ([-0.0874, -0.1383, 0.01263, 1.1595, 4.268, 427.5], 0.601),
        ]
        for router in analysis.routers {
            let (values, r2) = try #require(expected[router.name])
            let reported = RoutingLaw().reported(router.fit.theta).map(\.1)
            for i in 0..<4 { expectClose(reported[i], values[i], relative: 0.005, "\(router.name) \(i)") }
            for i in 4..<6 { expectClose(reported[i], values[i], relative: 0.02, "\(router.name) \(i)") }
            let bt = try #require(router.backTest)
            #expect(bt.testRuns == 10)
            expectClose(bt.rSquared, r2, absolute: 0.005, "\(router.name) R²")
            expectClose(bt.maxError, 0.028, absolute: 0.0003, "\(router.name) max error")
        }
    }

    /// Clark et al.'s own coefficients (their Table 3, fitted to more runs than the public
    /// selection) lie inside Plateau's 95 % whole-run bootstrap intervals for every router and
    /// every parameter (200 resamples, seed 0).
    @Test(.referenceTier) func publishedCoefficientsLieInsideTheIntervals() throws {
        var options = RoutingAnalysis.Options()
        options.resamples = 200
        options.threads = 2
        let analysis = try RoutingAnalysis(table: BundledDataset.routing.table(), options: options)
        let names = ["a", "b", "c", "d", "E_start", "E_max"]
        for router in analysis.routers {
            let published = try #require(RoutingAnalysis.published[router.name])
            let b = try #require(router.bootstrap)
            #expect(b.hasIntervals)
            for (i, name) in names.enumerated() {
                let interval = try #require(b.parameters.first { $0.name == name }?.interval)
                #expect(
                    interval.lower <= published[i] && published[i] <= interval.upper,
                    "\(router.name) \(name): \(published[i]) outside \(interval)")
            }
        }
    }
}
