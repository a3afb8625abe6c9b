/// The Huber loss and its derivative.
///
/// ```
/// ρ_δ(r) = r²/2            if |r| ≤ δ
///        = δ·(|r| − δ/2)   otherwise
/// ρ'_δ(r) = clamp(r, −δ, δ)
/// ```
/// Huber (1964), "Robust Estimation of a Location Parameter". Hoffmann et al. (2022) fit their
/// Approach 3 with δ = 10⁻³ on log-loss residuals. The function is convex, even, continuously
/// differentiable, and quadratic near zero.
public struct Huber: Sendable, Equatable {
    /// The threshold between the quadratic and the linear parts; positive.
    public let delta: Double

    /// Creates a Huber loss with threshold `delta`.
    ///
    /// - Precondition: `delta > 0` and finite.
    public init(delta: Double) {
        precondition(delta > 0 && delta.isFinite, "Huber delta must be positive and finite, got \(delta)")
        self.delta = delta
    }

    /// ρ_δ(r).
    @inlinable
    public func value(_ r: Double) -> Double {
        let m = r.magnitude
        return m <= delta ? 0.5 * r * r : delta * (m - 0.5 * delta)
    }

    /// ρ'_δ(r) = clamp(r, −δ, δ).
    @inlinable
    public func derivative(_ r: Double) -> Double {
        min(max(r, -delta), delta)
    }
}
