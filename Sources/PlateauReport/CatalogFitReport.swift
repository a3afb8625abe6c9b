import Foundation
import PlateauCore

/// How a catalog law's fit is shown.
public struct CatalogFitReport: Sendable {
    public var fit: CatalogFit
    public var source: String

    public init(fit: CatalogFit, source: String) {
        self.fit = fit
        self.source = source
    }

    public func text() -> String {
        var out = "\(fit.lawName): \(fit.formula) fitted to \(fit.runs) points (\(source))\n"
        out += "source: \(fit.source)\n"
        out += "estimator: huber-log — sum of Huber(delta=1e-3) of log residuals\n\n"
        var t = TextTable(header: ["parameter", "value"], rightAligned: [false, true])
        t.rows = fit.parameters.map { [$0.name, NumberFormat.significant($0.value, 6)] }
        out += t.render() + "\n\n"
        out += "  objective  \(NumberFormat.scientific(fit.objective, 8))\n"
        out +=
            "  starts     \(fit.starts) (grid); \(fit.convergedStarts) converged; \(fit.startsInBestBasin) reached the best basin\n"
        if !fit.nearTiedOptima.isEmpty {
            out += "\nnear-tied local optima (objective within 1 % of the best):\n"
            var ties = TextTable(
                header: fit.parameters.map(\.name) + ["objective", "vs best"],
                rightAligned: Array(repeating: true, count: fit.parameters.count + 2))
            ties.rows = fit.nearTiedOptima.map { tie in
                tie.parameters.map { NumberFormat.significant($0.value, 6) } + [
                    NumberFormat.scientific(tie.objective, 8),
                    String(format: "+%.3f %%", (tie.objective / fit.objective - 1) * 100),
                ]
            }
            out += ties.render() + "\n"
        }
        out +=
            fit.warnings.isEmpty
            ? "\nwarnings: none\n"
            : "\nwarnings:\n" + fit.warnings.map { "  - \($0.message)" }.joined(separator: "\n") + "\n"
        return out
    }

    /// The `plateau.fit/1` document for a catalog law (parameters by name).
    public func json() throws -> String {
        struct Document: Encodable {
            var schema = "plateau.fit/1"
            var law: String
            var formula: String
            var estimator = "huber-log"
            var source: String
            var parameters: [String: Double]
            var objective: Double
            var runs: Int
            var starts: Int
            var converged: Int
            var bestBasin: Int
            var nearTies: [Tie]
            var warnings: [FitWarning]
            enum CodingKeys: String, CodingKey {
                case schema, law, formula, estimator, source, parameters, objective, runs, starts, converged, warnings
                case bestBasin = "best_basin"
                case nearTies = "near_tied_optima"
            }
        }
        struct Tie: Encodable {
            var parameters: [String: Double]
            var objective: Double
        }
        let doc = Document(
            law: fit.lawName, formula: fit.formula, source: source,
            parameters: Dictionary(uniqueKeysWithValues: fit.parameters.map { ($0.name, $0.value) }),
            objective: fit.objective,
            runs: fit.runs, starts: fit.starts, converged: fit.convergedStarts, bestBasin: fit.startsInBestBasin,
            nearTies: fit.nearTiedOptima.map { tie in
                Tie(
                    parameters: Dictionary(uniqueKeysWithValues: tie.parameters.map { ($0.name, $0.value) }),
                    objective: tie.objective)
            },
            warnings: fit.warnings)
        return try encodeDocument(doc)
    }
}
