import PlateauOptim
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

extension TrainingPlan {
    /// The compute-optimal plan of any law of N and D at `flops` (C = 6·N·D): the predicted loss
    /// minimised along the budget's line, D = C/(6N), by Brent's method on log N over
    /// 10³ ≤ N, D (a bracketed one-dimensional solve; Chinchilla's closed form is its test).
    ///
    /// - Returns: nil when the law does not read both N and D (nor anything else but C), or when
    ///   its minimum lies at the edge of the search (the loss keeps falling with N or with D:
    ///   no interior optimum, so no split to plan).
    /// - Complexity: about 60 evaluations of the law.
    public static func optimal(law: any CatalogLaw, theta: [Double], flops: Double) -> TrainingPlan? {
        guard law.isLawOfNAndD else { return nil }
        let total = Double.log(flops / 6)
        let lower = Double.log(1e3), upper = total - Double.log(1e3)
        guard flops.isFinite, upper > lower else { return nil }
        func loss(_ logN: Double) -> Double {
            let value = law.value(at: LawPoint(N: Double.exp(logN), D: Double.exp(total - logN), C: flops), theta)
            return value.isFinite ? value : .infinity
        }
        let best = Brent.minimize(on: lower, upper, tolerance: 1e-12) { loss($0) }
        let edge = 1e-3 * (upper - lower)
        guard best.value.isFinite, best.x - lower > edge, upper - best.x > edge else { return nil }
        let n = Double.exp(best.x)
        return TrainingPlan(flops: flops, parameters: n, tokens: flops / (6 * n), loss: best.value)
    }
}

