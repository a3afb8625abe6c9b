import Foundation
import PlateauOptim
import RealModule

typealias Vector = SIMD4<Double>

/// The fitting objective of the Chinchilla law over a set of runs, with its exact gradient.
///
/// Works on the log-space parameters `θ = (a, b, e, α, β)`; the prediction is
/// ```
/// log L̂ᵢ = LSE(a − α·log Nᵢ, b − β·log Dᵢ, e)
/// ```
/// and with softmax weights `wᵢₖ` of the three terms, `∂ log L̂ᵢ/∂(a, b, e) = (wᵢ₁, wᵢ₂, wᵢ₃)`,
/// `∂ log L̂ᵢ/∂α = −wᵢ₁·log Nᵢ`, `∂ log L̂ᵢ/∂β = −wᵢ₂·log Dᵢ`.
///
/// - ``Estimator/huberLog``: `f(θ) = Σ ρ_δ(log Lᵢ − log L̂ᵢ)`.
/// - ``Estimator/leastSquares``: `f(θ) = Σ (Lᵢ − L̂ᵢ)²`.
/// - ``Estimator/huberLikelihood``: a sixth parameter `s = log σ` and
///   `f(θ, s) = Σ ρ_δ((log Lᵢ − log L̂ᵢ)/σ) + n·(s + log Z_δ)` where
///   `Z_δ = √(2π)·(1 − 2Φ̄(δ)) + 2·e^(−δ²/2)/δ` normalises the Huber density.
package struct ChinchillaObjective: DifferentiableObjective, Sendable {
    package let estimator: Estimator
    package let huber: Huber
    /// The number of runs.
    package let count: Int
    /// Mean log N and log D that the objective's coordinates are centred on (0 when not centred).
    package let logNCenter: Double
    package let logDCenter: Double
    // The runs in blocks of four, padded with harmless values that the mask zeroes out.
    let logNBlocks: [Vector]
    let logDBlocks: [Vector]
    let logLBlocks: [Vector]
    let lossBlocks: [Vector]
    let maskBlocks: [Vector]
    /// `log Z_δ`, the log normaliser of the unit-scale Huber density `exp(−ρ_δ(x))`.
    package let huberLogNormaliser: Double

    /// Prepares the objective for runs with `parameters` N, `tokens` D and `losses` L (all
    /// positive and finite).
    package init(
        parameters: [Double], tokens: [Double], losses: [Double], estimator: Estimator, delta: Double = 1e-3,
        centered: Bool = false
    ) {
        precondition(parameters.count == tokens.count && tokens.count == losses.count, "run columns differ in length")
        self.estimator = estimator
        huber = Huber(delta: delta)
        count = losses.count
        func blocks(_ values: [Double], padding: Double) -> [Vector] {
            stride(from: 0, to: values.count, by: 4).map { start in
                var v = Vector(repeating: padding)
                for k in 0..<Swift.min(4, values.count - start) { v[k] = values[start + k] }
                return v
            }
        }
        let logN = parameters.map { Double.log($0) }, logD = tokens.map { Double.log($0) }
        let cN = centered ? logN.reduce(0, +) / Double(Swift.max(1, logN.count)) : 0
        let cD = centered ? logD.reduce(0, +) / Double(Swift.max(1, logD.count)) : 0
        logNCenter = cN
        logDCenter = cD
        logNBlocks = blocks(logN.map { $0 - cN }, padding: 0)
        logDBlocks = blocks(logD.map { $0 - cD }, padding: 0)
        logLBlocks = blocks(losses.map { Double.log($0) }, padding: 0)
        lossBlocks = blocks(losses, padding: 1)
        maskBlocks = blocks([Double](repeating: 1, count: losses.count), padding: 0)
        let tail = 0.5 * erfc(delta / 2.0.squareRoot())  // Φ̄(δ), the standard normal tail
        huberLogNormaliser = Double.log(
            (2 * Double.pi).squareRoot() * (1 - 2 * tail) + 2 * Double.exp(-0.5 * delta * delta) / delta)
    }

    /// Maps `(a, b, e, α, β, …)` to the objective's coordinates `(a − α·c_N, b − β·c_D, e, α, β, …)`.
    package func coordinates(fromLogParameters p: [Double]) -> [Double] {
        var q = p
        q[0] = p[0] - p[3] * logNCenter
        q[1] = p[1] - p[4] * logDCenter
        return q
    }

    /// The inverse of ``coordinates(fromLogParameters:)``.
    package func logParameters(fromCoordinates q: [Double]) -> [Double] {
        var p = q
        p[0] = q[0] + q[3] * logNCenter
        p[1] = q[1] + q[4] * logDCenter
        return p
    }

    package var dimension: Int { estimator == .huberLikelihood ? 6 : 5 }

    package func value(at x: [Double], gradient: inout [Double]) -> Double {
        switch estimator {
        case .huberLog: huberLogValue(x, &gradient)
        case .leastSquares: leastSquaresValue(x, &gradient)
        case .huberLikelihood: likelihoodValue(x, &gradient)
        }
    }

    /// Runs the prediction over all runs four at a time and accumulates the objective and its
    /// gradient.
    ///
    /// `residual` gives, per lane, the objective term, its derivative with respect to the log
    /// prediction, and one extra term to sum (the scale's gradient for the likelihood). Lanes
    /// past the last run are masked out.
    ///
    /// When every exponent is within ±700 the three terms are exponentiated directly
    /// (`L̂ = e^(t₁) + e^(t₂) + E`: two table-driven vector exponentials and one logarithm);
    /// otherwise the block is shifted by its maximum first, the usual stable log-sum-exp.
    @inline(__always)
    private func accumulate<R: ResidualTerm>(_ x: [Double], _ g: inout [Double], _ residual: R) -> (
        value: Double, extra: Double
    ) {
        let a = x[0], b = x[1], e = x[2], alpha = x[3], beta = x[4]
        let directE = e > -700 && e < 700
        let tables = VectorMath.tables
        let bigE = Vector(repeating: Double.exp(e))
        let eVector = Vector(repeating: e)
        let limit = Vector(repeating: 700)
        var f = Vector(), ga = Vector(), gb = Vector(), ge = Vector(), gAlpha = Vector(), gBeta = Vector()
        var extra = Vector()
        logNBlocks.withUnsafeBufferPointer { lnN in
            logDBlocks.withUnsafeBufferPointer { lnD in
                maskBlocks.withUnsafeBufferPointer { mask in
                    for j in 0..<lnN.count {
                        let t1 = a - alpha * lnN[j], t2 = b - beta * lnD[j]
                        let u1: Vector, u2: Vector, u3: Vector, sum: Vector, prediction: Vector
                        let inRange = (t1 .< limit) .& (t1 .> -limit) .& (t2 .< limit) .& (t2 .> -limit)
                        if directE && all(inRange) {
                            u1 = VectorMath.exp(t1, tables: tables)
                            u2 = VectorMath.exp(t2, tables: tables)
                            u3 = bigE
                            sum = u1 + u2 + u3
                            prediction = VectorMath.log(sum, tables: tables)
                        } else {
                            let m = pointwiseMax(pointwiseMax(t1, t2), eVector)
                            u1 = VectorMath.exp(t1 - m)
                            u2 = VectorMath.exp(t2 - m)
                            u3 = VectorMath.exp(eVector - m)
                            sum = u1 + u2 + u3
                            prediction = m + VectorMath.log(sum)
                        }
                        let term = residual.term(prediction, j)
                        let w = term.slope * mask[j] / sum
                        f += term.value * mask[j]
                        extra += term.extra * mask[j]
                        let g1 = w * u1, g2 = w * u2
                        ga += g1; gb += g2; ge += w * u3
                        gAlpha -= g1 * lnN[j]; gBeta -= g2 * lnD[j]
                    }
                }
            }
        }
        g[0] = ga.sum(); g[1] = gb.sum(); g[2] = ge.sum(); g[3] = gAlpha.sum(); g[4] = gBeta.sum()
        return (f.sum(), extra.sum())
    }

    private func huberLogValue(_ x: [Double], _ g: inout [Double]) -> Double {
        logLBlocks.withUnsafeBufferPointer { lnL in
            accumulate(x, &g, HuberLogTerm(logLoss: lnL, delta: Vector(repeating: huber.delta))).value
        }
    }

    private func leastSquaresValue(_ x: [Double], _ g: inout [Double]) -> Double {
        lossBlocks.withUnsafeBufferPointer { lin in
            accumulate(x, &g, SquaredTerm(loss: lin)).value
        }
    }

    private func likelihoodValue(_ x: [Double], _ g: inout [Double]) -> Double {
        let s = x[5]
        let term = { (lnL: UnsafeBufferPointer<Vector>) in
            HuberLikelihoodTerm(logLoss: lnL, delta: Vector(repeating: self.huber.delta), inverseScale: Double.exp(-s))
        }
        let (f, gs) = logLBlocks.withUnsafeBufferPointer { lnL in accumulate(x, &g, term(lnL)) }
        let n = Double(count)
        g[5] = gs + n
        return f + n * (s + huberLogNormaliser)
    }
}

