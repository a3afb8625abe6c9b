import Foundation
import PlateauOptim
import RealModule

/// A generator of realistic repeated-sampling results, for examples and tests (no public
/// per-problem table is bundled).
///
/// Each model's per-sample success probabilities across problems follow a Beta(α, β)
/// distribution; with α < 1 most problems are rarely solved, and the failure rate after k
/// samples, E[(1 − p)^k], falls as a power of k (∝ k^(−α)) — the tail of Brown et al. 2024's
/// exponentiated power law c(k) = exp(a·k^b). Problems share one difficulty order across models
/// (the same benchmark): the model's probabilities are sorted and handed out by a shared random
/// rank. An optional fraction of problems is unsolvable by every model, which caps coverage below
/// 1 (a ceiling the law does not have). Each of n samples is an independent draw.
package enum SyntheticSamples {
    package struct Spec: Sendable {
        package var name: String
        package var parameters: Double
        package var tokensPerSample: Double
        package var usdPerMillionTokens: Double?
        /// Beta(α, β) of the per-sample success probability; α sets the coverage tail.
        package var alpha: Double
        package var beta: Double

        package init(
            name: String, parameters: Double, tokensPerSample: Double, usdPerMillionTokens: Double?, alpha: Double,
            beta: Double
        ) {
            self.name = name
            self.parameters = parameters
            self.tokensPerSample = tokensPerSample
            self.usdPerMillionTokens = usdPerMillionTokens
            self.alpha = alpha
            self.beta = beta
        }
    }

    /// The bundled example: an 8B and a 70B model answering the same 300 problems, 1,000 samples
    /// each, 400 tokens per sample, priced at typical 2025 API rates ($0.10 and $0.80 per
    /// million output tokens).
    package static let example = [
        Spec(name: "8B", parameters: 8e9, tokensPerSample: 400, usdPerMillionTokens: 0.10, alpha: 0.3, beta: 1.8),
        Spec(name: "70B", parameters: 70e9, tokensPerSample: 400, usdPerMillionTokens: 0.80, alpha: 0.5, beta: 1.1),
    ]

    /// Results for `problems` problems × `samples` samples per model; the same seed gives the
    /// same table.
    package static func generate(
        _ specs: [Spec] = example, problems: Int = 300, samples: Int = 1000, unsolvable: Double = 0, seed: UInt64 = 0
    ) -> SampleTable {
        var rng = SplitMix64(seed: seed)
        let rank = (0..<problems).shuffled(using: &rng)
        let hopeless = (0..<problems).map { _ in Double.random(in: 0..<1, using: &rng) < unsolvable }
        let models = specs.enumerated().map { m, spec in
            var draws = SplitMix64.stream(m, of: seed &+ 1)
            let probabilities = (0..<problems).map { _ in beta(spec.alpha, spec.beta, using: &draws) }.sorted()
            let results = (0..<problems).map { i -> SampleTable.Problem in
                let p = hopeless[i] ? 0 : probabilities[rank[i]]
                var correct = 0
                for _ in 0..<samples where Double.random(in: 0..<1, using: &draws) < p { correct += 1 }
                return SampleTable.Problem(id: "p\(i + 1)", samples: samples, correct: correct)
            }
            return SampleTable.Model(
                name: spec.name, problems: results, parameters: spec.parameters, tokensPerSample: spec.tokensPerSample,
                usdPerMillionTokens: spec.usdPerMillionTokens)
        }
        return SampleTable(source: "synthetic (seed \(seed))", models: models)
    }

    /// The table as CSV (model, params, tokens_per_sample, usd_per_mtok, problem, n, c).
    package static func csv(_ table: SampleTable) -> String {
        var lines = ["model,params,tokens_per_sample,usd_per_mtok,problem,n,c"]
        for m in table.models {
            for p in m.problems {
                let fields: [String] = [
                    m.name, m.parameters.map { String(format: "%.0f", $0) } ?? "",
                    m.tokensPerSample.map { String(format: "%.0f", $0) } ?? "",
                    m.usdPerMillionTokens.map { "\($0)" } ?? "", p.id, "\(p.samples)", "\(p.correct)",
                ]
                lines.append(fields.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Beta(a, b) draw: X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
    package static func beta(_ a: Double, _ b: Double, using rng: inout SplitMix64) -> Double {
        let x = gamma(a, using: &rng), y = gamma(b, using: &rng)
        return x + y > 0 ? x / (x + y) : 0
    }

    /// A Gamma(shape, 1) draw (Marsaglia and Tsang 2000; shape < 1 by Gamma(shape + 1)·U^(1/shape)).
    static func gamma(_ shape: Double, using rng: inout SplitMix64) -> Double {
        if shape < 1 {
            let u = Double.random(in: Double.ulpOfOne..<1, using: &rng)
            return gamma(shape + 1, using: &rng) * Double.pow(u, 1 / shape)
        }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x = 0.0, v = 0.0
            repeat {
                x = normal(using: &rng)
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = Double.random(in: Double.ulpOfOne..<1, using: &rng)
            if Double.log(u) < 0.5 * x * x + d - d * v + d * Double.log(v) { return d * v }
        }
    }

    /// A standard normal draw (Box–Muller).
    package static func normal(using rng: inout SplitMix64) -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &rng), v = Double.random(in: 0..<1, using: &rng)
        return (-2 * Double.log(u)).squareRoot() * Double.cos(2 * Double.pi * v)
    }
}

/// Coverage of several models at equal inference compute or equal dollars: whether a small
/// model sampled k times beats a large one sampled once.
package struct ComputeMatched: Sendable {
    package enum Currency: String, Sendable { case flops = "FLOP", dollars = "USD" }

    package struct Cell: Sendable {
        /// Samples the budget buys (0: not even one).
        package var samples: Int
        package var coverage: Double?
        /// Beyond the measured k: predicted by the coverage law.
        package var extrapolated: Bool
    }

    package var currency: Currency
    package var models: [String]
    package var budgets: [Double]
    /// cells[budget][model]
    package var cells: [[Cell]]

    /// Budgets from one sample of the dearest model to 10⁴ of them, in half-decades.
    ///
    /// - Returns: nil when a model's cost per sample is unknown in `currency`.
    package init?(models: [(SampleTable.Model, CoverageFit)], currency: Currency) {
        let costs = models.map { m, _ -> Double? in
            switch currency {
            case .flops: return m.flopsPerSample
            case .dollars:
                guard let price = m.usdPerMillionTokens, let t = m.tokensPerSample else { return nil }
                return price * t / 1e6
            }
        }
        let known = costs.compactMap { $0 }
        guard known.count == costs.count, let unit = known.max() else { return nil }
        self.currency = currency
        self.models = models.map(\.0.name)
        budgets = (0...8).map { unit * Double.pow(10, Double($0) / 2) }
        cells = budgets.map { budget in
            zip(models, known).map { pair, cost in
                // Capped at 10¹⁵ samples: a budget that buys more is far beyond any measured k.
                let affordable = (budget / cost * (1 + 1e-12)).rounded(.down)
                let k = affordable.isFinite && affordable < 1e15 ? Int(affordable) : 1_000_000_000_000_000
                guard k >= 1 else { return Cell(samples: 0, coverage: nil, extrapolated: false) }
                let c = pair.1.coverage(atSamples: k)
                return Cell(samples: k, coverage: c.value, extrapolated: c.extrapolated)
            }
        }
    }
}
