import Foundation
import PlateauCore

/// How `plateau benchmarks` is shown: per benchmark the frontier, its logistic, the dates of 90 %
/// and 95 %, the 12-month gains and a status; the records of the chosen benchmarks; the AI Index
/// claim tested.
package struct BenchmarkReport: Sendable {
    package var source: String
    package var saturation: [BenchmarkSaturation]
    package var speed: SaturationSpeed?
    /// Benchmarks whose records are listed.
    package var detailed: [String]
    package var notes: [String]

    package init(
        source: String, saturation: [BenchmarkSaturation], speed: SaturationSpeed?, detailed: [String], notes: [String]
    ) {
        self.source = source
        self.saturation = saturation
        self.speed = speed
        self.detailed = detailed
        self.notes = notes
    }

    package static func month(_ year: Double) -> String {
        let y = Int(year.rounded(.down))
        let m = min(12, Int(((year - Double(y)) * 12).rounded(.down)) + 1)
        return String(format: "%04d-%02d", y, m)
    }

    package static func points(_ v: Double, per unit: Double = 100) -> String {
        (v >= 0 ? "+" : "") + NumberFormat.fixed(v * unit, 1)
    }

    package func text() -> String {
        var out = "Benchmark frontiers and saturation: \(source)\n"
        out +=
            "frontier: the best score to date; logistic in time: floor + (ceiling − floor)·σ(k·(t − t₀)), floor = chance rate where known, ceiling in (best, 1]; 95 % intervals from \(saturation.first.map { _ in "resampling each benchmark's scores" } ?? "")\n"
        out += "status rules — \(BenchmarkSaturation.rules)\n"
        for n in notes { out += "note: \(n)\n" }
        var t = TextTable(
            header: [
                "benchmark", "records", "best", "floor", "ceiling", "90 % reached", "95 % reached", "last 12 mo",
                "12 before", "status",
            ], rightAligned: [false, true, true, true, true, true, true, true, true, false])
        for s in saturation {
            let best = s.envelope.last
            let interval = { (i: Interval?) in
                i.map { " (\(Self.month($0.lower))…\(Self.month($0.upper)))" } ?? ""
            }
            let unit = s.pointsPerUnit
            t.rows.append([
                s.benchmark, "\(s.envelope.count)",
                best.map { "\(NumberFormat.fixed($0.score * unit, 1)) (\(String($0.date.prefix(7))))" } ?? "—",
                s.status == .ownScale ? "—" : NumberFormat.fixed(s.floor * 100, 0),
                s.ceiling.map {
                    NumberFormat.fixed($0 * 100, 1)
                        + (s.ceilingInterval.map {
                            " (\(NumberFormat.fixed($0.lower * 100, 1))–\(NumberFormat.fixed($0.upper * 100, 1)))"
                        } ?? "")
                } ?? "—",
                s.reaches90.map { Self.month($0) + interval(s.reaches90Interval) } ?? "—",
                s.reaches95.map { Self.month($0) + interval(s.reaches95Interval) } ?? "—",
                Self.points(s.gainLast12, per: unit), Self.points(s.gainPrevious12, per: unit), s.status.rawValue,
            ])
        }
        out += t.render() + "\n"
        for s in saturation where detailed.contains(s.benchmark) {
            out += "\n\(s.benchmark) records (each a new best score):\n"
            var r = TextTable(header: ["released", "model", "score"], rightAligned: [false, false, true])
            r.rows = s.envelope.map { [$0.date, $0.model, NumberFormat.fixed($0.score, 3)] }
            out += r.render() + "\n"
            if s.status != .ownScale, let c = s.climb, let best = s.envelope.last {
                out +=
                    "  \(Self.points(c.points)) points in \(Int((c.years * 12).rounded())) months (\(c.from.date.prefix(7)) → \(c.to.date)), then \(Self.points(best.score - c.to.score)) in the next \(Int(((best.year - c.to.year) * 12).rounded())) (to \(best.date)); status: \(s.status.rawValue)\n"
            }
            for w in s.warnings { out += "  warning [\(w.code)] \(w.message)\n" }
        }
        let tested = saturation.compactMap { s in s.breakTest.map { (s.benchmark, $0) } }
        if !tested.isEmpty {
            out +=
                "\nIs progress bending? Each frontier's records (score against date): one line against two segments; \(TrendBreak.criterion)\n"
            var b = TextTable(
                header: ["benchmark", "records", "one trend (pts/yr)", "break", "before", "after", "ΔBIC", "p", "verdict"],
                rightAligned: [false, true, true, true, true, true, true, true, false])
            for (name, r) in tested {
                let unit = saturation.first { $0.benchmark == name }?.pointsPerUnit ?? 100
                b.rows.append([
                    name, "\(r.count)", NumberFormat.fixed(r.slope * unit, 1), Self.month(r.breakAt),
                    NumberFormat.fixed(r.slopeBefore * unit, 1), NumberFormat.fixed(r.slopeAfter * unit, 1),
                    NumberFormat.fixed(r.deltaBIC, 1), r.pValue.map { NumberFormat.fixed($0, 3) } ?? "—",
                    r.hasBreak ? "break" : "no evidence",
                ])
            }
            out += b.render() + "\n"
        }
        if let speed {
            out +=
                "\nIs saturation getting faster (Stanford AI Index 2023)? Years from a benchmark's first score to 90 % of its frontier's range, against the first date, \(speed.points.count) benchmarks: slope \(NumberFormat.fixed(speed.slope, 2)) years per year (95 %: \(NumberFormat.fixed(speed.interval.lower, 2)) to \(NumberFormat.fixed(speed.interval.upper, 2))) — "
            out +=
                speed.faster
                ? "yes: later benchmarks saturate faster on this data\n"
                : speed.interval.lower > 0
                    ? "no: later benchmarks take longer on this data\n"
                    : "not shown: the interval includes no change\n"
            out +=
                "  (a benchmark introduced recently cannot have taken long yet: the comparison favours 'faster'; read it with that bias)\n"
        }
        return out
    }

    /// The `plateau.benchmarks/2` document (version 2: the break test calibrated, as `breaks`).
    package func json() throws -> String {
        struct Record: Encodable {
            var date: String
            var model: String
            var score: Double
        }
        struct Benchmark: Encodable {
            var name: String
            var floor: Double
            var floorIsChance: Bool
            var records: [Record]
            var ceiling: Double?
            var ceilingInterval: Interval?
            var rate: Double?
            var midpoint: Double?
            var reaches90: Double?
            var reaches90Interval: Interval?
            var reaches95: Double?
            var reaches95Interval: Interval?
            var gainLast12: Double
            var gainPrevious12: Double
            var status: String
            var breakTest: BreakDocument?
            var warnings: [FitWarning]
            enum CodingKeys: String, CodingKey {
                case name, floor, records, ceiling, rate, midpoint, status, warnings
                case floorIsChance = "floor_is_chance"
                case ceilingInterval = "ceiling_interval"
                case reaches90 = "reaches_90"
                case reaches90Interval = "reaches_90_interval"
                case reaches95 = "reaches_95"
                case reaches95Interval = "reaches_95_interval"
                case gainLast12 = "gain_last_12_months"
                case gainPrevious12 = "gain_previous_12_months"
                case breakTest = "break_test"
            }
        }
        struct Speed: Encodable {
            var benchmarks: Int
            var slope: Double
            var interval: Interval
            var faster: Bool
        }
        struct Document: Encodable {
            var schema = "plateau.benchmarks/2"
            var source: String
            var rules: String
            var benchmarks: [Benchmark]
            var saturationSpeed: Speed?
            var notes: [String]
            enum CodingKeys: String, CodingKey {
                case schema, source, rules, benchmarks, notes
                case saturationSpeed = "saturation_speed"
            }
        }
        let doc = Document(
            source: source, rules: BenchmarkSaturation.rules,
            benchmarks: saturation.map { s in
                Benchmark(
                    name: s.benchmark, floor: s.floor, floorIsChance: s.floorIsChance,
                    records: s.envelope.map { Record(date: $0.date, model: $0.model, score: $0.score) },
                    ceiling: s.ceiling, ceilingInterval: s.ceilingInterval, rate: s.rate, midpoint: s.midpoint,
                    reaches90: s.reaches90, reaches90Interval: s.reaches90Interval, reaches95: s.reaches95,
                    reaches95Interval: s.reaches95Interval, gainLast12: s.gainLast12, gainPrevious12: s.gainPrevious12,
                    status: s.status.rawValue,
                    breakTest: s.breakTest.map(BreakDocument.init),
                    warnings: s.warnings)
            },
            saturationSpeed: speed.map {
                Speed(benchmarks: $0.points.count, slope: $0.slope, interval: $0.interval, faster: $0.faster)
            }, notes: notes)
        return try encodeDocument(doc)
    }
}

