import Foundation
import RealModule

/// The one sum behind Schaeffer et al. 2025's scaled beta (success rate p = s·u with
/// u ~ Beta(α, β) and a fixed scale 0 < s < 1): writing (1 − s·u) = (1 − s) + s·(1 − u),
///
///     ∫₀¹ u^(a−1) (1 − u)^(β−1) (1 − s·u)^m du = Σ_{j=0}^{m} Bin(j; m, s) · B(a, β + j),
///
/// a sum of positive terms (the hypergeometric form their code evaluates in 100-bit mpmath
/// alternates in sign and cancels catastrophically in doubles once m is in the thousands).
/// The beta-binomial likelihood of c correct in n is this sum with a = α + c, m = n − c; the
/// failure rate after k samples is it with a = α, m = k.
///
/// The sum is taken over the terms within e⁻⁴⁰ of the largest by branch and bound on [0, m]:
/// a window's terms are at most its largest binomial weight (the weight is unimodal) times
/// B(a, β + its first j) (B falls in j), so a window whose bound times its length is below
/// e⁻⁴⁰ of the best term seen is dropped (rigorous, whatever the shape — the sum can have a
/// second mode near j = 0 when β < 1). Surviving windows of ≤ 64 terms are summed exactly by
/// the terms' ratio recursion, in linear scale within each window. The cost is about 20·√(m·s·(1 − s)) terms.
enum ScaledBetaSum {
    struct Result {
        /// log Σ Bin(j; m, s)·Γ(β + j)/Γ(a + β + j) — lnΓ(a) is left out (add it for log B).
        var logSum: Double
        /// Σ pⱼ ψ(a + β + j) and Σ pⱼ [ψ(β + j) − ψ(a + β + j)], pⱼ the terms' shares.
        var meanDigammaTotal: Double
        var meanDigammaDifference: Double
    }

    static let leaf = 64
    static let dropBelow = 40.0

    /// The sum for whole m ≥ 0 and 0 < s < 1 (a, β > 0); the digamma means only when `gradient`.
    static func evaluate(a: Double, beta: Double, m: Int, s: Double, gradient: Bool) -> Result {
        let logS = Double.log(s), log1mS = Double.log(onePlus: -s)
        let lgM = Double.logGamma(Double(m) + 1)
        // log of term j without lnΓ(a): log Bin(j; m, s) + lnΓ(β + j) − lnΓ(a + β + j)
        func logWeight(_ j: Int) -> Double {
            lgM - Double.logGamma(Double(j) + 1) - Double.logGamma(Double(m - j) + 1) + Double(j) * logS
                + Double(m - j) * log1mS
        }
        func logBetaPart(_ j: Int) -> Double {
            Double.logGamma(beta + Double(j)) - Double.logGamma(a + beta + Double(j))
        }
        func term(_ j: Int) -> Double { logWeight(j) + logBetaPart(j) }
        let mode = min(m, max(0, Int((Double(m + 1) * s).rounded(.down))))
        var best = max(term(mode), term(0))
        var stack = [(0, m)]
        var leaves: [(Int, Int)] = []
        while let (lo, hi) = stack.popLast() {
            let bound = logWeight(min(max(mode, lo), hi)) + logBetaPart(lo) + Double.log(Double(hi - lo + 1))
            if bound < best - dropBelow { continue }
            if hi - lo < leaf {
                leaves.append((lo, hi))
                continue
            }
            let mid = lo + (hi - lo) / 2
            best = max(best, term(mid))
            stack.append((mid + 1, hi))
            stack.append((lo, mid))
        }
        // Each leaf's terms by their ratio (m−j)/(j+1) · s/(1−s) · (β+j)/(a+β+j), in linear scale
        // relative to the leaf's first term (one lnΓ evaluation per leaf, no log or exp per term);
        // a leaf whose terms climb past 1e200 folds the climb into its log base.
        var parts: [(logBase: Double, sum: Double, total: Double, difference: Double)] = []
        let odds = s / (1 - s)
        for (lo, hi) in leaves {
            var logBase = term(lo)
            var v = 1.0, sum = 0.0, total = 0.0, difference = 0.0
            var psiTotal = gradient ? BetaBinomialFit.digamma(a + beta + Double(lo)) : 0
            var psiBeta = gradient ? BetaBinomialFit.digamma(beta + Double(lo)) : 0
            for j in lo...hi {
                sum += v
                if gradient {
                    total += v * psiTotal
                    difference += v * (psiBeta - psiTotal)
                }
                guard j < hi else { break }
                let x = Double(j)
                v *= Double(m - j) / (x + 1) * (beta + x) / (a + beta + x) * odds
                if gradient {
                    psiTotal += 1 / (a + beta + x)
                    psiBeta += 1 / (beta + x)
                }
                if v > 1e200 {
                    logBase += Double.log(v)
                    sum /= v
                    total /= v
                    difference /= v
                    v = 1
                }
            }
            parts.append((logBase, sum, total, difference))
        }
        // Every leaf's sum is at least its first term, 1: log base + log sum bounds its base.
        let top = parts.map { $0.logBase + Double.log($0.sum) }.max() ?? 0
        var total = 0.0, meanTotal = 0.0, meanDifference = 0.0
        for part in parts {
            let w = Double.exp(part.logBase - top)
            total += w * part.sum
            if gradient {
                meanTotal += w * part.total
                meanDifference += w * part.difference
            }
        }
        return Result(
            logSum: top + Double.log(total), meanDigammaTotal: gradient ? meanTotal / total : 0,
            meanDigammaDifference: gradient ? meanDifference / total : 0)
    }

    /// E[(1 − s·u)^k] for u ~ Beta(α, β): the chance that k samples all fail, for whole k ≥ 0.
    static func failure(k: Int, alpha: Double, beta: Double, scale s: Double) -> Double {
        if k == 0 { return 1 }
        if s >= 1 {
            // Unscaled: B(α, β + k)/B(α, β).
            return Double.exp(
                BetaBinomialFit.logGammaRise(beta, Double(k)) - BetaBinomialFit.logGammaRise(alpha + beta, Double(k)))
        }
        let sum = evaluate(a: alpha, beta: beta, m: k, s: s, gradient: false).logSum
        // Σ Bin·B(α, β + j)/B(α, β) = exp(logSum + lnΓ(α) − lnB(α, β)) = exp(logSum + lnΓ(α + β) − lnΓ(β))
        return min(1, Double.exp(sum + Double.logGamma(alpha + beta) - Double.logGamma(beta)))
    }
}
