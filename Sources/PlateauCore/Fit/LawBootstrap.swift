import Foundation
import PlateauOptim

/// Settings for ``LawBootstrap``.
package struct LawBootstrapOptions: Sendable {
    package var resamples = 1000
    /// Seed of the resampling and of each resample's choice of starts.
    package var seed: UInt64 = 0
    /// Starts each resample re-runs besides the full fit's optimum and the other local optima its
    /// starts reached (up to 8): this many points drawn from the law's grid with the resample's
    /// own stream.
    package var gridStarts = 8
    /// Refit every resample with the law's kernel (``CatalogLaw/kernelFit``) from these starts,
    /// seeded from the resample's stream, instead of the warm starts above — the Chinchilla
    /// form's bootstrap: 500 seeded random starts per resample, as ``ChinchillaLaw/bootstrap(_:options:)``
    /// draws them (the same resamples and seeds, so the same draws). Ignored by a law without a kernel.
    package var kernelStarts: StartPoints?
    package var level = 0.95
    package var estimator: CatalogEstimator = .default
    package var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Restarts of each refit's best start from its own endpoint, while it improves.
    package var restarts = 3
    /// The optimiser of each refit (L-BFGS with its defaults, as the fit's).
    package var optimizer = LBFGS()
    /// Called once per finished resample, from any thread.
    package var progress: (@Sendable () -> Void)?

    package init() {}
}

