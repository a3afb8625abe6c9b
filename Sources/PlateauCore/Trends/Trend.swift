import Foundation
import PlateauOptim
import RealModule

/// A dated positive quantity (a model's training compute, parameters or dataset size).
package struct DatedValue: Sendable, Equatable {
    package var name: String
    /// Decimal year: 2020-07-02 is 2020.5.
    package var year: Double
    package var value: Double
    package var line: Int

    package init(name: String, year: Double, value: Double, line: Int = 0) {
        self.name = name
        self.year = year
        self.value = value
        self.line = line
    }

    /// Reads `valueColumn` against `dateColumn` from `table`, skipping rows where either is
    /// empty or the value is zero or negative; `keep` filters rows before reading.
    ///
    /// - Throws: ``InputError`` for a missing column, a date that is not YYYY-MM-DD, or a value
    ///   that is not a positive number.
    package static func read(
        _ table: DataTable, value valueColumn: String, date dateColumn: String, name nameColumn: String? = nil,
        keep: (([DataTable.Cell]) -> Bool)? = nil
    ) throws -> (values: [DatedValue], skipped: Int) {
        func index(_ name: String) throws -> Int {
            guard let i = table.columnIndex(named: name) else {
                throw InputError(
                    file: table.source, line: table.headerPositions.first?.line ?? 1, column: 1,
                    problem: "no column '\(name)'", remedy: "the columns are: \(table.columns.joined(separator: ", "))")
            }
            return i
        }
        let v = try index(valueColumn), d = try index(dateColumn)
        let n = try nameColumn.map(index)
        let reader = CellReader(table: table)
        var out: [DatedValue] = []
        var skipped = 0
        for row in table.rows where keep?(row) ?? true {
            let dateText = row[d].text?.trimmingCharacters(in: .whitespaces) ?? ""
            let valueText = row[v].text?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !dateText.isEmpty, !valueText.isEmpty else {
                skipped += 1
                continue
            }
            let year = try Self.year(dateText, at: row[d], in: table.source)
            // A zero or negative size cannot be on a log scale: counted as skipped, not an error.
            if let parsed = Quantity.parse(valueText), parsed.isFinite, parsed <= 0 {
                skipped += 1
                continue
            }
            let value = try reader.positive(row[v], column: v)
            out.append(DatedValue(name: n.flatMap { row[$0].text } ?? "", year: year, value: value, line: row[v].line))
        }
        return (out, skipped)
    }

    /// A warning naming the values dated before 1950 or after `now`: no machine-learning
    /// measurement is, and one such date (a typo, year 0) can decide a fitted trend or break.
    package static func outlyingDates(_ values: [DatedValue], now: Date = Date()) -> FitWarning? {
        let today = 1970 + now.timeIntervalSince1970 / (365.2425 * 86_400)
        let outliers = values.filter { !($0.year >= 1950 && $0.year <= today) }
        guard !outliers.isEmpty else { return nil }
        let shown = outliers.prefix(3).map { v in
            "line \(v.line) (\(String(format: "%.1f", v.year)))"
        }.joined(separator: ", ")
        return FitWarning(
            code: "outlying-dates",
            message:
                "\(outliers.count) value\(outliers.count == 1 ? " is" : "s are") dated before 1950 or after today: \(shown)\(outliers.count > 3 ? ", …" : "") — correct the date\(outliers.count == 1 ? "" : "s"), or leave the rows out with --where"
        )
    }

    /// The date in `cell` (its trimmed `text`) as a decimal year, or a located error.
    static func year(_ text: String, at cell: DataTable.Cell, in source: String) throws -> Double {
        guard let year = decimalYear(text) else {
            throw InputError(
                file: source, line: cell.line, column: cell.column,
                problem: "date '\(InputError.excerpt(text))' is not YYYY-MM-DD", remedy: "write dates like 2024-07-23")
        }
        return year
    }

    /// `YYYY-MM-DD` (anything after the day is ignored) as a decimal year; nil when malformed.
    package static func decimalYear(_ text: String) -> Double? {
        let parts = text.prefix(10).split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...31).contains(d), parts[0].count == 4
        else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard d <= lengths[m - 1] else { return nil }
        let dayOfYear = lengths.prefix(m - 1).reduce(0, +) + d - 1
        return Double(y) + Double(dayOfYear) / Double(leap ? 366 : 365)
    }
}

