import RealModule

/// The Chinchilla scaling law
/// ```
/// L(N, D) = E + A / N^α + B / D^β
/// ```
/// From Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models" (Approach 3).
/// `E` is the irreducible loss; `A/N^α` and `B/D^β` are the parts of the loss due to finite model
/// size and finite data. Fitted in log space as `log L̂ = LSE(a − α·log N, b − β·log D, e)` with
/// `A = eᵃ`, `B = eᵇ`, `E = eᵉ`.
public struct ChinchillaLaw: Sendable, Equatable, Codable {
    /// Irreducible loss, nats per token.
    public var E: Double
    /// Coefficient of the model-size term.
    public var A: Double
    /// Coefficient of the data term.
    public var B: Double
    /// Model-size exponent α.
    public var alpha: Double
    /// Data exponent β.
    public var beta: Double

    public init(E: Double, A: Double, B: Double, alpha: Double, beta: Double) {
        self.E = E
        self.A = A
        self.B = B
        self.alpha = alpha
        self.beta = beta
    }

    /// Builds the law from the log-space parameters `(a, b, e, α, β)` the fitters work in.
    public init(logParameters p: [Double]) {
        precondition(p.count >= 5, "Chinchilla log parameters are (a, b, e, alpha, beta)")
        self.init(E: Double.exp(p[2]), A: Double.exp(p[0]), B: Double.exp(p[1]), alpha: p[3], beta: p[4])
    }

    /// `(a, b, e, α, β) = (log A, log B, log E, α, β)`.
    public var logParameters: [Double] { [Double.log(A), Double.log(B), Double.log(E), alpha, beta] }

    /// The loss predicted for a model of `parameters` parameters trained on `tokens` tokens.
    ///
    /// - Parameters:
    ///   - parameters: Parameter count `N`; positive.
    ///   - tokens: Training tokens `D`; positive.
    /// - Returns: Loss in nats per token.
    /// - Complexity: O(1).
    public func loss(parameters: Double, tokens: Double) -> Double {
        E + A * Double.exp(-alpha * Double.log(parameters)) + B * Double.exp(-beta * Double.log(tokens))
    }

    /// True when the law has a compute-optimal frontier: every parameter finite, and A, B, α
    /// and β positive, so that the loss falls with both model size and data. A fit without one
    /// (β ≤ 0 on runs whose losses do not vary, say) supports no plan.
    public var hasFrontier: Bool {
        [E, A, B, alpha, beta].allSatisfy(\.isFinite) && A > 0 && B > 0 && alpha > 0 && beta > 0
            && frontierScale.isFinite && frontierScale > 0
    }

    /// The compute-optimal exponent of model size, `a = β/(α+β)` in `N_opt ∝ C^a`.
    public var parameterExponent: Double { beta / (alpha + beta) }

    /// The compute-optimal exponent of data, `b = α/(α+β)` in `D_opt ∝ C^b`.
    public var tokenExponent: Double { alpha / (alpha + beta) }

    /// `G = (αA / (βB))^(1/(α+β))`, the scale of the frontier `N_opt = G·(C/6)^a`, `D_opt = G⁻¹·(C/6)^b`.
    public var frontierScale: Double {
        Double.exp(Double.log(alpha * A / (beta * B)) / (alpha + beta))
    }

    /// The model size and token count that minimise ``loss(parameters:tokens:)`` for a training
    /// budget of `flops`, with `C = 6·N·D`.
    ///
    /// ```
    /// N_opt = G·(C/6)^a,  D_opt = G⁻¹·(C/6)^b
    /// ```
    /// - Complexity: O(1).
    public func computeOptimal(flops: Double) -> (parameters: Double, tokens: Double) {
        let g = frontierScale
        let c6 = Double.log(flops / 6)
        return (g * Double.exp(parameterExponent * c6), Double.exp(tokenExponent * c6) / g)
    }
}
