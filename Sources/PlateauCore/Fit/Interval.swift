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

extension Interval {
    /// Why bootstrap draws give no interval (issue 24: never print a degenerate interval as if
    /// it were a 95 % one).
    package enum Withheld: String, Sendable, Codable {
        case fewResamples = "too few resamples"
        case zeroWidth = "zero width: every resample gave the same value"
        case excludesEstimate = "the resamples exclude the estimate"
    }

    /// The percentile interval of a quantity's bootstrap draws, and whether it is honest to show:
    /// not from fewer than ``LawBootstrap/minimumForIntervals`` draws, not of zero width (the
    /// resampled fits did not move: noise-free or duplicated data, a fit pinned at a bound, one
    /// surviving resample repeated), not excluding the estimate (the resampled fits decide
    /// elsewhere).
    package struct Checked: Sendable {
        /// The percentiles, when there were enough draws (shown in the warning that withholds them).
        package var percentiles: Interval?
        package var withheld: Withheld?

        /// The interval to show, or nil.
        package var shown: Interval? { withheld == nil ? percentiles : nil }

        package init(draws: [Double], estimate: Double, level: Double) {
            let usable = draws.filter { !$0.isNaN }
            guard usable.count >= LawBootstrap.minimumForIntervals else {
                withheld = .fewResamples
                return
            }
            let interval = Interval.percentiles(usable, level: level)
            percentiles = interval
            if interval.width <= 1e-9 * Swift.max(estimate.magnitude, interval.lower.magnitude) {
                withheld = .zeroWidth
            } else if estimate.isFinite, !interval.contains(estimate) {
                withheld = .excludesEstimate
            }
        }

        /// The interval as text, or "none (why)".
        package func text(_ format: (Double) -> String) -> String {
            if let shown { return "\(format(shown.lower)) – \(format(shown.upper))" }
            return "none (\(withheld?.rawValue ?? "no bootstrap"))"
        }
    }
}

extension Interval {
    /// The intervals to show for several quantities of one analysis, each from its draws beside
    /// its estimate — nil where ``Checked`` withholds it — and, appended to `warnings`, the
    /// warnings that say which were withheld and why (``LawBootstrap/withheldWarnings(_:of:level:)``):
    /// one rule for every command's intervals, not only the fit's.
    package static func shown(
        _ quantities: [(name: String, estimate: Double, draws: [Double])], of context: String, level: Double = 0.95,
        warnings: inout [FitWarning]
    ) -> [Interval?] {
        let checked = quantities.map { Checked(draws: $0.draws, estimate: $0.estimate, level: level) }
        warnings += LawBootstrap.withheldWarnings(
            zip(quantities, checked).map { ($0.name, $0.estimate, $1) }, of: context, level: level)
        return checked.map(\.shown)
    }
}
