import RealModule

/// The data-constrained law of Muennighoff et al. 2023, "Scaling Data-Constrained Language
/// Models" (their Eq. 5–7): repeated tokens and excess parameters are worth less.
/// ```
/// U_D = min(U, D),  R_D = D/U_D − 1,  D' = U_D + U_D·R_D*·(1 − e^(−R_D/R_D*))
/// U_N = min(N, N_opt(U_D)),  R_N = N/U_N − 1,  N' = U_N + U_N·R_N*·(1 − e^(−R_N/R_N*))
/// L(N, D, U) = E + A/N'^α + B/D'^β
/// ```
/// `N_opt(U_D)` is the base law's compute-optimal N at the compute whose optimal D equals U_D.
/// With their constants this reproduces their worked examples to the last digit.
package struct MuennighoffLaw: Sendable, Equatable, Codable {
    /// The base Chinchilla-form law.
    package var base: ChinchillaLaw
    /// R_D*: how many repetitions of data are still worth having (the e-folding count).
    package var dataRepetitionScale: Double
    /// R_N*: the same for excess parameters.
    package var parameterExcessScale: Double

    package init(base: ChinchillaLaw, dataRepetitionScale: Double, parameterExcessScale: Double) {
        self.base = base
        self.dataRepetitionScale = dataRepetitionScale
        self.parameterExcessScale = parameterExcessScale
    }

    /// Their published fit (huggingface/datablations README): R_D* = 15.387756,
    /// R_N* = 5.309743, a = 6.255414, b = 7.3049974, e = 0.6254804, α = β = 0.3526596.
    package static let muennighoff2023 = MuennighoffLaw(
        base: ChinchillaLaw(logParameters: [6.255414, 7.3049974, 0.6254804, 0.3526596, 0.3526596]),
        dataRepetitionScale: 15.387756, parameterExcessScale: 5.309743)

    /// The unique amounts and repetition counts of a run: `U_D = min(U, D)`, `R_D = D/U_D − 1`,
    /// `U_N = min(N, N_opt(U_D))`, `R_N = N/U_N − 1`. They depend on the base law only (through
    /// `N_opt`), not on R_D* or R_N*.
    package static func repetitions(
        base: ChinchillaLaw, parameters: Double, tokens: Double, uniqueTokens: Double
    ) -> (uniqueTokens: Double, dataRepetitions: Double, uniqueParameters: Double, parameterRepetitions: Double) {
        let uD = min(uniqueTokens, tokens)
        let g = base.frontierScale
        let nOptForUnique = g * Double.pow(uD * g, base.parameterExponent / base.tokenExponent)
        let uN = min(parameters, nOptForUnique)
        return (uD, tokens / uD - 1, uN, parameters / uN - 1)
    }

    /// `U + U·R*·(1 − e^(−R/R*))`: the effective amount of `unique` with `repetitions` repeats.
    static func effective(unique: Double, repetitions: Double, scale: Double) -> Double {
        unique + unique * scale * -Double.expMinusOne(-repetitions / scale)
    }

    /// Effective data D' for `tokens` seen drawn from `uniqueTokens` unique ones.
    package func effectiveTokens(tokens: Double, uniqueTokens: Double) -> Double {
        let uD = min(uniqueTokens, tokens)
        return Self.effective(unique: uD, repetitions: tokens / uD - 1, scale: dataRepetitionScale)
    }

    /// Effective parameters N'.
    package func effectiveParameters(parameters: Double, tokens: Double, uniqueTokens: Double) -> Double {
        let r = Self.repetitions(base: base, parameters: parameters, tokens: tokens, uniqueTokens: uniqueTokens)
        return Self.effective(
            unique: r.uniqueParameters, repetitions: r.parameterRepetitions, scale: parameterExcessScale)
    }

    /// The predicted loss.
    ///
    /// - Complexity: O(1).
    package func loss(parameters: Double, tokens: Double, uniqueTokens: Double) -> Double {
        base.loss(
            parameters: effectiveParameters(parameters: parameters, tokens: tokens, uniqueTokens: uniqueTokens),
            tokens: effectiveTokens(tokens: tokens, uniqueTokens: uniqueTokens))
    }
}
