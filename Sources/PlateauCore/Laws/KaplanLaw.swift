import RealModule

/// The joint law of Kaplan et al. 2020, "Scaling Laws for Neural Language Models", Eq. 1.5:
/// ```
/// L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D
/// ```
/// N counts non-embedding parameters, D tokens; loss in nats per token on their WebText2 test set.
package struct KaplanLaw: Sendable, Equatable, Codable {
    package var nC: Double
    package var dC: Double
    package var alphaN: Double
    package var alphaD: Double

    package init(nC: Double, dC: Double, alphaN: Double, alphaD: Double) {
        self.nC = nC
        self.dC = dC
        self.alphaN = alphaN
        self.alphaD = alphaD
    }

    /// Their Table 2 fit: α_N = 0.076, α_D = 0.103, N_c = 6.4e13, D_c = 1.8e13.
    package static let kaplan2020 = KaplanLaw(nC: 6.4e13, dC: 1.8e13, alphaN: 0.076, alphaD: 0.103)

    /// - Complexity: O(1).
    package func loss(parameters: Double, tokens: Double) -> Double {
        let n = Double.pow(nC / parameters, alphaN / alphaD)
        return Double.pow(n + dC / tokens, alphaD)
    }
}

/// Kaplan et al. 2020's compute-efficient frontier (Section 6, Table 6, and Eq. 1.3):
/// ```
/// N(C_min) ≈ 1.3·10⁹ · (C_min / PF-day)^0.73
/// D(C_min) ≈ 2·10¹⁰ · (C_min / PF-day)^0.27
/// L(C_min) = (C_c^min / C_min)^0.050,  C_c^min ≈ 3.1·10⁸ PF-days
/// ```
/// This, not Eq. 1.5 minimised along C = 6·N·D, is their compute-optimal allocation: Eq. 1.5 is
/// the early-stopped loss at a dataset size, not the loss after training on D tokens. C_min is
/// the compute a loss needs at a batch size far below the critical one; training at the critical
/// batch size takes about 2·C_min (their Eq. 5.5), so 6·N·D on this frontier is 1.8·C_min with the
/// rounded constants, not C_min.
package struct KaplanFrontier: Sendable, Equatable {
    package var parameterCoefficient: Double
    package var parameterExponent: Double
    package var tokenCoefficient: Double
    package var tokenExponent: Double
    /// C_c^min in PF-days and α_C^min of Eq. 1.3.
    package var lossScalePFDays: Double
    package var lossExponent: Double

    /// One PF-day: 10¹⁵ FLOP/s for a day.
    package static let pfDay = 1e15 * 86_400

    package static let kaplan2020 = KaplanFrontier(
        parameterCoefficient: 1.3e9, parameterExponent: 0.73, tokenCoefficient: 2e10, tokenExponent: 0.27,
        lossScalePFDays: 3.1e8, lossExponent: 0.050)

    /// The frontier's N, D and loss at `cMin` FLOPs of C_min; the plan's `flops` is C_min.
    ///
    /// - Complexity: O(1).
    package func plan(minimumCompute cMin: Double) -> TrainingPlan {
        let x = cMin / Self.pfDay
        return TrainingPlan(
            flops: cMin, parameters: parameterCoefficient * Double.pow(x, parameterExponent),
            tokens: tokenCoefficient * Double.pow(x, tokenExponent),
            loss: Double.pow(lossScalePFDays / x, lossExponent))
    }

    /// The C_min (FLOPs) at which Eq. 1.3 reaches `loss` (> 0).
    package func minimumCompute(forLoss loss: Double) -> Double {
        lossScalePFDays * Self.pfDay * Double.pow(loss, -1 / lossExponent)
    }

    /// 6·N·D over C_min on the frontier (constant: the exponents sum to 1).
    package var trainingComputeRatio: Double {
        6 * parameterCoefficient * tokenCoefficient / Self.pfDay
    }
}
