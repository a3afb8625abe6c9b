import Foundation
import PlateauOptim
import RealModule

/// Settings for ``ChinchillaLaw/fit(parameters:tokens:losses:options:)``.
public struct FitOptions: Sendable {
    public var estimator: Estimator = .huberLog
    public var starts: StartPoints = .grid
    /// Seed for random starts.
    public var seed: UInt64 = 0
    /// Worker threads; results do not depend on it.
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Huber threshold δ on log residuals.
    public var delta = 1e-3
    /// Screen the starts in single precision and finish the promising ones in double (see
    /// ``ChinchillaLaw/fit(parameters:tokens:losses:options:)``); false runs every start in
    /// double precision throughout.
    public var screening = true
    /// Fit `E + A/N^α + B/D^α` (β tied to α), the form of Gadre et al. 2024; the grid keeps
    /// its α = β starts (900 of 4,500).
    public var tiedExponents = false
    /// Test after the fit whether E = 0 fits as well (the `not-identified` warning). A bootstrap,
    /// which keeps no warnings, turns it off.
    public var identificationProbe = true

    public init() {}
}

extension ChinchillaLaw {
    /// Hoffmann et al. 2022's Approach 3 constants, unrounded, as `(a, b, e, α, β)`:
    /// the start of the published `huber-likelihood` step.
    public static let hoffmann2022 = ChinchillaLaw(logParameters: [
        6.0073404, 6.0179186, 0.5267228, 0.33917084, 0.2849083,
    ])

