import Foundation
import PlateauCore

/// How `plateau trend` is shown: growth rates per quantity and selection, and the data wall.
package struct TrendReport: Sendable {
    package struct Row: Sendable {
        package var quantity: String
        package var selection: String
        package var trend: Trend
        package init(quantity: String, selection: String, trend: Trend) {
            self.quantity = quantity
            self.selection = selection
            self.trend = trend
        }
    }

    package var source: String
    package var rows: [Row]
    /// (label, projection) pairs, e.g. compute-optimal and 5× over-trained.
    package var walls: [(label: String, wall: DataWall)]
    package var notes: [String]

    package init(source: String, rows: [Row], walls: [(label: String, wall: DataWall)] = [], notes: [String] = []) {
        self.source = source
        self.rows = rows
        self.walls = walls
        self.notes = notes
    }

    static func year(_ y: Double?) -> String { y.map { NumberFormat.fixed($0, 1) } ?? "—" }

    /// Median, 80 % and 95 % intervals of run-out years.
    static func summary(_ years: [Double], _ wall: DataWall) -> [String] {
        let q = { (p: Double) in wall.quantile(p, of: years) }
        return [year(q(0.5)), "\(year(q(0.1)))–\(year(q(0.9)))", "\(year(q(0.025)))–\(year(q(0.975)))"]
    }

    static func stockDescription(_ stock: TextStock) -> String {
        if let o = stock.override {
            return
                "given: median \(NumberFormat.scientific(o.median, 2)), 95 % \(NumberFormat.scientific(o.low, 2))–\(NumberFormat.scientific(o.high, 2)), growing as the web"
        }
        return
            "indexed web × quality 0.1–0.4 × repetition 2–5, growing 2–14 %/year (Villalobos et al.'s effective stock)"
    }

    package func text() -> String {
        var out = "Log-linear trends over publication date (\(source))\n"
        for note in notes { out += "note: \(note)\n" }
        var warnings: [String] = []
        var t = TextTable(
            header: ["quantity", "models", "n", "years", "×/year", "95 %", "doubling (months)", "95 %"],
            rightAligned: [false, false, true, true, true, true, true, true])
        for r in rows {
            let tr = r.trend
            let perYear = tr.slopeInterval.map {
                "\(NumberFormat.fixed(Double.pow(10, $0.lower), 2))–\(NumberFormat.fixed(Double.pow(10, $0.upper), 2))"
            }
            let doubling = tr.slopeInterval.map { i -> String in
                let months = { (s: Double) in 12 * log10(2) / s }
                return i.lower > 0
                    ? "\(NumberFormat.fixed(months(i.upper), 1))–\(NumberFormat.fixed(months(i.lower), 1))" : "—"
            }
            warnings += tr.warnings.map { "\(r.quantity), \(r.selection): \($0.message)" }
            t.rows.append([
                r.quantity, r.selection, "\(tr.points)",
                "\(Int(tr.firstYear.rounded(.down)))–\(Int(tr.lastYear.rounded(.down)))",
                NumberFormat.fixed(tr.perYear, 2) + "×", perYear ?? "—",
                tr.slope > 0 ? NumberFormat.fixed(tr.doublingMonths, 1) : "—", doubling ?? "—",
            ])
        }
        out += t.render() + "\n"
        for w in warnings { out += "warning: \(w)\n" }
        if let first = walls.first?.wall {
            let o = first.options
            out += "\nData wall: the year training-set sizes reach the effective stock of public text\n"
            out += "method: \(o.projection.label)\n"
            if let stock = first.band(at: o.referenceYear, level: 0.95, stock: true) {
                out +=
                    "stock: \(Self.stockDescription(o.stock)), median \(NumberFormat.scientific(stock.median, 2)) tokens in \(NumberFormat.significant(o.referenceYear, 6)) (95 %: \(NumberFormat.scientific(stock.lower, 2))–\(NumberFormat.scientific(stock.upper, 2)))\n"
            }
            if o.projection == .villalobos {
                out +=
                    "largest training set in \(NumberFormat.significant(o.referenceYear, 6)): \(NumberFormat.si(o.largestDataset.low))–\(NumberFormat.si(o.largestDataset.high)) tokens (90 %), grown by the dataset trend"
                if !first.computeYears.isEmpty {
                    out +=
                        "; the compute-based half as D = 20·√(C/120), \(NumberFormat.fixed(o.computeShare * 100, 0)) % of draws (an equal mixture: Plateau's reading of their code, which concatenates 10,000 historical draws with the projection file's samples)"
                }
                out += "\n"
                if let source = first.computeSource { out += "compute projection: \(source)\n" }
                if walls.count > 1 {
                    out +=
                        "over-training: at fixed compute C = 6·N·D, f× the compute-optimal tokens per parameter multiplies D by √f — Plateau's shortcut, not theirs\n"
                }
            }
            out += "\(o.draws) Monte Carlo draws, seed \(o.seed)\n"
            for note in first.notes { out += "note: \(note)\n" }
            var w = TextTable(
                header: ["projection", "median year", "80 %", "95 %"], rightAligned: [false, true, true, true])
            for (label, wall) in walls {
                w.rows.append([label] + Self.summary(wall.years, wall))
                if !wall.historicalYears.isEmpty && !wall.computeYears.isEmpty {
                    w.rows.append(["  of which: largest dataset × trend"] + Self.summary(wall.historicalYears, wall))
                    w.rows.append(
                        ["  of which: compute-optimal data of the largest compute"]
                            + Self.summary(wall.computeYears, wall))
                }
            }
            out += w.render() + "\n"
            out +=
                "Villalobos et al. 2024 report a median of 2028 with an 80 % interval of 2026–2032 (their Figure 1); '—' is beyond every finite draw.\n"
        }
        return out
            + TextTable.howToRead([
                "log10(value) = intercept + slope·year by least squares; 95 % intervals from resampling the models"
            ])
    }

    /// The `plateau.trend/2` document.
    package func json() throws -> String {
        struct TrendDoc: Encodable {
            var quantity: String
            var selection: String
            var points: Int
            var slope: Double
            var intercept: Double
            var perYear: Double
            var doublingMonths: Double
            var slopeInterval: Interval?
            var warnings: [FitWarning]
            enum CodingKeys: String, CodingKey {
                case quantity, selection, points, slope, intercept, warnings
                case perYear = "per_year"
                case doublingMonths = "doubling_months"
                case slopeInterval = "slope_interval"
            }
        }
        struct Years: Encodable {
            var median: Double?
            var interval80: [Double?]
            var interval95: [Double?]
            enum CodingKeys: String, CodingKey {
                case median
                case interval80 = "interval_80"
                case interval95 = "interval_95"
            }
            init(_ years: [Double], _ wall: DataWall) {
                let q = { (p: Double) in wall.quantile(p, of: years) }
                median = q(0.5)
                interval80 = [q(0.1), q(0.9)]
                interval95 = [q(0.025), q(0.975)]
            }
        }
        struct Wall: Encodable {
            var projection: String
            var method: String
            var runOutYear: Years
            var historical: Years?
            var compute: Years?
            /// Which compute projection the compute half used: theirs from a file, or Plateau's.
            var computeProjection: String?
            var notes: [String]
            enum CodingKeys: String, CodingKey {
                case projection, method, historical, compute, notes
                case runOutYear = "run_out_year"
                case computeProjection = "compute_projection"
            }
        }
        struct Document: Encodable {
            var schema = "plateau.trend/2"
            var source: String
            var trends: [TrendDoc]
            var dataWall: [Wall]
            var notes: [String]
            enum CodingKeys: String, CodingKey {
                case schema, source, trends, notes
                case dataWall = "data_wall"
            }
        }
        let doc = Document(
            source: source,
            trends: rows.map { r in
                TrendDoc(
                    quantity: r.quantity, selection: r.selection, points: r.trend.points, slope: r.trend.slope,
                    intercept: r.trend.intercept, perYear: r.trend.perYear, doublingMonths: r.trend.doublingMonths,
                    slopeInterval: r.trend.slopeInterval, warnings: r.trend.warnings)
            },
            dataWall: walls.map { label, wall in
                Wall(
                    projection: label, method: wall.options.projection.rawValue, runOutYear: Years(wall.years, wall),
                    historical: wall.historicalYears.isEmpty ? nil : Years(wall.historicalYears, wall),
                    compute: wall.computeYears.isEmpty ? nil : Years(wall.computeYears, wall),
                    computeProjection: wall.computeSource, notes: wall.notes)
            }, notes: notes)
        return try encodeDocument(doc)
    }
}
