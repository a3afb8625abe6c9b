import Foundation
import PlateauCore

/// How `plateau trend` is shown: growth rates per quantity and selection, and the data wall.
public struct TrendReport: Sendable {
    public struct Row: Sendable {
        public var quantity: String
        public var selection: String
        public var trend: Trend
        public init(quantity: String, selection: String, trend: Trend) {
            self.quantity = quantity
            self.selection = selection
            self.trend = trend
        }
    }

    public var source: String
    public var rows: [Row]
    /// (label, projection) pairs, e.g. compute-optimal and 5× over-trained.
    public var walls: [(label: String, wall: DataWall)]
    public var notes: [String]

    public init(source: String, rows: [Row], walls: [(label: String, wall: DataWall)] = [], notes: [String] = []) {
        self.source = source
        self.rows = rows
        self.walls = walls
        self.notes = notes
    }

    static func year(_ y: Double) -> String { NumberFormat.fixed(y, 1) }

    public func text() -> String {
        var out = "Log-linear trends over publication date (\(source))\n"
        out += "log10(value) = intercept + slope·year by least squares; 95 % intervals from resampling the models\n"
        for note in notes { out += "note: \(note)\n" }
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
            t.rows.append([
                r.quantity, r.selection, "\(tr.points)",
                "\(Int(tr.firstYear.rounded(.down)))–\(Int(tr.lastYear.rounded(.down)))",
                NumberFormat.fixed(tr.perYear, 2) + "×", perYear ?? "—",
                tr.slope > 0 ? NumberFormat.fixed(tr.doublingMonths, 1) : "—", doubling ?? "—",
            ])
        }
        out += t.render() + "\n"
        if !walls.isEmpty, let first = walls.first?.wall.options {
            out += "\nData wall: the year projected training-set sizes reach the stock of public text\n"
            out +=
                "stock: median \(NumberFormat.scientific(first.stock, 2)) tokens, 95 % range \(NumberFormat.scientific(first.stockLow, 2))–\(NumberFormat.scientific(first.stockHigh, 2)) (two-piece log-normal); "
            out +=
                "\(NumberFormat.significant(first.tokensPerUnit, 3)) tokens per dataset unit; \(first.draws) Monte Carlo draws\n"
            var w = TextTable(
                header: ["projection", "median year", "80 %", "95 %"], rightAligned: [false, true, true, true])
            for (label, wall) in walls {
                let i80 = wall.interval(0.8), i95 = wall.interval(0.95)
                w.rows.append([
                    label, Self.year(wall.median), "\(Self.year(i80.lower))–\(Self.year(i80.upper))",
                    "\(Self.year(i95.lower))–\(Self.year(i95.upper))",
                ])
            }
            out += w.render() + "\n"
            out +=
                "Villalobos et al. 2024 report a median of 2028 (95 %: 2026–2032); see the README for why these differ.\n"
        }
        return out
    }

    /// The `plateau.trend/1` document.
    public func json() throws -> String {
        typealias Interval = BootstrapResult.Interval
        struct TrendDoc: Encodable {
            var quantity: String
            var selection: String
            var points: Int
            var slope: Double
            var intercept: Double
            var perYear: Double
            var doublingMonths: Double
            var slopeInterval: Interval?
            enum CodingKeys: String, CodingKey {
                case quantity, selection, points, slope, intercept
                case perYear = "per_year"
                case doublingMonths = "doubling_months"
                case slopeInterval = "slope_interval"
            }
        }
        struct Wall: Encodable {
            var projection: String
            var median: Double
            var interval80: Interval
            var interval95: Interval
            enum CodingKeys: String, CodingKey {
                case projection, median
                case interval80 = "interval_80"
                case interval95 = "interval_95"
            }
        }
        struct Document: Encodable {
            var schema = "plateau.trend/1"
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
                    slopeInterval: r.trend.slopeInterval)
            },
            dataWall: walls.map { label, wall in
                Wall(
                    projection: label, median: wall.median, interval80: wall.interval(0.8),
                    interval95: wall.interval(0.95))
            }, notes: notes)
        return try encodeDocument(doc)
    }
}
