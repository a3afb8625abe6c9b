import Foundation
import RealModule

/// Models with a release date, a price per million tokens and benchmark scores: what a
/// capability costs over time (Epoch AI, "LLM inference prices have fallen rapidly but unequally
/// across tasks", 2025).
package struct PricedModels: Sendable {
    package struct Model: Sendable, Equatable {
        package var name: String
        package var year: Double
        package var date: String
        /// US dollars per million tokens.
        package var price: Double
        /// Benchmark name → score as a fraction of 1 (percentages divided by 100), or on the
        /// benchmark's own scale (``PricedModels/ownScale``: Arena Elo).
        package var scores: [String: Double]
        package var line: Int
    }

    package var source: String
    package var models: [Model]
    /// The score columns, in file order.
    package var benchmarks: [String]
    /// Score columns on their own scale, not percentages or fractions: every value above 100
    /// (LMSys Chatbot Arena Elo). Thresholds and frontiers read them as written.
    package var ownScale: Set<String> = []
    package var notes: [String]

    static let nameColumns = ["model name", "model", "name", "system"]
    static let dateColumns = ["release date", "date", "publication date", "released"]
    static let priceColumns = ["usd per 1m tokens", "price", "usd_per_mtok", "price per 1m tokens", "usd per mtok"]
    /// Columns that are neither scores nor identifiers (speed and latency of the bundled file).
    static let ignored = ["tokens per second", "prefill latency (s)", "prompt length (tk)"]

    /// Reads `tables` (rows of one or more files with the same columns). A row without a date or a
    /// price is skipped (counted in the notes); scores above 1 in a column mean the column is in
    /// percent and is divided by 100 (noted).
    ///
    /// - Throws: ``InputError`` for a missing column, a date that is not YYYY-MM-DD, a price that
    ///   is not a positive number, or a score that is negative or above 100.
    package init(tables: [DataTable]) throws {
        guard !tables.isEmpty else {
            throw InputError(file: "prices", problem: "no table", remedy: "give a file of models and prices")
        }
        source = tables.map(\.source).joined(separator: " + ")
        var models: [Model] = []
        var skipped = 0
        var benchmarks: [String] = []
        var percent: Set<String> = []
        var ownScale: Set<String> = []
        for table in tables {
            let n = try table.column(oneOf: Self.nameColumns, what: "model name")
            let d = try table.column(oneOf: Self.dateColumns, what: "release date")
            let p = try table.column(oneOf: Self.priceColumns, what: "price")
            let scoreColumns = table.columns.indices.filter { i in
                ![n, d, p].contains(i) && !Self.ignored.contains(table.columns[i].lowercased())
                    && !table.columns[i].isEmpty
            }
            for i in scoreColumns where !benchmarks.contains(table.columns[i]) { benchmarks.append(table.columns[i]) }
            // A column is on its own scale when every score exceeds 100 (Elo ratings) and it is
            // not a benchmark known to be scored in percent, else in
            // percent when any exceeds 1; a column that mixes the two is an error at its first
            // score above 100, below.
            for i in scoreColumns {
                let values = table.rows.compactMap { Quantity.parse($0[i].text ?? "") }
                if !values.isEmpty, values.allSatisfy({ $0 > 100 }), KnownTask.match(table.columns[i]) == nil {
                    ownScale.insert(table.columns[i])
                } else if values.contains(where: { $0 > 1 }) {
                    percent.insert(table.columns[i])
                }
            }
            let reader = CellReader(table: table)
            for row in table.rows {
                let dateText = row[d].text?.trimmingCharacters(in: .whitespaces) ?? ""
                let priceText = row[p].text?.trimmingCharacters(in: .whitespaces) ?? ""
                guard !dateText.isEmpty, !priceText.isEmpty else {
                    skipped += 1
                    continue
                }
                let year = try DatedValue.year(dateText, at: row[d], in: table.source)
                let price = try reader.positive(row[p], column: p)
                var scores: [String: Double] = [:]
                for i in scoreColumns {
                    let text = row[i].text?.trimmingCharacters(in: .whitespaces) ?? ""
                    guard !text.isEmpty else { continue }
                    let name = table.columns[i]
                    guard let v = Quantity.parse(text), v.isFinite, v >= 0, v <= 100 || ownScale.contains(name) else {
                        throw InputError(
                            file: table.source, line: row[i].line, column: row[i].column,
                            problem: "\(name) score '\(InputError.excerpt(text))' is not a number from 0 to 100",
                            remedy: "write scores as percentages or fractions")
                    }
                    scores[name] = percent.contains(name) ? v / 100 : v
                }
                models.append(
                    Model(
                        name: row[n].text ?? "", year: year, date: String(dateText.prefix(10)), price: price,
                        scores: scores, line: row[p].line))
            }
        }
        self.models = models
        self.benchmarks = benchmarks
        self.ownScale = ownScale
        var notes: [String] = []
        if skipped > 0 { notes.append("skipped \(skipped) rows without a release date or a price") }
        if !percent.isEmpty {
            notes.append(
                "scores read as percentages (divided by 100): \(benchmarks.filter(percent.contains).joined(separator: ", "))"
            )
        }
        if !ownScale.isEmpty {
            notes.append(
                "scores read on their own scale (values above 100, not percentages): \(benchmarks.filter(ownScale.contains).joined(separator: ", "))"
            )
        }
        self.notes = notes
    }

    /// The bundled Epoch AI price and quality tables.
    package static func bundled() throws -> PricedModels { try PricedModels(tables: bundledTables()) }

    /// Epoch AI's two tables of models, prices and scores.
    package static func bundledTables() throws -> [DataTable] {
        [try BundledDataset.inferencePrices.table(), try BundledDataset.inferencePricesMore.table()]
    }

    /// What a score of `benchmark` is multiplied by to be shown: 100 for fractions, 1 on its own
    /// scale.
    package func displayScale(_ benchmark: String) -> Double { ownScale.contains(benchmark) ? 1 : 100 }

    /// A threshold as given (`43.9`, `0.439`, or on the benchmark's own scale `1106`) as scores are
    /// stored, or nil when it is outside the benchmark's scale.
    package func threshold(_ given: Double, benchmark: String) -> Double? {
        if ownScale.contains(benchmark) { return given }
        guard given >= 0, given <= 100 else { return nil }
        return given > 1 ? given / 100 : given
    }

    /// The benchmark named `name` (case-insensitive), or nil.
    package func benchmark(named name: String) -> String? {
        benchmarks.first { $0.lowercased() == name.lowercased() }
    }
}

