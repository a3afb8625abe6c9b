import Foundation
import PlateauCore

/// How `plateau routing` is shown: the law per router with intervals, the back-test, and routed
/// models against the dense model of equal quality, priced.
package struct RoutingReport: Sendable {
    package var analysis: RoutingAnalysis
    /// Training tokens of the priced comparison.
    package var tokens: Double
    package var accelerator: Accelerator
    package var assumptions: CostAssumptions
    package var citation: String?

    /// The priced comparison's default token budget: 130B, an assumption — the data's 250,000
    /// steps × 524,288 tokens a step; the data has no token count and no checked source gives the
    /// runs' batch (issue 25), so the output says so and `--tokens` replaces it.
    package static let defaultTokens = 130e9
    /// The published coefficients' column: a survey's transcription of their Table 3, not checked
    /// against the paper (its PDF was not reachable where this was built).
    static let publishedHeader = "Clark et al. Table 3 (transcribed by a survey, unchecked)"

    package init(
        analysis: RoutingAnalysis, tokens: Double = defaultTokens, accelerator: Accelerator,
        assumptions: CostAssumptions, citation: String?
    ) {
        self.analysis = analysis
        self.tokens = tokens
        self.accelerator = accelerator
        self.assumptions = assumptions
        self.citation = citation
    }

    /// A routed run beside the dense model of equal quality: compute per token follows the
    /// parameters a token sees (N against N̄), memory the parameters held (P against N̄).
    package struct Comparison: Sendable, Codable {
        package var router: String
        package var run: String
        package var parameters: Double
        package var experts: Double
        package var totalParameters: Double?
        package var effectiveParameters: Double
        package var routedTraining: ComputeCost
        package var denseTraining: ComputeCost
        /// Serving FLOPs per token, 2·N and 2·N̄.
        package var routedServingFLOPsPerToken: Double
        package var denseServingFLOPsPerToken: Double
        /// Weights in bf16 (2 bytes a parameter), GB.
        package var routedWeightsGB: Double?
        package var denseWeightsGB: Double
    }

    /// For each router, its routed runs at the largest N, one per expert count.
    package var comparisons: [Comparison] {
        analysis.routers.flatMap { r -> [Comparison] in
            let top = r.effective.map(\.parameters).max() ?? 0
            return r.effective.filter { $0.parameters == top }.sorted { $0.experts < $1.experts }.map { e in
                Comparison(
                    router: r.name, run: e.run, parameters: e.parameters, experts: e.experts,
                    totalParameters: e.totalParameters, effectiveParameters: e.effectiveParameters,
                    routedTraining: ComputeCost(
                        flops: 6 * e.parameters * tokens, on: accelerator, assumptions: assumptions),
                    denseTraining: ComputeCost(
                        flops: 6 * e.effectiveParameters * tokens, on: accelerator, assumptions: assumptions),
                    routedServingFLOPsPerToken: 2 * e.parameters, denseServingFLOPsPerToken: 2 * e.effectiveParameters,
                    routedWeightsGB: e.totalParameters.map { 2 * $0 / 1e9 },
                    denseWeightsGB: 2 * e.effectiveParameters / 1e9)
            }
        }
    }

    package func text() -> String {
        var out = "Routed language models: \(analysis.source)\n"
        out += "law: \(RoutingAnalysis.law.formula) (\(RoutingAnalysis.law.source))\n"
        out +=
            "fitted per router to each run's final validation loss, dense runs as E = 1; estimator: least squares on log loss (as the paper's repository)\n"
        if let citation { out += "data: \(citation)\n" }
        for note in analysis.notes { out += "note: \(note)\n" }
        for w in analysis.warnings { out += "warning [\(w.code)] \(w.message)\n" }
        let names = ["a", "b", "c", "d", "E_start", "E_max"]
        for r in analysis.routers {
            let reported = RoutingAnalysis.law.reported(r.fit.theta).map(\.1)
            out += "\n\(r.name): \(r.sample.count) runs (\(r.effective.count) routed)\n"
            var t = TextTable(
                header: ["parameter", "fitted", "95 % interval", Self.publishedHeader],
                rightAligned: [false, true, true, true])
            for (i, name) in names.enumerated() {
                let interval = r.bootstrap.flatMap { b in
                    b.hasIntervals ? b.parameters.first { $0.name == name }?.interval : nil
                }
                t.rows.append([
                    name, NumberFormat.significant(reported[i], 4),
                    interval.map {
                        "\(NumberFormat.significant($0.lower, 3)) … \(NumberFormat.significant($0.upper, 3))"
                    } ?? "—",
                    RoutingAnalysis.published[r.name].map { NumberFormat.significant($0[i], 4) } ?? "—",
                ])
            }
            out += t.render() + "\n"
            if let b = r.bootstrap {
                out +=
                    "  \(b.completed) of \(b.options.resamples) bootstrap resamples of whole runs (seed \(b.options.seed))\n"
            }
            for w in r.fit.warnings + (r.bootstrap?.warnings ?? []) { out += "  warning [\(w.code)] \(w.message)\n" }
            if let bt = r.backTest {
                out +=
                    "  back-test: fitted \(bt.trainRuns) runs with N ≤ \(NumberFormat.si(analysis.options.trainBelow)), predicted \(bt.testRuns): R² \(NumberFormat.fixed(bt.rSquared, 3)), mean error \(NumberFormat.fixed(bt.meanError * 100, 2)) %, max \(NumberFormat.fixed(bt.maxError * 100, 2)) %\n"
            } else if let f = r.backTestFailure {
                out += "  back-test: not run — \(f)\n"
            }
        }
        let comparisons = comparisons
        if !comparisons.isEmpty {
            out +=
                "\nRouted against the dense model of equal quality (effective parameter count N̄, Clark et al. §5), largest N, trained on \(NumberFormat.si(tokens)) tokens\(tokens == Self.defaultTokens ? " (an assumption: the data has no token count; give --tokens)" : "") on \(accelerator.name) at \(NumberFormat.fixed(assumptions.utilization * 100, 0)) % MFU:\n"
            var t = TextTable(
                header: [
                    "router", "E", "N", "total P", "dense N̄", "training $ routed", "training $ dense",
                    "serving FLOPs ×", "weights GB routed", "weights GB dense",
                ], rightAligned: [false] + Array(repeating: true, count: 9))
            for c in comparisons {
                t.rows.append([
                    c.router, NumberFormat.significant(c.experts, 4), NumberFormat.si(c.parameters),
                    c.totalParameters.map(NumberFormat.si) ?? "—", NumberFormat.si(c.effectiveParameters),
                    c.routedTraining.usd.map { "$" + NumberFormat.significant($0, 3) } ?? "—",
                    c.denseTraining.usd.map { "$" + NumberFormat.significant($0, 3) } ?? "—",
                    NumberFormat.significant(c.routedServingFLOPsPerToken / c.denseServingFLOPsPerToken, 3),
                    c.routedWeightsGB.map { NumberFormat.significant($0, 3) } ?? "—",
                    NumberFormat.significant(c.denseWeightsGB, 3),
                ])
            }
            out += t.render() + "\n"
            out +=
                "  training and serving compute follow the parameters a token sees (6·N·D and 2·N per token, router cost ignored); memory follows all parameters: a routed model buys the quality of N̄ at the compute of N and the memory of P\n"
        }
        return out
    }

    /// The `plateau.routing/1` document.
    package func json() throws -> String {
        struct Parameter: Encodable {
            var name: String
            var value: Double
            var interval: Interval?
            var published: Double?
        }
        struct Prediction: Encodable {
            var run: String
            var parameters: Double
            var experts: Double
            var observed: Double
            var predicted: Double
        }
        struct BackTest: Encodable {
            var trainBelow: Double
            var trainRuns: Int
            var testRuns: Int
            var rSquared: Double
            var meanError: Double
            var maxError: Double
            var predictions: [Prediction]
            enum CodingKeys: String, CodingKey {
                case predictions
                case trainBelow = "train_below"
                case trainRuns = "train_runs"
                case testRuns = "test_runs"
                case rSquared = "r_squared"
                case meanError = "mean_error"
                case maxError = "max_error"
            }
        }
        struct Router: Encodable {
            var name: String
            var runs: Int
            var parameters: [Parameter]
            var theta: [Double]
            var resamples: Int?
            var backTest: BackTest?
            var effective: [RoutingAnalysis.Effective]
            var warnings: [FitWarning]
            enum CodingKeys: String, CodingKey {
                case name, runs, parameters, theta, resamples, effective, warnings
                case backTest = "back_test"
            }
        }
        struct Document: Encodable {
            var schema = "plateau.routing/1"
            var source: String
            var law: String
            var estimator = "least-squares-log"
            var routers: [Router]
            var tokens: Double
            var comparisons: [Comparison]
            var notes: [String]
            var warnings: [FitWarning]
        }
        let names = ["a", "b", "c", "d", "E_start", "E_max"]
        let doc = Document(
            source: analysis.source, law: RoutingAnalysis.law.formula,
            routers: analysis.routers.map { r in
                let reported = RoutingAnalysis.law.reported(r.fit.theta).map(\.1)
                return Router(
                    name: r.name, runs: r.sample.count,
                    parameters: names.indices.map { i in
                        Parameter(
                            name: names[i], value: reported[i],
                            interval: r.bootstrap.flatMap { b in
                                b.hasIntervals ? b.parameters.first { $0.name == names[i] }?.interval : nil
                            }, published: RoutingAnalysis.published[r.name]?[i])
                    }, theta: r.fit.theta, resamples: r.bootstrap?.completed,
                    backTest: r.backTest.map { bt in
                        BackTest(
                            trainBelow: analysis.options.trainBelow, trainRuns: bt.trainRuns, testRuns: bt.testRuns,
                            rSquared: bt.rSquared, meanError: bt.meanError, maxError: bt.maxError,
                            predictions: bt.predictions.map {
                                Prediction(
                                    run: $0.run, parameters: $0.parameters, experts: $0.experts, observed: $0.observed,
                                    predicted: $0.predicted)
                            })
                    }, effective: r.effective, warnings: r.fit.warnings + (r.bootstrap?.warnings ?? []))
            }, tokens: tokens, comparisons: comparisons, notes: analysis.notes, warnings: analysis.warnings)
        return try encodeDocument(doc)
    }
}
