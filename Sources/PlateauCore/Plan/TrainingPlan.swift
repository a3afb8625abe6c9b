import RealModule

/// A model size and token count for a training budget, with the loss the law predicts.
public struct TrainingPlan: Sendable, Equatable, Codable {
    /// Training compute, FLOPs (C = 6·N·D).
    public var flops: Double
    public var parameters: Double
    public var tokens: Double
    /// The predicted loss.
    public var loss: Double

    public var tokensPerParameter: Double { tokens / parameters }

    public init(flops: Double, parameters: Double, tokens: Double, loss: Double) {
        self.flops = flops
        self.parameters = parameters
        self.tokens = tokens
        self.loss = loss
    }

    enum CodingKeys: String, CodingKey {
        case flops, parameters, tokens, loss
        case tokensPerParameter = "tokens_per_parameter"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(flops, forKey: .flops)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(tokens, forKey: .tokens)
        try c.encode(tokensPerParameter, forKey: .tokensPerParameter)
        try c.encode(loss, forKey: .loss)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        flops = try c.decode(Double.self, forKey: .flops)
        parameters = try c.decode(Double.self, forKey: .parameters)
        tokens = try c.decode(Double.self, forKey: .tokens)
        loss = try c.decode(Double.self, forKey: .loss)
    }
}

extension ChinchillaLaw {
    /// The compute-optimal plan for `flops` in closed form (``computeOptimal(flops:)``).
    ///
    /// - Complexity: O(1).
    public func plan(flops: Double) -> TrainingPlan {
        let (n, d) = computeOptimal(flops: flops)
        return TrainingPlan(flops: flops, parameters: n, tokens: d, loss: loss(parameters: n, tokens: d))
    }

    /// γ = αβ/(α+β): along the compute-optimal frontier the reducible loss falls as C^(−γ).
    public var frontierExponent: Double { alpha * beta / (alpha + beta) }

    /// K in `L_opt(C) − E = K·(C/6)^(−γ)`: `K = A·G^(−α) + B·G^β`.
    public var frontierCoefficient: Double {
        let g = frontierScale
        return A * Double.pow(g, -alpha) + B * Double.pow(g, beta)
    }

    /// The compute at which the frontier's reducible loss equals `reducibleLoss` (> 0).
    public func flops(forReducibleLoss reducibleLoss: Double) -> Double {
        6 * Double.pow(frontierCoefficient / reducibleLoss, 1 / frontierExponent)
    }
}
