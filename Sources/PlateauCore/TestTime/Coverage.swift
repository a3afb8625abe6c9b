import Foundation
import PlateauOptim
import RealModule

/// Coverage against samples, `c(k) = exp(a·k^b)` with a < 0 and b < 0 (Brown et al. 2024,
/// "Large Language Monkeys: Scaling Inference Compute with Repeated Sampling", Eq. 2):
/// log-coverage shrinks as a power of k. θ = (log(−a), b).
package struct CoverageLaw: CatalogLaw {
    package init() {}
    package var name: String { "coverage" }
    package var formula: String { "c(k) = exp(a·k^b)" }
    package var source: String {
        "Brown et al. 2024, 'Large Language Monkeys: Scaling Inference Compute with Repeated Sampling', Eq. 2"
    }
    package var parameterNames: [String] { ["log(-a)", "b"] }
    package var inputs: [LawVariable] { [.k] }
    package var output: LawOutput { .fraction }

    package func predict(_ p: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let k = p.k
        let logCoverage = -Double.exp(t[0] + t[1] * Double.log(k))  // a·k^b
        let c = Double.exp(logCoverage)
        g[0] = c * logCoverage
        g[1] = c * logCoverage * Double.log(k)
        return c
    }

    package var starts: [[Double]] {
        grid([[0.1, 0.5, 1, 2, 5].map { Double.log($0) }, [-1, -0.5, -0.3, -0.1, -0.03]])
    }

    package func reported(_ t: [Double]) -> [(String, Double)] { [("a", -Double.exp(t[0])), ("b", t[1])] }

    /// c(k) for reported (a, b).
    package static func coverage(k: Double, a: Double, b: Double) -> Double { Double.exp(a * Double.pow(k, b)) }
}

/// A model's coverage curve, the law fitted to it with bootstrap intervals, and extrapolations.
package struct CoverageFit: Sendable {
    /// Mean pass@k for k = 1 … maxK.
    package var passAtK: [Double]
    /// The k at which the law was fitted (log-spaced, coverage > 0).
    package var fittedK: [Int]
    package var a: Double
    package var b: Double
    package var fit: CatalogFit
    /// 95 % bootstrap intervals over problems (nil without resamples).
    package var aInterval: Interval?
    package var bInterval: Interval?
    /// (k, predicted coverage, 95 % interval) at the extrapolation points.
    package var extrapolations: [(k: Int, coverage: Double, interval: Interval?)]
    package var resamples: Int

    /// Log-spaced k in 1 … maxK (about 8 per decade), each once.
    static func fitPoints(_ maxK: Int) -> [Int] {
        guard maxK >= 1 else { return [] }
        let count = Int((Double.log10(Double(maxK)) * 8).rounded(.up)) + 1
        let ks = (0..<count).map { Int((Double.pow(Double(maxK), Double($0) / Double(max(1, count - 1)))).rounded()) }
        return Array(Set(ks + [1, maxK])).filter { $0 >= 1 && $0 <= maxK }.sorted()
    }

    /// Fits c(k) = exp(a·k^b) to the model's mean pass@k and bootstraps the problems.
    ///
    /// - Parameters:
    ///   - extrapolate: The k to predict (beyond the data, typically 10× and 100× n).
    /// - Throws: ``FitError`` when fewer than 3 points have positive coverage, or no start converges.
    package static func fit(
        _ model: SampleTable.Model, extrapolate: [Int], resamples: Int = 200, seed: UInt64 = 0,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> CoverageFit {
        let maxK = model.maxK
        // One pass over the problems: each problem's curve, once, up to the smallest n, summed
        // into the mean and kept at the candidate k (a resample only averages these rows).
        let candidates = fitPoints(maxK)
        var sum = [Double](repeating: 0, count: maxK)
        var candidateRows: [[Double]] = []
        for p in model.problems {
            let curve = PassAtK.curve(samples: p.samples, correct: p.correct, upTo: maxK)
            for k in 0..<maxK { sum[k] += curve[k] }
            candidateRows.append(candidates.map { curve[$0 - 1] })
        }
        let passAtK = sum.map { $0 / Double(max(model.problems.count, 1)) }
        let kept = candidates.indices.filter { passAtK[candidates[$0] - 1] > 0 }
        let ks = kept.map { candidates[$0] }, ys = ks.map { passAtK[$0 - 1] }
        guard ks.count >= 3 else {
            throw FitError.tooFewPoints(
                what: "sample counts k at which \(model.name) solved any problem (is every c zero, or n below 3?)",
                found: ks.count, needed: 3)
        }
        let law = CoverageLaw()
        let fit = try CatalogFit.fit(law, x: ks.map(Double.init), y: ys, threads: threads)
        let a = fit.parameters[0].value, b = fit.parameters[1].value
        // Bootstrap: resample problems with replacement and refit from the full-data optimum.
        let rows = candidateRows.map { row in kept.map { row[$0] } }
        let laws: [(Double, Double)?] = MultiStart.parallelMap(count: resamples, threads: threads) { r in
            var rng = SplitMix64.stream(r, of: seed)
            var mean = [Double](repeating: 0, count: ks.count)
            for i in Interval.resampleIndices(rows.count, using: &rng) {
                for j in ks.indices { mean[j] += rows[i][j] }
            }
            let kept = ks.indices.filter { mean[$0] > 0 }
            guard kept.count >= 3 else { return nil }
            let objective = CatalogObjective(
                law: law, x: kept.map { Double(ks[$0]) }, y: kept.map { mean[$0] / Double(rows.count) })
            let result = LBFGS().minimize(objective, from: fit.theta)
            guard result.value.isFinite else { return nil }
            return (-Double.exp(result.x[0]), result.x[1])
        }
        let done = laws.compactMap { $0 }
        var checked = fit
        // One rule for every interval (issue 24): withheld, with the warning that says why.
        let shown =
            done.count >= 10
            ? Interval.shown(
                [("a", a, done.map(\.0)), ("b", b, done.map(\.1))]
                    + extrapolate.map { k in
                        (
                            "coverage at k = \(k)", CoverageLaw.coverage(k: Double(k), a: a, b: b),
                            done.map { CoverageLaw.coverage(k: Double(k), a: $0.0, b: $0.1) }
                        )
                    }, of: " of the coverage law", warnings: &checked.warnings)
            : Array(repeating: nil, count: 2 + extrapolate.count)
        let extrapolations = extrapolate.enumerated().map { i, k in
            (k, CoverageLaw.coverage(k: Double(k), a: a, b: b), shown[2 + i])
        }
        return CoverageFit(
            passAtK: passAtK, fittedK: ks, a: a, b: b, fit: checked, aInterval: shown[0], bInterval: shown[1],
            extrapolations: extrapolations, resamples: done.count)
    }

    /// Coverage at k samples: the measured pass@k up to the data's largest k, the law beyond.
    package func coverage(atSamples k: Int) -> (value: Double, extrapolated: Bool) {
        guard k >= 1 else { return (0, false) }
        if k <= passAtK.count { return (passAtK[k - 1], false) }
        return (CoverageLaw.coverage(k: Double(k), a: a, b: b), true)
    }
}
