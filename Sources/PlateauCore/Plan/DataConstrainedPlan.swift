import PlateauOptim
import RealModule

/// The compute-optimal plan when unique data is limited, under the Muennighoff et al. 2023 law.
///
/// For a budget C and U unique tokens, minimises `L(N, C/(6N), U)` over N by Brent's method on
/// log N (the law has no closed-form optimum once data repeats), and reports epochs, effective
/// data, and the penalty against unlimited data.
package struct DataConstrainedPlan: Sendable {
    package var law: MuennighoffLaw
    package var uniqueTokens: Double
    /// The optimum under the data limit.
    package var plan: TrainingPlan
    /// The optimum of the same law with unlimited unique data (the base law's frontier).
    package var unlimited: TrainingPlan

    /// Passes over the unique data: D/U.
    package var epochs: Double { plan.tokens / uniqueTokens }
    /// D', the repeated tokens' worth in unique tokens.
    package var effectiveTokens: Double { law.effectiveTokens(tokens: plan.tokens, uniqueTokens: uniqueTokens) }
    /// Loss above the unlimited-data optimum at the same compute.
    package var lossPenalty: Double { plan.loss - unlimited.loss }

    /// The range of Muennighoff et al.'s 400-odd runs behind the law (the bundled final losses):
    /// 100M to 178B unique tokens, up to 9,000 epochs.
    package static let fittedUniqueTokens = 1e8...1.78e11
    package static let fittedMaxEpochs = 9_000.0

    /// Where the plan leaves the range the law was fitted on.
    package var warnings: [String] {
        var out: [String] = []
        if uniqueTokens < Self.fittedUniqueTokens.lowerBound {
            out.append(
                "the unique-token budget (\(String(format: "%g", uniqueTokens)) tokens) is below the smallest of Muennighoff et al.'s runs (1e8): the data-constrained law has not been tested there, so read its plan as a guess"
            )
        }
        if epochs > Self.fittedMaxEpochs {
            out.append(
                "the data-constrained plan repeats the data \(epochs < 1e15 ? "\(Int(epochs.rounded()))" : String(format: "%.3g", epochs)) times, beyond the most in Muennighoff et al.'s runs (9,000): the law has not been tested there"
            )
        }
        return out
    }

    /// - Precondition: `flops > 0`, `uniqueTokens > 0`.
    /// - Complexity: about 40 evaluations of the law.
    package init(law: MuennighoffLaw, flops: Double, uniqueTokens: Double) {
        precondition(flops > 0 && uniqueTokens > 0, "flops and unique tokens must be positive")
        self.law = law
        self.uniqueTokens = uniqueTokens
        unlimited = law.base.plan(flops: flops)
        let logC6 = Double.log(flops / 6)
        let center = Double.log(unlimited.parameters)
        let r = Brent.minimize(on: center - Double.log(1e4), min(center + Double.log(1e4), logC6), tolerance: 1e-10) {
            logN in
            law.loss(parameters: Double.exp(logN), tokens: Double.exp(logC6 - logN), uniqueTokens: uniqueTokens)
        }
        let n = Double.exp(r.x)
        plan = TrainingPlan(flops: flops, parameters: n, tokens: flops / (6 * n), loss: r.value)
    }
}