/// A break test as JSON.
package struct BreakDocument: Encodable, Sendable {
    var points: Int
    var slope: Double
    var breakAt: Double
    var breakInterval: Interval?
    var slopeBefore: Double
    var slopeBeforeInterval: Interval?
    var slopeAfter: Double
    var slopeAfterInterval: Interval?
    var deltaBIC: Double
    /// The calibrated p-value of ΔBIC, the null simulations behind it (nil: uncalibrated), and
    /// the residuals' lag-one correlation the null simulates.
    var pValue: Double?
    var calibration: Int
    var residualCorrelation: Double
    var hasBreak: Bool
    var criterion: String
    enum CodingKeys: String, CodingKey {
        case points, slope, criterion, calibration
        case pValue = "p_value"
        case residualCorrelation = "residual_correlation"
        case breakAt = "break_at"
        case breakInterval = "break_interval"
        case slopeBefore = "slope_before"
        case slopeBeforeInterval = "slope_before_interval"
        case slopeAfter = "slope_after"
        case slopeAfterInterval = "slope_after_interval"
        case deltaBIC = "delta_bic"
        case hasBreak = "has_break"
    }

    package init(_ r: TrendBreak) {
        points = r.count
        slope = r.slope
        breakAt = r.breakAt
        breakInterval = r.breakInterval
        slopeBefore = r.slopeBefore
        slopeBeforeInterval = r.slopeBeforeInterval
        slopeAfter = r.slopeAfter
        slopeAfterInterval = r.slopeAfterInterval
        deltaBIC = r.deltaBIC
        pValue = r.pValue
        calibration = r.calibration
        residualCorrelation = r.residualCorrelation
        hasBreak = r.hasBreak
        criterion = r.pValue == nil ? TrendBreak.uncalibratedCriterion : TrendBreak.criterion
    }
}
