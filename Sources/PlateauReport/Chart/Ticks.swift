import Foundation

/// Axis ranges and ticks.
package struct Ticks: Equatable {
    package var range: ClosedRange<Double>
    package var values: [Double]
    package var labels: [String]

    /// Ticks for `data` on `axis`: whole decades written 10²¹ on log axes spanning two decades
    /// or more; otherwise round 1-2-5 steps (placed logarithmically on a log axis), at least four
    /// inside the data. Without a fixed range, the range is the data's plus a margin — never whole
    /// empty decades — reaching to the round step around the data where that is within half a
    /// step.
    package init(axis: Chart.Axis, data: [Double]) {
        let finite = data.filter { $0.isFinite && (axis.scale == .linear || $0 > 0) }
        var lo = axis.range?.lowerBound ?? finite.min() ?? 1
        var hi = axis.range?.upperBound ?? finite.max() ?? 10
        if hi <= lo { (lo, hi) = axis.scale == .log ? (lo / 2, lo * 2) : (lo - 1, lo + 1) }
        if axis.scale == .log, log10(hi) - log10(lo) >= 2 {
            // The data plus 4 % of their log span on each side.
            let pad = (log10(hi) - log10(lo)) * 0.04
            let range = axis.range ?? pow(10, log10(lo) - pad)...pow(10, log10(hi) + pad)
            let first = Int(ceil(log10(range.lowerBound) - 1e-9)), last = Int(floor(log10(range.upperBound) + 1e-9))
            let stride = Swift.max(1, (last - first + 7) / 8)
            let exponents = Array(Swift.stride(from: first, through: Swift.max(first, last), by: stride))
            self.range = range
            values = exponents.map { pow(10, Double($0)) }.filter {
                range.contains($0 * (1 + 1e-12)) || range.contains($0 * (1 - 1e-12))
            }
            labels = values.map { TickFormat.powerOfTen(Int(log10($0).rounded())) }
            return
        }
        if axis.scale == .log, axis.range == nil {
            // Pad by 4 % of the log span so that points do not sit on the frame.
            let pad = Swift.max((log10(hi) - log10(lo)) * 0.04, 0.005)
            lo = pow(10, log10(lo) - pad)
            hi = pow(10, log10(hi) + pad)
        }
        if axis.scale == .log, hi / lo > 3 || hi >= 1e4 || lo < 1e-2 {
            // Under two decades: 1-2-5 (or 1…9) × 10^k placed logarithmically.
            range = lo...hi
            let first = Int(floor(log10(lo))), last = Int(ceil(log10(hi)))
            let mantissaSets: [[Double]] = [[1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]
            for mantissas in mantissaSets {
                var picked: [(m: Double, k: Int)] = []
                for k in first...last {
                    for m in mantissas {
                        let v = m * pow(10, Double(k))
                        if lo <= v && v <= hi { picked.append((m, k)) }
                    }
                }
                guard picked.count >= 3 || mantissas.count == 9 else { continue }
                values = picked.map { $0.m * pow(10, Double($0.k)) }
                labels = picked.map { Ticks.label(mantissa: $0.m, exponent: $0.k) }
                return
            }
        }
        var step = Ticks.niceStep((hi - lo) / 5)
        // At least four ticks inside the range, fixed or the data's (0.5 → 0.2 → 0.1 …): the lowest
        // values are labelled, and extending an automatic range to the round step around the data
        // (below) never adds more than half a step of empty axis (a loss axis of data 1.97…3.2
        // ran 1.5…3.5, a third of it empty).
        if step.isFinite, step > 0 {
            while (floor(hi / step + 1e-9) - ceil(lo / step - 1e-9) + 1) < 4, step > (hi - lo) / 40 {
                step = Ticks.niceStep(step * 0.99 / 2.5)
            }
        }
        // Degenerate or absurd ranges (not finite, or thousands of steps) get no ticks rather
        // than a stride that never ends.
        guard lo.isFinite, hi.isFinite, lo < hi, ((hi - lo) / step).isFinite, (hi - lo) / step <= 1_000 else {
            range = lo.isFinite && hi.isFinite && lo < hi ? lo...hi : 0...1
            values = []
            labels = []
            return
        }
        if axis.range == nil {
            // To the round steps around the data when they are within half a step of it (on a log
            // axis only while they stay positive); further out the frame stays at the data's
            // margin rather than draw an empty band.
            // A linear axis, not padded above, gets 4 % of its span where it stays at the data.
            let below = floor(lo / step + 1e-9) * step, above = ceil(hi / step - 1e-9) * step
            let pad = axis.scale == .linear ? (hi - lo) * 0.04 : 0
            if (axis.scale == .linear || below > 0) && lo - below <= step / 2 { lo = below } else { lo -= pad }
            if above - hi <= step / 2 { hi = above } else { hi += pad }
        }
        range = lo...hi
        let start = ceil(lo / step - 1e-9)
        values = Swift.stride(from: start, through: floor(hi / step + 1e-9), by: 1).map { $0 * step }
        if axis.scale == .log { values = values.filter { $0 > 0 } }
        let decimals = Swift.max(0, -Int(floor(log10(step) + 1e-9)))
        labels = values.map { TickFormat.fixed($0, decimals: decimals) }
    }

    /// `2×10²⁰` for large or small values, else the plain number.
    static func label(mantissa m: Double, exponent k: Int) -> String {
        guard k >= 4 || k <= -3 else { return TickFormat.fixed(m * pow(10, Double(k)), decimals: Swift.max(0, -k)) }
        return m == 1 ? TickFormat.powerOfTen(k) : "\(Int(m))×" + TickFormat.powerOfTen(k)
    }

    /// The 1, 2 or 5 × 10^k at or above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, floor(log10(raw)))
        let fraction = raw / magnitude
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude
    }
}

/// Fixed formatting for tick labels, so output does not depend on the locale.
package enum TickFormat {
    static let superscripts: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
    ]

    /// `10²¹`, `10⁻³`.
    package static func powerOfTen(_ exponent: Int) -> String {
        "10" + String(String(exponent).map { superscripts[$0] ?? $0 })
    }

    /// `value` with `decimals` places, with no negative zero.
    package static func fixed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }
}