/// Log-linear growth of a quantity over time: `log₁₀ value = intercept + slope·year`, by ordinary
/// least squares, with percentile intervals from resampling the points.
package struct Trend: Sendable {
    /// Orders of magnitude per year.
    package var slope: Double
    package var intercept: Double
    package var points: Int
    package var firstYear: Double
    package var lastYear: Double
    /// 95 % interval of the slope (nil without resamples).
    package var slopeInterval: Interval?
    /// (intercept, slope) of each resample, in resample order.
    package var draws: [(intercept: Double, slope: Double)]
    /// The slope's interval withheld (``Interval/shown(_:of:level:warnings:)``), and why.
    package var warnings: [FitWarning] = []

    package init(
        slope: Double, intercept: Double, points: Int, firstYear: Double, lastYear: Double, slopeInterval: Interval?,
        draws: [(intercept: Double, slope: Double)], warnings: [FitWarning] = []
    ) {
        self.slope = slope
        self.intercept = intercept
        self.points = points
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.slopeInterval = slopeInterval
        self.draws = draws
        self.warnings = warnings
    }

    /// Growth factor per year, 10^slope.
    package var perYear: Double { Double.pow(10, slope) }
    /// Doubling time in months, 12·log₁₀2/slope.
    package var doublingMonths: Double { 12 * Double.log10(2) / slope }

    /// - Throws: ``FitError/tooFewPoints(what:found:needed:)`` with fewer than 3 points or one
    ///   date, ``FitError/shortSpan(years:)`` when the dates span less than a year.
    package static func fit(
        _ values: [DatedValue], resamples: Int = 1000, seed: UInt64 = 0,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> Trend {
        guard values.count >= 3, Set(values.map(\.year)).count >= 2 else {
            throw FitError.tooFewPoints(what: "dated values on at least two dates", found: values.count, needed: 3)
        }
        let x = values.map(\.year), y = values.map { Double.log10($0.value) }
        if let first = x.min(), let last = x.max(), last - first < 1 { throw FitError.shortSpan(years: last - first) }
        guard let (a, b) = ols(x, y) else {
            throw FitError.tooFewPoints(what: "dated values on at least two dates", found: values.count, needed: 3)
        }
        let draws: [(Double, Double)?] = MultiStart.parallelMap(count: resamples, threads: threads) { r in
            var rng = SplitMix64.stream(r, of: seed)
            let idx = Interval.resampleIndices(x.count, using: &rng)
            return ols(idx.map { x[$0] }, idx.map { y[$0] })
        }
        let done = draws.compactMap { $0 }
        var warnings: [FitWarning] = []
        let interval =
            done.count >= 10
            ? Interval.shown([("slope", b, done.map(\.1))], of: " of the trend", warnings: &warnings)[0] : nil
        return Trend(
            slope: b, intercept: a, points: values.count, firstYear: x.min() ?? 0, lastYear: x.max() ?? 0,
            slopeInterval: interval, draws: done.map { (intercept: $0.0, slope: $0.1) }, warnings: warnings)
    }

    /// (intercept, slope) of y on x; nil when x does not vary.
    static func ols(_ x: [Double], _ y: [Double]) -> (Double, Double)? {
        LineFit(x, y).map { ($0.intercept, $0.slope) }
    }

    /// The values that rank within the top `top` of those published in the `window` years up to
    /// and including their own date: the frontier at each moment.
    package static func frontier(_ values: [DatedValue], top: Int = 10, window: Double = 1) -> [DatedValue] {
        values.filter { v in
            values.filter { $0.year <= v.year && $0.year >= v.year - window && $0.value > v.value }.count < top
        }
    }
}

/// The quantities of Epoch AI's model table that `plateau trend` follows.
package enum EpochQuantity: String, CaseIterable, Sendable {
    case compute, parameters, data

    package var label: String {
        switch self {
        case .compute: "training compute (FLOP)"
        case .parameters: "parameters"
        case .data: "dataset size (language, tokens/words)"
        }
    }

    var column: String {
        switch self {
        case .compute: "Training compute (FLOP)"
        case .parameters: "Parameters"
        case .data: "Training dataset size (datapoints)"
        }
    }

    /// Epoch AI's published window for its notable-model trend: 2010-01-01 to 2024-05-31
    /// ("4–5× per year", Epoch AI, May 2024).
    package static let notableWindow = (from: 2010.0, through: DatedValue.decimalYear("2024-05-31") ?? 2024.41)
    /// The start of Epoch AI's stated window for the frontier's compute trend ("4× per year
    /// since 2018"): comparisons with it use the same window (issue 25: on 2015–2025 the bundled
    /// frontier gives 4.0×, since 2018 4.6×).
    package static let frontierWindowFrom = 2018.0

    /// Which models of Epoch's table a trend follows.
    package enum Selection: String, Sendable, CaseIterable {
        /// Every model with the quantity.
        case all
        /// Notable models (a 'Notability criteria' entry) in ``notableWindow``: Epoch's
        /// headline trend.
        case notable
        /// Epoch's frontier: 'Compute rank when published' ≤ 10, every year.
        case frontier
        /// The frontier in Epoch's stated window for its trend: published 2018-01-01 on.
        case epochFrontier

        package var label: String {
            switch self {
            case .all: "all models"
            case .notable: "notable models, 2010-01-01 to 2024-05-31 (Epoch)"
            case .frontier: "frontier: compute rank ≤ 10 when published (Epoch)"
            case .epochFrontier: "frontier: compute rank ≤ 10 when published, 2018-01-01 on (Epoch)"
            }
        }
    }

    /// The bundled table's dated values for a selection (dataset sizes for language models only,
    /// where Epoch's datapoints are tokens or words); `table` is the bundled table after a
    /// caller's filters (`--where`), by default the whole of it.
    package func values(_ selection: Selection = .all, in filtered: DataTable? = nil) throws -> (
        values: [DatedValue], skipped: Int
    ) {
        let table = try filtered ?? BundledDataset.epochModels.table()
        let domain = table.columnIndex(named: "Domain")
        let notable = table.columnIndex(named: "Notability criteria")
        let rank = table.columnIndex(named: "Compute rank when published")
        let date = table.columnIndex(named: "Publication date")
        let isData = self == .data
        let keep: ([DataTable.Cell]) -> Bool = { row in
            if isData, let domain, row[domain].text?.contains("Language") != true { return false }
            switch selection {
            case .all:
                return true
            case .notable:
                guard let notable, let date, let year = DatedValue.decimalYear(row[date].text ?? "") else {
                    return false
                }
                let text = row[notable].text?.trimmingCharacters(in: .whitespaces) ?? ""
                return !text.isEmpty && year >= Self.notableWindow.from && year <= Self.notableWindow.through
            case .frontier, .epochFrontier:
                guard let rank, let r = Double(row[rank].text?.trimmingCharacters(in: .whitespaces) ?? "") else {
                    return false
                }
                guard selection == .epochFrontier else { return r <= 10 }
                guard let date, let year = DatedValue.decimalYear(row[date].text ?? "") else { return false }
                return r <= 10 && year >= Self.frontierWindowFrom
            }
        }
        return try DatedValue.read(table, value: column, date: "Publication date", name: "Model", keep: keep)
    }
}
