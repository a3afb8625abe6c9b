/// The Moré–Thuente line search: finds a step satisfying the strong Wolfe conditions.
///
/// ```
/// f(x + t·d) ≤ f(x) + c₁·t·∇f(x)ᵀd          (sufficient decrease)
/// |∇f(x + t·d)ᵀd| ≤ c₂·|∇f(x)ᵀd|            (curvature)
/// ```
/// Moré, J. J. & Thuente, D. J. (1994), "Line search algorithms with guaranteed sufficient
/// decrease", ACM TOMS 20(3). This is the algorithm of MINPACK-2's `dcsrch`/`dcstep` (the one
/// L-BFGS-B uses), written from the paper's description: safeguarded cubic and quadratic
/// interpolation inside an interval of uncertainty that is guaranteed to contain a point
/// satisfying both conditions, with a modified function in the first stage.
///
/// A trial step whose value or slope is not finite is treated as outside the domain: the step is
/// halved towards the best point so far.
public struct MoreThuente: Sendable {
    /// c₁, the sufficient-decrease constant.
    public var decrease = 1e-4
    /// c₂, the curvature constant (0.9 suits quasi-Newton directions).
    public var curvature = 0.9
    /// Relative width of the interval of uncertainty at which the search gives up.
    public var stepTolerance = 0.1
    /// Largest step allowed.
    public var maxStep = 1e20
    /// Most function evaluations in one search.
    public var maxEvaluations = 20

    public init() {}

    /// How a search ended.
    public enum Outcome: Sendable, Equatable {
        /// Both Wolfe conditions hold at the returned step.
        case converged
        /// The interval shrank below `stepTolerance`, or rounding errors prevent progress; the
        /// returned step is the best found and satisfies sufficient decrease if any step did.
        case intervalTooSmall
        /// `maxEvaluations` were used.
        case tooManyEvaluations
        /// No step decreased the function.
        case failed
    }

    /// Searches along `direction` from `x`.
    ///
    /// - Parameters:
    ///   - objective: The function.
    ///   - x: The start point; on return, the accepted point.
    ///   - value: f(x) on entry; f at the accepted point on return.
    ///   - gradient: ∇f(x) on entry; the gradient at the accepted point on return.
    ///   - direction: A descent direction (∇f(x)ᵀd < 0).
    ///   - step: The first trial step; on return, the accepted step.
    ///   - evaluations: Incremented once per function evaluation.
    /// - Returns: How the search ended. On ``Outcome/failed`` `x`, `value` and `gradient` are
    ///   unchanged.
    public func search<F: DifferentiableObjective>(
        _ objective: F, x: inout [Double], value: inout Double, gradient: inout [Double],
        direction: [Double], step: inout Double, evaluations: inout Int
    ) -> Outcome {
        var workspace = Workspace(dimension: x.count)
        return search(
            objective, x: &x, value: &value, gradient: &gradient, direction: direction, step: &step,
            evaluations: &evaluations, workspace: &workspace)
    }

    /// Scratch vectors for ``search(_:x:value:gradient:direction:step:evaluations:workspace:)``,
    /// reused across searches so that a search allocates nothing.
    public struct Workspace: Sendable {
        var trialX: [Double]
        var trialGradient: [Double]
        var bestX: [Double]
        var bestGradient: [Double]

        public init(dimension n: Int) {
            trialX = [Double](repeating: 0, count: n)
            trialGradient = trialX
            bestX = trialX
            bestGradient = trialX
        }
    }

