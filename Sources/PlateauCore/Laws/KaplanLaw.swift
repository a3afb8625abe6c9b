import RealModule

/// The joint law of Kaplan et al. 2020, "Scaling Laws for Neural Language Models", Eq. 1.5:
/// ```
/// L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D
/// ```
/// N counts non-embedding parameters, D tokens; loss in nats per token on their WebText2 test set.
public struct KaplanLaw: Sendable, Equatable, Codable {
    public var nC: Double
    public var dC: Double
    public var alphaN: Double
    public var alphaD: Double

    public init(nC: Double, dC: Double, alphaN: Double, alphaD: Double) {
        self.nC = nC
        self.dC = dC
        self.alphaN = alphaN
        self.alphaD = alphaD
    }

    /// Their Table 2 fit: α_N = 0.076, α_D = 0.103, N_c = 6.4e13, D_c = 1.8e13.
    public static let kaplan2020 = KaplanLaw(nC: 6.4e13, dC: 1.8e13, alphaN: 0.076, alphaD: 0.103)

    /// - Complexity: O(1).
    public func loss(parameters: Double, tokens: Double) -> Double {
        let n = Double.pow(nC / parameters, alphaN / alphaD)
        return Double.pow(n + dC / tokens, alphaD)
    }
}

/// Kaplan et al. 2020's compute-efficient frontier (Section 6, Table 5, and Eq. 1.3):
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
public struct KaplanFrontier: Sendable, Equatable {
    public var parameterCoefficient: Double
    public var parameterExponent: Double
    public var tokenCoefficient: Double
    public var tokenExponent: Double
    /// C_c^min in PF-days and α_C^min of Eq. 1.3.
    public var lossScalePFDays: Double
    public var lossExponent: Double

    /// One PF-day: 10¹⁵ FLOP/s for a day.
    public static let pfDay = 1e15 * 86_400

    public static let kaplan2020 = KaplanFrontier(
        parameterCoefficient: 1.3e9, parameterExponent: 0.73, tokenCoefficient: 2e10, tokenExponent: 0.27,
        lossScalePFDays: 3.1e8, lossExponent: 0.050)

    /// The frontier's N, D and loss at `cMin` FLOPs of C_min; the plan's `flops` is C_min.
    ///
    /// - Complexity: O(1).
    public func plan(minimumCompute cMin: Double) -> TrainingPlan {
        let x = cMin / Self.pfDay
        return TrainingPlan(
            flops: cMin, parameters: parameterCoefficient * Double.pow(x, parameterExponent),
            tokens: tokenCoefficient * Double.pow(x, tokenExponent),
            loss: Double.pow(lossScalePFDays / x, lossExponent))
    }

    /// The C_min (FLOPs) at which Eq. 1.3 reaches `loss` (> 0).
    public func minimumCompute(forLoss loss: Double) -> Double {
        lossScalePFDays * Self.pfDay * Double.pow(loss, -1 / lossExponent)
    }

    /// 6·N·D over C_min on the frontier (constant: the exponents sum to 1).
    public var trainingComputeRatio: Double {
        6 * parameterCoefficient * tokenCoefficient / Self.pfDay
    }
}
