/// Brent's method for the minimum of a function of one variable on an interval.
///
/// Brent, R. P. (1973), *Algorithms for Minimization without Derivatives*, ch. 5: golden-section
/// steps safeguarding parabolic interpolation through the three best points. Converges
/// superlinearly on smooth functions and never slower than golden section; needs no derivative.
/// Used for the one-dimensional plans (compute-optimal under laws without a closed form,
/// inference-aware and data-constrained optima), where a coarse scan would not do.
public enum Brent {
    /// The outcome of a minimisation.
    public struct Result: Sendable, Equatable {
        /// The minimiser found.
        public var x: Double
        /// f(x).
        public var value: Double
        public var evaluations: Int
        /// True when the bracket shrank to the tolerance; false when the evaluation limit was hit.
        public var converged: Bool
    }

    /// Minimises `f` on `[lower, upper]`.
    ///
    /// - Parameters:
    ///   - lower: Left end; finite and below `upper`.
    ///   - upper: Right end.
    ///   - tolerance: Relative tolerance on x; the absolute tolerance is `tolerance·|x| + 1e-300`.
    ///     Below √ε ≈ 1.5e-8 there is nothing to gain: f is flat to rounding near a minimum.
    ///   - maxEvaluations: Evaluation limit.
    /// - Returns: The minimiser, which may be an end of the interval when f is monotone there.
    /// - Complexity: O(log(1/tolerance)) evaluations on smooth unimodal functions.
    public static func minimize(
        on lower: Double, _ upper: Double, tolerance: Double = 1.5e-8, maxEvaluations: Int = 500,
        _ f: (Double) -> Double
    ) -> Result {
        precondition(
            lower < upper && lower.isFinite && upper.isFinite, "Brent needs a finite interval, got [\(lower), \(upper)]"
        )
        let golden = 0.381_966_011_250_105_1  // (3 − √5)/2
        var a = lower, b = upper
        var x = a + golden * (b - a)
        var w = x, v = x
        var fx = f(x)
        var fw = fx, fv = fx
        var d = 0.0, e = 0.0
        var evaluations = 1
        while evaluations < maxEvaluations {
            let m = 0.5 * (a + b)
            let tol1 = tolerance * x.magnitude + 1e-300
            let tol2 = 2 * tol1
            if (x - m).magnitude <= tol2 - 0.5 * (b - a) {
                return Result(x: x, value: fx, evaluations: evaluations, converged: true)
            }
            var useGolden = true
            if e.magnitude > tol1 {
                // Parabola through (v, fv), (w, fw), (x, fx).
                var r = (x - w) * (fx - fv)
                var q = (x - v) * (fx - fw)
                var p = (x - v) * q - (x - w) * r
                q = 2 * (q - r)
                if q > 0 { p = -p } else { q = -q }
                r = e
                e = d
                if p.magnitude < (0.5 * q * r).magnitude && p > q * (a - x) && p < q * (b - x) {
                    d = p / q
                    let u = x + d
                    if u - a < tol2 || b - u < tol2 { d = m >= x ? tol1 : -tol1 }
                    useGolden = false
                }
            }
            if useGolden {
                e = x >= m ? a - x : b - x
                d = golden * e
            }
            let u = d.magnitude >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1)
            let fu = f(u)
            evaluations += 1
            if fu <= fx {
                if u >= x { a = x } else { b = x }
                v = w; fv = fw
                w = x; fw = fx
                x = u; fx = fu
            } else {
                if u < x { a = u } else { b = u }
                if fu <= fw || w == x {
                    v = w; fv = fw
                    w = u; fw = fu
                } else if fu <= fv || v == x || v == w {
                    v = u; fv = fu
                }
            }
        }
        return Result(x: x, value: fx, evaluations: evaluations, converged: false)
    }
}
