import Foundation
import PlateauOptim

/// Schaeffer et al. 2025's evaluation of exponent estimators (their
/// `cross_validate_power_law_coefficient_estimators_from_individual_outcomes`, `src/analyze.py`
/// @cd078ae): the "full-data" exponent is the least-squares power-law slope of −log pass@k over
/// 100 log-spaced whole k from 1 to the samples available; each estimator then sees m samples per
/// problem and its exponent's relative error |b̂ − b| / b is the score.
///
/// The estimators: their least-squares baseline on the subsample's own pass@k (k ≤ m), Brown et
/// al.'s coverage law (−b of c(k) = exp(a·k^b)), their scaled beta-binomial (its least-squares
/// exponent over k = 1…10⁴) and the two-parameter beta (its α, as their code reports it).
///
/// Plateau's adaptations, labelled: a table of (n, c) counts has no per-sample outcomes, so m
/// samples are hypergeometric draws from each problem's counts (the same law as their column
/// subset); the full data's k run to the model's smallest n; every problem is kept (their grid
/// also drew 64 of 128); a (model, m) pair is used only when the smallest n is at least 10·m.
package struct ExponentBackTest: Sendable {
    package enum Method: String, Sendable, Codable, CaseIterable {
        case leastSquares = "least-squares"
        case coverageLaw = "coverage-law"
        case scaledBeta = "scaled-beta"
        case twoParameterBeta = "two-parameter-beta"

        package var label: String {
            switch self {
            case .leastSquares: "least squares"
            case .coverageLaw: "coverage law"
            case .scaledBeta: "scaled beta"
            case .twoParameterBeta: "two-parameter α"
            }
        }
    }

    /// One model at one m in one repeat.
    package struct Row: Sendable, Codable {
        package var model: String
        package var samples: Int
        package var repeatIndex: Int
        package var fullExponent: Double
        /// Each method's exponent (nil where it could not be fitted to the subsample), in
        /// ``Method/allCases`` order.
        package var estimates: [Double?]

        enum CodingKeys: String, CodingKey {
            case model, samples, estimates
            case repeatIndex = "repeat"
            case fullExponent = "full_exponent"
        }

        package func relativeError(_ method: Method) -> Double? {
            estimates[Method.allCases.firstIndex(of: method)!].map { ($0 - fullExponent).magnitude / fullExponent }
        }
    }

    /// A method's relative errors at one m, over the rows where every method was fitted.
    package struct Score: Sendable, Codable {
        package var method: Method
        package var samples: Int
        package var rows: Int
        package var meanRelativeError: Double
        package var medianRelativeError: Double
        /// Rows where this method's error is the smallest.
        package var best: Int

        enum CodingKeys: String, CodingKey {
            case method, samples, rows, best
            case meanRelativeError = "mean_relative_error"
            case medianRelativeError = "median_relative_error"
        }
    }

    package var samplesPerProblem: [Int]
    package var repeats: Int
    package var seed: UInt64
    package var rows: [Row]
    package var scores: [Score]
    /// Models left out, with why.
    package var skipped: [(model: String, reason: String)]

    /// Their 100 log-spaced whole k from 1 to `limit`: `np.unique(np.logspace(0, log10(limit), 100).astype(int))`.
    package static func fullDataK(_ limit: Int) -> [Int] {
        numpyLogspaceIntegers(stop: Double.log10(Double(limit)), count: 100).filter { $0 >= 1 && $0 <= limit }
    }

    /// `np.unique(np.logspace(0, stop, count).astype(int))` as numpy computes it: exponents
    /// i·(stop/(count − 1)) with the last set to `stop`, 10^y by `pow`, truncated toward zero —
    /// so the same k, including where 10^y falls a hair below a whole number.
    package static func numpyLogspaceIntegers(stop: Double, count: Int) -> [Int] {
        let step = stop / Double(count - 1)
        let values = (0..<count).map { i in
            Int(Double.pow(10, i == count - 1 ? stop : Double(i) * step).rounded(.towardZero))
        }
        return Array(Set(values)).sorted()
    }

    /// Their least-squares exponent of −log (mean pass@k) over ``fullDataK(_:)`` up to `limit`.
    package static func leastSquaresExponent(_ problems: [SampleTable.Problem], upTo limit: Int) -> Double? {
        let mean = PassAtK.mean(problems, upTo: limit)
        return BetaBinomialFit.leastSquaresPowerLaw(
            fullDataK(limit).map { (Double($0), -Double.log(mean[$0 - 1])) }
        )?.exponent
    }

    package static func run(
        _ table: SampleTable, samplesPerProblem: [Int] = [100, 1000], repeats: Int = 15, seed: UInt64 = 0,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> ExponentBackTest {
        var skipped: [(String, String)] = []
        var eligible: [(model: SampleTable.Model, exponent: Double)] = []
        for model in table.models {
            guard let m = samplesPerProblem.min(), model.maxK >= 10 * m else {
                skipped.append((model.name, "smallest n \(model.maxK) is below 10 × \(samplesPerProblem.min() ?? 0)"))
                continue
            }
            guard let b = leastSquaresExponent(model.problems, upTo: model.maxK), b.isFinite, b > 0 else {
                skipped.append((model.name, "no positive full-data exponent (is every c zero?)"))
                continue
            }
            eligible.append((model, b))
        }
        let full = eligible
        let jobs = full.indices.flatMap { i in
            samplesPerProblem.filter { full[i].model.maxK >= 10 * $0 }.flatMap { m in (0..<repeats).map { (i, m, $0) } }
        }
        let results: [Row?] = MultiStart.parallelMap(count: jobs.count, threads: threads) { j in
            let (i, m, r) = jobs[j]
            let model = full[i].model
            var rng = SplitMix64.stream(j, of: seed)
            let drawn = model.problems.map { p in
                SampleTable.Problem(
                    id: p.id, samples: m, correct: SamplingForecast.hypergeometric(p, draws: m, using: &rng))
            }
            guard drawn.contains(where: { $0.correct > 0 }) else { return nil }
            let estimates: [Double?] = Method.allCases.map { method in
                switch method {
                case .leastSquares: leastSquaresExponent(drawn, upTo: m)
                case .coverageLaw:
                    (try? CoverageFit.fit(
                        SampleTable.Model(name: model.name, problems: drawn), extrapolate: [], resamples: 0, threads: 1))
                        .map { -$0.b }
                case .scaledBeta: (try? BetaBinomialFit.fit(drawn, threads: 1))?.exponent
                case .twoParameterBeta: (try? BetaBinomialFit.fit(drawn, variant: .twoParameter, threads: 1))?.exponent
                }
            }
            return Row(model: model.name, samples: m, repeatIndex: r, fullExponent: full[i].exponent, estimates: estimates)
        }
        let rows = results.compactMap { $0 }
        var scores: [Score] = []
        for m in samplesPerProblem {
            let complete = rows.filter { $0.samples == m && !$0.estimates.contains(nil) }
            guard !complete.isEmpty else { continue }
            let errors = Method.allCases.map { method in complete.map { $0.relativeError(method)! } }
            for (k, method) in Method.allCases.enumerated() {
                scores.append(
                    Score(
                        method: method, samples: m, rows: complete.count,
                        meanRelativeError: errors[k].reduce(0, +) / Double(errors[k].count),
                        medianRelativeError: Interval.percentile(errors[k], 0.5),
                        best: complete.indices.filter { row in
                            errors.indices.allSatisfy { other in other == k || errors[k][row] < errors[other][row] }
                        }.count))
            }
        }
        return ExponentBackTest(
            samplesPerProblem: samplesPerProblem, repeats: repeats, seed: seed, rows: rows, scores: scores,
            skipped: skipped.map { (model: $0.0, reason: $0.1) })
    }
}
