import Foundation
import PlateauOptim
import RealModule

/// A log-normal quantity given by a central interval: `low…high` holds `credibility` of it
/// (squigglepy's `to(low, high, credibility)`, which Villalobos et al.'s code uses throughout).
package struct LogNormalRange: Sendable, Equatable {
    package var low: Double
    package var high: Double
    /// The share of the distribution inside `low…high`, e.g. 0.9 or 0.95.
    package var credibility: Double

    package init(_ low: Double, _ high: Double, credibility: Double) {
        self.low = low
        self.high = high
        self.credibility = credibility
    }

    /// The median, √(low·high).
    package var median: Double { (low * high).squareRoot() }

    var meanLog: Double { 0.5 * (Double.log(low) + Double.log(high)) }
    var sdLog: Double { (Double.log(high) - Double.log(low)) / (2 * DataWall.normalQuantile(0.5 + credibility / 2)) }

    func sample(using rng: inout SplitMix64) -> Double {
        Double.exp(meanLog + sdLog * SyntheticSamples.normal(using: &rng))
    }
}

/// The effective stock of public human text (Villalobos et al. 2024, `src/indexed_web.py` and
/// `src/stock_adjust.py` of epoch-research/data-stock): the indexed web in tokens, times a
/// quality factor, times the gain from repeating data, growing every year.
/// ```
/// raw(2024)  = pages × bytes per page / bytes per token
/// stock(y)   = raw(2024) × quality × repetition × (page growth × web growth)^(y − 2024)
/// ```
/// pages 75e9–1e12, bytes per page 6,100–8,200, bytes per token 6 − (1–4), quality 0.1–0.4,
/// repetition 2–5, web growth 1.02–1.04 and page-count growth 1–1.1 a year, each a 95 % range
/// of a log-normal. Median ≈ 3.2e14 tokens in 2024 (95 %: 6e13–1.7e15); the raw web alone is
/// ≈ 5e14 (1.3e14–2.1e15).
package struct TextStock: Sendable, Equatable {
    package var pages = LogNormalRange(75e9, 1e12, credibility: 0.95)
    package var bytesPerPage = LogNormalRange(6_100, 8_200, credibility: 0.95)
    /// Bytes per token are 6 minus this (a median of 4).
    package var bytesPerTokenDeficit = LogNormalRange(1, 4, credibility: 0.95)
    package var quality = LogNormalRange(0.1, 0.4, credibility: 0.95)
    package var repetition = LogNormalRange(2, 5, credibility: 0.95)
    package var pageSizeGrowth = LogNormalRange(1.02, 1.04, credibility: 0.95)
    package var pageCountGrowth = LogNormalRange(1, 1.1, credibility: 0.95)
    /// Replaces the 2024 stock by a two-piece log-normal with this median and 95 % range.
    package var override: (median: Double, low: Double, high: Double)?

    package init() {}

    package static func == (a: TextStock, b: TextStock) -> Bool {
        a.pages == b.pages && a.bytesPerPage == b.bytesPerPage && a.quality == b.quality
            && a.repetition == b.repetition && a.override?.median == b.override?.median
    }

    /// One draw: log₁₀ of the stock at the reference year and its growth in log₁₀ per year.
    func sample(using rng: inout SplitMix64) -> (log10Stock: Double, growth: Double) {
        let growth = Double.log10(pageSizeGrowth.sample(using: &rng) * pageCountGrowth.sample(using: &rng))
        if let override {
            let z = SyntheticSamples.normal(using: &rng)
            let lnMedian = Double.log(override.median)
            let side = z < 0 ? lnMedian - Double.log(override.low) : Double.log(override.high) - lnMedian
            return ((lnMedian + z * side / 1.959963984540054) / Double.log(10), growth)
        }
        // Bytes per token must stay positive: the rare draws of 6 − (1–4) at or below 0.5 are drawn again.
        var bytesPerToken = 0.0
        repeat { bytesPerToken = 6 - bytesPerTokenDeficit.sample(using: &rng) } while bytesPerToken <= 0.5
        let raw = pages.sample(using: &rng) * bytesPerPage.sample(using: &rng) / bytesPerToken
        let effective = raw * quality.sample(using: &rng) * repetition.sample(using: &rng)
        return (Double.log10(effective), growth)
    }
}

