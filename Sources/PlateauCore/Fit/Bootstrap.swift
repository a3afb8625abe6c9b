import Foundation
import PlateauOptim
import RealModule

/// Settings for ``ChinchillaLaw/bootstrap(_:options:)``.
public struct BootstrapOptions: Sendable {
    /// Number of resamples.
    public var resamples = 1000
    /// Seed of the resampling and of each resample's random starts.
    public var seed: UInt64 = 0
    /// The multi-start every resample re-runs. Default: 500 seeded random starts from the grid's
    /// box (a fresh draw per resample). `.given([law])` reproduces the reference method of
    /// Besiroglu et al. 2024: one start from a known answer.
    public var starts: StartPoints = .random(count: 500)
    /// The estimator; the bootstrap of a `huber-likelihood` fit resamples its `huber-log` stage.
    public var estimator: Estimator = .huberLog
    /// Fit the tied form (β = α) in every resample, as the fit being bootstrapped did.
    public var tiedExponents = false
    /// Compute at which the decisions N_opt, D_opt and the predicted loss are evaluated.
    public var budget = 5.76e23
    /// Interval coverage; 0.95 gives the 2.5 % and 97.5 % percentiles.
    public var level = 0.95
    /// Worker threads (resamples are spread over them); results do not depend on it.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Called once per finished resample, from any thread (for a progress bar).
    public var progress: (@Sendable () -> Void)?

    public init() {}
}

/// Percentile-bootstrap intervals on a Chinchilla fit's parameters and on the decisions made
/// from it.
///
/// Each resample draws runs with replacement (whole groups when the table has a group column),
/// re-runs the multi-start fit on them, and records E, A, B, α, β, the compute-optimal exponents
/// a and b, and N_opt, D_opt and the loss at ``BootstrapOptions/budget``. Intervals are the
/// percentiles of those draws (linear interpolation between order statistics, as numpy's
/// default). Resample `k` uses the `k`-th SplitMix64 stream of the seed, so results are the
/// same for any thread count.
public struct BootstrapResult: Sendable {
    /// The quantities given intervals.
    public enum Quantity: String, CaseIterable, Sendable, Codable {
        case E, A, B, alpha, beta
        case a = "a"
        case b = "b"
        case parameters = "N_opt"
        case tokens = "D_opt"
        case loss = "loss"
    }

    /// A percentile interval.
    public struct Interval: Sendable, Equatable, Codable {
        public var lower: Double
        public var upper: Double

        public init(lower: Double, upper: Double) {
            self.lower = lower
            self.upper = upper
        }

        public var width: Double { upper - lower }
    }

    public var options: BootstrapOptions
    /// Resamples whose fit produced a finite answer.
    public var completed: Int
    /// Resamples whose fit failed (too few distinct runs, no finite start).
    public var failed: Int
    /// Every completed resample's value of each quantity, in resample order.
    public var draws: [Quantity: [Double]]
    /// The law fitted to each completed resample, in resample order.
    public var laws: [ChinchillaLaw] = []
    public var intervals: [Quantity: Interval]
    /// Resamples whose fit left the law's domain (an exponent or coefficient ≤ 0): left out.
    public var degenerate = 0

    /// Fewer fitted resamples than this give no intervals (as ``LawBootstrap``).
    public static let minimumResamples = 10

    /// Intervals and estimates checked against each other: an interval that excludes its
    /// estimate (`interval-excludes-estimate`), resamples left out, and intervals withheld for
    /// too few resamples. `law` is the point fit the resamples were drawn around.
    public func warnings(for law: ChinchillaLaw) -> [FitWarning] {
        var out: [FitWarning] = []
        if completed < Self.minimumResamples {
            out.append(
                FitWarning(
                    code: "too-few-resamples",
                    message:
                        "only \(completed) of \(options.resamples) bootstrap resamples gave a law inside its domain — too few for intervals, so none are given; add runs or resamples"
                ))
        }
        let excluded = Quantity.allCases.compactMap { q -> String? in
            guard let i = intervals[q] else { return nil }
            let e = Self.value(q, of: law, budget: options.budget)
            guard e.isFinite, e < i.lower || e > i.upper else { return nil }
            return "\(q.rawValue) \(String(format: "%.4g", e)) outside \(String(format: "%.4g", i.lower))…\(String(format: "%.4g", i.upper))"
        }
        if !excluded.isEmpty {
            out.append(
                FitWarning(
                    code: "interval-excludes-estimate",
                    message:
                        "the \(Int(options.level * 100)) % bootstrap intervals exclude their estimates (\(excluded.joined(separator: "; "))) — resampled runs lead to a different optimum, so the estimate is fragile; read the interval, not the point"
                ))
        }
        if failed + degenerate > 0 {
            out.append(
                FitWarning(
                    code: "bootstrap-failures",
                    message:
                        "\(failed + degenerate) of \(options.resamples) bootstrap resamples were left out (\(failed) could not be fitted, \(degenerate) left the law's domain: an exponent or coefficient ≤ 0) — the intervals rest on \(completed)"
                ))
        }
        return out
    }

