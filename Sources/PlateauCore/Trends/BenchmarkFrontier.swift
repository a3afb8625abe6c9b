import Foundation
import PlateauOptim
import RealModule

/// Scores of models on benchmarks by release date: the best-score envelope of each benchmark,
/// a logistic in time fitted to it, and whether the benchmark is saturating.
package struct BenchmarkScores: Sendable {
    package struct Score: Sendable, Equatable {
        package var benchmark: String
        package var model: String
        package var year: Double
        package var date: String
        /// A fraction of 1, or a score on its benchmark's own scale (``BenchmarkScores/ownScale``).
        package var score: Double
        package var line: Int
    }

    package var source: String
    package var scores: [Score]
    /// Benchmarks by number of scores, most first.
    package var benchmarks: [String]
    package var notes: [String]
    /// The latest release date in the table: "now" for the 12-month gains.
    package var latest: Double
    /// Benchmarks on their own scale, not percentages or fractions: every score above 100 and not
    /// a benchmark known to be scored in percent (Arena Elo) — the rule of `prices`.
    package var ownScale: Set<String> = []

    /// The chance rate of a benchmark (the floor of its logistic), from the one table
    /// `downstream` uses too (``KnownTask``): four-way multiple choice 0.25, two-way 0.5,
    /// free-answer 0. Others default to 0, noted.
    package static func chance(_ benchmark: String) -> Double? { KnownTask.match(benchmark)?.chance }

    /// Reads `benchmark`, `release_date`, `score` (and `model`) columns. Scores above 1 in a
    /// benchmark mean it is in percent (divided by 100, noted), every score above 100 that it is on
    /// its own scale (noted); rows without a date or score are skipped (counted).
    ///
    /// - Throws: ``InputError`` for a missing column, a malformed date, a negative score, or a
    ///   score above 100 in a benchmark whose other scores are not.
    package init(table: DataTable) throws {
        source = table.source
        let b = try table.column(oneOf: ["benchmark", "task", "benchmark_name"], what: "benchmark")
        let d = try table.column(
            oneOf: ["release_date", "date", "release date", "publication date"], what: "release date")
        let s = try table.column(oneOf: ["score", "accuracy", "best score", "value"], what: "score")
        let m = table.columns.firstIndex { ["model", "model_version", "model name", "name"].contains($0.lowercased()) }
        var scores: [Score] = []
        var cells: [DataTable.Cell] = []
        var skipped = 0
        for row in table.rows {
            let dateText = row[d].text?.trimmingCharacters(in: .whitespaces) ?? ""
            let scoreText = row[s].text?.trimmingCharacters(in: .whitespaces) ?? ""
            let name = row[b].text?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !dateText.isEmpty, !scoreText.isEmpty, !name.isEmpty else {
                skipped += 1
                continue
            }
            let year = try DatedValue.year(dateText, at: row[d], in: table.source)
            guard let value = Quantity.parse(scoreText), value.isFinite, value >= 0 else {
                throw InputError(
                    file: table.source, line: row[s].line, column: row[s].column,
                    problem: "score '\(InputError.excerpt(scoreText))' is not a number from 0 to 100",
                    remedy: "write scores as fractions (0.86) or percentages (86)")
            }
            cells.append(row[s])
            scores.append(
                Score(
                    benchmark: name, model: m.flatMap { row[$0].text } ?? "", year: year,
                    date: String(dateText.prefix(10)),
                    score: value, line: row[s].line))
        }
        var notes: [String] = []
        let byBenchmark = Dictionary(grouping: scores.indices, by: { scores[$0].benchmark })
        let ownScale = Set(
            byBenchmark.filter { name, rows in
                KnownTask.match(name) == nil && rows.allSatisfy { scores[$0].score > 100 }
            }.keys)
        // A benchmark that mixes scores above 100 with others: an error at its first above 100.
        if let i = scores.indices.first(where: { scores[$0].score > 100 && !ownScale.contains(scores[$0].benchmark) }) {
            throw InputError(
                file: table.source, line: cells[i].line, column: cells[i].column,
                problem:
                    "score '\(InputError.excerpt(cells[i].text ?? ""))' of \(InputError.excerpt(scores[i].benchmark)) is above 100, but its other scores are not",
                remedy:
                    "write scores as fractions (0.86) or percentages (86); a benchmark on its own scale (Arena Elo) has every score above 100")
        }
        if !ownScale.isEmpty {
            notes.append(
                "read on their own scale (every score above 100, as Arena Elo): \(ownScale.sorted().joined(separator: ", ")) — records and gains in its points; no logistic, ceiling or dates, which need a scale that ends")
        }
        let percent = Set(scores.filter { $0.score > 1 && !ownScale.contains($0.benchmark) }.map(\.benchmark))
        if !percent.isEmpty {
            for i in scores.indices where percent.contains(scores[i].benchmark) { scores[i].score /= 100 }
            notes.append("scores read as percentages (divided by 100): \(percent.sorted().joined(separator: ", "))")
        }
        if skipped > 0 { notes.append("skipped \(skipped) rows without a benchmark, date or score") }
        guard !scores.isEmpty else {
            throw InputError(
                file: table.source, problem: "no row has a benchmark, a date and a score", remedy: "fill them in")
        }
        let counts = Dictionary(grouping: scores, by: \.benchmark).mapValues(\.count)
        benchmarks = counts.keys.sorted { (counts[$0]!, $1) > (counts[$1]!, $0) }
        latest = scores.map(\.year).max()!
        self.scores = scores
        self.notes = notes
        self.ownScale = ownScale
    }

    package static func bundled() throws -> BenchmarkScores {
        try BenchmarkScores(table: BundledDataset.benchmarkScores.table())
    }

    /// The records of `benchmark`: each score above every earlier one, by date.
    package func envelope(_ benchmark: String, from rows: [Score]? = nil) -> [Score] {
        let sorted = (rows ?? scores.filter { $0.benchmark == benchmark })
            .sorted { ($0.year, -$0.score, $0.line) < ($1.year, -$1.score, $1.line) }
        var out: [Score] = []
        for s in sorted where s.score > (out.last?.score ?? -1) { out.append(s) }
        return out
    }
}

