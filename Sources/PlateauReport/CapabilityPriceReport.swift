import Foundation
import PlateauCore

/// How `plateau prices` is shown: the price decline of each capability (Epoch AI's method) and the
/// quality-per-dollar frontier.
package struct CapabilityPriceReport: Sendable {
    package var source: String
    package var declines: [CapabilityPrice]
    package var frontiers: [QualityFrontier]
    package var notes: [String]

    package init(source: String, declines: [CapabilityPrice], frontiers: [QualityFrontier], notes: [String]) {
        self.source = source
        self.declines = declines
        self.frontiers = frontiers
        self.notes = notes
    }

    static func date(_ year: Double) -> String {
        let y = Int(year.rounded(.down))
        let month = min(12, Int(((year - Double(y)) * 12).rounded(.down)) + 1)
        return String(format: "%04d-%02d", y, month)
    }

    package func text() -> String {
        var out = "The price of a capability: \(source)\n"
        for note in notes { out += "note: \(note)\n" }
        for d in declines {
            let level = d.reference.map { " (\($0)'s level)" } ?? ""
            out +=
                "\n\(d.benchmark) ≥ \(NumberFormat.fixed(d.threshold * d.displayScale, 1))\(level): price falls \(NumberFormat.significant(d.factorPerYear, 3))× per year (90 %: \(NumberFormat.significant(d.interval.lower, 3))–\(NumberFormat.significant(d.interval.upper, 3))×), \(d.frontier.count) models, \(d.frontier.first!.date) to \(d.frontier.last!.date)\n"
            var t = TextTable(
                header: ["released", "model", "USD / 1M tokens", d.benchmark], rightAligned: [false, false, true, true])
            t.rows = d.frontier.map {
                [
                    $0.date, $0.name, NumberFormat.significant($0.price, 3),
                    NumberFormat.fixed(($0.scores[d.benchmark] ?? 0) * d.displayScale, 1),
                ]
            }
            out += t.render() + "\n"
        }
        for f in frontiers {
            out +=
                "\nQuality per dollar on \(f.benchmark), models released by \(Self.date(f.year)): the Pareto frontier (no model both cheaper and better)\n"
            var t = TextTable(
                header: ["model", "released", "USD / 1M tokens", f.benchmark], rightAligned: [false, false, true, true])
            t.rows = f.models.map {
                [
                    $0.name, $0.date, NumberFormat.significant($0.price, 3),
                    NumberFormat.fixed(($0.scores[f.benchmark] ?? 0) * f.displayScale, 1),
                ]
            }
            out += t.render() + "\n"
            if let s = f.scorePerDecade {
                out +=
                    "  each 10× of price buys \(NumberFormat.fixed(s * f.displayScale, 1)) points of \(f.benchmark) along the frontier (least squares)\n"
            }
        }
        return out
            + TextTable.howToRead([
                "method (Epoch AI 2025): the models at or above a benchmark score that were cheaper than every earlier such model; log10 price regressed on release date; 90 % interval from the slope's t-distribution"
            ])
    }

    /// The `plateau.prices/1` document.
    package func json() throws -> String {
        struct Model: Encodable {
            var name: String
            var date: String
            var price: Double
            var score: Double?
        }
        struct Decline: Encodable {
            var benchmark: String
            var threshold: Double
            var reference: String?
            var factorPerYear: Double
            var interval90: Interval
            var slope: Double
            var intercept: Double
            var models: [Model]
            enum CodingKeys: String, CodingKey {
                case benchmark, threshold, reference, slope, intercept, models
                case factorPerYear = "factor_per_year"
                case interval90 = "interval_90"
            }
        }
        struct Frontier: Encodable {
            var benchmark: String
            var year: Double
            var models: [Model]
            var scorePerDecade: Double?
            enum CodingKeys: String, CodingKey {
                case benchmark, year, models
                case scorePerDecade = "score_per_decade_of_price"
            }
        }
        struct Document: Encodable {
            var schema = "plateau.prices/1"
            var source: String
            var declines: [Decline]
            var frontiers: [Frontier]
            var notes: [String]
        }
        let doc = Document(
            source: source,
            declines: declines.map { d in
                Decline(
                    benchmark: d.benchmark, threshold: d.threshold, reference: d.reference,
                    factorPerYear: d.factorPerYear,
                    interval90: d.interval, slope: d.slope, intercept: d.intercept,
                    models: d.frontier.map {
                        Model(name: $0.name, date: $0.date, price: $0.price, score: $0.scores[d.benchmark])
                    })
            },
            frontiers: frontiers.map { f in
                Frontier(
                    benchmark: f.benchmark, year: f.year,
                    models: f.models.map {
                        Model(name: $0.name, date: $0.date, price: $0.price, score: $0.scores[f.benchmark])
                    },
                    scorePerDecade: f.scorePerDecade)
            }, notes: notes)
        return try encodeDocument(doc)
    }
}
