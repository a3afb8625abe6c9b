import Foundation
import PlateauCore

/// How a back-test is shown: variants side by side, then the held-out runs under the best one.
public struct CheckReport: Sendable {
    public var backTest: BackTest
    public var description: String

    public init(backTest: BackTest, description: String) {
        self.backTest = backTest
        self.description = description
    }

    public func text() -> String {
        var out = "Back-test: \(description)\n"
        let b = backTest
        out +=
            b.trainRuns == b.trainCount && b.testRuns == b.testCount
            ? "fitted \(b.trainCount) runs, predicting \(b.testCount)"
            : "fitted \(b.trainRuns) runs (\(b.trainCount) checkpoints), predicting \(b.testRuns) whole runs (\(b.testCount) checkpoints) — no run is split between the two"
        let extrapolation = backTest.outcomes.first?.predictions.map(\.extrapolation).max()
        out +=
            extrapolation.map { " (up to \(NumberFormat.significant($0, 3))× the largest fitted run's compute)" } ?? ""
        out += "\nARE = |predicted − actual| / actual\n\n"
        var failures: [String] = []
        var t = TextTable(
            header: ["law / estimator", "mean ARE", "max ARE", "E", "α", "β"],
            rightAligned: [false, true, true, true, true, true])
        for o in backTest.outcomes {
            guard let law = o.law else {
                t.rows.append([o.variant.name, "failed", "", "", "", ""])
                failures.append("\(o.variant.name): \(o.failure ?? "failed")")
                continue
            }
            t.rows.append([
                o.variant.name, NumberFormat.fixed(100 * o.meanError, 2) + " %",
                NumberFormat.fixed(100 * o.maxError, 2) + " %",
                NumberFormat.fixed(law.E, 3), NumberFormat.fixed(law.alpha, 3), NumberFormat.fixed(law.beta, 3),
            ])
        }
        out += t.render() + "\n"
        for failure in failures { out += "  \(failure)\n" }
        if let best = backTest.outcomes.filter({ $0.law != nil }).min(by: { $0.meanError < $1.meanError }) {
            out += "\nheld-out runs under \(best.variant.name) (lowest mean ARE):\n"
            var r = TextTable(
                header: ["line", "N", "D", "C", "× C fitted", "actual", "predicted", "ARE"],
                rightAligned: [true, true, true, true, true, true, true, true])
            for p in best.predictions {
                r.rows.append([
                    "\(p.line)", NumberFormat.si(p.parameters), NumberFormat.si(p.tokens),
                    NumberFormat.scientific(p.flops, 2),
                    NumberFormat.significant(p.extrapolation, 3), NumberFormat.fixed(p.loss, 4),
                    NumberFormat.fixed(p.predicted, 4),
                    NumberFormat.fixed(100 * p.absoluteRelativeError, 2) + " %",
                ])
            }
            out += r.render() + "\n"
        }
        let warnings = self.warnings
        out += warnings.isEmpty ? "\nwarnings: none\n" : "\nwarnings:\n"
        for w in warnings { out += "  - \(w.variants): [\(w.warning.code)] \(w.warning.message)\n" }
        if let far = extrapolation, far > 100 {
            out +=
                "\nwarning: predictions reach \(NumberFormat.significant(far, 3))× beyond the fitted compute range; errors there are not evidence the law holds further\n"
        }
        return out
    }

    /// The fits' warnings, each once, with the variants that raised it.
    public var warnings: [(variants: String, warning: FitWarning)] {
        WarningsText.grouped(backTest.outcomes.map { ($0.variant.name, $0.warnings) }).map { ($0.names, $0.warning) }
    }

    /// The `plateau.check/1` document.
    public func json() throws -> String {
        struct Variant: Encodable {
            var law: String
            var estimator: String
            var parameters: ChinchillaLaw?
            var failure: String?
            var meanAre: Double?
            var maxAre: Double?
            var predictions: [BackTest.Prediction]
            enum CodingKeys: String, CodingKey {
                case law, estimator, parameters, failure, predictions
                case meanAre = "mean_are"
                case maxAre = "max_are"
            }
        }
        struct Warning: Encodable {
            var code: String
            var message: String
            var variants: String
        }
        struct Document: Encodable {
            var schema = "plateau.check/1"
            var description: String
            var trainRuns: Int
            var testRuns: Int
            var variants: [Variant]
            var warnings: [Warning]
            enum CodingKeys: String, CodingKey {
                case schema, description, variants, warnings
                case trainRuns = "train_runs"
                case testRuns = "test_runs"
            }
        }
        let doc = Document(
            description: description, trainRuns: backTest.trainCount, testRuns: backTest.testCount,
            variants: backTest.outcomes.map {
                Variant(
                    law: $0.variant.tiedExponents ? "chinchilla-tied" : "chinchilla",
                    estimator: $0.variant.estimator.rawValue,
                    parameters: $0.law, failure: $0.failure, meanAre: $0.law == nil ? nil : $0.meanError,
                    maxAre: $0.law == nil ? nil : $0.maxError, predictions: $0.predictions)
            },
            warnings: warnings.map {
                Warning(code: $0.warning.code, message: $0.warning.message, variants: $0.variants)
            })
        return try encodeDocument(doc)
    }
}
