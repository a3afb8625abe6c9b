/// Limited-memory BFGS with a Moré–Thuente strong-Wolfe line search.
///
/// Nocedal, J. (1980), "Updating quasi-Newton matrices with limited storage", Math. Comp. 35;
/// Liu, D. C. & Nocedal, J. (1989), "On the limited memory BFGS method for large scale
/// optimization". The search direction is the two-loop recursion over the last `memory` pairs
/// (s, y) with the initial scaling γ = sᵀy / yᵀy; a pair is kept only when sᵀy > ε·yᵀy, which
/// keeps the inverse-Hessian approximation positive definite.
///
/// Stops when the largest gradient component is at most `gradientTolerance`, or when one
/// iteration lowers the objective by at most `objectiveTolerance · max(|fₖ|, |fₖ₊₁|, 1)` (the
/// tests of L-BFGS-B, so results compare with scipy's), or after `maxIterations`.
///
/// - Complexity: O(m·n) time and memory per iteration for memory `m` and dimension `n`, plus
///   the objective's own cost per line-search evaluation.
public struct LBFGS: Sendable {
    /// How many correction pairs to keep.
    public var memory = 10
    /// Largest number of iterations.
    public var maxIterations = 1_000
    /// Stop when ‖∇f‖∞ ≤ this.
    public var gradientTolerance = 1e-5
    /// Stop when an iteration's decrease is at most this times max(|fₖ|, |fₖ₊₁|, 1).
    /// The default is L-BFGS-B's `factr = 10⁷` times machine epsilon.
    public var objectiveTolerance = 1e7 * Double.ulpOfOne
    /// The line search.
    public var lineSearch = MoreThuente()

    public init() {}

    /// Why a minimisation stopped.
    public enum StopReason: String, Sendable, Codable, Equatable {
        /// ‖∇f‖∞ fell to the gradient tolerance.
        case gradientTolerance = "gradient-tolerance"
        /// The relative decrease in one iteration fell to the objective tolerance.
        case objectiveTolerance = "objective-tolerance"
        /// The iteration limit was reached.
        case maxIterations = "max-iterations"
        /// The line search found no acceptable step, even along steepest descent.
        case lineSearchFailed = "line-search-failed"
        /// The objective or its gradient was not finite at the start point.
        case nonFiniteStart = "non-finite-start"

        /// True for the two convergence tests.
        public var isConvergence: Bool { self == .gradientTolerance || self == .objectiveTolerance }
    }

    /// The outcome of one minimisation.
    public struct Result: Sendable {
        /// The final point.
        public var x: [Double]
        /// f at the final point.
        public var value: Double
        /// ‖∇f‖∞ at the final point.
        public var gradientNorm: Double
        public var iterations: Int
        /// Function-and-gradient evaluations, line search included.
        public var evaluations: Int
        public var stopReason: StopReason
        /// True when a convergence test stopped the run.
        public var converged: Bool { stopReason.isConvergence }
    }

    /// Minimises `objective` from `start`.
    ///
    /// The objective never increases from one iteration to the next.
    public func minimize<F: DifferentiableObjective>(_ objective: F, from start: [Double]) -> Result {
        let n = objective.dimension
        precondition(start.count == n, "start has \(start.count) values, objective needs \(n)")
        var x = start
        var g = [Double](repeating: 0, count: n)
        var f = objective.value(at: x, gradient: &g)
        var evaluations = 1
        guard f.isFinite, g.allSatisfy(\.isFinite) else {
            return Result(
                x: x, value: f, gradientNorm: .nan, iterations: 0, evaluations: 1, stopReason: .nonFiniteStart)
        }
        if maxMagnitude(g) <= gradientTolerance {
            return Result(
                x: x, value: f, gradientNorm: maxMagnitude(g), iterations: 0, evaluations: 1,
                stopReason: .gradientTolerance)
        }

        let m = max(1, memory)
        var sHistory = [[Double]](repeating: [Double](repeating: 0, count: n), count: m)
        var yHistory = sHistory
        var rho = [Double](repeating: 0, count: m)
        var alpha = [Double](repeating: 0, count: m)
        var stored = 0, newest = -1
        var d = [Double](repeating: 0, count: n)
        var xOld = [Double](repeating: 0, count: n), gOld = xOld
        var workspace = MoreThuente.Workspace(dimension: n)

        var iteration = 0
        var stopReason = StopReason.maxIterations
        while iteration < maxIterations {
            // Direction by the two-loop recursion (steepest descent while history is empty).
            for i in 0..<n { d[i] = -g[i] }
            if stored > 0 {
                var k = newest
                for _ in 0..<stored {
                    alpha[k] = rho[k] * dot(sHistory[k], d)
                    for i in 0..<n { d[i] -= alpha[k] * yHistory[k][i] }
                    k = (k - 1 + m) % m
                }
                let yy = dot(yHistory[newest], yHistory[newest])
                let gamma = 1 / (rho[newest] * yy)
                for i in 0..<n { d[i] *= gamma }
                k = (newest - stored + 1 + m) % m
                for _ in 0..<stored {
                    let beta = rho[k] * dot(yHistory[k], d)
                    for i in 0..<n { d[i] += sHistory[k][i] * (alpha[k] - beta) }
                    k = (k + 1) % m
                }
            }
            var step = stored == 0 ? 1 / dot(d, d).squareRoot() : 1.0
            if !(dot(d, g) < 0) {
                // Lost descent (rounding): restart from steepest descent.
                stored = 0
                for i in 0..<n { d[i] = -g[i] }
                step = 1 / dot(d, d).squareRoot()
            }
            for i in 0..<n {
                xOld[i] = x[i]
                gOld[i] = g[i]
            }
            let fOld = f
            var outcome = lineSearch.search(
                objective, x: &x, value: &f, gradient: &g, direction: d, step: &step, evaluations: &evaluations,
                workspace: &workspace)
            if outcome == .failed && stored > 0 {
                // The quasi-Newton model misled the search: forget it, try steepest descent.
                stored = 0
                for i in 0..<n { d[i] = -g[i] }
                step = 1 / dot(d, d).squareRoot()
                outcome = lineSearch.search(
                    objective, x: &x, value: &f, gradient: &g, direction: d, step: &step, evaluations: &evaluations,
                    workspace: &workspace)
            }
            if outcome == .failed {
                stopReason = .lineSearchFailed
                break
            }
            iteration += 1

            if maxMagnitude(g) <= gradientTolerance {
                stopReason = .gradientTolerance
                break
            }
            if fOld - f <= objectiveTolerance * max(fOld.magnitude, f.magnitude, 1) {
                stopReason = .objectiveTolerance
                break
            }
            // Store the correction pair when the curvature condition holds.
            newest = (newest + 1) % m
            var ys = 0.0, yy = 0.0
            for i in 0..<n {
                let s = x[i] - xOld[i], y = g[i] - gOld[i]
                sHistory[newest][i] = s
                yHistory[newest][i] = y
                ys += s * y
                yy += y * y
            }
            if ys > Double.ulpOfOne * yy {
                rho[newest] = 1 / ys
                stored = min(stored + 1, m)
            } else {
                newest = (newest - 1 + m) % m
            }
        }
        return Result(
            x: x, value: f, gradientNorm: maxMagnitude(g), iterations: iteration,
            evaluations: evaluations, stopReason: stopReason)
    }
}
