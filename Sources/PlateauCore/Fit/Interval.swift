import PlateauOptim

/// A percentile interval of bootstrap draws.
public struct Interval: Sendable, Equatable, Codable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    public var width: Double { upper - lower }

    /// Whether `value` lies inside (ends included).
    package func contains(_ value: Double) -> Bool { lower <= value && value <= upper }

    /// The central `level` percentile interval of `values` (0.95: the 2.5 % and 97.5 % quantiles).
    package static func percentiles(_ values: [Double], level: Double) -> Interval {
        let tail = (1 - level) / 2
        return Interval(lower: percentile(values, tail), upper: percentile(values, 1 - tail))
    }

    /// The `p`-quantile of `values` (0 ≤ p ≤ 1) by linear interpolation between order statistics
    /// (numpy's default).
    package static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty, p.isFinite else { return .nan }
        // Clamped: a level outside (0, 1) from a damaged document must not index past the ends.
        let position = min(max(p, 0), 1) * Double(sorted.count - 1)
        let i = Int(position.rounded(.down))
        let fraction = position - Double(i)
        // Equal neighbours (two infinities among them) are that value, never ∞ − ∞.
        guard i + 1 < sorted.count, fraction > 0, sorted[i + 1] != sorted[i] else { return sorted[i] }
        return sorted[i] + fraction * (sorted[i + 1] - sorted[i])
    }

    /// `count` indices in 0..<count drawn with replacement: one bootstrap resample (shared by
    /// the run, problem and model bootstraps).
    package static func resampleIndices(_ count: Int, using rng: inout SplitMix64) -> [Int] {
        (0..<count).map { _ in Int.random(in: 0..<count, using: &rng) }
    }
}
