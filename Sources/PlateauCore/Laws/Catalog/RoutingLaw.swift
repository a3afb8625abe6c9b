import Foundation
import RealModule

/// Clark et al. 2022's law of routed (mixture-of-experts) language models ("Unified Scaling Laws
/// for Routed Language Models", ICML 2022, Eq. 1 with the saturating expert count of §4):
///
///     log10 L = a·log10 N + b·log10 Ê + c·log10 N·log10 Ê + d,
///     1/Ê = 1/(E − 1 + (1/E_start − 1/E_max)⁻¹) + 1/E_max,
///
/// N the parameters a token sees (the dense model's size), E experts per routed layer (1 for a
/// dense model, where Ê = E_start). θ = (a, b, c, d, log2 E_start, log2 E_max), as the
/// repository's example fits it. The routing data hold one token budget: the law says nothing
/// about D.
package struct RoutingLaw: CatalogLaw {
    package init() {}
    package var name: String { "clark-routing" }
    package var formula: String {
        "log10 L = a·log10 N + b·log10 Ê + c·log10 N·log10 Ê + d, 1/Ê = 1/(E − 1 + (1/E_start − 1/E_max)⁻¹) + 1/E_max"
    }
    package var source: String {
        "Clark et al. 2022, 'Unified Scaling Laws for Routed Language Models', ICML 2022, Eq. 1 and §4"
    }
    package var parameterNames: [String] { ["a", "b", "c", "d", "log2 E_start", "log2 E_max"] }
    package var inputs: [LawVariable] { [.N, .E] }
    package var output: LawOutput { .loss }

    /// Ê and its derivatives in E_start and E_max, or nil outside the domain (E_start ≥ E_max).
    static func saturated(_ e: Double, start: Double, max: Double) -> (value: Double, dStart: Double, dMax: Double)? {
        let gap = 1 / start - 1 / max
        guard gap > 0, e >= 1 else { return nil }
        let s = 1 / gap
        let u = e - 1 + s
        let hat = 1 / (1 / u + 1 / max)
        // dS/dE_start = S²/E_start², dS/dE_max = −S²/E_max²; Ê = 1/(1/u + 1/E_max).
        let dStart = hat * hat * s * s / (u * u * start * start)
        let dMax = -hat * hat * (s * s / (u * u * max * max) - 1 / (max * max))
        return (hat, dStart, dMax)
    }

    package func predict(_ p: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let start = Double.exp2(t[4]), max = Double.exp2(t[5])
        guard let hat = Self.saturated(p.E, start: start, max: max), p.N > 0 else {
            for i in 0..<6 { g[i] = 0 }
            return .nan
        }
        let ln = Double.log10(p.N), le = Double.log10(hat.value)
        let y = t[0] * ln + t[1] * le + t[2] * ln * le + t[3]
        let loss = Double.exp10(y)
        let scale = loss * Double.log(10)  // dL/dy
        g[0] = scale * ln
        g[1] = scale * le
        g[2] = scale * ln * le
        g[3] = scale
        // dy/dÊ = (b + c·log10 N)/(Ê·ln 10); dE/dθ = E·ln 2.
        let dHat = scale * (t[1] + t[2] * ln) / (hat.value * Double.log(10))
        g[4] = dHat * hat.dStart * start * Double.log(2)
        g[5] = dHat * hat.dMax * max * Double.log(2)
        return loss
    }

    /// The repository example's initial values, and a grid of saturation points around them.
    package var starts: [[Double]] {
        grid([[-0.08], [-0.05, -0.15], [0, 0.01], [1.1], [0, 1, 2.5], [6, 8.5, 11]])
    }

    package func reported(_ t: [Double]) -> [(String, Double)] {
        [
            ("a", t[0]), ("b", t[1]), ("c", t[2]), ("d", t[3]), ("E_start", Double.exp2(t[4])),
            ("E_max", Double.exp2(t[5])),
        ]
    }

    package func domainWarnings(_ t: [Double]) -> [FitWarning] {
        var warnings: [FitWarning] = []
        if t[5] > 20 {
            warnings.append(
                atBound("E_max", "above 10⁶ experts", "the data show no saturation of the benefit of experts"))
        }
        if t[4] < -10 {
            warnings.append(atBound("E_start", "0", "the data do not show where the benefit of experts starts"))
        }
        return warnings
    }

    /// Clark et al.'s effective parameter count (§5): the dense size N̄ with the loss the law
    /// gives (N, E) — N̄ = N^(α(Ê)/α(E_start))·(Ê/E_start)^(b/α(E_start)) with α(x) = a + c·log10 x.
    package static func effectiveParameters(_ n: Double, experts e: Double, theta t: [Double]) -> Double? {
        let start = Double.exp2(t[4]), max = Double.exp2(t[5])
        guard let hat = saturated(e, start: start, max: max)?.value else { return nil }
        let alpha = { (x: Double) in t[0] + t[2] * Double.log10(x) }
        let a1 = alpha(start)
        return Double.pow(n, alpha(hat) / a1) * Double.pow(hat / start, t[1] / a1)
    }
}

extension RoutingLaw: RegisteredLaw {
    /// Coefficients near the S-Base fit of the bundled runs planted on their (N, E) grid.
    package static let entries = [
        LawEntry(
            name: "clark-routing", reads: "N (parameters a token sees), E (experts; 1 = dense), loss",
            example: LawExample(
                points: [1.5e7, 5.5e7, 1.3e8, 3.7e8, 1.3e9].flatMap { n in
                    [1.0, 2, 4, 8, 16, 32, 64, 128, 256, 512].map { e in
                        var p = LawPoint(N: n)
                        p.E = e
                        return p
                    }
                },
                theta: [-0.08, -0.12, 0.011, 1.1, 1.2, 8.5], identified: ["a", "b", "c", "d"])
        ) { _ in RoutingLaw() }
    ]
}