/// When training-set sizes reach the effective stock of public text, by Monte Carlo.
///
/// The default projection is Villalobos et al. 2024's (epoch-research/data-stock,
/// `src/dataset_size_projections.py`): half the draws grow the *largest* training set of 2024
/// (3e12–13e12 tokens, 90 %) by the historical trend of dataset sizes (its slope log-normal
/// with the bootstrap's 95 % range), half take the compute-optimal dataset `D = 20·√(C/120)` of
/// the largest training compute (1e25–1e26 FLOP in 2024, 90 %) grown by the trend of compute
/// (90 % range); the stock is ``TextStock``. The run-out year of a draw is where its projection
/// meets its stock. Their code reads Epoch's compute projection for the compute half; that file
/// is not in their public repository, so Plateau grows the largest 2024 compute by the compute
/// trend of the same models, their own fallback for past years.
///
/// The alternative, `allModelsTrend`, carries the regression through every model forward: it
/// describes the *typical* model (≈ 6e11 tokens in 2024, 20× below the largest), so it runs out
/// years later and answers a different question.
/// Villalobos et al.'s compute projection, as their code reads it (`data/compute_projection.csv`
/// of `epoch-research/data-stock`, read by `src/dataset_size_projections.py`): a headerless CSV
/// of `index, log10 compute, year`, the same number of samples at each year. Sample k's compute at
/// a year between two of the file's years is the linear interpolation of its log10 compute, as
/// their `available_comp` does. The file is theirs and has no licence: Plateau bundles none, and
/// reads one a user gives (`trend --data-wall --compute-projection FILE`).
package struct ComputeProjection: Sendable, Equatable {
    /// The file's years, ascending.
    package var years: [Double]
    /// `log10Compute[y][k]`: sample k at `years[y]`.
    package var log10Compute: [[Double]]
    package var source: String

    package var samples: Int { log10Compute.first?.count ?? 0 }

    /// Reads the headerless CSV at `path`.
    ///
    /// - Throws: ``InputError`` at the first line that is not three numbers, a compute that is not
    ///   a log10 of FLOPs, or years with different numbers of samples.
    package static func read(path: String) throws -> ComputeProjection {
        let text = try TextSource.read(path: path)
        var byYear: [Double: [Double]] = [:]
        var firstLine: [Double: Int] = [:]
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            let numbers = cells.map { Double($0) }
            guard cells.count == 3, numbers.allSatisfy({ $0?.isFinite == true }) else {
                throw InputError(
                    file: path, line: i + 1, column: 1,
                    problem: "'\(InputError.excerpt(line))' is not 'index, log10 compute, year' (three numbers, no header)",
                    remedy: "give Villalobos et al.'s compute_projection.csv as their code reads it")
            }
            let compute = numbers[1]!, year = numbers[2]!
            guard compute > 10 && compute < 40 else {
                throw InputError(
                    file: path, line: i + 1, column: cells[0].count + 2,
                    problem: "compute \(cells[1]) is not the log10 of a training compute in FLOP (10…40)",
                    remedy: compute >= 40 ? "give log10 of the FLOPs, as their file holds" : "check the column order: index, log10 compute, year")
            }
            guard year >= 1950 && year <= 2200 else {
                throw InputError(
                    file: path, line: i + 1, column: cells[0].count + cells[1].count + 3,
                    problem: "year \(cells[2]) is not a calendar year", remedy: "check the column order: index, log10 compute, year")
            }
            byYear[year, default: []].append(compute)
            if firstLine[year] == nil { firstLine[year] = i + 1 }
        }
        let years = byYear.keys.sorted()
        guard years.count >= 2 else {
            throw InputError(
                file: path, problem: "holds \(years.count) year\(years.count == 1 ? "" : "s"), and a projection needs two or more",
                remedy: "give Villalobos et al.'s compute_projection.csv")
        }
        let count = byYear[years[0]]!.count
        if let odd = years.first(where: { byYear[$0]!.count != count }) {
            throw InputError(
                file: path, line: firstLine[odd] ?? 1, column: 1,
                problem: "year \(String(format: "%g", odd)) has \(byYear[odd]!.count) samples and \(String(format: "%g", years[0])) has \(count): each sample is one trajectory across the years",
                remedy: "give the same number of samples at every year")
        }
        return ComputeProjection(years: years, log10Compute: years.map { byYear[$0]! }, source: path)
    }

    /// Sample k's log10 compute at `year`, interpolated; nil outside the file's years.
    package func log10Compute(sample k: Int, at year: Double) -> Double? {
        guard let last = years.last, year >= years[0], year <= last else { return nil }
        var i = 0
        while i + 1 < years.count - 1 && years[i + 1] < year { i += 1 }
        let (a, b) = (years[i], years[i + 1])
        let w = (year - a) / (b - a)
        return log10Compute[i][k] * (1 - w) + log10Compute[i + 1][k] * w
    }

    /// The first year from `start` where sample k's compute-optimal data `log10 D = offset +
    /// 0.5·log10 C` reaches the stock line `b + g·(y − y₀)`: solved exactly on each piece of the
    /// piecewise-linear trajectory; +∞ when it does not within the file's years.
    package func crossing(sample k: Int, offset: Double, stock b: Double, growth g: Double, from y0: Double) -> Double {
        let stockAt = { (y: Double) in b + g * (y - y0) }
        var knots = [y0] + years.filter { $0 > y0 }
        if years[0] > y0 { knots = years }
        for (a, c) in zip(knots, knots.dropFirst()) {
            guard let ca = log10Compute(sample: k, at: a), let cc = log10Compute(sample: k, at: c) else { continue }
            let da = offset + 0.5 * ca - stockAt(a), dc = offset + 0.5 * cc - stockAt(c)
            if da >= 0 { return a }
            if dc >= 0 { return a + (c - a) * (-da) / (dc - da) }
        }
        return .infinity
    }
}