    /// Fits the law to runs by multi-start L-BFGS with an exact gradient.
    ///
    /// Every start runs L-BFGS with L-BFGS-B's stopping tests; the best converged start is then
    /// polished with tight tolerances. For `huber-likelihood` the `huber-log` basin is found this
    /// way first, and the likelihood with its free scale σ is then maximised from that basin and
    /// from Hoffmann et al.'s published constants (the start Besiroglu et al. 2024 used); the
    /// better of the two is kept.
    ///
    /// - Parameters:
    ///   - parameters: Model sizes N, positive.
    ///   - tokens: Training tokens D, positive.
    ///   - losses: Final losses L, positive.
    ///   - options: Estimator, starts, seed and threads.
    /// - Throws: ``FitError/tooFewRuns(found:needed:)`` with fewer runs than parameters,
    ///   ``FitError/noConvergedStart(starts:)`` when no start gives a finite objective.
    /// - Complexity: O(starts × iterations × runs), divided over `options.threads`.
    public static func fit(
        parameters: [Double], tokens: [Double], losses: [Double], options: FitOptions = FitOptions()
    ) throws -> ChinchillaFit {
        let dimension = (options.estimator == .huberLikelihood ? 6 : 5) - (options.tiedExponents ? 1 : 0)
        guard losses.count >= dimension else { throw FitError.tooFewRuns(found: losses.count, needed: dimension) }

        let gridEstimator: Estimator = options.estimator == .huberLikelihood ? .huberLog : options.estimator
        // The optimiser works in coordinates centred on the mean log N and log D (a linear change
        // of variables that leaves the law and the objective unchanged but decouples a from α and
        // b from β); every start is mapped in and every result mapped back.
        let objective = ChinchillaObjective(
            parameters: parameters, tokens: tokens, losses: losses, estimator: gridEstimator, delta: options.delta,
            centered: true)
        var starts = options.starts.chinchillaStarts(seed: options.seed)
        if options.tiedExponents {
            // The grid's α = β points; random or given starts get β := α.
            if options.starts == .grid {
                starts = starts.filter { $0[3] == $0[4] }
            } else {
                starts = starts.map {
                    var s = $0; s[4] = s[3]; return s
                }
            }
        }
        let coordinates = starts.map(objective.coordinates(fromLogParameters:))
        var results: [LBFGS.Result]
        if options.tiedExponents {
            let tied = coordinates.map(TiedExponents<ChinchillaObjective>.contract)
            results =
                options.screening
                ? screenThenFinish(
                    TiedExponents(base: objective.singlePrecision), TiedExponents(base: objective), from: tied,
                    threads: options.threads)
                : MultiStart.minimize(TiedExponents(base: objective), from: tied, threads: options.threads)
            for i in results.indices { results[i].x = TiedExponents<ChinchillaObjective>.expand(results[i].x) }
        } else if options.screening {
            results = screenThenFinish(
                objective.singlePrecision, objective, from: coordinates, threads: options.threads)
        } else {
            results = MultiStart.minimize(objective, from: coordinates, optimizer: LBFGS(), threads: options.threads)
        }

        let summary = try MultiStartSummary(results)
        let bestIndex = summary.bestIndex, converged = summary.converged
        let polisher = MultiStartSummary.polisher
        var best = results[bestIndex]
        let polished =
            options.tiedExponents
            ? {
                var r = polisher.minimize(
                    TiedExponents(base: objective), from: TiedExponents<ChinchillaObjective>.contract(best.x))
                r.x = TiedExponents<ChinchillaObjective>.expand(r.x)
                return r
            }() : polisher.minimize(objective, from: best.x)
        if polished.value <= best.value {
            best.x = polished.x; best.value = polished.value; best.gradientNorm = polished.gradientNorm
        }

        let inBasin = summary.basinCount(results, bestValue: best.value, runs: losses.count)

        var theta = objective.logParameters(fromCoordinates: best.x)
        var value = best.value
        var scale: Double?
        var gradientNorm = best.gradientNorm
        if options.estimator == .huberLikelihood {
            let likelihood = ChinchillaObjective(
                parameters: parameters, tokens: tokens, losses: losses, estimator: .huberLikelihood,
                delta: options.delta,
                centered: true)
            let candidates = [theta + [0.0], ChinchillaLaw.hoffmann2022.logParameters + [0.0]]
            let fits = candidates.map { candidate -> LBFGS.Result in
                var start = likelihood.coordinates(fromLogParameters: candidate)
                guard options.tiedExponents else { return polisher.minimize(likelihood, from: start) }
                start[4] = start[3]
                var r = polisher.minimize(
                    TiedExponents(base: likelihood), from: TiedExponents<ChinchillaObjective>.contract(start))
                r.x = TiedExponents<ChinchillaObjective>.expand(r.x)
                return r
            }
            .filter { $0.value.isFinite }
            if let mle = fits.min(by: { $0.value < $1.value }) {
                theta = Array(likelihood.logParameters(fromCoordinates: mle.x).prefix(5))
                value = mle.value
                scale = Double.exp(mle.x[5])
                gradientNorm = mle.gradientNorm
            }
        }

        let law = ChinchillaLaw(logParameters: theta)
        var fit = ChinchillaFit(
            law: law, estimator: options.estimator, objective: value, runs: losses.count, starts: starts.count,
            convergedStarts: converged.count, startsInBestBasin: inBasin,
            best: .init(
                index: bestIndex, start: starts[bestIndex], iterations: results[bestIndex].iterations,
                evaluations: results[bestIndex].evaluations, stopReason: results[bestIndex].stopReason,
                gradientNorm: gradientNorm),
            scale: scale, warnings: [])
        fit.warnings = diagnose(fit, parameters: parameters, tokens: tokens)
        if options.identificationProbe && law.hasFrontier
            && !fit.warnings.contains(where: { $0.code == "E-not-identified" })
        {
            // Is E = 0 as good a fit? (see CatalogFit.unidentified)
            let form = ChinchillaForm(tiedExponents: options.tiedExponents)
            let estimator: CatalogEstimator =
                options.estimator == .leastSquares ? .leastSquares : .huberLog(delta: options.delta)
            let objective = CatalogObjective(
                law: form, points: zip(parameters, tokens).map { LawPoint(N: $0, D: $1) }, y: losses,
                estimator: estimator)
            let theta = form.coordinates(law)
            var g = [Double](repeating: 0, count: theta.count)
            fit.warnings += CatalogFit.unidentified(
                objective, at: theta, value: objective.value(at: theta, gradient: &g))
        }
        return fit
    }

