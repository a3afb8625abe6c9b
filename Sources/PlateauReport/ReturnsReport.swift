import Foundation
import PlateauCore

/// How the diminishing-returns tables are shown.
package struct ReturnsReport: Sendable {
    package var lawDescription: String
    package var tables: [DiminishingReturns]
    package var accelerator: Accelerator?
    /// The warnings of the fit the law comes from.
    package var fitWarnings: [FitWarning] = []

    package init(lawDescription: String, tables: [DiminishingReturns], accelerator: Accelerator?) {
        self.lawDescription = lawDescription
        self.tables = tables
        self.accelerator = accelerator
    }

    /// The constant compute multiplier per cut of the reducible loss (the Chinchilla form), or nil.
    var multiplier: Double? {
        guard let first = tables.first, let law = first.law else { return nil }
        return DiminishingReturns.multiplier(perCut: first.fraction, alpha: law.alpha, beta: law.beta)
    }

    package func text() -> String {
        guard let first = tables.first else { return "" }
        let floor = first.frontier.floor
        var out = "Diminishing returns along the compute-optimal frontier\n"
        out += "law: \(lawDescription)\n"
        out +=
            "start: \(NumberFormat.scientific(first.start.flops, 3)) FLOPs, N \(NumberFormat.si(first.start.parameters)), "
        out +=
            "D \(NumberFormat.si(first.start.tokens)), loss \(NumberFormat.fixed(first.start.loss, 4)) (E = \(NumberFormat.fixed(floor, 4)))\n"
        if let m = multiplier {
            out += "each \(NumberFormat.significant(100 * first.fraction, 3)) % cut of the reducible loss L − E costs "
            out +=
                "(1/\(NumberFormat.significant(1 - first.fraction, 3)))^((α+β)/(αβ)) = \(NumberFormat.fixed(m, 3))× the compute\n"
        } else {
            out += floor == 0 ? "the law has no irreducible loss (E = 0: the reducible loss is the loss); " : "E is the law's loss as N and D grow without bound; "
            out +=
                "its frontier is solved for at each step (Brent along C = 6·N·D, bisection on log C), so each cut has its own multiplier\n"
        }
        if let accelerator { out += "costs of each whole run on \(accelerator.name)\n" }
        for table in tables {
            let what = table.target == .reducible ? "reducible loss L − E" : "total loss L"
            out += "\ncutting the \(what) by \(NumberFormat.significant(100 * table.fraction, 3)) % a step:\n"
            var t = TextTable(
                header: [
                    "step", "loss", "L − E", "× compute", "FLOPs", "N", "D", "dollars", "MWh",
                    tables.flatMap(\.steps).compactMap(\.cost).first?.emissionsUnit ?? "tCO2e",
                ],
                rightAligned: [true, true, true, true, true, true, true, true, true, true])
            for s in table.steps {
                guard let flops = s.flops else {
                    // Every later step is lower still: one row says so.
                    t.rows.append([
                        "\(s.step)", NumberFormat.fixed(s.loss, 4), "< 0", "impossible: below E", "", "", "", "", "",
                        "",
                    ])
                    break
                }
                t.rows.append([
                    "\(s.step)", NumberFormat.fixed(s.loss, 4), NumberFormat.fixed(s.reducibleLoss, 4),
                    s.multiplier.map { NumberFormat.fixed($0, 3) } ?? "—", NumberFormat.scientific(flops, 2),
                    s.parameters.map(NumberFormat.si) ?? "", s.tokens.map(NumberFormat.si) ?? "",
                    s.cost?.usd.map { "$" + NumberFormat.si($0) } ?? "—",
                    s.cost?.kilowattHours.map { NumberFormat.significant($0 / 1000, 3) } ?? "—",
                    s.cost?.kgCO2e.map { NumberFormat.significant($0 / 1000, 3) } ?? "—",
                ])
            }
            out += t.render() + "\n"
        }
        if !fitWarnings.isEmpty { out += WarningsText.render(fitWarnings) }
        return out
    }

    /// The `plateau.returns/2` document.
    package func json() throws -> String {
        struct Table: Encodable {
            var target: String
            var fraction: Double
            var steps: [DiminishingReturns.Step]
        }
        struct Document: Encodable {
            var schema = "plateau.returns/2"
            var law: String
            var start: TrainingPlan
            var multiplierPerReducibleCut: Double?
            var accelerator: String?
            var tables: [Table]
            var warnings: [FitWarning]
            enum CodingKeys: String, CodingKey {
                case schema, law, start, accelerator, tables, warnings
                case multiplierPerReducibleCut = "multiplier_per_reducible_cut"
            }
        }
        guard let first = tables.first else { return "{}" }
        let doc = Document(
            law: lawDescription, start: first.start,
            multiplierPerReducibleCut: multiplier,
            accelerator: accelerator?.name,
            tables: tables.map { Table(target: $0.target.rawValue, fraction: $0.fraction, steps: $0.steps) },
            warnings: fitWarnings)
        return try encodeDocument(doc)
    }
}
