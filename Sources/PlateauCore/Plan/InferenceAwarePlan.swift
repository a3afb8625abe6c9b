import PlateauOptim
import RealModule

/// Training plans that account for serving (Sardana et al. 2024, "Beyond Chinchilla-Optimal:
/// Accounting for Inference in Language Model Scaling Laws").
///
/// Serving `T` tokens costs ≈ 2·N·T FLOPs, so a smaller model trained on more tokens can reach the
/// same loss for less total compute. With costs per training and per serving FLOP `w_t`, `w_s`
/// (1 and 1 for FLOPs; dollars per FLOP on given hardware for dollars):
/// - **same loss**: minimise `w_t·6·N·D + w_s·2·N·T` subject to `L(N, D) = ℓ`, where for each N
///   `D(N) = (B / (ℓ − E − A·N^(−α)))^(1/β)`;
/// - **same budget**: minimise `L(N, D)` subject to `w_t·6·N·D + w_s·2·N·T = budget`.
/// Each is a one-dimensional problem in log N, solved by Brent's method.
package struct InferenceAwarePlan: Sendable {
    package var law: ChinchillaLaw
    /// Tokens to serve over the model's life.
    package var servedTokens: Double
    /// The Chinchilla-optimal plan it is compared with.
    package var chinchilla: TrainingPlan
    /// The inference-aware plan.
    package var plan: TrainingPlan
    /// Cost per training FLOP and per serving FLOP (1 and 1 when counting FLOPs).
    package var trainingWeight: Double
    package var servingWeight: Double

    /// Total cost of a plan: training plus serving.
    package func totalCost(_ p: TrainingPlan) -> Double {
        trainingWeight * 6 * p.parameters * p.tokens + servingWeight * 2 * p.parameters * servedTokens
    }

    /// The cheapest plan reaching the Chinchilla-optimal loss at `flops`.
    ///
    /// - Complexity: about 40 evaluations of the law.
    package static func sameLoss(
        law: ChinchillaLaw, flops: Double, servedTokens: Double, trainingWeight: Double = 1, servingWeight: Double = 1
    ) -> InferenceAwarePlan {
        let chinchilla = law.plan(flops: flops)
        let target = chinchilla.loss
        // N must exceed N_min where A·N^(−α) = ℓ − E (then D is finite).
        let logNMin = Double.log(law.A / (target - law.E)) / law.alpha
        func tokens(_ logN: Double) -> Double {
            let room = target - law.E - law.A * Double.exp(-law.alpha * logN)
            return Double.pow(law.B / room, 1 / law.beta)
        }
        func cost(_ logN: Double) -> Double {
            let n = Double.exp(logN), d = tokens(logN)
            guard d.isFinite && d > 0 else { return .infinity }
            return trainingWeight * 6 * n * d + servingWeight * 2 * n * servedTokens
        }
        let upper = max(logNMin + 1e-9, Double.log(chinchilla.parameters)) + 0.01
        let r = Brent.minimize(on: logNMin + 1e-9, upper, tolerance: 1e-10, cost)
        let n = Double.exp(r.x), d = tokens(r.x)
        let plan = TrainingPlan(flops: 6 * n * d, parameters: n, tokens: d, loss: law.loss(parameters: n, tokens: d))
        return InferenceAwarePlan(
            law: law, servedTokens: servedTokens, chinchilla: chinchilla, plan: plan, trainingWeight: trainingWeight,
            servingWeight: servingWeight)
    }

    /// The lowest-loss plan whose training plus serving cost equals that of the Chinchilla-optimal
    /// plan at `flops` served for `servedTokens`.
    package static func sameBudget(
        law: ChinchillaLaw, flops: Double, servedTokens: Double, trainingWeight: Double = 1, servingWeight: Double = 1
    ) -> InferenceAwarePlan {
        let chinchilla = law.plan(flops: flops)
        let budget =
            trainingWeight * 6 * chinchilla.parameters * chinchilla.tokens
            + servingWeight * 2 * chinchilla.parameters * servedTokens
        func tokens(_ logN: Double) -> Double {
            let n = Double.exp(logN)
            return (budget - servingWeight * 2 * n * servedTokens) / (trainingWeight * 6 * n)
        }
        // Serving alone must leave room for training: N < budget / (w_s·2·T).
        let logNMax = Double.log(budget / (servingWeight * 2 * servedTokens))
        // The bracket stays ordered when serving dominates the budget (N_max near N_chinchilla).
        let upper = logNMax - 1e-9
        let lower = min(Double.log(chinchilla.parameters), upper) - Double.log(1e4)
        let r = Brent.minimize(on: lower, upper, tolerance: 1e-10) {
            logN in
            let d = tokens(logN)
            return d > 0 ? law.loss(parameters: Double.exp(logN), tokens: d) : .infinity
        }
        let n = Double.exp(r.x), d = tokens(r.x)
        let plan = TrainingPlan(flops: 6 * n * d, parameters: n, tokens: d, loss: law.loss(parameters: n, tokens: d))
        return InferenceAwarePlan(
            law: law, servedTokens: servedTokens, chinchilla: chinchilla, plan: plan, trainingWeight: trainingWeight,
            servingWeight: servingWeight)
    }
}
