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
