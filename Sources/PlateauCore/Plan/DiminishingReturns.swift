import RealModule

/// The diminishing-returns table along a Chinchilla law's compute-optimal frontier.
///
/// Along the frontier the reducible loss falls as `C^(−γ)`, `γ = αβ/(α+β)`, so each further cut of
/// the reducible loss by a fraction `f` costs the same compute multiplier
/// ```
/// m = (1/(1 − f))^((α+β)/(αβ))
/// ```
/// (1.806× per 10 % with Besiroglu et al.'s α = 0.3478, β = 0.3658). Cuts of the *total* loss get
/// dearer at every step and become impossible once the target falls to E.
public struct DiminishingReturns: Sendable {
    /// One step of the table.
    public struct Step: Sendable, Equatable, Codable {
        /// 1 for the first cut.
        public var step: Int
        /// The loss reached.
        public var loss: Double
        /// Loss above E.
        public var reducibleLoss: Double
        /// Compute of the compute-optimal run that reaches it; nil when impossible.
        public var flops: Double?
        /// Compute over the previous step's; nil when impossible.
        public var multiplier: Double?
        /// The optimal model size at that compute.
        public var parameters: Double?
        public var tokens: Double?
        /// What a run of `flops` costs, when hardware was given.
        public var cost: ComputeCost?

        /// False when the target is at or below the irreducible loss E.
        public var isPossible: Bool { flops != nil }

        enum CodingKeys: String, CodingKey {
            case step, loss, flops, multiplier, parameters, tokens, cost
            case reducibleLoss = "reducible_loss"
        }
    }

    /// What is cut by `fraction` at each step.
    public enum Target: String, Sendable, Codable, CaseIterable {
        /// L − E.
        case reducible
        /// L itself.
        case total
    }

    public var law: ChinchillaLaw
    /// The starting run.
    public var start: TrainingPlan
    public var fraction: Double
    public var target: Target
    public var steps: [Step]

    /// The constant compute multiplier per reducible-loss cut of `fraction`.
    public static func multiplier(perCut fraction: Double, alpha: Double, beta: Double) -> Double {
        Double.pow(1 / (1 - fraction), (alpha + beta) / (alpha * beta))
    }

    /// Builds `count` steps from the compute-optimal run at `flops`.
    ///
    /// - Parameters:
    ///   - fraction: The cut per step, in (0, 1).
    ///   - price: Turns each run's FLOPs into dollars, energy and CO2 when given.
    /// - Complexity: O(count).
    public init(
        law: ChinchillaLaw, from flops: Double, fraction: Double = 0.1, steps count: Int = 10,
        target: Target = .reducible,
        price: ((Double) -> ComputeCost)? = nil
    ) {
        precondition(fraction > 0 && fraction < 1, "fraction must be in (0, 1), got \(fraction)")
        self.law = law
        self.fraction = fraction
        self.target = target
        start = law.plan(flops: flops)
        var steps: [Step] = []
        var previous: Double? = flops
        for k in 1...max(1, count) {
            let keep = Double.pow(1 - fraction, Double(k))
            let loss = target == .reducible ? law.E + (start.loss - law.E) * keep : start.loss * keep
            let reducible = loss - law.E
            guard reducible > 0 else {
                steps.append(Step(step: k, loss: loss, reducibleLoss: reducible, flops: nil, multiplier: nil))
                previous = nil
                continue
            }
            let c = law.flops(forReducibleLoss: reducible)
            let plan = law.computeOptimal(flops: c)
            steps.append(
                Step(
                    step: k, loss: loss, reducibleLoss: reducible, flops: c, multiplier: previous.map { c / $0 },
                    parameters: plan.parameters, tokens: plan.tokens, cost: price?(c)))
            previous = c
        }
        self.steps = steps
    }
}