package struct DataWall: Sendable {
    package enum Projection: String, Sendable, CaseIterable {
        case villalobos
        case allModelsTrend = "all-models-trend"

        package var label: String {
            switch self {
            case .villalobos:
                "Villalobos et al. 2024: largest 2024 dataset grown by the trend, mixed with compute-optimal data of the largest compute"
            case .allModelsTrend:
                "alternative: the regression through every model carried forward (the typical model, not the largest)"
            }
        }
    }

    package struct Options: Sendable {
        package var projection = Projection.villalobos
        /// The year the projections start from (their 2024-01-01).
        package var referenceYear = 2024.0
        /// The largest training set at the reference year, tokens.
        package var largestDataset = LogNormalRange(3e12, 13e12, credibility: 0.9)
        /// The largest training compute at the reference year, FLOP.
        package var largestCompute = LogNormalRange(1e25, 1e26, credibility: 0.9)
        /// The share of draws from the compute-based projection (their mixture: 1/2).
        package var computeShare = 0.5
        /// Tokens per unit of the dataset column (their code: 0.8) — used by the all-models trend.
        package var tokensPerUnit = 0.8
        /// Tokens per parameter relative to compute-optimal: at fixed compute C = 6ND the dataset
        /// grows as the square root of this factor.
        package var overtraining = 1.0
        package var stock = TextStock()
        /// Villalobos et al.'s compute projection; nil: Plateau's approximation (the largest 2024
        /// compute grown by the compute trend of the models with compute).
        package var computeProjection: ComputeProjection?
        package var draws = 100_000
        package var seed: UInt64 = 0
        package init() {}
    }

    package var options: Options
    /// Run-out year of each draw, sorted; +∞ where the projection never overtakes the stock.
    package var years: [Double]
    /// The same for the draws of each half of the mixture (Villalobos projection only).
    package var historicalYears: [Double] = []
    package var computeYears: [Double] = []
    /// Notes on how the projection was made (e.g. a missing trend).
    package var notes: [String] = []
    /// Which compute projection the compute-based half used (text and JSON say it).
    package var computeSource: String? {
        guard options.projection == .villalobos, !computeYears.isEmpty else { return nil }
        if let p = options.computeProjection {
            return "Villalobos et al.'s compute projection from \(p.source) (\(p.samples) samples × \(p.years.count) years, \(String(format: "%g", p.years[0]))–\(String(format: "%g", p.years.last!)))"
        }
        return "Plateau's approximation, not theirs: the largest \(String(format: "%g", options.referenceYear)) compute (\(String(format: "%.0e", options.largestCompute.low))–\(String(format: "%.0e", options.largestCompute.high)) FLOP, 90 %) grown by the compute trend of the models with compute (their data/compute_projection.csv is not bundled: give it with --compute-projection)"
    }
    /// The first draws' projections and stocks as lines `log₁₀ = a + slope·(y − reference year)`,
    /// for drawing bands.
    package var projectionLines: [(a: Double, slope: Double)] = []
    package var stockLines: [(a: Double, slope: Double)] = []
    static let keptLines = 4_000

    /// The `level` band of the projected dataset size (or, with `stock`, of the stock) at `year`, tokens.
    package func band(at year: Double, level: Double, stock: Bool = false) -> (
        lower: Double, median: Double, upper: Double
    )? {
        let lines = stock ? stockLines : projectionLines
        guard lines.count >= 10 else { return nil }
        let values = lines.map { Double.pow(10, $0.a + $0.slope * (year - options.referenceYear)) }
        let i = Interval.percentiles(values, level: level)
        return (i.lower, Interval.percentile(values, 0.5), i.upper)
    }

    /// The `p`-quantile of the run-out year; nil when it lies beyond every finite draw.
    package func quantile(_ p: Double, of values: [Double]? = nil) -> Double? {
        let sorted = values ?? years
        guard !sorted.isEmpty else { return nil }
        let position = p * Double(sorted.count - 1)
        let i = Int(position.rounded(.down))
        let q = i + 1 < sorted.count ? sorted[i] + (position - Double(i)) * (sorted[i + 1] - sorted[i]) : sorted[i]
        return q.isFinite ? q : nil
    }

    package var median: Double? { quantile(0.5) }
    package func interval(_ level: Double) -> (lower: Double?, upper: Double?) {
        (quantile((1 - level) / 2), quantile((1 + level) / 2))
    }

    /// The crossing year of `log10 D = a + s·(y − y₀)` and `log10 S = b + g·(y − y₀)`.
    package static func crossing(_ a: Double, _ s: Double, _ b: Double, _ g: Double, from y0: Double) -> Double {
        s > g ? y0 + (b - a) / (s - g) : .infinity
    }

    /// A slope distribution from bootstrap draws: normal with the draws' central `level` range.
    static func slopeRange(_ trend: Trend, level: Double) -> (mean: Double, sd: Double) {
        guard trend.draws.count >= 10 else { return (trend.slope, 0) }
        let i = Interval.percentiles(trend.draws.map(\.slope), level: level)
        return (0.5 * (i.lower + i.upper), (i.upper - i.lower) / (2 * normalQuantile(0.5 + level / 2)))
    }

    /// - Parameters:
    ///   - datasetTrend: The trend of dataset sizes (any unit: only its slope is used by the
    ///     Villalobos projection; the all-models projection uses the line itself).
    ///   - computeTrend: The trend of training compute, for the compute-based half; nil leaves
    ///     that half out (with a note).
    package init(datasetTrend: Trend, computeTrend: Trend?, options: Options = Options()) {
        self.options = options
        var rng = SplitMix64(seed: options.seed)
        let y0 = options.referenceYear
        let over = 0.5 * Double.log10(options.overtraining)
        var all: [Double] = [], historical: [Double] = [], computed: [Double] = []
        all.reserveCapacity(options.draws)
        switch options.projection {
        case .villalobos:
            let data = Self.slopeRange(datasetTrend, level: 0.95)
            let compute = computeTrend.map { Self.slopeRange($0, level: 0.9) }
            if datasetTrend.draws.count < 10 {
                notes.append("no bootstrap of the dataset trend: its slope is taken as certain")
            }
            let projection = options.computeProjection
            if computeTrend == nil && projection == nil {
                notes.append("no compute trend: only the historical projection of the largest dataset is used")
            }
            if projection != nil {
                notes.append("the compute-based draws follow the projection file's trajectories; the bands drawn are the historical half's")
            }
            for draw in 0..<options.draws {
                let stock = options.stock.sample(using: &rng)
                if draw < Self.keptLines { stockLines.append((stock.log10Stock, stock.growth)) }
                let useCompute =
                    (compute != nil || projection != nil) && Double.random(in: 0..<1, using: &rng) < options.computeShare
                if useCompute, let projection {
                    let k = Int(rng.next() % UInt64(projection.samples))
                    let offset = Double.log10(20) - 0.5 * Double.log10(120) + over
                    let year = projection.crossing(
                        sample: k, offset: offset, stock: stock.log10Stock, growth: stock.growth, from: y0)
                    computed.append(year)
                    all.append(year)
                } else if useCompute, let compute {
                    let c0 = Double.log10(options.largestCompute.sample(using: &rng))
                    let slope = compute.mean + compute.sd * SyntheticSamples.normal(using: &rng)
                    let a = Double.log10(20) + 0.5 * (c0 - Double.log10(120)) + over
                    let year = Self.crossing(a, 0.5 * slope, stock.log10Stock, stock.growth, from: y0)
                    if draw < Self.keptLines { projectionLines.append((a, 0.5 * slope)) }
                    computed.append(year)
                    all.append(year)
                } else {
                    let d0 = Double.log10(options.largestDataset.sample(using: &rng))
                    let slope = data.mean + data.sd * SyntheticSamples.normal(using: &rng)
                    let year = Self.crossing(d0 + over, slope, stock.log10Stock, stock.growth, from: y0)
                    if draw < Self.keptLines { projectionLines.append((d0 + over, slope)) }
                    historical.append(year)
                    all.append(year)
                }
            }
        case .allModelsTrend:
            let pool =
                datasetTrend.draws.isEmpty
                ? [(intercept: datasetTrend.intercept, slope: datasetTrend.slope)] : datasetTrend.draws
            let scale = Double.log10(options.tokensPerUnit) + over
            for draw in 0..<options.draws {
                let stock = options.stock.sample(using: &rng)
                let line = pool[Int.random(in: 0..<pool.count, using: &rng)]
                let a = line.intercept + line.slope * y0 + scale
                if draw < Self.keptLines {
                    stockLines.append((stock.log10Stock, stock.growth))
                    projectionLines.append((a, line.slope))
                }
                all.append(Self.crossing(a, line.slope, stock.log10Stock, stock.growth, from: y0))
            }
        }
        years = all.sorted()
        historicalYears = historical.sorted()
        computeYears = computed.sorted()
    }

    /// The standard normal quantile by Acklam's rational approximation (relative error < 1.2e-9).
    static func normalQuantile(_ p: Double) -> Double {
        let a = [
            -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690, -30.66479806614716,
            2.506628277459239,
        ]
        let b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
        let c = [
            -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
            4.374664141464968, 2.938163982698783,
        ]
        let d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
        let low = 0.02425
        if p < low {
            let q = (-2 * Double.log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p > 1 - low { return -normalQuantile(1 - p) }
        let q = p - 0.5, r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}

extension DataWall {
    /// Villalobos et al.'s dataset sizes (bundled `data-stock`), in the file's own unit.
    package static func bundledValues() throws -> [DatedValue] {
        try DatedValue.read(BundledDataset.dataStock.table(), value: "dataset", date: "date", name: "system").values
    }

    /// The training compute of the same models (59 of 80 have it), FLOP.
    package static func bundledCompute() throws -> [DatedValue] {
        try DatedValue.read(BundledDataset.dataStock.table(), value: "comp", date: "date", name: "system").values
    }
}
