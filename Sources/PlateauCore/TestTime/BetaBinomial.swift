import Foundation
import PlateauOptim
import RealModule

/// Schaeffer et al. 2025's distributional estimator of pass@k ("How Do Large Language Monkeys Get
/// Their Power (Laws)?", ICML 2025, arXiv:2502.17578; their code:
/// RylanSchaeffer/KoyejoLab-Large-How-Do-Language-Monkey-Power-Get-Their-Power @cd078ae,
/// `src/analyze.py`): per-problem success probabilities p are a beta across problems, fitted to
/// the (n, c) counts by beta-binomial maximum likelihood, and pass@k follows for any k, beyond
/// every problem's n.
///
/// Two variants (``Variant``):
/// - **scaled** (their evaluated estimator, the default): p = s·u with u ~ Beta(α, β) and the
///   scale fixed before fitting at s = min(1, (P + 1)/P · max c/n) — P the number of problems
///   (their `num_data`, the rows of the table) — with α, β bounded to [0.01, 100]. Their
///   exponent is the slope of a least-squares power law fitted to −log pass@k at their 19 k
///   (`np.unique(np.logspace(0, 4, 20, dtype=int))`, 1 … 10⁴).
/// - **two-parameter** (s = 1, same bounds): pass@k = 1 − B(α, β + k)/B(α, β), and
///   1 − pass@k ≈ Γ(α + β)/Γ(β)·k^(−α) for large k, so α is the *asymptotic* exponent — the
///   value their code reports for this variant.
///
/// Plateau's choices, not theirs: starts from the method of moments and a grid rather than
/// `scipy.stats.beta.fit` (the best of all is kept); the bounds are enforced by searching the
/// box's edges when the interior search ends near one; the likelihood is summed in doubles
/// by ``ScaledBetaSum`` instead of a 100-bit hypergeometric function.
package struct BetaBinomialFit: Sendable {
    package enum Variant: String, Sendable, Codable, CaseIterable {
        case scaled = "scaled-beta"
        case twoParameter = "two-parameter-beta"

        /// What the exponent of this variant is.
        package var exponentName: String {
            self == .scaled
                ? "least-squares exponent of −log pass@k over k = 1…10⁴ (Schaeffer et al.)"
                : "α, the asymptotic exponent"
        }
    }

    package var variant: Variant
    package var alpha: Double
    package var beta: Double
    /// The fixed scale s (1 for the two-parameter variant).
    package var scale: Double
    /// Log-likelihood of the counts (with the binomial coefficients), at the optimum.
    package var logLikelihood: Double
    package var problems: Int
    /// True when α or β sits at a bound of [0.01, 100]: the exponent is not measured.
    package var atBound: Bool
    /// The variant's power-law exponent of −log pass@k (see ``Variant``) and, for the scaled
    /// variant, the prefactor of the least-squares fit.
    package var exponent: Double
    package var prefactor: Double?
    /// 95 % bootstrap intervals over problems (nil without enough resamples).
    package var alphaInterval: Interval?
    package var betaInterval: Interval?
    package var exponentInterval: Interval?
    /// (α, β, s) of every completed resample.
    package var draws: [(alpha: Double, beta: Double, scale: Double)]
    /// Stable codes with one sentence each.
    package var warnings: [FitWarning]

    /// The mean per-sample success rate s·α/(α + β) (pass@1).
    package var mean: Double { scale * alpha / (alpha + beta) }

    /// pass@k for k ≥ 0 (the scaled variant at the nearest whole k, at most ``largestK``).
    package func passAtK(_ k: Double) -> Double { Self.passAtK(k, alpha: alpha, beta: beta, scale: scale) }

    /// The largest k the scaled variant evaluates (its sum costs ~20·√(k·s) terms).
    package static let largestK = 1e9

    package static func passAtK(_ k: Double, alpha: Double, beta: Double, scale: Double = 1) -> Double {
        guard k > 0 else { return 0 }
        if scale >= 1 {
            // log B(α, β + k) − log B(α, β) = [lnΓ(β + k) − lnΓ(β)] − [lnΓ(α + β + k) − lnΓ(α + β)]
            let logRatio = logGammaRise(beta, k) - logGammaRise(alpha + beta, k)
            return -Double.expMinusOne(logRatio)
        }
        let whole = Int(min(max(k.rounded(), 1), largestK))
        return 1 - ScaledBetaSum.failure(k: whole, alpha: alpha, beta: beta, scale: scale)
    }

    /// A 95 % interval of pass@k over the bootstrap draws: nil without them, or when ``Interval/Checked``
    /// withholds it (zero width — every draw at 100 % — or excluding the estimate).
    package func passAtKInterval(_ k: Double) -> Interval? {
        guard alphaInterval != nil else { return nil }
        return Interval.Checked(
            draws: draws.map { Self.passAtK(k, alpha: $0.alpha, beta: $0.beta, scale: $0.scale) }, estimate: passAtK(k),
            level: 0.95
        ).shown
    }

    /// Their bounds on α and β, [0.01, 100], in logs.
    static let logBounds = (lower: Double.log(0.01), upper: Double.log(100.0))

    /// Their k for the exponent: `np.unique(np.logspace(0, 4, 20, dtype=int))` — 19 values.
    package static let exponentK = ExponentBackTest.numpyLogspaceIntegers(stop: 4, count: 20)

    /// The least-squares power law a·k^(−b) through points (k, y) in logs: (b, a); nil with
    /// fewer than two finite positive points. Their `fit_power_law` minimises the same squares
    /// (by Nelder–Mead); this is its closed form, ``LineFit`` on the logs.
    package static func leastSquaresPowerLaw(_ points: [(k: Double, y: Double)]) -> (exponent: Double, prefactor: Double)? {
        let kept = points.filter { $0.k > 0 && $0.y > 0 && $0.y.isFinite }
        guard let line = LineFit(kept.map { Double.log($0.k) }, kept.map { Double.log($0.y) }) else { return nil }
        return (-line.slope, Double.exp(line.intercept))
    }

    /// Their exponent of a scaled beta: the least-squares slope of −log pass@k at ``exponentK``.
    package static func scaledExponent(alpha: Double, beta: Double, scale: Double) -> (
        exponent: Double, prefactor: Double
    )? {
        leastSquaresPowerLaw(
            exponentK.map { k in
                let failure = ScaledBetaSum.failure(k: k, alpha: alpha, beta: beta, scale: scale)
                return (Double(k), -Double.log(onePlus: -failure))
            })
    }

    /// Their scale: (P + 1)/P times the largest c/n, at most 1.
    package static func scale(_ problems: [SampleTable.Problem]) -> Double {
        let largest = problems.map { Double($0.correct) / Double($0.samples) }.max() ?? 0
        let count = Double(problems.count)
        return min(1, (count + 1) / count * largest)
    }

    /// Fits the variant's beta to the problems' (n, c) by maximum likelihood (L-BFGS on log α,
    /// log β with the exact gradient, inside their bounds), and bootstraps the problems (each
    /// resample with its own scale, as the estimator defines it).
    ///
    /// - Throws: ``FitError`` when no problem has a correct sample (the likelihood then rises
    ///   without limit as α → 0 and the scale is 0: there is no estimate).
    package static func fit(
        _ problems: [SampleTable.Problem], variant: Variant = .scaled, resamples: Int = 0, seed: UInt64 = 0,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> BetaBinomialFit {
        guard problems.contains(where: { $0.correct > 0 }) else {
            throw FitError.tooFewPoints(
                what: "problems with a correct sample (with none, the beta's α has no maximum-likelihood estimate)",
                found: 0, needed: 1)
        }
        let s = variant == .scaled ? scale(problems) : 1
        let objective = BetaBinomialObjective(problems, scale: s)
        guard let best = minimize(objective, from: startPoints(problems, scale: s)) else {
            throw FitError.tooFewPoints(what: "converged beta-binomial fits", found: 0, needed: 1)
        }
        let alpha = Double.exp(best.x[0]), beta = Double.exp(best.x[1])
        let constant = problems.reduce(0.0) { sum, p in
            sum + Double.logGamma(Double(p.samples) + 1) - Double.logGamma(Double(p.correct) + 1)
                - Double.logGamma(Double(p.samples - p.correct) + 1)
                + (s < 1 ? Double(p.correct) * Double.log(s) : 0)
        }
        func exponent(_ a: Double, _ b: Double, _ s: Double) -> (Double, Double?)? {
            variant == .twoParameter ? (a, nil) : scaledExponent(alpha: a, beta: b, scale: s).map { ($0.0, $0.1) }
        }
        guard let (power, prefactor) = exponent(alpha, beta, s) else {
            throw FitError.tooFewPoints(what: "k with a finite −log pass@k for the exponent", found: 0, needed: 2)
        }
        var warnings: [FitWarning] = []
        let atBound = isAtBound(best.x)
        if atBound {
            warnings.append(
                FitWarning(
                    code: "parameter-at-bound",
                    message:
                        "the beta's α = \(String(format: "%.3g", alpha)), β = \(String(format: "%.3g", beta)) is at a bound of [0.01, 100] (Schaeffer et al.'s): the success rates look nearly identical across problems or concentrated at 0; the exponent \(String(format: "%.3g", power)) is not measured"
                ))
        }
        let draws: [(Double, Double, Double)?] = MultiStart.parallelMap(count: resamples, threads: threads) { r in
            var rng = SplitMix64.stream(r, of: seed)
            let drawn = Interval.resampleIndices(problems.count, using: &rng).map { problems[$0] }
            guard drawn.contains(where: { $0.correct > 0 }) else { return nil }
            let scale = variant == .scaled ? Self.scale(drawn) : 1
            guard let refit = minimize(BetaBinomialObjective(drawn, scale: scale), from: [best.x]) else { return nil }
            return (Double.exp(refit.x[0]), Double.exp(refit.x[1]), scale)
        }
        let done = draws.compactMap { $0 }
        let enough = done.count >= 10
        if resamples > 0 && !enough {
            warnings.append(
                FitWarning(
                    code: "too-few-resamples",
                    message:
                        "only \(done.count) of \(resamples) bootstrap resamples held a correct sample; no intervals"))
        }
        let shown =
            enough
            ? Interval.shown(
                [
                    ("α", alpha, done.map(\.0)), ("β", beta, done.map(\.1)),
                    ("exponent", power, done.map { exponent($0.0, $0.1, $0.2)?.0 ?? .nan }),
                ], of: " of the beta", warnings: &warnings)
            : [nil, nil, nil]
        return BetaBinomialFit(
            variant: variant, alpha: alpha, beta: beta, scale: s,
            logLikelihood: -best.value * Double(problems.count) + constant, problems: problems.count,
            atBound: atBound, exponent: power, prefactor: prefactor, alphaInterval: shown[0], betaInterval: shown[1],
            exponentInterval: shown[2], draws: done.map { (alpha: $0.0, beta: $0.1, scale: $0.2) },
            warnings: warnings)
    }

    static func isAtBound(_ theta: [Double]) -> Bool {
        theta.contains { $0 <= logBounds.lower + 1e-6 || $0 >= logBounds.upper - 1e-6 }
    }

    /// The method of moments on the per-problem rates c/(n·s), and a grid inside the bounds.
    static func startPoints(_ problems: [SampleTable.Problem], scale s: Double) -> [[Double]] {
        let rates = problems.map { min(1, Double($0.correct) / Double($0.samples) / s) }
        let m = rates.reduce(0, +) / Double(rates.count)
        let v = rates.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(rates.count)
        var starts: [[Double]] = []
        if m > 0, m < 1, v > 0, m * (1 - m) / v > 1 {
            let total = m * (1 - m) / v - 1
            starts.append([Double.log(m * total), Double.log((1 - m) * total)].map(clampToBounds))
        }
        for la in [-3.0, -1, 0.5] { for lb in [0.0, 2, 4] { starts.append([la, lb]) } }
        return starts
    }

    static func clampToBounds(_ t: Double) -> Double { min(max(t, logBounds.lower), logBounds.upper) }

    /// The lowest minimum inside the bounds: L-BFGS from each start (the objective is +∞ outside
    /// the box), then, when the best ends within 0.05 of an edge or did not converge, Brent along
    /// the four edges — a minimum on the boundary is a minimum of the bounded problem.
    static func minimize(_ objective: BetaBinomialObjective, from starts: [[Double]]) -> LBFGS.Result? {
        var optimizer = LBFGS()
        optimizer.gradientTolerance = 1e-9
        var best: LBFGS.Result?
        for start in starts {
            let result = optimizer.minimize(objective, from: start)
            guard result.value.isFinite else { continue }
            if best == nil || result.value < best!.value { best = result }
        }
        guard var found = best else { return nil }
        let (lo, hi) = logBounds
        let nearEdge = found.x.contains { $0 - lo < 0.05 || hi - $0 < 0.05 }
        guard nearEdge || !found.converged else { return found }
        var g = [0.0, 0.0]
        for axis in 0..<2 {
            for edge in [lo, hi] {
                let line = Brent.minimize(on: lo, hi, tolerance: 1e-10) { t in
                    var x = [0.0, 0.0]
                    x[axis] = edge
                    x[1 - axis] = t
                    return objective.value(at: x, gradient: &g)
                }
                guard line.value < found.value else { continue }
                var x = [0.0, 0.0]
                x[axis] = edge
                x[1 - axis] = line.x
                found.x = x
                found.value = line.value
            }
        }
        return found
    }

    static func logGammaRise(_ x: Double, _ m: Double) -> Double {
        if m == 0 { return 0 }
        if m <= 32, m == m.rounded() {
            var s = 0.0
            for j in 0..<Int(m) { s += Double.log(x + Double(j)) }
            return s
        }
        return Double.logGamma(x + m) - Double.logGamma(x)
    }

    /// ψ(x + m) − ψ(x): Σ 1/(x + j) for small whole m, by ``digamma`` otherwise.
    static func digammaRise(_ x: Double, _ m: Double) -> Double {
        if m == 0 { return 0 }
        if m <= 32, m == m.rounded() {
            var s = 0.0
            for j in 0..<Int(m) { s += 1 / (x + Double(j)) }
            return s
        }
        return digamma(x + m) - digamma(x)
    }

    /// The digamma function ψ(x) = d lnΓ(x)/dx for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up
    /// to x ≥ 10, then the asymptotic series (Abramowitz & Stegun 6.3.18) to x⁻¹⁰ — the first
    /// omitted term is below 2·10⁻¹⁴.
    package static func digamma(_ x: Double) -> Double {
        var x = x, shift = 0.0
        while x < 10 {
            shift -= 1 / x
            x += 1
        }
        let r = 1 / (x * x)
        let series = r * (1.0 / 12 - r * (1.0 / 120 - r * (1.0 / 252 - r * (1.0 / 240 - r / 132))))
        return shift + Double.log(x) - 0.5 / x - series
    }
}

/// The beta-binomial negative log-likelihood per problem, without the constant binomial
/// coefficients and s^c, in θ = (log α, log β), with its exact gradient; +∞ outside the bounds.
/// With scale s < 1 each problem's term is ``ScaledBetaSum``'s; with s = 1 the closed form
/// lnB(α + c, β + n − c) − lnB(α, β).
package struct BetaBinomialObjective: DifferentiableObjective, Sendable {
    /// Distinct (n, c) pairs and how often each occurs: the real tables repeat them often.
    let pairs: [(n: Double, c: Double, weight: Double)]
    let count: Double
    let scale: Double
    package var dimension: Int { 2 }

    package init(_ problems: [SampleTable.Problem], scale: Double = 1) {
        var weights: [Int: [Int: Int]] = [:]
        for p in problems { weights[p.samples, default: [:]][p.correct, default: 0] += 1 }
        pairs = weights.keys.sorted().flatMap { n in
            weights[n]!.keys.sorted().map { c in (Double(n), Double(c), Double(weights[n]![c]!)) }
        }
        count = Double(problems.count)
        self.scale = scale
    }

    package func value(at t: [Double], gradient g: inout [Double]) -> Double {
        let (lo, hi) = BetaBinomialFit.logBounds
        guard t[0] >= lo, t[0] <= hi, t[1] >= lo, t[1] <= hi else {
            g[0] = 0
            g[1] = 0
            return .infinity
        }
        let a = Double.exp(t[0]), b = Double.exp(t[1])
        var f = 0.0, ga = 0.0, gb = 0.0
        if scale >= 1 {
            for (n, c, w) in pairs {
                // ℓ = [lnΓ(c+α) − lnΓ(α)] + [lnΓ(n−c+β) − lnΓ(β)] − [lnΓ(n+α+β) − lnΓ(α+β)]
                let total = BetaBinomialFit.digammaRise(a + b, n)
                f +=
                    w
                    * (BetaBinomialFit.logGammaRise(a, c) + BetaBinomialFit.logGammaRise(b, n - c)
                        - BetaBinomialFit.logGammaRise(a + b, n))
                ga += w * (BetaBinomialFit.digammaRise(a, c) - total)
                gb += w * (BetaBinomialFit.digammaRise(b, n - c) - total)
            }
        } else {
            // ℓ = [lnΓ(α+c) − lnΓ(α)] + lnΓ(α+β) − lnΓ(β) + log Σⱼ Bin(j; n−c, s)·Γ(β+j)/Γ(α+c+β+j)
            let shared = Double.logGamma(a + b) - Double.logGamma(b)
            let psiTotal = BetaBinomialFit.digamma(a + b), psiBeta = BetaBinomialFit.digamma(b)
            for (n, c, w) in pairs {
                let sum = ScaledBetaSum.evaluate(a: a + c, beta: b, m: Int(n - c), s: scale, gradient: true)
                f += w * (BetaBinomialFit.logGammaRise(a, c) + shared + sum.logSum)
                ga += w * (BetaBinomialFit.digammaRise(a, c) + psiTotal - sum.meanDigammaTotal)
                gb += w * (psiTotal - psiBeta + sum.meanDigammaDifference)
            }
        }
        g[0] = -ga * a / count
        g[1] = -gb * b / count
        return -f / count
    }
}