    /// The value of `quantity` for a law at the bootstrap's budget.
    public static func value(_ quantity: Quantity, of law: ChinchillaLaw, budget: Double) -> Double {
        switch quantity {
        case .E: law.E
        case .A: law.A
        case .B: law.B
        case .alpha: law.alpha
        case .beta: law.beta
        case .a: law.parameterExponent
        case .b: law.tokenExponent
        case .parameters: law.computeOptimal(flops: budget).parameters
        case .tokens: law.computeOptimal(flops: budget).tokens
        case .loss: law.plan(flops: budget).loss
        }
    }

    /// The central `level` percentile interval of `values` (0.95: the 2.5 % and 97.5 % quantiles).
    public static func interval(_ values: [Double], level: Double) -> Interval {
        let tail = (1 - level) / 2
        return Interval(lower: percentile(values, tail), upper: percentile(values, 1 - tail))
    }

    /// The `p`-quantile of `values` (0 ≤ p ≤ 1) by linear interpolation between order statistics.
    public static func percentile(_ values: [Double], _ p: Double) -> Double {
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
}

extension ChinchillaLaw {
    /// Bootstrap intervals for the fit of `runs`; see ``BootstrapResult``. The resamples are
    /// ``LawBootstrap``'s with the Chinchilla form's kernel (one resampling for every law): each
    /// refits by the kernel from `options.starts`, seeded from the resample's stream.
    ///
    /// - Complexity: `resamples` multi-start fits, spread over `options.threads`.
    public static func bootstrap(_ runs: RunTable, options: BootstrapOptions = BootstrapOptions()) -> BootstrapResult {
        let sample = LawSample(runs: runs)
        let form = ChinchillaForm(tiedExponents: options.tiedExponents).bounded(by: sample.observed, at: sample.points)
        var resampling = LawBootstrapOptions()
        resampling.resamples = options.resamples
        resampling.seed = options.seed
        resampling.threads = options.threads
        resampling.progress = options.progress
        resampling.kernelStarts = options.starts
        resampling.estimator = options.estimator == .leastSquares ? .leastSquares : .default
        let thetas = LawBootstrap.resample(
            form, warm: [], sample: sample, units: sample.resamplingUnits, options: resampling)
        // The law's domain is E ≥ 0, A, B > 0 and α, β > 0 (the loss falls with N and D). The
        // kernel's exponents are unconstrained, so a resample can land outside it (α = −264 on 30
        // runs): such resamples are degenerate, counted and left out, never an interval's end.
        let laws = thetas.map { $0.map(form.law) }
        let finite = laws.compactMap { $0 }.filter { [$0.E, $0.A, $0.B, $0.alpha, $0.beta].allSatisfy(\.isFinite) }
        let completed = finite.filter { $0.E >= 0 && $0.A > 0 && $0.B > 0 && $0.alpha > 0 && $0.beta > 0 }
        var draws: [BootstrapResult.Quantity: [Double]] = [:]
        var intervals: [BootstrapResult.Quantity: BootstrapResult.Interval] = [:]
        for q in BootstrapResult.Quantity.allCases {
            let values = completed.map { BootstrapResult.value(q, of: $0, budget: options.budget) }
            draws[q] = values
            // Percentiles of finite values only (a NaN breaks the sort), and none from fewer than
            // the minimum.
            let usable = values.filter(\.isFinite)
            if usable.count >= BootstrapResult.minimumResamples {
                intervals[q] = BootstrapResult.interval(usable, level: options.level)
            }
        }
        var result = BootstrapResult(
            options: options, completed: completed.count, failed: laws.count - finite.count, draws: draws,
            laws: completed, intervals: intervals)
        result.degenerate = finite.count - completed.count
        return result
    }
}

extension BootstrapResult {
    /// `count` indices in 0..<count drawn with replacement: one bootstrap resample (shared by
    /// the run, problem and model bootstraps).
    static func draw(_ count: Int, using rng: inout SplitMix64) -> [Int] {
        (0..<count).map { _ in Int.random(in: 0..<count, using: &rng) }
    }
}
