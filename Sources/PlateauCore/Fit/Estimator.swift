/// How residuals between a law and the runs are turned into an objective.
///
/// The estimator is the biggest hidden choice in fitting scaling laws: on the same 240 Chinchilla
/// runs, different estimators move the compute-optimal model size at 5.76e23 FLOP by almost 2×.
/// Plateau always names the one it used.
public enum Estimator: String, CaseIterable, Sendable, Codable {
    /// Σ Huber_δ(log L̂ᵢ − log Lᵢ), δ = 10⁻³, summed: Hoffmann et al. 2022, Approach 3.
    case huberLog = "huber-log"
    /// The same log residuals under a Huber likelihood with a free scale σ: the final step of
    /// Besiroglu et al. 2024, whose constants that paper quotes.
    case huberLikelihood = "huber-likelihood"
    /// Σ (L̂ᵢ − Lᵢ)² in linear space, for comparison with tools that use it.
    case leastSquares = "least-squares"

    /// One line describing the objective.
    public var summary: String {
        switch self {
        case .huberLog: "sum of Huber(delta=1e-3) of log residuals (Hoffmann et al. 2022, Approach 3)"
        case .huberLikelihood:
            "Huber(delta=1e-3) negative log-likelihood of log residuals with free scale (Besiroglu et al. 2024)"
        case .leastSquares: "sum of squared residuals in linear loss space"
        }
    }
}
