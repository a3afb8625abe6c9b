import Foundation
import RealModule

/// Russell et al. 2026's law of a training mix of human and AI-written web text ("How Much Is
/// an AI Token Worth? Scaling Laws for Wild AI-Generated Web Text", arXiv 2609.40295; the law
/// `ours_logshare_11` of their repository `pangramlabs/WildAI`, `src/wildai/laws/ours.py`):
///
///     L = E + A·n^−α + B·D_eff^−β·(1 + H)
///     D_eff = d·(1 + η·g(r)),  g(r) = R*·(1 − e^(−r/R*)),  R* = K·t^ρ
///     H = γ·t^u·n^v·[ln(1 + r) − r/(1 + r)]
///
/// in their normalised coordinates n = N/10⁸, d = D_H/10⁹ (human tokens), r = D_AI/D_H and
/// t = D_H/(20·N). With r = 0 it is Chinchilla's law in n and d. AI tokens earn a credit that
/// saturates (g → R*) and do a harm that keeps growing (H ~ ln r), so past some ratio an AI
/// token is worth less than nothing. Their loss is bits per byte on a held-out human-text set.
///
/// The law reads N, D (all training tokens, human + AI, so that C = 6·N·D is the run's compute)
/// and A (the AI tokens among them): D_H = D − A. θ = (log E, log A, log α, log B, log β,
/// log η, log K, ρ, log γ, u, v): every positive parameter as its logarithm.
///
/// Plateau's choice, not theirs: their estimator fits each AI run's change in log loss against
/// its own human-only control (Huber δ = 0.1 on those paired residuals, controls on their own
/// log loss) and bounds every parameter (α, β in [0.02, 2.5], γ ≤ 5, …); Plateau's generic fit
/// is the Huber loss of every run's own log residual, unbounded, so a refit of their runs need
/// not give their constants (``objectiveNote``). Their constants per evaluation set are bundled
/// as fit documents (`russell2026-c4`, …; ``PublishedLaw``).
package struct RussellMixLaw: CatalogLaw, RegisteredLaw {
    /// The lowest observed loss, which scales the start grid (losses in bits per byte or nats
    /// per token differ by a factor of several); 1 until ``bounded(by:at:)`` sets it.
    package var lowestLoss = 1.0

    package init() {}
    package var name: String { "russell2026" }
    package var formula: String {
        "L = E + A·n^−α + B·(d·(1 + η·g(r)))^−β·(1 + γ·t^u·n^v·[ln(1+r) − r/(1+r)]), g(r) = K·t^ρ·(1 − e^(−r/(K·t^ρ))); n = N/1e8, d = (D−A)/1e9, r = A/(D−A), t = (D−A)/(20N)"
    }
    package var source: String {
        "Russell et al. 2026, 'How Much Is an AI Token Worth? Scaling Laws for Wild AI-Generated Web Text' (arXiv 2609.40295), the law 'ours_logshare_11' of pangramlabs/WildAI"
    }
    package var inputs: [LawVariable] { [.N, .D, .A] }
    package var output: LawOutput { .loss }
    package var parameterNames: [String] {
        ["log E", "log A", "log alpha", "log B", "log beta", "log eta", "log K", "rho", "log gamma", "u", "v"]
    }

    /// The coordinates of published constants (their `fits.json` `coefficients`).
    package static func theta(
        E: Double, A: Double, alpha: Double, B: Double, beta: Double, eta: Double, K: Double, rho: Double,
        gamma: Double, u: Double, v: Double
    ) -> [Double] {
        [
            Double.log(E), Double.log(A), Double.log(alpha), Double.log(B), Double.log(beta), Double.log(eta),
            Double.log(K), rho, Double.log(gamma), u, v,
        ]
    }

    package func predict(_ p: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let human = p.D - p.A
        let n = p.N / 1e8, r = p.A / human
        let logN = Double.log(n), logD = Double.log(human / 1e9), logT = Double.log(human / (20 * p.N))
        let E = Double.exp(t[0]), alpha = Double.exp(t[2]), B = Double.exp(t[3]), beta = Double.exp(t[4])
        let eta = Double.exp(t[5]), window = Double.exp(t[6] + t[7] * logT)
        let model = Double.exp(t[1] - alpha * logN)
        // The credit g(r) = R*·(1 − e^(−z)), z = r/R*, and its log-derivative in R*.
        let z = r / window
        let saturation = -Double.expMinusOne(-z)
        let credit = window * saturation
        let creditPerLogWindow = window * (saturation - z * Double.exp(-z))
        let multiplier = 1 + eta * credit
        let logEffective = logD + Double.log(multiplier)
        let data = B * Double.exp(-beta * logEffective)
        let shape = Double.log(onePlus: r) - r / (1 + r)
        let harm = Double.exp(t[8] + t[9] * logT + t[10] * logN) * shape
        let scaled = data * (1 + harm)
        g[0] = E
        g[1] = model
        g[2] = -alpha * logN * model
        g[3] = scaled
        g[4] = -beta * logEffective * scaled
        let perLogMultiplier = -beta * scaled
        g[5] = perLogMultiplier * eta * credit / multiplier
        g[6] = perLogMultiplier * eta * creditPerLogWindow / multiplier
        g[7] = g[6] * logT
        g[8] = data * harm
        g[9] = data * harm * logT
        g[10] = data * harm * logN
        return E + model + scaled
    }

    package func bounded(by observed: [Double], at points: [LawPoint]) -> RussellMixLaw {
        var copy = self
        if let lowest = observed.min(), lowest > 0, lowest.isFinite { copy.lowestLoss = lowest }
        return copy
    }

    /// 16 starts: the Chinchilla terms at typical sizes for the data's losses (E at 80 % of the
    /// lowest, each power term a tenth or a fifth of it at n = d = 1), α = 0.3, β = 0.45, and a
    /// grid of the credit (η, K, ρ) and harm (γ) coefficients around the published fits' values
    /// (u = 1, v = 0.3: theirs are 0.4…1.4 and −0.6…1.0).
    package var starts: [[Double]] {
        let base = [Double.log(0.8 * lowestLoss), Double.log(0.2 * lowestLoss), Double.log(0.3),
                    Double.log(0.1 * lowestLoss), Double.log(0.45)]
        return grid([
            [0, 1.5], [-5, 0], [-3, -1], [Double.log(0.05), Double.log(0.5)], [1], [0.3],
        ]).map { c in base + [c[0], c[1], c[2], c[3], c[4], c[5]] }
    }

    package func reported(_ t: [Double]) -> [(String, Double)] {
        [
            ("E", Double.exp(t[0])), ("A", Double.exp(t[1])), ("alpha", Double.exp(t[2])), ("B", Double.exp(t[3])),
            ("beta", Double.exp(t[4])), ("eta", Double.exp(t[5])), ("K", Double.exp(t[6])), ("rho", t[7]),
            ("gamma", Double.exp(t[8])), ("u", t[9]), ("v", t[10]),
        ]
    }

    package func floor(_ t: [Double]) -> Double? { Double.exp(t[0]) }

    package var boundaryProbes: [BoundaryProbe] {
        [
            BoundaryProbe(
                index: 0, value: Double.log(1e-9), parameter: "E", bound: "0",
                meaning: "the runs do not show the irreducible loss"),
            BoundaryProbe(
                index: 8, value: Double.log(1e-9), parameter: "gamma", bound: "0",
                meaning: "the runs show no harm from AI tokens"),
        ]
    }

    /// Russell et al.'s own bounds on α and β (0.02…2.5) and γ (≤ 5), as plausibility ranges.
    package func domainWarnings(_ t: [Double]) -> [FitWarning] {
        [
            implausibleExponent("alpha", Double.exp(t[2]), range: 0.02...2.5),
            implausibleExponent("beta", Double.exp(t[4]), range: 0.02...2.5),
            implausibleExponent("gamma", Double.exp(t[8]), range: 0...5),
        ].compactMap { $0 }
    }

    package var objectiveNote: String? {
        "Russell et al. fit each AI run's change in log loss against its own human-only control (Huber δ 0.1, bounded parameters); this fit is Plateau's objective on each run's own log loss, so on their runs it need not give their constants"
    }

    /// Their C4 constants planted on five sizes (their 19.9M…268M), four human budgets (5…80
    /// tokens per parameter) and eight AI ratios (0, 0.0025 … 16), as their runs sample them.
    /// K and ρ (the credit window's scale and its budget exponent) are left out of the identified
    /// parameters: at small ratios the credit moves the loss by well under 0.2 %, so on noisy
    /// runs only the pairing of each run with its own control (their estimator) pins the window;
    /// from noise-free values they are recovered too.
    package static let entries = [
        LawEntry(
            name: "russell2026", reads: "N, D (human + AI tokens) and A (AI tokens), loss",
            example: LawExample(
                points: [1.99e7, 3.58e7, 8.62e7, 1.35e8, 2.68e8].flatMap { n in
                    [5.0, 20, 40, 80].flatMap { tpp in
                        [0, 0.0025, 0.01, 0.05, 0.25, 1, 4, 16].map { r in
                            var p = LawPoint(N: n, D: tpp * n * (1 + r))
                            p.A = tpp * n * r
                            p.C = 6 * p.N * p.D
                            return p
                        }
                    }
                },
                theta: RussellMixLaw.c4Theta,
                identified: ["E", "A", "alpha", "B", "beta", "eta", "gamma", "u", "v"])
        ) { _ in RussellMixLaw() }
    ]

    /// Their fit of the C4 target (`results/laws/fits.json`, law `ours_logshare_11`, fold `all`).
    package static let c4Theta = theta(
        E: 0.7115028894781443, A: 0.25484766004145637, alpha: 0.3027351941258493, B: 0.08480069960138395,
        beta: 0.47216616183916743, eta: 1.7291645787117844, K: 0.001996970630573117, rho: -3.2930283909814686,
        gamma: 0.40533545099283297, u: 1.203626586570672, v: 0.44219948828787403)
}
