import RealModule

/// The decay constants of Muennighoff et al. 2023's data-constrained law, R_D* and R_N*, fitted
/// to repeated-data runs with the base law held fixed — the procedure of their Appendix A
/// (notebook `utils/parametric_fit.ipynb` in huggingface/datablations):
/// ```
/// D' = U_D + U_D·R_D*·(1 − e^(−R_D/R_D*)),  N' = U_N + U_N·R_N*·(1 − e^(−R_N/R_N*))
/// L = E + A/N'^α + B/D'^β
/// ```
/// with `U_N`, `R_N`, `U_D`, `R_D` from ``MuennighoffLaw/repetitions(base:parameters:tokens:uniqueTokens:)``
/// at each point's N, D and U. θ = (log R_D*, log R_N*).
package struct RepetitionDecayLaw: CatalogLaw {
    /// The base law (their C4 fit by default: a = 6.255414, b = 7.3049974, e = 0.6254804,
    /// α = β = 0.3526596).
    package let base: ChinchillaLaw

    package init(base: ChinchillaLaw = MuennighoffLaw.muennighoff2023.base) {
        self.base = base
    }

    package var inputs: [LawVariable] { [.N, .D, .U] }
    package var output: LawOutput { .loss }

    package var name: String { "muennighoff" }
    package var formula: String { Self.formulaSummary }
    package var source: String { Self.citation }
    /// The formula, without needing runs.
    package static let formulaSummary =
        "L = E + A/N'^α + B/D'^β, D' = U_D + U_D·R_D*·(1 − e^(−R_D/R_D*)), N' likewise with U_N, R_N, R_N*"
    /// The source, without needing runs.
    package static let citation =
        "Muennighoff et al. 2023, 'Scaling Data-Constrained Language Models', Eq. 5-6 and App. A (base law fixed)"
    package var parameterNames: [String] { ["log R_D*", "log R_N*"] }

    /// `(effective amount, ∂/∂log R*)` of `unique` repeated `repetitions` times with scale `e^logScale`.
    static func effective(unique: Double, repetitions: Double, logScale: Double) -> (Double, Double) {
        let scale = Double.exp(logScale)
        let decay = Double.exp(-repetitions / scale)
        let kept = -Double.expMinusOne(-repetitions / scale)  // 1 − e^(−R/R*)
        return (unique + unique * scale * kept, unique * (scale * kept - repetitions * decay))
    }

    package func predict(_ p: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let r = MuennighoffLaw.repetitions(base: base, parameters: p.N, tokens: p.D, uniqueTokens: p.U)
        let (dEff, dDerivative) = Self.effective(
            unique: r.uniqueTokens, repetitions: r.dataRepetitions, logScale: t[0])
        let (nEff, nDerivative) = Self.effective(
            unique: r.uniqueParameters, repetitions: r.parameterRepetitions, logScale: t[1])
        let dataTerm = base.B * Double.exp(-base.beta * Double.log(dEff))
        let sizeTerm = base.A * Double.exp(-base.alpha * Double.log(nEff))
        g[0] = -base.beta * dataTerm / dEff * dDerivative
        g[1] = -base.alpha * sizeTerm / nEff * nDerivative
        return base.E + sizeTerm + dataTerm
    }

    /// R_D*, R_N* ∈ {1, 2, 5, 10, 20, 50, 100, 200}² in log space, plus the notebook's own grid
    /// (linspace(0, 20, 4) without its zero, which divides by zero).
    package var starts: [[Double]] {
        let wide = [1.0, 2, 5, 10, 20, 50, 100, 200].map { Double.log($0) }
        let notebook = [20.0 / 3, 40.0 / 3, 20].map { Double.log($0) }
        return grid([wide, wide]) + grid([notebook, notebook])
    }

    package func reported(_ t: [Double]) -> [(String, Double)] {
        [("R_D*", Double.exp(t[0])), ("R_N*", Double.exp(t[1]))]
    }

    /// R* → 0: repeated data (or excess parameters) worth nothing beyond the unique; R* → ∞:
    /// repetition costs nothing over the range seen. Either way the constant is not identified.
    package func domainWarnings(_ t: [Double]) -> [FitWarning] {
        var out: [FitWarning] = []
        for (i, name) in ["R_D*", "R_N*"].enumerated() {
            let value = Double.exp(t[i])
            if value < 1e-3 {
                out.append(
                    atBound(
                        name, "0",
                        "the runs show no value in \(i == 0 ? "repeated tokens" : "parameters beyond the unique data's optimum")"
                    ))
            } else if value > 1e4 {
                out.append(
                    atBound(name, "∞", "the runs show no decay of repeated \(i == 0 ? "tokens" : "parameters")' value"))
            }
        }
        return out
    }
}

extension RepetitionDecayLaw: RegisteredLaw {
    /// Decay constants near Muennighoff et al.'s (R_D* 15.39, R_N* 5.31) planted on 1–40 epochs.
    package static let entries = [
        LawEntry(
            name: "muennighoff", reads: "N, D, U (unique tokens), loss",
            example: LawExample(
                points: [1e8, 4e8, 1.6e9].flatMap { n in
                    [2e9, 8e9].flatMap { u in [1.0, 2, 4, 8, 16, 40].map { LawPoint(N: n, D: u * $0, C: 6 * n * u * $0, U: u) } }
                },
                theta: [Double.log(15), Double.log(5)], identified: ["R_D*", "R_N*"])
        ) { _ in RepetitionDecayLaw() }
    ]
}