/// Percentile-bootstrap intervals for any catalog law: each resample draws whole runs (whole
/// groups when the data have a group column) with replacement, refits the law from the full
/// fit's optimum, the other local optima the fit found, and a few of its grid's starts, and
/// keeps θ. Intervals on the parameters and on
/// any prediction are percentiles of the draws. Resample `k` uses the `k`-th SplitMix64 stream of
/// the seed, so results do not depend on the thread count.
package struct LawBootstrap: Sendable {
    package struct ParameterInterval: Sendable {
        package var name: String
        package var estimate: Double
        package var checked: Interval.Checked
        /// The interval to show, nil when withheld (``Interval/Checked``).
        package var interval: Interval? { checked.shown }
    }

    package var options: LawBootstrapOptions
    /// θ of every completed resample, in resample order.
    package var draws: [[Double]]
    /// Resamples whose fit failed (fewer distinct points than parameters, no finite start).
    package var failed: Int
    /// Resamples whose fit sent a reported parameter to infinity (N_c = e^θ overflowing): the data
    /// do not bound it. Left out of the draws, and counted so the warning can say so.
    package var unbounded = 0
    /// Resamples whose fit left the law's domain (``CatalogLaw/inDomain(_:)``: the Chinchilla
    /// kernel's exponents are unconstrained, and α = −264 is a fit of 30 runs): left out, counted.
    package var outsideDomain = 0
    package var parameters: [ParameterInterval]
    /// The law the draws belong to.
    package var law: any CatalogLaw

    package var completed: Int { draws.count }
    /// Whether there are enough completed resamples (10) for percentile intervals to mean anything.
    package var hasIntervals: Bool { completed >= Self.minimumForIntervals }
    package static let minimumForIntervals = 10

    /// - Complexity: `resamples` small multi-start fits, spread over `options.threads`.
    package init(fit: CatalogFit, sample: LawSample, options: LawBootstrapOptions = LawBootstrapOptions()) {
        self.options = options
        law = fit.law
        let units = sample.resamplingUnits
        let results: [[Double]?] = Self.resample(fit.law, warm: [fit.theta] + fit.localOptima, sample: sample, units: units, options: options)
        let fitted = results.compactMap { $0 }
        failed = results.count - fitted.count
        // A draw with a parameter at infinity has no percentile to give (∞ − ∞) and predicts ∞.
        let bounded = fitted.filter { fit.law.reported($0).allSatisfy { $0.1.isFinite } }
        unbounded = fitted.count - bounded.count
        draws = bounded.filter(fit.law.inDomain)
        outsideDomain = bounded.count - draws.count
        let reported = fit.parameters
        let drawn = draws.map { fit.law.reported($0).map(\.1) }
        parameters = reported.enumerated().map { j, p in
            ParameterInterval(
                name: p.name, estimate: p.value,
                checked: Interval.Checked(draws: drawn.map { $0[j] }, estimate: p.value, level: options.level))
        }
    }

    /// θ of every resample (nil where it could not be fitted), in resample order: each draws
    /// `units` with replacement and refits `law` by its kernel (``LawBootstrapOptions/kernelStarts``)
    /// or from the `warm` starts plus a few of its grid's. Generic, so the objective is
    /// specialised to the law.
    package static func resample<Law: CatalogLaw>(
        _ law: Law, warm: [[Double]], sample: LawSample, units: [[Int]], options: LawBootstrapOptions
    ) -> [[Double]?] {
        let grid = law.starts
        let dimension = law.parameterNames.count
        return MultiStart.parallelMap(count: options.resamples, threads: options.threads) { k in
            defer { options.progress?() }
            var rng = SplitMix64.stream(k, of: options.seed)
            let indices = Interval.resampleIndices(units.count, using: &rng).flatMap { units[$0] }
            let distinct = Set(indices.map { sample.points[$0] }.map { p in law.inputs.map { p[$0] } }).count
            guard distinct >= dimension else { return nil }
            if let kernelStarts = options.kernelStarts {
                // The likelihood's bootstrap resamples its huber-log stage, as the kernel's does.
                var estimator = options.estimator
                if case .huberLikelihood(let delta) = estimator { estimator = .huberLog(delta: delta) }
                let seed = rng.next()
                do {
                    if let refit = try law.kernelFit(
                        points: indices.map { sample.points[$0] }, observed: indices.map { sample.observed[$0] },
                        estimator: estimator, starts: kernelStarts, seed: seed, threads: 1)
                    {
                        // A coefficient that underflowed (log A = −∞ beside α = −264) is a fit
                        // outside the law's domain, not a failed one: the domain filter counts it.
                        return refit.theta.contains(where: \.isNaN) ? nil : refit.theta
                    }
                } catch {
                    return nil
                }
            }
            var starts = warm
            for _ in 0..<min(options.gridStarts, grid.count) {
                starts.append(grid[Int.random(in: 0..<grid.count, using: &rng)])
            }
            let objective = CatalogObjective(
                law: law, points: indices.map { sample.points[$0] }, y: indices.map { sample.observed[$0] },
                estimator: options.estimator)
            let results = MultiStart.minimize(objective, from: starts, optimizer: options.optimizer)
            guard var best = results.filter({ $0.value.isFinite }).min(by: { $0.value < $1.value }),
                best.x.allSatisfy(\.isFinite)
            else { return nil }
            // Restart from the endpoint while it still improves: under huber-log (nearly L1 for
            // residuals above δ) L-BFGS can stall at a kink near its start, and a fresh curvature
            // memory moves on. Without it, draws cluster at the full fit and intervals under-cover.
            for _ in 0..<options.restarts {
                let again = options.optimizer.minimize(objective, from: best.x)
                guard again.value < best.value - 1e-12 * best.value.magnitude, again.x.allSatisfy(\.isFinite) else {
                    break
                }
                best = again
            }
            return best.x
        }
    }

    /// The `level` interval of the law's prediction at `point` over the draws.
    package func interval(at point: LawPoint) -> Interval {
        Interval.percentiles(draws.map { law.value(at: point, $0) }, level: options.level)
    }

    /// An interval that excludes its own estimate (the resampled fits land elsewhere: the
    /// estimate is fragile) and failed resamples.
    package var warnings: [FitWarning] {
        var out: [FitWarning] = []
        if !hasIntervals {
            out.append(
                FitWarning(
                    code: "too-few-resamples",
                    message:
                        "only \(completed) bootstrap resamples could be fitted — too few for intervals, so none are given; add runs or resamples"
                ))
        }
        out += Self.withheldWarnings(
            parameters.map { ($0.name, $0.estimate, $0.checked) }, of: "", level: options.level)
        for p in parameters {
            if let i = p.interval, let w = FitWarning.flatOptimum(p.name, estimate: p.estimate, interval: i, level: options.level) {
                out.append(w)
            }
        }
        if unbounded > 0 {
            out.append(
                FitWarning(
                    code: "unbounded-parameter",
                    message:
                        "\(unbounded) of \(options.resamples) bootstrap resamples sent a parameter to infinity and were left out — the data do not bound it, so its interval is open-ended, wider than shown; add runs that vary what it scales"
                ))
        }
        if failed + outsideDomain > 0 {
            let why =
                outsideDomain == 0
                ? "could not be fitted (too few distinct runs or no finite start)"
                : "were left out (\(failed) could not be fitted, \(outsideDomain) left the law's domain: an exponent ≤ 0)"
            out.append(
                FitWarning(
                    code: "bootstrap-failures",
                    message:
                        "\(failed + outsideDomain) of \(options.resamples) bootstrap resamples \(why)\(outsideDomain == 0 ? " and were left out" : "") — the intervals rest on \(completed)"
                ))
        }
        return out
    }

    /// The intervals withheld for a reason other than too few resamples, one warning per reason
    /// naming every quantity: excluding the estimate (`interval-excludes-estimate`) or of zero
    /// width (`degenerate-interval`).
    package static func withheldWarnings(
        _ quantities: [(name: String, estimate: Double, checked: Interval.Checked)], of context: String, level: Double
    ) -> [FitWarning] {
        let percent = Int((level * 100).rounded())
        let g = { (x: Double) in String(format: "%.6g", x) }
        let excluded = quantities.compactMap { q -> String? in
            guard q.checked.withheld == .excludesEstimate, let i = q.checked.percentiles else { return nil }
            return "\(q.name) \(g(q.estimate)) outside \(g(i.lower))…\(g(i.upper))"
        }
        let flat = quantities.compactMap { q -> String? in
            guard q.checked.withheld == .zeroWidth, let i = q.checked.percentiles else { return nil }
            return "\(q.name) = \(g(i.lower))"
        }
        var out: [FitWarning] = []
        if !excluded.isEmpty {
            out.append(
                FitWarning(
                    code: "interval-excludes-estimate",
                    message:
                        "the \(percent) % bootstrap interval\(excluded.count == 1 ? "" : "s")\(context) exclude\(excluded.count == 1 ? "s its estimate" : " their estimates") (\(excluded.joined(separator: "; "))), so no interval is given — the resampled data lead to a different answer, so the estimate is fragile; add data, or read it as unsettled"
                ))
        }
        if !flat.isEmpty {
            out.append(
                FitWarning(
                    code: "degenerate-interval",
                    message:
                        "every bootstrap resample gave the same \(flat.joined(separator: ", "))\(context): an interval of zero width is not a \(percent) % interval, so none is given — the resampled fits did not move (noise-free or duplicated rows, a parameter at a bound, or one surviving resample); check the failures and the data"
                ))
        }
        return out
    }
}