    /// The search, with caller-owned scratch space.
    public func search<F: DifferentiableObjective>(
        _ objective: F, x: inout [Double], value: inout Double, gradient: inout [Double],
        direction: [Double], step: inout Double, evaluations: inout Int, workspace: inout Workspace
    ) -> Outcome {
        let n = x.count
        let finit = value
        let ginit = dot(gradient, direction)
        guard ginit < 0, step > 0 else { return .failed }
        let gtest = decrease * ginit
        let xtrapl = 1.1, xtrapu = 4.0

        var brackt = false
        var stage1 = true
        var width = maxStep
        var width1 = 2 * width
        // Best point (stx), other end of the interval (sty).
        var stx = 0.0, fx = finit, gx = ginit
        var sty = 0.0, fy = finit, gy = ginit
        var stmin = 0.0
        var stmax = step + xtrapu * step
        var stp = min(step, maxStep)

        // The lowest point so far (other than the start), to return on early exits.
        var bestF = finit, bestStep = 0.0

        for _ in 0..<maxEvaluations {
            for i in 0..<n { workspace.trialX[i] = x[i] + stp * direction[i] }
            let f = objective.value(at: workspace.trialX, gradient: &workspace.trialGradient)
            evaluations += 1
            let g = dot(workspace.trialGradient, direction)
            guard f.isFinite, g.isFinite else {
                // Outside the domain: shrink towards the best point and bracket.
                brackt = true
                sty = stp; fy = .infinity; gy = .infinity
                stmax = max(stx, stp); stmin = min(stx, stp)
                stp = stx + 0.5 * (stp - stx)
                if (stp - stx).magnitude <= 1e-16 * max(1, stx.magnitude) { break }
                continue
            }
            if f < bestF {
                for i in 0..<n {
                    workspace.bestX[i] = workspace.trialX[i]
                    workspace.bestGradient[i] = workspace.trialGradient[i]
                }
                bestF = f
                bestStep = stp
            }
            let ftest = finit + stp * gtest
            if stage1 && f <= ftest && g >= 0 { stage1 = false }

            // Convergence: both strong Wolfe conditions.
            if f <= ftest && g.magnitude <= curvature * (-ginit) {
                for i in 0..<n {
                    x[i] = workspace.trialX[i]
                    gradient[i] = workspace.trialGradient[i]
                }
                value = f
                step = stp
                return .converged
            }
            if brackt && (stp <= stmin || stp >= stmax) { break }
            if brackt && stmax - stmin <= stepTolerance * stmax { break }
            if stp == maxStep && f <= ftest && g <= gtest { break }

            if stage1 && f <= fx && f > ftest {
                // Modified function ψ(t) = f(t) − f(0) − c₁·t·f'(0) in the first stage.
                var fxm = fx - stx * gtest, fym = fy - sty * gtest
                var gxm = gx - gtest, gym = gy - gtest
                let fm = f - stp * gtest, gm = g - gtest
                Self.step(
                    stx: &stx, fx: &fxm, dx: &gxm, sty: &sty, fy: &fym, dy: &gym,
                    stp: &stp, fp: fm, dp: gm, brackt: &brackt, stpmin: stmin, stpmax: stmax)
                fx = fxm + stx * gtest; fy = fym + sty * gtest
                gx = gxm + gtest; gy = gym + gtest
            } else {
                Self.step(
                    stx: &stx, fx: &fx, dx: &gx, sty: &sty, fy: &fy, dy: &gy,
                    stp: &stp, fp: f, dp: g, brackt: &brackt, stpmin: stmin, stpmax: stmax)
            }
            if brackt {
                if (sty - stx).magnitude >= 0.66 * width1 { stp = stx + 0.5 * (sty - stx) }
                width1 = width
                width = (sty - stx).magnitude
                stmin = min(stx, sty); stmax = max(stx, sty)
            } else {
                stmin = stp + xtrapl * (stp - stx)
                stmax = stp + xtrapu * (stp - stx)
            }
            stp = min(max(stp, 0), maxStep)
            if brackt && (stp <= stmin || stp >= stmax || stmax - stmin <= stepTolerance * stmax) {
                stp = stx
            }
            if !stp.isFinite {
                // Interpolation through a non-finite end: bisect instead.
                guard brackt else { break }
                stp = stx + 0.5 * (sty - stx)
            }
        }
        guard bestStep > 0, bestF < finit else { return .failed }
        for i in 0..<n {
            x[i] = workspace.bestX[i]
            gradient[i] = workspace.bestGradient[i]
        }
        value = bestF
        step = bestStep
        return bestF <= finit + bestStep * gtest ? .intervalTooSmall : .tooManyEvaluations
    }

