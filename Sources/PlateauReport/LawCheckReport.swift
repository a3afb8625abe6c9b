import Foundation
import PlateauCore

/// How a back-test of several catalog laws is shown: the laws side by side, then the held-out
/// observations under the one with the lowest mean error.
package struct LawCheckReport: Sendable {
    package var backTest: LawBackTest
    package var description: String
    /// Held-out rows listed in text before the rest are summarised.
    package static let listedRows = 30

    package init(backTest: LawBackTest, description: String) {
        self.backTest = backTest
        self.description = description
    }

    package func text() -> String {
        let b = backTest
        var out = "Back-test: \(description)\n"
        if b.testCount == b.trainCount && b.testRuns == b.trainRuns {
            out += "each of \(b.trainRuns) runs predicted by a fit of all the others (leave-one-run-out)"
        } else {
            out +=
                b.trainRuns == b.trainCount && b.testRuns == b.testCount
                ? "fitted \(b.trainCount) runs, predicting \(b.testCount)"
                : "fitted \(b.trainRuns) runs (\(b.trainCount) rows), predicting \(b.testRuns) whole runs (\(b.testCount) rows) — no run is split between the two"
        }
        let furthest = b.outcomes.flatMap { $0.predictions.map(\.extrapolation) }.filter(\.isFinite).max()
        out += furthest.map { " (up to \(NumberFormat.significant($0, 3))× the largest fitted scale)" } ?? ""
        out += "\nARE = |predicted − actual| / actual\n\n"
        var t = TextTable(
            header: ["law", "mean ARE", "max ARE", "fitted parameters"], rightAligned: [false, true, true, false])
        for o in b.outcomes {
            guard o.failure == nil, !o.predictions.isEmpty else {
                t.rows.append([o.law, "failed", "", o.failure ?? ""])
                continue
            }
            let parameters =
                o.fit.map { fit in
                    fit.parameters.map { "\($0.name) \(NumberFormat.significant($0.value, 4))" }.joined(separator: ", ")
                } ?? "one fit per run\(o.failedFits > 0 ? ", \(o.failedFits) failed" : "")"
            t.rows.append([
                o.law, NumberFormat.fixed(100 * o.meanError, 2) + " %", NumberFormat.fixed(100 * o.maxError, 2) + " %",
                parameters,
            ])
        }
        out += t.render() + "\n"
        if let best = b.outcomes.filter({ $0.failure == nil && !$0.predictions.isEmpty }).min(by: {
            $0.meanError < $1.meanError
        }) {
            let rows =
                best.predictions.count > Self.listedRows
                ? Array(best.predictions.sorted { $0.absoluteRelativeError > $1.absoluteRelativeError }.prefix(10))
                : best.predictions
            out +=
                best.predictions.count > Self.listedRows
                ? "\nthe 10 worst of \(best.predictions.count) held-out rows under \(best.law) (lowest mean ARE):\n"
                : "\nheld-out rows under \(best.law) (lowest mean ARE):\n"
            let inputs = best.inputs
            var r = TextTable(
                header: ["line", "run"] + inputs.map(\.rawValue) + ["× fitted", "actual", "predicted", "ARE"],
                rightAligned: [true, false] + inputs.map { _ in true } + [true, true, true, true])
            for p in rows {
                r.rows.append(
                    ["\(p.line)", p.run.hasPrefix("#") ? "" : p.run]
                        + inputs.map { NumberFormat.input($0, p.point[$0]) } + [
                            NumberFormat.significant(p.extrapolation, 3), NumberFormat.significant(p.observed, 5),
                            NumberFormat.significant(p.predicted, 5),
                            NumberFormat.fixed(100 * p.absoluteRelativeError, 2) + " %",
                        ])
            }
            out += r.render() + "\n"
        }
        let warnings = self.warnings
        out += warnings.isEmpty ? "\nwarnings: none\n" : "\nwarnings:\n"
        for w in warnings { out += "  - \(w.laws): [\(w.warning.code)] \(w.warning.message)\n" }
        return out
    }

    /// Every fit's and the data's warnings, each once, with the laws that raised it.
    package var warnings: [(laws: String, warning: FitWarning)] {
        var out = WarningsText.grouped(backTest.outcomes.map { ($0.law, $0.warnings) }).map { ($0.names, $0.warning) }
        let all = backTest.outcomes.flatMap { $0.predictions.map(\.extrapolation) }
        if let far = LawPrediction.farWarning(all) { out.append(("every fit", far)) }
        return out
    }

    /// The `plateau.check/2` document.
    package func json() throws -> String {
        struct Prediction: Encodable {
            var line: Int
            var run: String
            var inputs: [String: Double]
            var actual: Double
            var predicted: Double
            var are: Double
            var extrapolation: Double
        }
        struct Law: Encodable {
            var law: String
            var parameters: [String: Double]?
            var failure: String?
            var failedFits: Int
            var meanAre: Double?
            var maxAre: Double?
            var predictions: [Prediction]
            enum CodingKeys: String, CodingKey {
                case law, parameters, failure, predictions
                case failedFits = "failed_fits"
                case meanAre = "mean_are"
                case maxAre = "max_are"
            }
        }
        struct Warning: Encodable {
            var code: String
            var message: String
            var laws: String
        }
        struct Document: Encodable {
            var schema = "plateau.check/2"
            var description: String
            var trainRows, testRows, trainRuns, testRuns: Int
            var laws: [Law]
            var warnings: [Warning]
            enum CodingKeys: String, CodingKey {
                case schema, description, laws, warnings
                case trainRows = "train_rows"
                case testRows = "test_rows"
                case trainRuns = "train_runs"
                case testRuns = "test_runs"
            }
        }
        let b = backTest
        let doc = Document(
            description: description, trainRows: b.trainCount, testRows: b.testCount, trainRuns: b.trainRuns,
            testRuns: b.testRuns,
            laws: b.outcomes.map { o in
                let ok = o.failure == nil && !o.predictions.isEmpty
                return Law(
                    law: o.law,
                    parameters: o.fit.map {
                        Dictionary($0.parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
                    },
                    failure: o.failure, failedFits: o.failedFits, meanAre: ok ? o.meanError : nil,
                    maxAre: ok ? o.maxError : nil,
                    predictions: o.predictions.map { p in
                        Prediction(
                            line: p.line, run: p.run,
                            inputs: Dictionary(
                                uniqueKeysWithValues: o.inputs.map { ($0.rawValue, p.point[$0]) }),
                            actual: p.observed, predicted: p.predicted, are: p.absoluteRelativeError,
                            extrapolation: p.extrapolation)
                    })
            },
            warnings: warnings.map { Warning(code: $0.warning.code, message: $0.warning.message, laws: $0.laws) })
        return try encodeDocument(doc)
    }
}

extension NumberFormat {
    /// A law's input as its tables show it: counts with SI suffixes, compute in scientific
    /// notation, losses with four decimals.
    static func input(_ variable: LawVariable, _ value: Double) -> String {
        switch variable {
        case .N, .D, .U, .A: si(value)
        case .C: scientific(value, 2)
        case .L: fixed(value, 4)
        case .k, .E, .S: significant(value, 6)
        }
    }
}
