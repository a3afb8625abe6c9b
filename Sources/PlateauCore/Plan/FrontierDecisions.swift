import Foundation
import RealModule

/// What a fitted law of N and D decides at a budget, with bootstrap intervals: the local
/// compute-optimal exponents (N_opt ∝ C^a, D_opt ∝ C^b), N_opt, D_opt and the loss at C, each
/// solved on the law's frontier (``ComputeFrontier``: Chinchilla's closed forms, any other law
/// numerically) for the estimate and for every bootstrap draw. Intervals are the draws'
/// percentiles, as for the parameters.
package struct FrontierDecisions: Sendable {
    package struct Row: Sendable {
        /// `a`, `b`, `N_opt`, `D_opt`, `loss`.
        package var name: String
        package var estimate: Double
        package var checked: Interval.Checked
        /// The interval to show, nil when withheld.
        package var interval: Interval? { checked.shown }
    }

    package var budget: Double
    package var level: Double
    package var rows: [Row]
    /// The interval of D_opt/N_opt over the draws (a ratio's interval is not the ratio of the
    /// intervals).
    package var tokensPerParameter: Interval?

    /// Nil when the law does not read N and D, has no floor, or has no optimum at the budget.
    package init?(law: any CatalogLaw, theta: [Double], draws: [[Double]], budget: Double, level: Double = 0.95) {
        guard let estimate = Self.values(law: law, theta: theta, budget: budget) else { return nil }
        self.budget = budget
        let drawn = draws.compactMap { Self.values(law: law, theta: $0, budget: budget) }
        self.level = level
        rows = Self.names.indices.map { j in
            Row(
                name: Self.names[j], estimate: estimate[j],
                checked: Interval.Checked(draws: drawn.map { $0[j] }.filter(\.isFinite), estimate: estimate[j], level: level))
        }
        tokensPerParameter =
            Interval.Checked(
                draws: drawn.map { $0[3] / $0[2] }.filter(\.isFinite), estimate: estimate[3] / estimate[2], level: level
            ).shown
    }

    static let names = ["a", "b", "N_opt", "D_opt", "loss"]

    /// Decisions whose interval is withheld because the resampled fits decide elsewhere or do
    /// not move (``LawBootstrap/withheldWarnings(_:of:level:)``).
    package var warnings: [FitWarning] {
        LawBootstrap.withheldWarnings(
            rows.map { ($0.name, $0.estimate, $0.checked) },
            of: " of the decisions at \(String(format: "%.3g", budget)) FLOPs", level: level)
    }

    /// (a, b, N_opt, D_opt, loss) of one θ at `budget`: the exponents are the Chinchilla form's
    /// β/(α+β) and α/(α+β), or for another law the slopes of log N_opt and log D_opt against
    /// log C across ±1 % of the budget.
    static func values(law: any CatalogLaw, theta: [Double], budget: Double) -> [Double]? {
        guard let frontier = ComputeFrontier(law: law, theta: theta), let plan = frontier.plan(budget) else {
            return nil
        }
        if let chinchilla = frontier.chinchilla {
            return [chinchilla.parameterExponent, chinchilla.tokenExponent, plan.parameters, plan.tokens, plan.loss]
        }
        let h = 0.01
        guard let up = frontier.plan(budget * Double.exp(h)), let down = frontier.plan(budget * Double.exp(-h)) else {
            return nil
        }
        let a = Double.log(up.parameters / down.parameters) / (2 * h)
        let b = Double.log(up.tokens / down.tokens) / (2 * h)
        return [a, b, plan.parameters, plan.tokens, plan.loss]
    }
}
