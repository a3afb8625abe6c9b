import RealModule

/// Numerically stable log-sum-exp and its gradient (the softmax weights).
///
/// ```
/// LSE(t₁, …, tₖ) = m + log Σ exp(tᵢ − m),   m = max tᵢ
/// ∂LSE/∂tᵢ = exp(tᵢ − LSE)
/// ```
/// Shifting by the maximum keeps every exponential in [0, 1], so the result is finite for any
/// finite inputs.
public enum LogSumExp {
    /// LSE of three terms (the Chinchilla form in log space).
    ///
    /// - Returns: the value and the three softmax weights, which sum to 1.
    @inlinable
    public static func of(_ t1: Double, _ t2: Double, _ t3: Double)
        -> (value: Double, w1: Double, w2: Double, w3: Double)
    {
        let m = max(t1, max(t2, t3))
        let u1 = Double.exp(t1 - m), u2 = Double.exp(t2 - m), u3 = Double.exp(t3 - m)
        let s = u1 + u2 + u3
        let inv = 1 / s
        return (m + Double.log(s), u1 * inv, u2 * inv, u3 * inv)
    }

    /// LSE of any number of terms.
    ///
    /// - Precondition: `terms` is not empty.
    public static func of(_ terms: [Double]) -> Double {
        guard let m = terms.max() else { preconditionFailure("log-sum-exp of no terms") }
        if !m.isFinite { return m }
        var s = 0.0
        for t in terms { s += Double.exp(t - m) }
        return m + Double.log(s)
    }
}
