import Foundation
import PlateauOptim
import RealModule

/// Schaeffer et al. 2025's distributional estimator of pass@k ("How Do Large Language Monkeys Get
/// Their Power (Laws)?", ICML 2025, arXiv:2502.17578): the per-problem success probabilities p
/// are Beta(α, β) across problems, fitted to the (n, c) counts by beta-binomial maximum
/// likelihood. Then for any k — integer or not, beyond every problem's n —
///
///     pass@k = E[1 − (1 − p)^k] = 1 − B(α, β + k)/B(α, β),
///
/// and 1 − pass@k ≈ Γ(α + β)/Γ(β)·k^(−α) for large k: −log pass@k falls as a power of k with
/// exponent α, set by the left tail of p near 0.
package struct BetaBinomialFit: Sendable {
    package var alpha: Double
    package var beta: Double
    /// Log-likelihood of the counts (with the binomial coefficients), at the optimum.
    package var logLikelihood: Double
    package var problems: Int
    /// 95 % bootstrap intervals over problems (nil without enough resamples).
    package var alphaInterval: Interval?
    package var betaInterval: Interval?
    /// (α, β) of every completed resample.
    package var draws: [(alpha: Double, beta: Double)]
    /// Stable codes with one sentence each.
    package var warnings: [FitWarning]

    /// The mean per-sample success rate α/(α + β) (pass@1).
    package var mean: Double { alpha / (alpha + beta) }

    /// The power-law exponent of −log pass@k in k that the fitted beta implies (its large-k limit).
    package var exponent: Double { alpha }

    /// pass@k = 1 − B(α, β + k)/B(α, β) for any k ≥ 0.
    package func passAtK(_ k: Double) -> Double { Self.passAtK(k, alpha: alpha, beta: beta) }

    package static func passAtK(_ k: Double, alpha: Double, beta: Double) -> Double {
        guard k > 0 else { return 0 }
        // log B(α, β + k) − log B(α, β) = [lnΓ(β + k) − lnΓ(β)] − [lnΓ(α + β + k) − lnΓ(α + β)]
        let logRatio = logGammaRise(beta, k) - logGammaRise(alpha + beta, k)
        return -Double.expMinusOne(logRatio)
    }

    /// A 95 % interval of pass@k over the bootstrap draws: nil without them, or when ``Interval/Checked``
    /// withholds it (zero width — every draw at 100 % — or excluding the estimate).
    package func passAtKInterval(_ k: Double) -> Interval? {
        guard alphaInterval != nil else { return nil }
        return Interval.Checked(
            draws: draws.map { Self.passAtK(k, alpha: $0.alpha, beta: $0.beta) }, estimate: passAtK(k), level: 0.95
        ).shown
    }

    /// The largest α or β (and smallest, by its reciprocal) Plateau fits: e^20 ≈ 4.9·10⁸ — a
    /// fit there is degenerate and says so.
    static let logBound = 20.0

    /// Fits Beta(α, β) to the problems' (n, c) by maximum likelihood (L-BFGS on log α, log β with
    /// the exact gradient), from the method-of-moments start and a small grid, and bootstraps the
    /// problems.
    ///
    /// - Throws: ``FitError`` when no problem has a correct sample (the likelihood then rises
    ///   without limit as α → 0: there is no estimate).
    package static func fit(
        _ problems: [SampleTable.Problem], resamples: Int = 0, seed: UInt64 = 0,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> BetaBinomialFit {
        guard problems.contains(where: { $0.correct > 0 }) else {
            throw FitError.tooFewPoints(
                what: "problems with a correct sample (with none, the beta's α has no maximum-likelihood estimate)",
                found: 0, needed: 1)
        }
        let objective = BetaBinomialObjective(problems)
        let best = minimize(objective, from: startPoints(problems))
        guard let best else {
            throw FitError.tooFewPoints(what: "converged beta-binomial fits", found: 0, needed: 1)
        }
        let alpha = Double.exp(best.x[0]), beta = Double.exp(best.x[1])
        let constant = problems.reduce(0.0) { s, p in
            s + Double.logGamma(Double(p.samples) + 1) - Double.logGamma(Double(p.correct) + 1)
                - Double.logGamma(Double(p.samples - p.correct) + 1)
        }
        var warnings: [FitWarning] = []
        if best.x.contains(where: { $0.magnitude >= logBound - 0.01 }) {
            warnings.append(
                FitWarning(
                    code: "parameter-at-bound",
                    message:
                        "the beta's α = \(String(format: "%.3g", alpha)), β = \(String(format: "%.3g", beta)) is at Plateau's bound e^±\(Int(logBound)): the success rates look nearly identical across problems (α, β → ∞) or concentrated at 0; the exponent is not measured"
                ))
        }
        let draws: [(Double, Double)?] = MultiStart.parallelMap(count: resamples, threads: threads) { r in
            var rng = SplitMix64.stream(r, of: seed)
            let drawn = Interval.resampleIndices(problems.count, using: &rng).map { problems[$0] }
            guard drawn.contains(where: { $0.correct > 0 }) else { return nil }
            guard let refit = minimize(BetaBinomialObjective(drawn), from: [best.x]) else { return nil }
            return (Double.exp(refit.x[0]), Double.exp(refit.x[1]))
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
            ? Interval.shown([("α", alpha, done.map(\.0)), ("β", beta, done.map(\.1))], of: " of the beta", warnings: &warnings)
            : [nil, nil]
        return BetaBinomialFit(
            alpha: alpha, beta: beta, logLikelihood: -best.value * Double(problems.count) + constant,
            problems: problems.count, alphaInterval: shown[0], betaInterval: shown[1],
            draws: done.map { (alpha: $0.0, beta: $0.1) }, warnings: warnings)
    }

    /// The method of moments on the per-problem rates c/n, and a grid around it.
    static func startPoints(_ problems: [SampleTable.Problem]) -> [[Double]] {
        let rates = problems.map { Double($0.correct) / Double($0.samples) }
        let m = rates.reduce(0, +) / Double(rates.count)
        let v = rates.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(rates.count)
        var starts: [[Double]] = []
        if m > 0, m < 1, v > 0, m * (1 - m) / v > 1 {
            let total = m * (1 - m) / v - 1
            starts.append([Double.log(m * total), Double.log((1 - m) * total)])
        }
        for la in [-3.0, -1, 0.5] { for lb in [0.0, 2, 5] { starts.append([la, lb]) } }
        return starts
    }

    /// The lowest converged (or at least finite) minimum over the starts.
    static func minimize(_ objective: BetaBinomialObjective, from starts: [[Double]]) -> LBFGS.Result? {
        var optimizer = LBFGS()
        optimizer.gradientTolerance = 1e-9
        var best: LBFGS.Result?
        for start in starts {
            let result = optimizer.minimize(objective, from: start)
            guard result.value.isFinite else { continue }
            if best == nil || result.value < best!.value { best = result }
        }
        return best
    }

    /// lnΓ(x + m) − lnΓ(x), summed term by term for small whole m (exact cancellation, as when
    /// c = 0 or c is small and α is tiny), by lnΓ otherwise.
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

/// The beta-binomial negative log-likelihood per problem (without the binomial coefficients) in
/// θ = (log α, log β), with its exact gradient.
struct BetaBinomialObjective: DifferentiableObjective, Sendable {
    /// Distinct (n, c) pairs and how often each occurs: the real tables repeat them often.
    let pairs: [(n: Double, c: Double, weight: Double)]
    let count: Double
    var dimension: Int { 2 }

    init(_ problems: [SampleTable.Problem]) {
        var weights: [Int: [Int: Int]] = [:]
        for p in problems { weights[p.samples, default: [:]][p.correct, default: 0] += 1 }
        pairs = weights.keys.sorted().flatMap { n in
            weights[n]!.keys.sorted().map { c in (Double(n), Double(c), Double(weights[n]![c]!)) }
        }
        count = Double(problems.count)
    }

    func value(at t: [Double], gradient g: inout [Double]) -> Double {
        guard t[0].magnitude <= BetaBinomialFit.logBound, t[1].magnitude <= BetaBinomialFit.logBound else {
            g[0] = 0
            g[1] = 0
            return .infinity
        }
        let a = Double.exp(t[0]), b = Double.exp(t[1])
        var f = 0.0, ga = 0.0, gb = 0.0
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
        g[0] = -ga * a / count
        g[1] = -gb * b / count
        return -f / count
    }
}
