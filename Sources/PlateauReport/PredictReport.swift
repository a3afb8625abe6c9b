import Foundation
import PlateauCore

/// Predictions of a fitted law at chosen points.
package struct PredictReport: Sendable {
    package var fitted: FittedLaw
    package var predictions: [LawPrediction]

    package init(fitted: FittedLaw, predictions: [LawPrediction]) {
        self.fitted = fitted
        self.predictions = predictions
    }

    /// The fit's warnings plus far extrapolation.
    package var warnings: [FitWarning] {
        fitted.warnings
            + [LawPrediction.farWarning(predictions.map(\.extrapolation)), fitted.tieWarning(predictions)]
            .compactMap { $0 }
    }

    package func text() -> String {
        let law = fitted.law
        var out = "\(law.name): \(law.formula)\n"
        out += "fit: \(fitted.origin)\n"
        out += "parameters: "
        out += law.reported(fitted.theta).map { "\($0.0) \(NumberFormat.significant($0.1, 5))" }.joined(separator: ", ")
        out += "\n\n"
        let inputs = law.inputs
        let level = Int((fitted.level * 100).rounded())
        var t = TextTable(
            header: inputs.map(\.rawValue) + ["predicted", "\(level) % interval", "× fitted"],
            rightAligned: inputs.map { _ in true } + [true, true, true])
        for p in predictions {
            t.rows.append(
                inputs.map { NumberFormat.input($0, p.point[$0]) } + [
                    NumberFormat.significant(p.value, 5),
                    p.checked?.text { NumberFormat.significant($0, 4) } ?? "— (no bootstrap)",
                    p.extrapolation.isFinite ? NumberFormat.significant(p.extrapolation, 3) : "unknown",
                ])
        }
        out += t.render() + "\n"
        out += WarningsText.render(warnings)
        return out
    }

    /// The `plateau.predict/1` document.
    package func json() throws -> String {
        struct Row: Encodable {
            var inputs: [String: Double]
            var predicted: Double
            var lower: Double?
            var upper: Double?
            /// Why there is no interval although there are draws (``Interval/Withheld``).
            var withheld: String?
            var extrapolation: Double?
        }
        struct Document: Encodable {
            var schema = "plateau.predict/1"
            var law: String
            var parameters: [String: Double]
            var fit: String
            var level: Double
            var resamples: Int
            var predictions: [Row]
            var warnings: [FitWarning]
        }
        let law = fitted.law
        let doc = Document(
            law: law.name,
            parameters: Dictionary(law.reported(fitted.theta), uniquingKeysWith: { a, _ in a }), fit: fitted.origin,
            level: fitted.level, resamples: fitted.draws.count,
            predictions: predictions.map { p in
                Row(
                    inputs: Dictionary(uniqueKeysWithValues: law.inputs.map { ($0.rawValue, p.point[$0]) }),
                    predicted: p.value, lower: p.interval?.lower, upper: p.interval?.upper,
                    withheld: p.checked?.withheld?.rawValue, extrapolation: p.extrapolation.isFinite ? p.extrapolation : nil)
            }, warnings: warnings)
        return try encodeDocument(doc)
    }
}
