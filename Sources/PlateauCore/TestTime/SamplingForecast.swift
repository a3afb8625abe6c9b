import Foundation
import PlateauOptim

/// A forecast back-test of repeated sampling: from a seeded subsample of m samples per problem
/// (hypergeometric draws from each problem's own counts — what m samples would have shown),
/// forecast pass@k at large k with Brown et al.'s coverage law and with the beta-binomial
/// distributional estimator, and compare with the exact pass@k of all samples.
///
/// Each (model, k) uses only the problems with n ≥ k, where the exact value exists; both
/// estimators are fitted to the same subsample of those problems.
package struct SamplingForecast: Sendable {
    public enum Estimator: String, Sendable, Codable, CaseIterable {
        case coverageLaw = "coverage-law"
        case betaBinomial = "beta-binomial"
    }

    /// One model at one k.
    package struct Row: Sendable, Codable {
        package var model: String
        package var k: Int
        package var problems: Int
        /// Exact pass@k from all samples.
        package var exact: Double
        /// The forecasts, nil where an estimator could not be fitted to the subsample.
        package var coverageLaw: Double?
        package var betaBinomial: Double?

        package func forecast(_ e: Estimator) -> Double? { e == .coverageLaw ? coverageLaw : betaBinomial }

        enum CodingKeys: String, CodingKey {
            case model, k, problems, exact
            case coverageLaw = "coverage_law"
            case betaBinomial = "beta_binomial"
        }
    }

    /// An estimator's accuracy over the rows both estimators forecast.
    package struct Score: Sendable, Codable {
        package var estimator: Estimator
        /// Mean |forecast − exact| (fraction of problems).
        package var meanAbsoluteError: Double
        package var interval: Interval?
        /// Rows where this estimator is strictly closer.
        package var closer: Int

        enum CodingKeys: String, CodingKey {
            case estimator, interval, closer
            case meanAbsoluteError = "mean_absolute_error"
        }
    }

    package var subsample: Int
    package var targets: [Int]
    package var seed: UInt64
    package var rows: [Row]
    /// (model, k, why) for the pairs left out.
    package var skipped: [(model: String, k: Int, reason: String)]
    /// Scores over the rows both estimators forecast, per k and over all k (k = nil).
    package var scores:
        [(k: Int?, rows: Int, scores: [Score], difference: Double, differenceInterval: Interval?)]

    /// The fewest problems with n ≥ k a (model, k) pair needs to be scored.
    package static let minimumProblems = 20

    /// Runs the back-test on every model of `table`.
    ///
    /// - Parameters:
    ///   - subsample: m, samples kept per problem.
    ///   - targets: the k to forecast (each above m).
    ///   - resamples: bootstrap resamples of the scored rows behind the error intervals.
    package static func run(
        _ table: SampleTable, subsample m: Int = 100, targets: [Int] = [1000, 10000], seed: UInt64 = 0,
        resamples: Int = 1000, threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> SamplingForecast {
        let jobs = table.models.indices.flatMap { i in targets.indices.map { (i, $0) } }
        let results: [(Row?, String?)] = MultiStart.parallelMap(count: jobs.count, threads: threads) { j in
            let (i, t) = jobs[j]
            let model = table.models[i], k = targets[t]
            let eligible = model.problems.filter { $0.samples >= k && $0.samples >= m }
            guard eligible.count >= minimumProblems else {
                return (nil, "\(eligible.count) problems with n ≥ \(k) (needs \(minimumProblems))")
            }
            var exact = 0.0
            for p in eligible { exact += PassAtK.value(samples: p.samples, correct: p.correct, k: k) ?? 0 }
            exact /= Double(eligible.count)
            var rng = SplitMix64.stream(j, of: seed)
            let drawn = eligible.map { p in
                SampleTable.Problem(id: p.id, samples: m, correct: hypergeometric(p, draws: m, using: &rng))
            }
            guard drawn.contains(where: { $0.correct > 0 }) else {
                return (nil, "no correct sample among the \(m) kept per problem")
            }
            let beta = try? BetaBinomialFit.fit(drawn, threads: 1).passAtK(Double(k))
            let law = try? CoverageFit.fit(
                SampleTable.Model(name: model.name, problems: drawn), extrapolate: [k], resamples: 0, threads: 1
            ).extrapolations.first?.coverage
            return (
                Row(
                    model: model.name, k: k, problems: eligible.count, exact: exact, coverageLaw: law,
                    betaBinomial: beta), nil
            )
        }
        var rows: [Row] = []
        var skipped: [(String, Int, String)] = []
        for (j, result) in results.enumerated() {
            if let row = result.0 { rows.append(row) }
            if let why = result.1 { skipped.append((table.models[jobs[j].0].name, targets[jobs[j].1], why)) }
        }
        var scores: [(Int?, Int, [Score], Double, Interval?)] = []
        for k in [nil] + targets.map(Optional.some) {
            let scored = rows.filter { ($0.k == k || k == nil) && $0.coverageLaw != nil && $0.betaBinomial != nil }
            guard !scored.isEmpty else { continue }
            scores.append(score(scored, resamples: resamples, seed: seed, k: k))
        }
        return SamplingForecast(
            subsample: m, targets: targets, seed: seed, rows: rows,
            skipped: skipped.map { (model: $0.0, k: $0.1, reason: $0.2) }, scores: scores)
    }

    static func score(_ rows: [Row], resamples: Int, seed: UInt64, k: Int?) -> (
        Int?, Int, [Score], Double, Interval?
    ) {
        let errors = Estimator.allCases.map { e in rows.map { ($0.forecast(e)! - $0.exact).magnitude } }
        let mean = { (v: [Double]) in v.reduce(0, +) / Double(v.count) }
        var draws: [[Double]] = [[], [], []]  // law, beta, law − beta
        if resamples > 0 && rows.count >= 5 {
            var rng = SplitMix64.stream(k ?? 0, of: seed &+ 0x5eed)
            for _ in 0..<resamples {
                let pick = Interval.resampleIndices(rows.count, using: &rng)
                let law = mean(pick.map { errors[0][$0] }), beta = mean(pick.map { errors[1][$0] })
                draws[0].append(law)
                draws[1].append(beta)
                draws[2].append(law - beta)
            }
        }
        // Never a degenerate interval (issue 24): none when the resampled means all agree or miss the mean.
        let estimates = [mean(errors[0]), mean(errors[1]), mean(errors[0]) - mean(errors[1])]
        let interval = { (i: Int) in
            draws[i].isEmpty ? nil : Interval.Checked(draws: draws[i], estimate: estimates[i], level: 0.95).shown
        }
        let scores = Estimator.allCases.enumerated().map { i, e in
            Score(
                estimator: e, meanAbsoluteError: mean(errors[i]), interval: interval(i),
                closer: rows.indices.filter { errors[i][$0] < errors[1 - i][$0] }.count)
        }
        return (k, rows.count, scores, mean(errors[0]) - mean(errors[1]), interval(2))
    }

    /// Correct samples among `draws` taken without replacement from the problem's n samples, c of
    /// them correct.
    package static func hypergeometric(_ p: SampleTable.Problem, draws: Int, using rng: inout SplitMix64) -> Int {
        var good = p.correct, left = p.samples, hits = 0
        for _ in 0..<min(draws, p.samples) {
            if Int.random(in: 0..<left, using: &rng) < good {
                hits += 1
                good -= 1
            }
            left -= 1
        }
        return hits
    }
}