/// Epoch AI's price of a capability: among the models scoring at least a threshold on a
/// benchmark, those cheaper than every earlier such model; log10 price regressed on release date
/// by ordinary least squares; the price falls by 10^(−slope) per year, with a 90 % interval from
/// the slope's t-distribution.
package struct CapabilityPrice: Sendable {
    package var benchmark: String
    package var threshold: Double
    /// What a score is multiplied by to be shown (``PricedModels/displayScale(_:)``).
    package var displayScale: Double
    /// The model whose score set the threshold, when one was named.
    package var reference: String?
    /// The models on the cheapest-so-far frontier, by date.
    package var frontier: [PricedModels.Model]
    package var slope: Double
    package var intercept: Double
    /// Price decline factor per year, 10^(−slope), and its 90 % interval.
    package var factorPerYear: Double
    package var interval: Interval
    /// The regression behind the decline.
    var line: LineFit

    /// The fitted price at `year` and the 90 % interval of the line there (USD per 1M tokens).
    package func price(at year: Double) -> (value: Double, lower: Double, upper: Double) {
        let fit = intercept + slope * year
        let se = line.standardError(at: year), t = StudentT.quantile95(Double(line.count - 2))
        return (Double.exp10(fit), Double.exp10(fit - t * se), Double.exp10(fit + t * se))
    }

    /// - Throws: ``FitError`` when fewer than 3 models form the frontier, or they span less than a
    ///   year.
    package init(_ priced: PricedModels, benchmark: String, threshold: Double, reference: String? = nil) throws {
        self.benchmark = benchmark
        self.threshold = threshold
        self.reference = reference
        displayScale = priced.displayScale(benchmark)
        let qualified = priced.models.filter { ($0.scores[benchmark] ?? -1) >= threshold - 1e-12 }
            .sorted { ($0.year, $0.line) < ($1.year, $1.line) }
        var frontier: [PricedModels.Model] = []
        for m in qualified where m.price < (frontier.last?.price ?? .infinity) { frontier.append(m) }
        guard frontier.count >= 3 else {
            throw FitError.tooFewPoints(
                what:
                    "models at or above \(benchmark) \(String(format: "%.4g", threshold * displayScale)) cheaper than every earlier one",
                found: frontier.count, needed: 3)
        }
        let years = frontier.map(\.year), logs = frontier.map { Double.log10($0.price) }
        guard (years.max()! - years.min()!) >= 1, let line = LineFit(years, logs) else {
            throw FitError.shortSpan(years: years.max()! - years.min()!)
        }
        self.line = line
        slope = line.slope
        intercept = line.intercept
        let t = StudentT.quantile95(Double(line.count - 2)), se = line.slopeStandardError
        factorPerYear = Double.exp10(-line.slope)
        interval = .init(lower: Double.exp10(-(line.slope + t * se)), upper: Double.exp10(-(line.slope - t * se)))
        self.frontier = frontier
    }
}

