import PlateauOptim
import RealModule

typealias FloatVector = SIMD4<Float>

extension ChinchillaObjective {
    /// The same objective evaluated in single precision, for screening many starts cheaply.
    ///
    /// Same coordinates, same formula, same exact gradient, but the runs are held and the
    /// exponentials, logarithms and sums computed in `Float` (about 7 significant digits), four
    /// lanes per vector register. Values and gradients agree with the double-precision objective
    /// to about 1e-6 relative — plenty to find which basin a start falls into, not enough to
    /// report. See ``ChinchillaLaw/fit(parameters:tokens:losses:options:)`` for how the screen's
    /// results are finished in double precision.
    ///
    /// - Precondition: the estimator is `huber-log` or `least-squares` (the grid estimators).
    package var singlePrecision: SinglePrecisionChinchillaObjective { SinglePrecisionChinchillaObjective(self) }
}

/// ``ChinchillaObjective`` in single precision; see ``ChinchillaObjective/singlePrecision``.
///
/// For `huber-log` the per-run logarithm is avoided. With `qᵢ = L̂ᵢ/Lᵢ` the log residual is
/// `rᵢ = −log qᵢ`. Runs inside the Huber threshold (`e^(−δ) ≤ qᵢ ≤ e^δ`) need `rᵢ` itself, and
/// `−log qᵢ` is there a short series in `qᵢ − 1` (|qᵢ − 1| < 1.001·δ); runs outside contribute
/// `δ·(|rᵢ| − δ/2)`, and `Σ|rᵢ| = log Π max(qᵢ, 1/qᵢ)`: one logarithm per lane for the whole sum,
/// with the running product kept in range by moving its exponent into an integer. The slope
/// is `−rᵢ` inside and `±δ` outside, so the gradient needs no logarithm either.
package struct SinglePrecisionChinchillaObjective: DifferentiableObjective, Sendable {
    /// Answers where single precision would overflow.
    let base: ChinchillaObjective
    let estimator: Estimator
    let delta: Float
    let logN: [FloatVector]
    let logD: [FloatVector]
    let loss: [FloatVector]
    let inverseLoss: [FloatVector]
    let mask: [FloatVector]

    init(_ base: ChinchillaObjective) {
        precondition(
            base.estimator != .huberLikelihood, "the single-precision screen covers huber-log and least-squares")
        self.base = base
        estimator = base.estimator
        delta = Float(base.huber.delta)
        func narrow(_ blocks: [SIMD4<Double>]) -> [FloatVector] { blocks.map { FloatVector($0) } }
        logN = narrow(base.logNBlocks)
        logD = narrow(base.logDBlocks)
        loss = narrow(base.lossBlocks)
        inverseLoss = narrow(base.lossBlocks.map { 1 / $0 })
        mask = narrow(base.maskBlocks)
    }

    package var dimension: Int { 5 }

    package func value(at x: [Double], gradient g: inout [Double]) -> Double {
        // Outside single precision's comfortable range (|exponent| ≥ 80) the double-precision
        // objective answers instead.
        let a = Float(x[0]), b = Float(x[1]), e = Float(x[2]), alpha = Float(x[3]), beta = Float(x[4])
        guard a.isFinite, b.isFinite, alpha.isFinite, beta.isFinite, e > -80, e < 80 else {
            return base.value(at: x, gradient: &g)
        }
        let limit = FloatVector(repeating: 80)
        let bigE = FloatVector(repeating: Float.exp(e))
        let d = delta
        let lower = FloatVector(repeating: Float.exp(-d)), upper = FloatVector(repeating: Float.exp(d))
        let huber = estimator == .huberLog
        var f = FloatVector(), ga = FloatVector(), gb = FloatVector(), ge = FloatVector()
        var gAlpha = FloatVector(), gBeta = FloatVector()
        // Π max(q, 1/q) over runs outside the threshold, as mantissa·2^exponent per lane.
        var product = FloatVector(repeating: 1), exponent = SIMD4<Int32>()
        var outOfRange = false
        logN.withUnsafeBufferPointer { lnN in
            logD.withUnsafeBufferPointer { lnD in
                loss.withUnsafeBufferPointer { lin in
                    inverseLoss.withUnsafeBufferPointer { invL in
                        mask.withUnsafeBufferPointer { m in
                            for j in 0..<lnN.count {
                                let t1 = a - alpha * lnN[j], t2 = b - beta * lnD[j]
                                let inRange = (t1 .< limit) .& (t1 .> -limit) .& (t2 .< limit) .& (t2 .> -limit)
                                guard all(inRange) else { outOfRange = true; break }
                                let u1 = VectorMath.exp(t1), u2 = VectorMath.exp(t2)
                                let sum = u1 + u2 + bigE
                                let inverseSum = 1 / sum
                                let value: FloatVector, slope: FloatVector
                                if huber {
                                    let q = sum * invL[j]
                                    let inside = (q .>= lower) .& (q .<= upper)
                                    let h = q - 1
                                    // r = −log1p(h) = −(h − h²/2 + h³/3 − h⁴/4), |h| ≤ 1.001e-3.
                                    let r: FloatVector = -(h - h * h * (0.5 - h * ((1 / 3 as Float) - 0.25 * h)))
                                    var v = FloatVector(repeating: -0.5 * d * d)
                                    v.replace(with: 0.5 * r * r, where: inside)
                                    var s = FloatVector(repeating: -d)
                                    s.replace(with: FloatVector(repeating: d), where: q .> upper)
                                    s.replace(with: -r, where: inside)
                                    var factor = pointwiseMax(q, lin[j] * inverseSum)
                                    factor.replace(with: 1, where: inside .| (m[j] .== 0))
                                    product *= factor
                                    let bits = unsafeBitCast(product, to: SIMD4<Int32>.self)
                                    exponent &+= (bits &>> 23) &- 127
                                    product = unsafeBitCast((bits & 0x007F_FFFF) | 0x3F80_0000, to: FloatVector.self)
                                    value = v
                                    slope = s
                                } else {
                                    let r = lin[j] - sum
                                    value = r * r
                                    slope = -2 * r * sum
                                }
                                let w = slope * m[j] * inverseSum
                                f += value * m[j]
                                let g1 = w * u1, g2 = w * u2
                                ga += g1; gb += g2; ge += w * bigE
                                gAlpha -= g1 * lnN[j]; gBeta -= g2 * lnD[j]
                            }
                        }
                    }
                }
            }
        }
        if outOfRange { return base.value(at: x, gradient: &g) }
        g[0] = Double(ga.sum()); g[1] = Double(gb.sum()); g[2] = Double(ge.sum())
        g[3] = Double(gAlpha.sum()); g[4] = Double(gBeta.sum())
        var total = Double(f.sum())
        if huber {
            let logProduct = VectorMath.log(product) + FloatVector(exponent) * 0.693147182
            total += Double(d) * Double(logProduct.sum())
        }
        return total
    }
}

@inline(__always)
private func pointwiseMax(_ u: FloatVector, _ v: FloatVector) -> FloatVector {
    u.replacing(with: v, where: v .> u)
}
