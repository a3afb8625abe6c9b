import Foundation
import PlateauOptim
import RealModule

/// Is a trend bending? One straight line against two joined at a break (a continuous hinge,
/// `y = a + b·x + c·max(0, x − τ)`), both by least squares; the break τ is searched over the
/// range that leaves at least `minimumSide` points on each side. The statistic is ΔBIC =
/// n·ln(SSE₁/SSE₂) − 2·ln n (two more parameters, c and τ).
///
/// ΔBIC > 10 ("very strong" on Kass & Raftery 1995's scale) assumes independent errors and a
/// break date fixed in advance; a searched date and dependent residuals (a record series is a
/// monotone step series) make it unreliable (issue 25). So the verdict rests on a calibrated
/// p-value (Plateau's test): a parametric bootstrap under the no-break null — the one-line fit
/// plus AR(1) errors with the lag-one correlation and innovation variance of its own residuals
/// (in x order), ``calibration`` series, the break searched anew in each; p = (1 + #{ΔBIC* ≥
/// ΔBIC}) / (1 + B), a break when p < 0.05. Residuals that wander (autocorrelated, as a record
/// series' or a saturating curve's) make the null's ΔBIC large too, so they no longer pass for a
/// break. Intervals for τ and the slopes come from a bootstrap of the two-segment fit's residuals
/// (in moving blocks when they are autocorrelated), only for a break the test finds, and are
/// withheld when it sits at the edge of the searched range.
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
    /// The calibrated p-value of ΔBIC under the no-break null (nil without a calibration).
    package var pValue: Double?
    /// Null series simulated for ``pValue``.
    package var calibration = 0
    /// The lag-one correlation of the one-line fit's residuals that the null simulates.
    package var residualCorrelation = 0.0
    /// A break: the calibrated p-value below ``level``; without a calibration, ΔBIC above
    /// ``threshold`` (the uncalibrated rule, said so by ``uncalibratedCriterion``).
    package var hasBreak: Bool { pValue.map { $0 < Self.level } ?? (deltaBIC > Self.threshold) }

    package static let threshold = 10.0
    package static let level = 0.05
    package static let minimumSide = 3
    /// Null simulations by default.
    package static let defaultCalibration = 999
    package static let criterion =
        "ΔBIC = n·ln(SSE one line / SSE two segments) − 2·ln n, its p-value from simulating the one line with AR(1) errors fitted to its residuals (the break date searched in each); a break when p < 0.05"
    package static let uncalibratedCriterion =
        "a break when ΔBIC = n·ln(SSE one line / SSE two segments) − 2·ln n exceeds 10 (Kass & Raftery 1995; not calibrated for a searched date or dependent residuals)"

    /// - Throws: ``FitError`` with fewer than 2·``minimumSide`` + 1 points or no spread in x.
    package init(
        x: [Double], y: [Double], resamples: Int = 200, calibration: Int = Self.defaultCalibration, seed: UInt64 = 0
    ) throws {
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
        deltaBIC = Self.deltaBIC(one.sse, two.sse, count)
        // The calibration: the null line plus simulated AR(1) errors, the break searched anew.
        // Its statistic searches the data's x and the midpoints between them (within the allowed
        // range) for the observed series and every simulated one alike: like for like.
        let nullFitted = xs.map { one.intercept + one.slope * $0 }
        let e = zip(ys, nullFitted).map { $0 - $1 }
        let phi = min(0.98, max(-0.98, Self.lagOneCorrelation(e)))
        residualCorrelation = phi
        let innovations = zip(e.dropLast(), e.dropFirst()).map { $1 - phi * $0 }
        let sigma = (innovations.reduce(0) { $0 + $1 * $1 } / Double(max(1, innovations.count - 1))).squareRoot()
        if calibration > 0, sigma > 0 {
            let candidates = Self.candidates(xs)
            let observed = Self.deltaBIC(one.sse, Self.bestSSE(xs, ys, at: candidates), count)
            var exceed = 0, done = 0
            for r in 0..<calibration {
                var rng = SplitMix64.stream(r, of: seed &+ 0x5EED)
                // A stationary start, then the recursion.
                var u = sigma / (1 - phi * phi).squareRoot() * SyntheticSamples.normal(using: &rng)
                var yb = [Double](repeating: 0, count: count)
                for i in 0..<count {
                    if i > 0 { u = phi * u + sigma * SyntheticSamples.normal(using: &rng) }
                    yb[i] = nullFitted[i] + u
                }
                let sse = Self.bestSSE(xs, yb, at: candidates)
                guard sse.isFinite else { continue }
                done += 1
                if Self.deltaBIC(Self.line(xs, yb).sse, sse, count) >= observed { exceed += 1 }
            }
            if done >= 99 {
                pValue = Double(1 + exceed) / Double(1 + done)
                self.calibration = done
            }
        }
        // The intervals: a bootstrap of the two-segment fit's residuals — in moving blocks when
        // they are autocorrelated (lag-one correlation beyond 2.576/√n, its 1 % level under
        // independence), one by one otherwise, where
        // blocks would only cost coverage (Plateau's rule).
        let fitted = xs.map { two.a + two.before * $0 + (two.after - two.before) * max(0, $0 - two.tau) }
        let residuals = zip(ys, fitted).map { $0 - $1 }
        let blocks = abs(Self.lagOneCorrelation(residuals)) > 2.576 / Double(count).squareRoot()
        var taus: [Double] = [], befores: [Double] = [], afters: [Double] = []
        // No break, nothing to estimate: a date and slopes of a break the test rejects would only
        // show where the search wandered (−40 … 0.67 on the compute frontier's before-slope).
        for r in 0..<(hasBreak ? resamples : 0) {
            var rng = SplitMix64.stream(r, of: seed)
            let drawn =
                blocks
                ? Self.blockIndices(residuals.count, using: &rng) : Interval.resampleIndices(residuals.count, using: &rng)
            let yb = zip(fitted, drawn).map { $0 + residuals[$1] }
            guard let h = Self.hinge(xs, yb) else { continue }
            taus.append(h.tau)
            befores.append(h.before)
            afters.append(h.after)
        }
        // A break at the edge of the searched range is a segment of the fewest points allowed:
        // no interval describes it (issue 25: MMLU's before-slope interval −40 … 0.67).
        let lo = xs[Self.minimumSide - 1], hi = xs[count - Self.minimumSide]
        let atEdge = two.tau <= lo + 1e-9 * max(1, abs(lo)) || two.tau >= hi - 1e-9 * max(1, abs(hi))
        if atEdge && taus.count >= 10 {
            warnings.append(
                FitWarning(
                    code: "interval-withheld",
                    message:
                        "no intervals for the break test: the best break sits at the edge of the searched range (\(String(format: "%.4g", two.tau)), with \(Self.minimumSide) points on one side) — a segment that short is assumed, not estimated"
                ))
        } else if taus.count >= 10 {
            let shown = Interval.shown(
                [("break", breakAt, taus), ("slope before", slopeBefore, befores), ("slope after", slopeAfter, afters)],
                of: " of the break test", warnings: &warnings)
            (breakInterval, slopeBeforeInterval, slopeAfterInterval) = (shown[0], shown[1], shown[2])
        }
    }

    /// The lag-one autocorrelation of residuals in x order, Σ eᵢeᵢ₊₁ / Σ eᵢ².
    static func lagOneCorrelation(_ e: [Double]) -> Double {
        zip(e.dropLast(), e.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 } / max(e.reduce(0) { $0 + $1 * $1 }, 1e-300)
    }

    /// The break dates the calibration tries: each x between the `minimumSide`-th points from
    /// either end, and the midpoints between neighbours there.
    package static func candidates(_ x: [Double]) -> [Double] {
        let lo = minimumSide - 1, hi = x.count - minimumSide
        guard hi > lo else { return [] }
        var out: [Double] = []
        for i in lo..<hi {
            out.append(x[i])
            if x[i + 1] > x[i] { out.append(0.5 * (x[i] + x[i + 1])) }
        }
        out.append(x[hi])
        return out
    }

    /// The smallest hinge SSE over `candidates`.
    ///
    /// `x` is sorted ascending and `candidates` too (as ``candidates(_:)`` makes them): the sums
    /// over the points past each τ are suffix sums, so each candidate costs O(1) after one O(n)
    /// pass — the same least squares as ``hingeAt(_:_:_:)``, on centred x and y.
    package static func bestSSE(_ x: [Double], _ y: [Double], at candidates: [Double]) -> Double {
        let n = x.count
        guard n > 0, !candidates.isEmpty else { return .infinity }
        let nd = Double(n)
        let mx = x.reduce(0, +) / nd, my = y.reduce(0, +) / nd
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for i in 0..<n {
            let dx = x[i] - mx, dy = y[i] - my
            sxx += dx * dx
            sxy += dx * dy
            syy += dy * dy
        }
        // Suffix sums of centred x, x², y and x·y over points i…n−1.
        var s1 = [Double](repeating: 0, count: n + 1), s2 = s1, sy = s1, sxyS = s1
        for i in stride(from: n - 1, through: 0, by: -1) {
            let dx = x[i] - mx, dy = y[i] - my
            s1[i] = s1[i + 1] + dx
            s2[i] = s2[i + 1] + dx * dx
            sy[i] = sy[i + 1] + dy
            sxyS[i] = sxyS[i + 1] + dx * dy
        }
        var best = Double.infinity, j = 0
        for tau in candidates {
            // The first point strictly past τ: h = x − τ there, 0 before.
            while j < n && x[j] <= tau { j += 1 }
            let m = Double(n - j), t = tau - mx
            // Σh, Σh², Σ(x−x̄)h, Σ(y−ȳ)h with h = (x − x̄) − t on the suffix.
            let sh = s1[j] - t * m
            let shh = s2[j] - 2 * t * s1[j] + t * t * m
            let sxh = s2[j] - t * s1[j]
            let syh = sxyS[j] - t * sy[j]
            let mh = sh / nd
            let chh = shh - nd * mh * mh, cxh = sxh - nd * 0 * mh
            let det = sxx * chh - cxh * cxh
            guard det > 1e-12 * max(sxx * chh, 1e-300) else { continue }
            let b = (sxy * chh - syh * cxh) / det
            let c = (syh * sxx - sxy * cxh) / det
            best = min(best, max(0, syy - b * sxy - c * syh))
        }
        return best
    }

    static func deltaBIC(_ sseOne: Double, _ sseTwo: Double, _ count: Int) -> Double {
        let n = Double(count)
        return n * Double.log(max(sseOne, 1e-300) / max(sseTwo, 1e-300)) - 2 * Double.log(n)
    }

    /// Indices of a moving-block resample of `n` points in x order: blocks of ⌈n^(1/3)⌉
    /// consecutive points (at least 2) from random starts, cut to n (Künsch 1989), so resampled
    /// residuals keep the dependence of neighbours.
    static func blockIndices(_ n: Int, using rng: inout SplitMix64) -> [Int] {
        let length = max(2, Int(Double.pow(Double(n), 1.0 / 3).rounded(.up)))
        var out: [Int] = []
        out.reserveCapacity(n + length)
        while out.count < n {
            let start = Int(rng.next() % UInt64(max(1, n - length + 1)))
            out.append(contentsOf: start..<min(n, start + length))
        }
        return Array(out.prefix(n))
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
        let n = Double(x.count)
        var mx = 0.0, mh = 0.0, my = 0.0
        for i in x.indices {
            mx += x[i]
            mh += max(0, x[i] - tau)
            my += y[i]
        }
        (mx, mh, my) = (mx / n, mh / n, my / n)
        var sxx = 0.0, shh = 0.0, sxh = 0.0, sxy = 0.0, shy = 0.0
        for i in x.indices {
            let dx = x[i] - mx, dh = max(0, x[i] - tau) - mh, dy = y[i] - my
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
            let r = y[i] - a - b * x[i] - c * max(0, x[i] - tau)
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
