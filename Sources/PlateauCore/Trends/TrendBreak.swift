import Foundation
import PlateauOptim
import RealModule

/// Is a trend bending? One straight line against two joined at a break (a continuous hinge,
/// `y = a + b·x + c·max(0, x − τ)`), both by least squares; the break τ is searched over the
/// range that leaves at least `minimumSide` points on each side. The evidence is the Bayesian
/// information criterion: ΔBIC = n·ln(SSE₁/SSE₂) − 2·ln n (two more parameters, c and τ), a break
/// declared when ΔBIC > 10 ("very strong" on Kass & Raftery 1995's scale). Intervals for τ and the
/// slopes come from a residual bootstrap of the two-segment fit.
package struct TrendBreak: Sendable {
    package var count: Int
    /// Slope of the single line (per unit x, in y's units: log10 per year for a log trend).
    package var slope: Double
    package var breakAt: Double
    package var slopeBefore: Double
    package var slopeAfter: Double
    package var deltaBIC: Double
    package var breakInterval: Interval?
    package var slopeBeforeInterval: Interval?
    package var slopeAfterInterval: Interval?
    /// Intervals withheld (``Interval/shown(_:of:level:warnings:)``), and why.
    package var warnings: [FitWarning] = []
    /// True when ΔBIC exceeds ``threshold``.
    package var hasBreak: Bool { deltaBIC > Self.threshold }

    package static let threshold = 10.0
    package static let minimumSide = 3
    package static let criterion =
        "a break when ΔBIC = n·ln(SSE one line / SSE two segments) − 2·ln n exceeds 10 (very strong evidence, Kass & Raftery 1995)"

    /// - Throws: ``FitError`` with fewer than 2·``minimumSide`` + 1 points or no spread in x.
    package init(x: [Double], y: [Double], resamples: Int = 200, seed: UInt64 = 0) throws {
        guard x.count == y.count, x.count >= 2 * Self.minimumSide + 1 else {
            throw FitError.tooFewPoints(
                what: "points for a break test", found: x.count, needed: 2 * Self.minimumSide + 1)
        }
        let order = x.indices.sorted { x[$0] < x[$1] }
        let xs = order.map { x[$0] }, ys = order.map { y[$0] }
        guard xs.last! > xs.first! else { throw FitError.shortSpan(years: 0) }
        count = xs.count
        let one = Self.line(xs, ys)
        slope = one.slope
        guard let two = Self.hinge(xs, ys) else {
            throw FitError.tooFewPoints(what: "distinct x on each side of a break", found: 0, needed: Self.minimumSide)
        }
        breakAt = two.tau
        slopeBefore = two.before
        slopeAfter = two.after
        let n = Double(count)
        deltaBIC = n * Double.log(max(one.sse, 1e-300) / max(two.sse, 1e-300)) - 2 * Double.log(n)
        // Residual bootstrap of the two-segment fit.
        let fitted = xs.map { two.a + two.before * $0 + (two.after - two.before) * max(0, $0 - two.tau) }
        let residuals = zip(ys, fitted).map { $0 - $1 }
        var taus: [Double] = [], befores: [Double] = [], afters: [Double] = []
        for r in 0..<resamples {
            var rng = SplitMix64.stream(r, of: seed)
            let drawn = Interval.resampleIndices(residuals.count, using: &rng)
            let yb = zip(fitted, drawn).map { $0 + residuals[$1] }
            guard let h = Self.hinge(xs, yb) else { continue }
            taus.append(h.tau)
            befores.append(h.before)
            afters.append(h.after)
        }
        if taus.count >= 10 {
            let shown = Interval.shown(
                [("break", breakAt, taus), ("slope before", slopeBefore, befores), ("slope after", slopeAfter, afters)],
                of: " of the break test", warnings: &warnings)
            (breakInterval, slopeBeforeInterval, slopeAfterInterval) = (shown[0], shown[1], shown[2])
        }
    }

    package static func line(_ x: [Double], _ y: [Double]) -> (intercept: Double, slope: Double, sse: Double) {
        guard let f = LineFit(x, y) else {
            let mean = y.reduce(0, +) / Double(max(y.count, 1))
            return (mean, 0, y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) })
        }
        return (f.intercept, f.slope, f.sse)
    }

    /// Least squares of y on (1, x, max(0, x − τ)) at a given τ: (a, b, c, SSE).
    package static func hingeAt(_ tau: Double, _ x: [Double], _ y: [Double]) -> (Double, Double, Double, Double) {
        // Normal equations, 3×3, solved by Cramer's rule on centred columns for stability.
        let h = x.map { max(0, $0 - tau) }
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, mh = h.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxx = 0.0, shh = 0.0, sxh = 0.0, sxy = 0.0, shy = 0.0
        for i in x.indices {
            let dx = x[i] - mx, dh = h[i] - mh, dy = y[i] - my
            sxx += dx * dx
            shh += dh * dh
            sxh += dx * dh
            sxy += dx * dy
            shy += dh * dy
        }
        let det = sxx * shh - sxh * sxh
        guard det > 1e-12 * max(sxx * shh, 1e-300) else { return (0, 0, 0, .infinity) }
        let b = (sxy * shh - shy * sxh) / det
        let c = (shy * sxx - sxy * sxh) / det
        let a = my - b * mx - c * mh
        var sse = 0.0
        for i in x.indices {
            let r = y[i] - a - b * x[i] - c * h[i]
            sse += r * r
        }
        return (a, b, c, sse)
    }

    /// The best hinge: a grid of τ between the `minimumSide`-th points from each end, then Brent
    /// in the best grid cell.
    static func hinge(_ x: [Double], _ y: [Double]) -> (
        a: Double, before: Double, after: Double, tau: Double, sse: Double
    )? {
        let lo = x[minimumSide - 1], hi = x[x.count - minimumSide]
        guard hi > lo else { return nil }
        let steps = 200
        var bestTau = lo, bestSSE = Double.infinity
        for i in 0...steps {
            let tau = lo + (hi - lo) * Double(i) / Double(steps)
            let sse = hingeAt(tau, x, y).3
            if sse < bestSSE {
                bestSSE = sse
                bestTau = tau
            }
        }
        let cell = (hi - lo) / Double(steps)
        let refined = Brent.minimize(on: max(lo, bestTau - cell), min(hi, bestTau + cell) + (cell == 0 ? 1 : 0)) {
            hingeAt(min(max($0, lo), hi), x, y).3
        }
        let tau = refined.value < bestSSE ? min(max(refined.x, lo), hi) : bestTau
        let (a, b, c, sse) = hingeAt(tau, x, y)
        guard sse.isFinite else { return nil }
        return (a, b, b + c, tau, sse)
    }
}