// MARK: - Residual terms

/// One estimator's per-run term, its slope in the log prediction, and an extra summand.
private protocol ResidualTerm {
    func term(_ prediction: Vector, _ block: Int) -> (value: Vector, slope: Vector, extra: Vector)
}

/// ρ_δ(log L − log L̂).
private struct HuberLogTerm: ResidualTerm {
    let logLoss: UnsafeBufferPointer<Vector>
    let delta: Vector

    @inline(__always)
    func term(_ prediction: Vector, _ block: Int) -> (value: Vector, slope: Vector, extra: Vector) {
        let r = logLoss[block] - prediction
        let clipped = clip(r, delta)
        // ρ(r) = clip·(r − clip/2): r²/2 inside [−δ, δ], δ(|r| − δ/2) outside.
        return (clipped * (r - 0.5 * clipped), -clipped, Vector())
    }
}

/// (L − L̂)².
private struct SquaredTerm: ResidualTerm {
    let loss: UnsafeBufferPointer<Vector>

    @inline(__always)
    func term(_ prediction: Vector, _ block: Int) -> (value: Vector, slope: Vector, extra: Vector) {
        let fitted = VectorMath.exp(prediction)
        let r = loss[block] - fitted
        return (r * r, -2 * r * fitted, Vector())
    }
}

/// ρ_δ((log L − log L̂)/σ), with ∂/∂s = −ρ'(z)·z as the extra term.
private struct HuberLikelihoodTerm: ResidualTerm {
    let logLoss: UnsafeBufferPointer<Vector>
    let delta: Vector
    let inverseScale: Double

    @inline(__always)
    func term(_ prediction: Vector, _ block: Int) -> (value: Vector, slope: Vector, extra: Vector) {
        let z = (logLoss[block] - prediction) * inverseScale
        let clipped = clip(z, delta)
        return (clipped * (z - 0.5 * clipped), -clipped * inverseScale, -clipped * z)
    }
}

@inline(__always)
private func pointwiseMax(_ u: Vector, _ v: Vector) -> Vector {
    u.replacing(with: v, where: v .> u)
}

/// `clamp(r, −δ, δ)` per lane, the Huber derivative ρ'_δ.
@inline(__always)
private func clip(_ r: Vector, _ delta: Vector) -> Vector {
    var c = r.replacing(with: delta, where: r .> delta)
    c.replace(with: -delta, where: c .< -delta)
    return c
}
