import Foundation

/// Repeated sampling priced in FLOPs: coverage against inference compute for every checkpoint,
/// and against training and inference compute together.
///
/// Inference FLOPs per sample are 2·N·T (a forward pass per generated token, Kaplan et al. 2020),
/// training FLOPs 6·N·D. pass@k is exact up to a model's smallest n and comes from its fitted
/// beta (``BetaBinomialFit``) beyond — marked as a forecast.
package struct SamplingCompute: Sendable {
    /// Where a checkpoint reaches the reference's coverage.
    package struct Row: Sendable, Codable {
        package var model: String
        package var parameters: Double
        package var trainingTokens: Double?
        package var trainingFLOPs: Double?
        /// Samples per problem needed to reach the target (nil: not within 10⁹ samples, the
        /// most the scaled beta is evaluated at).
        package var samples: Double?
        /// True when `samples` exceeds the model's smallest n (read off the fitted beta).
        package var forecast: Bool
        /// True when the count is read off a beta fitted at a bound (its exponent not measured).
        package var fitAtBound: Bool
        /// Inference FLOPs per problem at that many samples.
        package var inferenceFLOPs: Double?
        /// No other checkpoint reaches the target with both less training and less inference
        /// compute.
        package var frontier: Bool

        enum CodingKeys: String, CodingKey {
            case model, parameters, samples, forecast, frontier
            case trainingTokens = "training_tokens"
            case trainingFLOPs = "training_flops"
            case fitAtBound = "fit_at_bound"
            case inferenceFLOPs = "inference_flops"
        }
    }

    /// A model sampled as often as the reference's one-sample budget allows.
    package struct Matched: Sendable, Codable {
        package var model: String
        package var samples: Int
        package var coverage: Double
        package var forecast: Bool
    }

    package var reference: String
    /// The reference's pass@1: the coverage every checkpoint is asked to reach.
    package var target: Double
    /// Tokens per sample where the table did not give them.
    package var tokensPerSample: Double
    package var rows: [Row]
    /// At the reference's inference FLOPs for one sample, every other model's coverage.
    package var matched: [Matched]

    /// The default tokens per sample: the generation cap (`max_tokens = 1024`, no stop strings) of
    /// Brown et al. 2024's released generation config (ScalingIntelligence/large_language_monkeys,
    /// `llmonk/utils.py`) — an upper bound on what a sample generates.
    package static let defaultTokensPerSample = 1024.0

    /// - Parameters:
    ///   - models: Each model with its exact mean pass@k (k ≤ smallest n) and fitted beta.
    ///   - reference: The model whose pass@1 is the target; default: most training FLOPs, else
    ///     most parameters.
    /// - Returns: nil when a model lacks its parameter count or tokens per sample.
    package init?(
        models: [(SampleTable.Model, passAtK: [Double], beta: BetaBinomialFit)], tokensPerSample: Double,
        reference: String? = nil
    ) {
        guard !models.isEmpty, models.allSatisfy({ $0.0.flopsPerSample != nil }) else { return nil }
        let ref =
            models.first { $0.0.name == reference }
            ?? models.max { a, b in
                (a.0.trainingFLOPs ?? a.0.parameters!, a.0.parameters!) < (
                    b.0.trainingFLOPs ?? b.0.parameters!, b.0.parameters!
                )
            }!
        self.reference = ref.0.name
        self.tokensPerSample = tokensPerSample
        target = ref.passAtK.first ?? ref.beta.mean
        let target = self.target
        func coverage(_ m: (SampleTable.Model, passAtK: [Double], beta: BetaBinomialFit), _ k: Int) -> (Double, Bool) {
            k <= m.passAtK.count ? (m.passAtK[k - 1], false) : (m.beta.passAtK(Double(k)), true)
        }
        var rows = models.map { m -> Row in
            let n = m.0.parameters!
            var samples: Double?
            var forecast = false
            if let k = m.passAtK.firstIndex(where: { $0 >= target }) {
                samples = Double(k + 1)
            } else if m.beta.passAtK(BetaBinomialFit.largestK) >= target {
                // The beta's pass@k rises monotonically in k: bisect in log k.
                var lo = Double.log(Double(max(1, m.passAtK.count))), hi = Double.log(BetaBinomialFit.largestK)
                for _ in 0..<60 {
                    let mid = (lo + hi) / 2
                    if m.beta.passAtK(Double.exp(mid)) >= target { hi = mid } else { lo = mid }
                }
                samples = Double.exp(hi).rounded(.up)
                forecast = true
            }
            return Row(
                model: m.0.name, parameters: n, trainingTokens: m.0.trainingTokens,
                trainingFLOPs: m.0.trainingFLOPs, samples: samples, forecast: forecast,
                fitAtBound: (forecast || samples == nil) && m.beta.atBound,
                inferenceFLOPs: samples.map { $0 * m.0.flopsPerSample! }, frontier: false)
        }
        for i in rows.indices {
            guard let ti = rows[i].inferenceFLOPs else { continue }
            let train = rows[i].trainingFLOPs ?? 0
            rows[i].frontier = !rows.indices.contains { j in
                guard j != i, let tj = rows[j].inferenceFLOPs else { return false }
                let trainJ = rows[j].trainingFLOPs ?? 0
                return tj <= ti && trainJ <= train && (tj < ti || trainJ < train)
            }
        }
        self.rows = rows
        let budget = ref.0.flopsPerSample!
        matched = models.map { m in
            let k = max(1, Int((budget / m.0.flopsPerSample! * (1 + 1e-12)).rounded(.down)))
            let (c, forecast) = coverage(m, k)
            return Matched(model: m.0.name, samples: k, coverage: c, forecast: forecast)
        }
    }
}