/// The quality-per-dollar frontier at a date: the models released by then that no other model
/// beats on both price and score.
package struct QualityFrontier: Sendable {
    package var benchmark: String
    /// What a score is multiplied by to be shown (``PricedModels/displayScale(_:)``).
    package var displayScale: Double
    package var year: Double
    /// Cheapest first.
    package var models: [PricedModels.Model]
    /// Score gained per 10× of price along the frontier (OLS of score on log10 price), when the
    /// frontier has at least two models.
    package var scorePerDecade: Double?

    package init(_ priced: PricedModels, benchmark: String, year: Double) {
        self.benchmark = benchmark
        self.year = year
        displayScale = priced.displayScale(benchmark)
        let released = priced.models.filter { $0.year <= year && $0.scores[benchmark] != nil }
        let score = { (m: PricedModels.Model) in m.scores[benchmark]! }
        let sorted = released.sorted { ($0.price, -score($0)) < ($1.price, -score($1)) }
        var frontier: [PricedModels.Model] = []
        for m in sorted where score(m) > (frontier.last.map(score) ?? -1) { frontier.append(m) }
        models = frontier
        scorePerDecade = LineFit(frontier.map { Double.log10($0.price) }, frontier.map(score))?.slope
    }
}

/// Quantiles of Student's t distribution.
package enum StudentT {
    /// The one-sided 0.95 quantile (the bound of a two-sided 90 % interval) for ν degrees of
    /// freedom: scipy's values for ν ≤ 30, the Cornish–Fisher expansion beyond (error below 1e-6).
    package static func quantile95(_ nu: Double) -> Double {
        let table = [
            6.313751515, 2.91998558, 2.353363435, 2.131846786, 2.015048373, 1.943180281, 1.894578605, 1.859548038,
            1.833112933, 1.812461123, 1.795884819, 1.782287556, 1.770933396, 1.761310136, 1.753050356, 1.745883676,
            1.739606726, 1.734063607, 1.729132812, 1.724718243, 1.720742903, 1.717144374, 1.713871528, 1.71088208,
            1.708140761, 1.70561792, 1.703288446, 1.701130934, 1.699127027, 1.697260887,
        ]
        let whole = max(1, Int(nu.rounded(.down)))
        if whole <= table.count { return table[whole - 1] }
        return cornishFisher(z: 1.6448536269514722, nu: Double(whole))
    }

    /// Student's t quantile for ν degrees of freedom from the standard normal quantile z: the
    /// Cornish–Fisher expansion to ν⁻³ (Abramowitz & Stegun 26.7.5).
    static func cornishFisher(z: Double, nu v: Double) -> Double {
        let z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
            + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v)
    }
}