/// A logistic in time fitted to a benchmark's best-score envelope,
/// `score(t) = floor + (ceiling − floor)·σ(k·(t − t₀))`, the floor fixed at the chance rate,
/// the ceiling in (best score, 1], k > 0; the saturation threshold — a fixed share of the way
/// from chance to a perfect score, the same for every benchmark — with the date the first record
/// crossed it (observed) beside the date the logistic reaches it (fitted, with a bootstrap
/// interval); the gain over the last 12 months against the 12 before, and a status.
package struct BenchmarkSaturation: Sendable {
    package enum Status: String, Sendable, Codable {
        case saturated, saturating, rising, stalled, early
        /// Scores on a scale without an end (Arena Elo): records and gains only.
        case ownScale = "own scale"
    }

    package var benchmark: String
    /// Points per unit of score: 100 for fractions, 1 on the benchmark's own scale.
    package var pointsPerUnit: Double
    package var floor: Double
    package var floorIsChance: Bool
    package var envelope: [BenchmarkScores.Score]
    /// (ceiling, k per year, t₀), nil when the envelope has fewer than 4 records.
    package var ceiling: Double?
    package var rate: Double?
    package var midpoint: Double?
    package var ceilingInterval: Interval?
    /// The saturation threshold: this share of the way from the floor to a perfect score.
    package var threshold: Double
    /// The score at the threshold, floor + threshold·(1 − floor).
    package var level: Double { Self.level(floor: floor, threshold: threshold) }

    /// The score `threshold` of the way from `floor` to a perfect score — one rule, shared with
    /// ``SaturationSurvival``.
    package static func level(floor: Double, threshold: Double) -> Double { floor + threshold * (1 - floor) }
    /// The first record at or above ``level`` (nil: not crossed by the table's latest date).
    package var observedCrossing: BenchmarkScores.Score?
    /// The decimal year the fitted logistic reaches ``level`` (nil without a fit, or when its
    /// ceiling stays below the level), and its 95 % bootstrap interval — withheld when more than
    /// 2.5 % of the resamples never reach the level (``neverShare``).
    package var logisticCrossing: Double?
    package var logisticCrossingInterval: Interval?
    package var neverShare: Double?
    /// Best score gained in the 12 months to the table's latest date, and in the 12 before.
    package var gainLast12: Double
    package var gainPrevious12: Double
    package var status: Status
    package var warnings: [FitWarning]
    /// The records' break test (score against date, no bootstrap); nil with fewer than
    /// 2·``TrendBreak/minimumSide`` + 1 records.
    package var breakTest: TrendBreak?

    /// The climb and the plateau: from the first record to the one that crossed the threshold,
    /// and from there to the best — (points, years) each.
    package var climb: (points: Double, years: Double, from: BenchmarkScores.Score, to: BenchmarkScores.Score)? {
        guard let first = envelope.first, let reached = observedCrossing else { return nil }
        return (reached.score - first.score, reached.year - first.year, first, reached)
    }

    /// The default threshold: 80 % of the way from chance to a perfect score — the share the
    /// status rules call saturated. Plateau's choice, stated wherever it is used.
    package static let defaultThreshold = 0.8

    /// The decimal year a logistic (floor, ceiling, k, t₀) reaches `level`; nil when its ceiling
    /// is at or below it.
    package static func crossing(level: Double, floor: Double, ceiling: Double, rate: Double, midpoint: Double) -> Double? {
        guard ceiling > level, level > floor else { return nil }
        let share = (level - floor) / (ceiling - floor)
        return midpoint + Double.log(share / (1 - share)) / rate
    }

    /// The rules, stated once: the share of the way from floor to ceiling the best score has
    /// reached (the fitted ceiling, or 1 without a fit), and the last 12 months' gain.
    package static let rules =
        "saturated: the best score is ≥ 80 % of the way from the floor to a perfect score and gained < 2 points in the last 12 months; saturating: ≥ 80 % of the way, still gaining ≥ 2 points but less than in the 12 months before; rising: gained ≥ 2 points in the last 12 months; stalled: 50–80 % of the way and < 2 points gained; early: under 50 % and < 2 points gained; own scale: a benchmark scored without an end (Arena Elo), whose records and gains are in its own points"

    /// Fits the benchmark's envelope and bootstraps its scores (`resamples`, seeded).
    package init(
        _ table: BenchmarkScores, benchmark: String, threshold: Double = defaultThreshold, resamples: Int = 200,
        seed: UInt64 = 0
    ) {
        self.benchmark = benchmark
        self.threshold = threshold
        let own = table.ownScale.contains(benchmark)
        pointsPerUnit = own ? 1 : 100
        let known = own ? nil : BenchmarkScores.chance(benchmark)
        floor = known ?? 0
        floorIsChance = known != nil
        let rows = table.scores.filter { $0.benchmark == benchmark }
        envelope = table.envelope(benchmark, from: rows)
        let level = Self.level(floor: floor, threshold: threshold)
        observedCrossing = own ? nil : envelope.first { $0.score >= level }
        breakTest = try? TrendBreak(x: envelope.map(\.year), y: envelope.map(\.score), resamples: 0)
        // The best score by a date; before a benchmark's first score, that first score: a new
        // benchmark's first record is its baseline, not a gain from zero (a 40-point "gain" in
        // the 12 months a benchmark appeared, and +1140 for an Elo scale).
        let first = envelope.first?.score ?? 0
        let best = { (t: Double) in rows.filter { $0.year <= t }.map(\.score).max() ?? first }
        let now = table.latest
        gainLast12 = best(now) - best(now - 1)
        gainPrevious12 = best(now - 1) - best(now - 2)
        var warnings: [FitWarning] = []
        let top = envelope.last?.score ?? 0
        if own {
            // No end to the scale: no share of the way to a perfect score, no logistic.
            status = .ownScale
            self.warnings = warnings
            return
        }
        if top <= floor {
            warnings.append(
                FitWarning(
                    code: "at-chance",
                    message:
                        "the best \(benchmark) score \(String(format: "%.3g", top)) is at or below the chance rate \(String(format: "%.3g", floor))"
                ))
        }
        let fit = Self.fit(envelope, floor: floor)
        if let fit {
            ceiling = fit.ceiling
            rate = fit.rate
            midpoint = fit.midpoint
            let floor = self.floor
            let reach = { (f: (ceiling: Double, rate: Double, midpoint: Double)) in
                Self.crossing(level: level, floor: floor, ceiling: f.ceiling, rate: f.rate, midpoint: f.midpoint)
            }
            logisticCrossing = reach(fit)
            var draws: [(Double, Double?)] = []
            for r in 0..<resamples {
                var rng = SplitMix64.stream(r, of: seed)
                let drawn = Interval.resampleIndices(rows.count, using: &rng).map { rows[$0] }
                guard let f = Self.fit(table.envelope(benchmark, from: drawn), floor: floor) else { continue }
                draws.append((f.ceiling, reach(f)))
            }
            if draws.count >= 10 {
                let never = Double(draws.filter { $0.1 == nil }.count) / Double(draws.count)
                neverShare = never
                let reached = draws.compactMap(\.1)
                let withDates = never <= 0.025 && logisticCrossing != nil
                let shown = Interval.shown(
                    [("ceiling", fit.ceiling, draws.map(\.0))]
                        + (withDates ? [("threshold date", logisticCrossing!, reached)] : []),
                    of: " of \(benchmark)'s frontier", warnings: &warnings)
                ceilingInterval = shown[0]
                logisticCrossingInterval = withDates ? shown[1] : nil
            }
            if fit.ceiling > 1 - 1e-3 {
                warnings.append(
                    atBound("the ceiling", "1", "the envelope shows no levelling off below a perfect score"))
            }
        } else {
            warnings.append(
                FitWarning(
                    code: "too-few-records",
                    message:
                        "\(envelope.count) record scores of \(benchmark) (needs 4 to fit a logistic); the logistic's date for the threshold is not estimated"
                ))
        }
        // The share of the way to a perfect score, not to the fitted ceiling: a ceiling fitted to a
        // rising envelope sits at the best score so far and would call every benchmark saturated.
        let share = 1 - floor > 0 ? (top - floor) / (1 - floor) : 0
        if share >= 0.8 && gainLast12 < 0.02 {
            status = .saturated
        } else if share >= 0.8 && gainLast12 < gainPrevious12 {
            status = .saturating
        } else if gainLast12 >= 0.02 {
            status = .rising
        } else if share >= 0.5 {
            status = .stalled
        } else {
            status = .early
        }
        self.warnings = warnings
    }

    /// Least squares of the logistic to the records, θ = (logit of the ceiling's place in
    /// (best, 1], log k, t₀), from a small grid.
    static func fit(_ records: [BenchmarkScores.Score], floor: Double) -> (
        ceiling: Double, rate: Double, midpoint: Double
    )? {
        guard records.count >= 4, let top = records.map(\.score).max(), top > floor else { return nil }
        let objective = LogisticInTime(t: records.map(\.year), y: records.map(\.score), floor: floor, top: top)
        let years = records.map(\.year)
        let mid = (years.min()! + years.max()!) / 2
        var best: LBFGS.Result?
        for c in [-2.0, 0, 2] {
            for k in [-1.0, 0, 1, 2] {
                for t0 in [years.min()!, mid, years.max()!] {
                    let r = LBFGS().minimize(objective, from: [c, k, t0])
                    if r.value.isFinite && (best == nil || r.value < best!.value) { best = r }
                }
            }
        }
        guard let best else { return nil }
        return (objective.ceiling(best.x[0]), Double.exp(best.x[1]), best.x[2])
    }
}

/// Σ (y − ŷ)² of the logistic in time with its exact gradient.
struct LogisticInTime: DifferentiableObjective {
    let t: [Double]
    let y: [Double]
    let floor: Double
    let top: Double
    var dimension: Int { 3 }

    /// The ceiling in (top, 1]: top + (1 − top)·σ(u).
    func ceiling(_ u: Double) -> Double { top + (1 - top) * Logistic.value(u) }

    func value(at x: [Double], gradient g: inout [Double]) -> Double {
        let s = Logistic.value(x[0]), c = top + (1 - top) * s
        let k = Double.exp(x[1]), t0 = x[2]
        var f = 0.0
        g[0] = 0
        g[1] = 0
        g[2] = 0
        for i in t.indices {
            let z = k * (t[i] - t0)
            let sig = Logistic.value(z)
            let pred = floor + (c - floor) * sig
            let r = pred - y[i]
            f += r * r
            let dSig = sig * (1 - sig)
            g[0] += 2 * r * sig * (1 - top) * s * (1 - s)
            g[1] += 2 * r * (c - floor) * dSig * z
            g[2] += 2 * r * (c - floor) * dSig * (-k)
        }
        return f
    }
}
