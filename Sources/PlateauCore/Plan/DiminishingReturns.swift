import RealModule

/// The compute-optimal frontier of a law of N and D: the run each budget buys, the loss the
/// frontier approaches, and the budget that reaches a loss. Chinchilla's closed forms, or any
/// catalog law of N and D by bracketed one-dimensional solves
/// (``TrainingPlan/optimal(law:theta:flops:)`` along C = 6·N·D, and bisection on log C).
public struct ComputeFrontier: Sendable {
    /// The loss the frontier approaches as compute grows without bound (E; 0 for Kaplan's law).
    public var floor: Double
    /// The compute-optimal run at a budget (FLOPs), or nil where the law has no interior optimum.
    public var plan: @Sendable (Double) -> TrainingPlan?
    /// The law, when it has the Chinchilla form (its cuts then cost a constant multiplier).
    public var chinchilla: ChinchillaLaw?

    public init(_ law: ChinchillaLaw) {
        floor = law.E
        plan = { law.plan(flops: $0) }
        chinchilla = law
    }

    /// The frontier of a fitted catalog law, or nil when it does not read N and D, has no floor,
    /// or (the Chinchilla form with α ≤ 0 or β ≤ 0) no interior optimum: the Chinchilla form's
    /// closed forms, any other law's solved numerically.
    public init?(law: any CatalogLaw, theta: [Double]) {
        if let form = law as? ChinchillaForm {
            let chinchilla = form.law(theta)
            guard chinchilla.hasFrontier else { return nil }
            self.init(chinchilla)
        } else {
            self.init(solving: law, theta: theta)
        }
    }

    /// The frontier solved numerically (``TrainingPlan/optimal(law:theta:flops:)``), for any law
    /// of N and D with a floor — the Chinchilla form too, which tests the solver.
    package init?(solving law: any CatalogLaw, theta: [Double]) {
        guard law.isLawOfNAndD, let floor = law.floor(theta), floor.isFinite
        else { return nil }
        self.floor = floor
        plan = { TrainingPlan.optimal(law: law, theta: theta, flops: $0) }
        chinchilla = nil
    }

    /// The budget whose compute-optimal run reaches `loss`, or nil when no budget in 1…1e300
    /// FLOPs does (at or below the floor). The closed form for the Chinchilla form; otherwise the
    /// frontier's loss, which falls with compute, is bracketed by decades from `start` and the
    /// budget bisected on log C to 10⁻¹² (relative).
    public func flops(forLoss loss: Double, near start: Double) -> Double? {
        if let law = chinchilla { return loss > law.E ? law.flops(forReducibleLoss: loss - law.E) : nil }
        guard loss > floor else { return nil }
        func above(_ u: Double) -> Bool? { plan(Double.exp(u)).map { $0.loss > loss } }
        let decade = Double.log(10), top = Double.log(1e300), bottom = 0.0
        // Each end is a Brent solve: evaluated once per step of the bracket.
        var lo = Double.log(start), hi = lo
        var state = above(hi)
        while state == true {
            hi += decade
            if hi > top { return nil }
            state = above(hi)
        }
        guard state == false else { return nil }
        state = above(lo)
        while state == false {
            lo -= decade
            if lo < bottom { return nil }
            state = above(lo)
        }
        guard state == true else { return nil }
        for _ in 0..<200 where hi - lo > 1e-12 * max(1, abs(hi)) {
            let mid = (lo + hi) / 2
            guard let up = above(mid) else { return nil }
            if up { lo = mid } else { hi = mid }
        }
        return Double.exp((lo + hi) / 2)
    }
}