    /// Multi-start L-BFGS in two precisions: every start runs to the usual stopping tests on the
    /// single-precision objective; every start that ends within 1 % of the best screened
    /// objective, or without meeting a stopping test, is then continued, from where it stopped,
    /// on the double-precision objective to the same tests. Starts further away keep their
    /// screened result: they are not candidates for the optimum, and single precision is ample
    /// to tell.
    ///
    /// The single-precision objective costs about a third of the double one (four lanes per
    /// register, shorter polynomials), so this finds the same optimum as running every start in
    /// double precision (tested) in well under half the time.
    static func screenThenFinish<Single: DifferentiableObjective & Sendable, Exact: DifferentiableObjective & Sendable>(
        _ single: Single, _ objective: Exact, from starts: [[Double]], threads: Int
    ) -> [LBFGS.Result] {
        var results = MultiStart.minimize(single, from: starts, optimizer: LBFGS(), threads: threads)
        let finiteValues = results.map(\.value).filter(\.isFinite)
        guard let bestScreened = finiteValues.min() else { return results }
        let threshold = bestScreened + Swift.max(bestScreened.magnitude, 1e-300) * 1e-2
        // Finish in double precision the candidates for the optimum, and every start whose
        // screen ended without meeting a stopping test (single-precision rounding can stall a
        // line search), so that "converged" is judged in double precision.
        let promising = results.indices.filter {
            results[$0].value <= threshold || (results[$0].value.isFinite && !results[$0].converged)
        }
        let screened = results
        let finished = MultiStart.parallelMap(count: promising.count, threads: threads) { k in
            LBFGS().minimize(objective, from: screened[promising[k]].x)
        }
        for (k, i) in promising.enumerated() {
            var result = finished[k]
            result.iterations += screened[i].iterations
            result.evaluations += screened[i].evaluations
            results[i] = result
        }
        return results
    }

    /// Fits the law to a runs table; see ``fit(parameters:tokens:losses:options:)``.
    public static func fit(to runs: RunTable, options: FitOptions = FitOptions()) throws -> ChinchillaFit {
        var fitted = try fit(parameters: runs.parameters, tokens: runs.tokens, losses: runs.losses, options: options)
        fitted.warnings = runs.warnings + fitted.warnings
        return fitted
    }

    /// Warnings a user should see with this fit.
    static func diagnose(_ fit: ChinchillaFit, parameters: [Double], tokens: [Double]) -> [FitWarning] {
        var warnings: [FitWarning] = []
        let law = fit.law
        if !fit.best.stopReason.isConvergence {
            warnings.append(
                FitWarning(
                    code: "best-not-converged",
                    message:
                        "the best start stopped by \(fit.best.stopReason.rawValue), not a convergence test — try more --starts"
                ))
        }
        if Double(fit.startsInBestBasin) < 0.05 * Double(fit.starts) {
            warnings.append(
                FitWarning(
                    code: "few-in-best-basin",
                    message:
                        "only \(fit.startsInBestBasin) of \(fit.starts) starts reached the best objective — the optimum may be hard to find; try more --starts"
                ))
        }
        for (name, value) in [("alpha", law.alpha), ("beta", law.beta)] where value <= 0.01 || value >= 5 {
            warnings.append(
                FitWarning(
                    code: "exponent-extreme",
                    message:
                        "\(name) = \(value) is at the edge of plausible values — the runs may not constrain it; add runs that vary \(name == "alpha" ? "model size" : "tokens")"
                ))
        }
        if law.E < 1e-3, law.hasFrontier {
            warnings.append(
                FitWarning(
                    code: "E-not-identified",
                    message:
                        "E = \(String(format: "%.3g", law.E)) sits at its bound 0: the irreducible loss is not identified by these runs, so predictions far beyond them are unreliable — add runs that reach lower losses, or fix E from elsewhere"
                ))
        }
        if !law.hasFrontier {
            warnings.append(
                FitWarning(
                    code: "no-frontier",
                    message:
                        "α = \(String(format: "%.4g", law.alpha)), β = \(String(format: "%.4g", law.beta)): the fitted loss does not fall with both model size and data, so there is no compute-optimal frontier and no plan can be made from this fit; add runs that vary N and D"
                ))
        }
        return warnings
    }
}

extension Double {
    /// The value rounded to `places` decimal places.
    func rounded(toPlaces places: Int) -> Double {
        let scale = Double.pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}
