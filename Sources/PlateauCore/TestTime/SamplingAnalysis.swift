import Foundation

/// Everything Plateau says about a table of repeated-sampling results: per model the exact
/// pass@k, Brown et al.'s coverage law and Schaeffer et al.'s scaled beta-binomial estimator
/// (with the two-parameter beta beside it; all with bootstrap intervals over problems), their
/// exponent back-test, the pass@k forecast back-test, and coverage priced in training and
/// inference FLOPs. `plateau sample` and the report's test-time section show it.
package struct SamplingAnalysis: Sendable {
    package struct Options: Sendable {
        /// Bootstrap resamples of the problems behind every interval (0: none).
        package var resamples = 200
        package var seed: UInt64 = 0
        package var threads = ProcessInfo.processInfo.activeProcessorCount
        /// Samples kept per problem in the forecast back-test.
        package var subsample = 100
        /// The k forecast (and shown for every model).
        package var forecastAt = [1000, 10000]
        /// Tokens generated per sample where the table does not say.
        package var tokensPerSample = SamplingCompute.defaultTokensPerSample
        /// The model whose pass@1 the compute comparison asks every checkpoint to reach.
        package var reference: String?
        /// Repeats of the exponent back-test per (model, samples per problem); 0: none.
        package var exponentRepeats = 15
        /// Samples per problem the exponent back-test keeps (Schaeffer et al.'s grid runs 100 … 10,000).
        package var exponentSamples = [100, 1000]
        package init() {}
    }

    /// One model's fits; a fit is nil (and `failures` says why) when the data cannot support it.
    package struct ModelResult: Sendable {
        package var model: SampleTable.Model
        /// Exact mean pass@k for k = 1 … the smallest n.
        package var passAtK: [Double]
        package var coverage: CoverageFit?
        /// Schaeffer et al.'s scaled three-parameter beta (the default estimator).
        package var beta: BetaBinomialFit?
        /// The two-parameter beta, whose α is the asymptotic exponent.
        package var twoParameter: BetaBinomialFit?
        package var failures: [String]
    }

    package var table: SampleTable
    package var options: Options
    package var models: [ModelResult]
    package var forecast: SamplingForecast
    /// Schaeffer et al.'s exponent evaluation (nil with `exponentRepeats` 0).
    package var exponentTest: ExponentBackTest?
    package var compute: SamplingCompute?
    /// Equal-budget comparisons (FLOPs, dollars) for tables of a few models with costs.
    package var matched: [ComputeMatched]
    package var notes: [String]

    package init(_ table: SampleTable, options: Options = Options()) {
        self.table = table
        self.options = options
        var notes: [String] = []
        let defaulted = table.models.filter { $0.tokensPerSample == nil && $0.parameters != nil }
        if !defaulted.isEmpty {
            notes.append(
                "\(defaulted.count == table.models.count ? "every model" : "\(defaulted.count) models"): \(Int(options.tokensPerSample)) tokens per sample (--tokens-per-sample; the default is the generation cap, max_tokens = 1024, of Brown et al. 2024's released config for their own runs — an upper bound; the bundled table's generation settings are not documented)"
            )
        }
        models = table.models.map { original in
            var model = original
            if model.tokensPerSample == nil { model.tokensPerSample = options.tokensPerSample }
            var failures: [String] = []
            let extrapolate = Array(Set(options.forecastAt + [10 * model.maxK, 100 * model.maxK])).sorted()
            var coverage: CoverageFit?
            var beta: BetaBinomialFit?
            var twoParameter: BetaBinomialFit?
            do {
                coverage = try CoverageFit.fit(
                    model, extrapolate: extrapolate, resamples: options.resamples, seed: options.seed,
                    threads: options.threads)
            } catch { failures.append("coverage law: \(error)") }
            do {
                beta = try BetaBinomialFit.fit(
                    model.problems, resamples: options.resamples, seed: options.seed, threads: options.threads)
            } catch { failures.append("beta-binomial: \(error)") }
            if beta != nil {
                twoParameter = try? BetaBinomialFit.fit(
                    model.problems, variant: .twoParameter, resamples: options.resamples, seed: options.seed,
                    threads: options.threads)
            }
            return ModelResult(
                model: model, passAtK: coverage?.passAtK ?? PassAtK.mean(model.problems, upTo: model.maxK),
                coverage: coverage, beta: beta, twoParameter: twoParameter, failures: failures)
        }
        forecast = SamplingForecast.run(
            table, subsample: options.subsample, targets: options.forecastAt.filter { $0 > options.subsample },
            seed: options.seed, resamples: options.resamples > 0 ? 1000 : 0, threads: options.threads)
        exponentTest =
            options.exponentRepeats > 0
            ? ExponentBackTest.run(
                table, samplesPerProblem: options.exponentSamples, repeats: options.exponentRepeats, seed: options.seed,
                threads: options.threads) : nil
        let priced = models.compactMap { r in r.beta.map { (r.model, passAtK: r.passAtK, beta: $0) } }
        compute = SamplingCompute(
            models: priced, tokensPerSample: options.tokensPerSample, reference: options.reference)
        if compute == nil && !table.models.isEmpty {
            notes.append("no compute comparison: give every model its parameter count (a params column)")
        } else if priced.count < models.count {
            notes.append(
                "\(models.count - priced.count) models without a beta fit (no problem solved) are left out of the compute comparison"
            )
        }
        var matched: [ComputeMatched] = []
        let pairs = models.compactMap { r in r.coverage.map { (r.model, $0) } }
        if (2...4).contains(pairs.count) {
            for currency in [ComputeMatched.Currency.flops, .dollars] {
                if let m = ComputeMatched(models: pairs, currency: currency) { matched.append(m) }
            }
        }
        self.matched = matched
        self.notes = notes
    }
}