    /// One safeguarded step of Moré & Thuente (their Section 4, cases 1–4): updates the interval
    /// of uncertainty [stx, sty] and proposes the next trial step.
    // swiftlint:disable:next function_parameter_count
    static func step(
        stx: inout Double, fx: inout Double, dx: inout Double,
        sty: inout Double, fy: inout Double, dy: inout Double,
        stp: inout Double, fp: Double, dp: Double,
        brackt: inout Bool, stpmin: Double, stpmax: Double
    ) {
        let sgnd = dp * (dx / dx.magnitude)
        var stpf: Double
        if fp > fx {
            // Case 1: higher value. The minimum is bracketed.
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            let s = max(theta.magnitude, dx.magnitude, dp.magnitude)
            var gamma = s * ((theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
            if stp < stx { gamma = -gamma }
            let p = (gamma - dx) + theta
            let q = ((gamma - dx) + gamma) + dp
            let stpc = stx + (p / q) * (stp - stx)
            let stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2) * (stp - stx)
            stpf = (stpc - stx).magnitude < (stpq - stx).magnitude ? stpc : stpc + (stpq - stpc) / 2
            brackt = true
        } else if sgnd < 0 {
            // Case 2: lower value, derivatives of opposite sign. Bracketed.
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            let s = max(theta.magnitude, dx.magnitude, dp.magnitude)
            var gamma = s * ((theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
            if stp > stx { gamma = -gamma }
            let p = (gamma - dp) + theta
            let q = ((gamma - dp) + gamma) + dx
            let stpc = stp + (p / q) * (stx - stp)
            let stpq = stp + (dp / (dp - dx)) * (stx - stp)
            stpf = (stpc - stp).magnitude > (stpq - stp).magnitude ? stpc : stpq
            brackt = true
        } else if dp.magnitude < dx.magnitude {
            // Case 3: lower value, same-sign derivative that decreases in magnitude.
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            let s = max(theta.magnitude, dx.magnitude, dp.magnitude)
            var gamma = s * max(0, (theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
            if stp > stx { gamma = -gamma }
            let p = (gamma - dp) + theta
            let q = (gamma + (dx - dp)) + gamma
            let r = p / q
            let stpc: Double
            if r < 0 && gamma != 0 {
                stpc = stp + r * (stx - stp)
            } else {
                stpc = stp > stx ? stpmax : stpmin
            }
            let stpq = stp + (dp / (dp - dx)) * (stx - stp)
            if brackt {
                stpf = (stpc - stp).magnitude < (stpq - stp).magnitude ? stpc : stpq
                stpf = stp > stx ? min(stp + 0.66 * (sty - stp), stpf) : max(stp + 0.66 * (sty - stp), stpf)
            } else {
                stpf = (stpc - stp).magnitude > (stpq - stp).magnitude ? stpc : stpq
                stpf = max(stpmin, min(stpmax, stpf))
            }
        } else {
            // Case 4: lower value, same-sign derivative that does not decrease.
            if brackt {
                let theta = 3 * (fp - fy) / (sty - stp) + dy + dp
                let s = max(theta.magnitude, dy.magnitude, dp.magnitude)
                var gamma = s * ((theta / s) * (theta / s) - (dy / s) * (dp / s)).squareRoot()
                if stp > sty { gamma = -gamma }
                let p = (gamma - dp) + theta
                let q = ((gamma - dp) + gamma) + dy
                stpf = stp + (p / q) * (sty - stp)
            } else {
                stpf = stp > stx ? stpmax : stpmin
            }
        }
        // Update the interval of uncertainty.
        if fp > fx {
            sty = stp; fy = fp; dy = dp
        } else {
            if sgnd < 0 { sty = stx; fy = fx; dy = dx }
            stx = stp; fx = fp; dx = dp
        }
        stp = stpf
    }
}