/// The diminishing-returns table along a law's compute-optimal frontier.
///
/// For the Chinchilla form, along the frontier the reducible loss falls as `C^(−γ)`, `γ = αβ/(α+β)`, so each further cut of
/// the reducible loss by a fraction `f` costs the same compute multiplier
/// ```
/// m = (1/(1 − f))^((α+β)/(αβ))
/// ```
/// (1.806× per 10 % with Besiroglu et al.'s α = 0.3478, β = 0.3658). Cuts of the *total* loss get
/// dearer at every step and become impossible once the target falls to E. Other laws of N and D
/// (Kaplan et al.'s) have no constant multiplier: each step's budget is solved for.
package struct DiminishingReturns: Sendable {
    /// One step of the table.
    package struct Step: Sendable, Equatable, Codable {
        /// 1 for the first cut.
        package var step: Int
        /// The loss reached.
        package var loss: Double
        /// Loss above E.
        package var reducibleLoss: Double
        /// Compute of the compute-optimal run that reaches it; nil when impossible.
        package var flops: Double?
        /// Compute over the previous step's; nil when impossible.
        package var multiplier: Double?
        /// The optimal model size at that compute.
        package var parameters: Double?
        package var tokens: Double?
        /// What a run of `flops` costs, when hardware was given.
        package var cost: ComputeCost?

        /// False when the target is at or below the irreducible loss E.
        package var isPossible: Bool { flops != nil }

        enum CodingKeys: String, CodingKey {
            case step, loss, flops, multiplier, parameters, tokens, cost
            case reducibleLoss = "reducible_loss"
        }
    }

    /// What is cut by `fraction` at each step.
    package enum Target: String, Sendable, Codable, CaseIterable {
        /// L − E.
        case reducible
        /// L itself.
        case total
    }

    package var frontier: ComputeFrontier
    /// The law, when it has the Chinchilla form.
    package var law: ChinchillaLaw? { frontier.chinchilla }
    /// The starting run.
    package var start: TrainingPlan
    package var fraction: Double
    package var target: Target
    package var steps: [Step]

    /// The constant compute multiplier per reducible-loss cut of `fraction`.
    package static func multiplier(perCut fraction: Double, alpha: Double, beta: Double) -> Double {
        Double.pow(1 / (1 - fraction), (alpha + beta) / (alpha * beta))
    }

    /// Builds `count` steps from the compute-optimal run at `flops`.
    ///
    /// - Parameters:
    ///   - fraction: The cut per step, in (0, 1).
    ///   - price: Turns each run's FLOPs into dollars, energy and CO2 when given.
    /// - Complexity: O(count).
    package init(
        law: ChinchillaLaw, from flops: Double, fraction: Double = 0.1, steps count: Int = 10,
        target: Target = .reducible,
        price: ((Double) -> ComputeCost)? = nil
    ) {
        self.init(
            frontier: ComputeFrontier(law), start: law.plan(flops: flops), fraction: fraction, steps: count,
            target: target, price: price)
    }

    /// Builds `count` steps along any frontier from its run `start`.
    package init(
        frontier: ComputeFrontier, start: TrainingPlan, fraction: Double = 0.1, steps count: Int = 10,
        target: Target = .reducible, price: ((Double) -> ComputeCost)? = nil
    ) {
        precondition(fraction > 0 && fraction < 1, "fraction must be in (0, 1), got \(fraction)")
        self.frontier = frontier
        self.fraction = fraction
        self.target = target
        self.start = start
        let flops = start.flops
        let floor = frontier.floor
        var steps: [Step] = []
        var previous: Double? = flops
        for k in 1...max(1, count) {
            let keep = Double.pow(1 - fraction, Double(k))
            let loss = target == .reducible ? floor + (start.loss - floor) * keep : start.loss * keep
            let reducible = loss - floor
            guard reducible > 0, let c = frontier.flops(forLoss: loss, near: previous ?? flops),
                let plan = frontier.plan(c)
            else {
                steps.append(Step(step: k, loss: loss, reducibleLoss: reducible, flops: nil, multiplier: nil))
                previous = nil
                continue
            }
            steps.append(
                Step(
                    step: k, loss: loss, reducibleLoss: reducible, flops: c, multiplier: previous.map { c / $0 },
                    parameters: plan.parameters, tokens: plan.tokens, cost: price?(c)))
            previous = c
        }
        self.steps = steps
    }
}
