import Foundation
import PlateauCore

/// How `plateau benchmarks` is shown: per benchmark the frontier, its logistic, the observed and
/// the fitted date of the saturation threshold, the 12-month gains and a status; the records of the
/// chosen benchmarks; the AI Index claim tested as survival with censoring.
package struct BenchmarkReport: Sendable {
    package var source: String
    package var saturation: [BenchmarkSaturation]
    package var survival: SaturationSurvival?
    /// Benchmarks whose records are listed.
    package var detailed: [String]
    package var notes: [String]

    package init(
        source: String, saturation: [BenchmarkSaturation], survival: SaturationSurvival?, detailed: [String],
        notes: [String]
    ) {
        self.source = source
        self.saturation = saturation
        self.survival = survival
        self.detailed = detailed
        self.notes = notes
    }

    package static func month(_ year: Double) -> String { DatedValue.monthString(year) }

    /// The month the logistic reaches the threshold, with its interval (its ends joined by
    /// `between`); "never" when the fitted ceiling stays below it, "—" without a fit.
    package static func logisticCell(_ s: BenchmarkSaturation, between: String) -> String {
        s.logisticCrossing.map {
            month($0) + (s.logisticCrossingInterval.map { " (\(month($0.lower))\(between)\(month($0.upper)))" } ?? "")
        } ?? (s.ceiling == nil ? "—" : "never")
    }

    /// One row per introduction cohort: benchmarks, crossed, the median years and the share not
    /// yet saturated at 1, 2 and 3 years.
    package static func cohortRows(_ v: SaturationSurvival) -> [[String]] {
        v.cohorts.map { c in
            [c.label, "\(c.subjects)", "\(c.crossed)", c.medianYears.map { NumberFormat.fixed($0, 2) } ?? "not reached"]
                + [1.0, 2, 3].map { NumberFormat.fixed(c.survival(at: $0) * 100, 0) + " %" }
        }
    }

    package static func points(_ v: Double, per unit: Double = 100) -> String {
        (v >= 0 ? "+" : "") + NumberFormat.fixed(v * unit, 1)
    }

    package func text() -> String {
        var out = "Benchmark frontiers and saturation: \(source)\n"
        let threshold = saturation.first?.threshold ?? BenchmarkSaturation.defaultThreshold
        let method = [
            "frontier: the best score to date; logistic in time: floor + (ceiling − floor)·σ(k·(t − t₀)), floor = chance rate where known, ceiling in (best, 1]; 95 % intervals from resampling each benchmark's scores",
            "status rules — \(BenchmarkSaturation.rules)",
            "saturation threshold: \(NumberFormat.fixed(threshold * 100, 0)) % of the way from the floor to a perfect score (Plateau's choice, --threshold); crossed = the first record at or above it, logistic = the date the fitted curve reaches it",
        ]
        for n in notes { out += "note: \(n)\n" }
        var t = TextTable(
            header: [
                "benchmark", "status", "records", "best", "floor", "threshold", "crossed", "logistic", "ceiling",
                "last 12 mo", "12 before",
            ], rightAligned: [false, false, true, true, true, true, true, true, true, true, true])
        for s in saturation {
            let best = s.envelope.last
            let unit = s.pointsPerUnit
            let own = s.status == .ownScale
            t.rows.append([
                s.benchmark, s.status.rawValue, "\(s.envelope.count)",
                best.map { "\(NumberFormat.fixed($0.score * unit, 1)) (\(String($0.date.prefix(7))))" } ?? "—",
                own ? "—" : NumberFormat.fixed(s.floor * 100, 0),
                own ? "—" : NumberFormat.fixed(s.level * 100, 1),
                own ? "—" : s.observedCrossing.map { String($0.date.prefix(7)) } ?? "not yet",
                own ? "—" : Self.logisticCell(s, between: "…"),
                s.ceiling.map {
                    NumberFormat.fixed($0 * 100, 1)
                        + (s.ceilingInterval.map {
                            " (\(NumberFormat.fixed($0.lower * 100, 1))–\(NumberFormat.fixed($0.upper * 100, 1)))"
                        } ?? "")
                } ?? "—",
                Self.points(s.gainLast12, per: unit), Self.points(s.gainPrevious12, per: unit),
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
                    "  crossed the threshold (\(NumberFormat.fixed(s.level * 100, 1))) on \(c.to.date): \(Self.points(c.points)) points in \(Int((c.years * 12).rounded())) months from the first record (\(c.from.date.prefix(7))), then \(Self.points(best.score - c.to.score)) in the next \(Int(((best.year - c.to.year) * 12).rounded())) (to \(best.date)); the logistic reaches it \(s.logisticCrossing.map(Self.month) ?? "never"); status: \(s.status.rawValue)\n"
            }
            for w in s.warnings { out += "  warning [\(w.code)] \(w.message)\n" }
        }
        let tested = saturation.compactMap { s in s.breakTest.map { (s.benchmark, $0) } }
        if !tested.isEmpty {
            out +=
                "\nIs progress bending? Each frontier's records (score against date): one line against two segments; \(TrendBreak.criterion)\n"
            var b = TextTable(
                header: ["benchmark", "verdict", "records", "one trend (pts/yr)", "break", "before", "after", "ΔBIC", "p"],
                rightAligned: [false, false, true, true, true, true, true, true, true])
            for (name, r) in tested {
                let unit = saturation.first { $0.benchmark == name }?.pointsPerUnit ?? 100
                b.rows.append([
                    name, r.hasBreak ? "break" : "no evidence", "\(r.count)", NumberFormat.fixed(r.slope * unit, 1),
                    Self.month(r.breakAt), NumberFormat.fixed(r.slopeBefore * unit, 1),
                    NumberFormat.fixed(r.slopeAfter * unit, 1), NumberFormat.fixed(r.deltaBIC, 1),
                    r.pValue.map { NumberFormat.fixed($0, 3) } ?? "—",
                ])
            }
            out += b.render() + "\n"
        }
        if let survival {
            out += Self.survivalSection(survival)
        } else {
            out +=
                "\nIs saturation getting faster? Not tested: the survival analysis needs at least 4 benchmarks on a scale that ends and not past the threshold at their first score, and at least one that crossed it\n"
        }
        return out + TextTable.howToRead(method)
    }

    /// The survival section: Kaplan–Meier by cohort and the Cox fit, with the verdict.
    static func survivalSection(_ v: SaturationSurvival) -> String {
        let crossed = v.subjects.filter(\.crossed).count
        var out =
            "\nIs saturation getting faster (Stanford AI Index 2023)? Years from a benchmark's first score in the table to its first record at the threshold (\(NumberFormat.fixed(v.threshold * 100, 0)) % of the way from chance to a perfect score); \(v.subjects.count - crossed) of \(v.subjects.count) benchmarks have not crossed and are censored at \(Self.month(v.latest)) — survival analysis, so a recent benchmark's short history is not read as speed:\n"
        var t = TextTable(
            header: ["cohort (Kaplan–Meier)", "benchmarks", "crossed", "median years", "unsaturated at 1 yr", "at 2 yr", "at 3 yr"],
            rightAligned: [false, true, true, true, true, true, true])
        t.rows = cohortRows(v)
        out += t.render() + "\n"
        if let cox = v.cox {
            out +=
                "  Cox proportional hazards on the introduction date (Efron ties): hazard ratio \(NumberFormat.fixed(cox.hazardRatio, 2)) per year (95 %: \(NumberFormat.fixed(cox.interval.lower, 2))–\(NumberFormat.fixed(cox.interval.upper, 2))), likelihood ratio p = \(NumberFormat.fixed(cox.pValue, 3)) — "
            switch cox.direction {
            case .sooner: out += "yes: later benchmarks reach the threshold sooner on this data\n"
            case .later: out += "no: later benchmarks take longer on this data\n"
            case .undetermined: out += "no evidence either way: the interval includes a ratio of 1\n"
            }
        } else {
            out += "  no Cox fit: fewer than \(SaturationSurvival.minimumEvents) benchmarks crossed the threshold\n"
        }
        if !v.alreadyPast.isEmpty {
            out +=
                "  left out: \(v.alreadyPast.count) benchmarks already past the threshold at their first score in the table (\(v.alreadyPast.prefix(5).joined(separator: ", "))\(v.alreadyPast.count > 5 ? ", …" : "")) — the table starts after they were introduced, so their time is unknown\n"
        }
        out +=
            "  (introduction = the first score in the table, not the benchmark's publication; cohorts split at the median introduction date)\n"
        return out
    }

    /// The `plateau.benchmarks/3` document (version 3: the fixed threshold with its observed and
    /// fitted dates, and the survival analysis, replace the 90 %/95 % dates and the slope test).
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
            var threshold: Double
            var level: Double
            var crossed: Record?
            var logisticCrossing: Double?
            var logisticCrossingInterval: Interval?
            var neverShare: Double?
            var gainLast12: Double
            var gainPrevious12: Double
            var status: String
            var breakTest: BreakDocument?
            var warnings: [FitWarning]
            enum CodingKeys: String, CodingKey {
                case name, floor, records, ceiling, rate, midpoint, status, warnings
                case floorIsChance = "floor_is_chance"
                case ceilingInterval = "ceiling_interval"
                case threshold, level, crossed
                case logisticCrossing = "logistic_crossing"
                case logisticCrossingInterval = "logistic_crossing_interval"
                case neverShare = "resamples_never_reaching"
                case gainLast12 = "gain_last_12_months"
                case gainPrevious12 = "gain_previous_12_months"
                case breakTest = "break_test"
            }
        }
        struct Survival: Encodable {
            var threshold: Double
            var subjects: [SaturationSurvival.Subject]
            var cohorts: [SaturationSurvival.Cohort]
            var cox: SaturationSurvival.Cox?
            var alreadyPast: [String]
            var censoredAt: Double
            enum CodingKeys: String, CodingKey {
                case threshold, subjects, cohorts, cox
                case alreadyPast = "already_past"
                case censoredAt = "censored_at"
            }
        }
        struct Document: Encodable {
            var schema = "plateau.benchmarks/3"
            var source: String
            var rules: String
            var benchmarks: [Benchmark]
            var saturationSurvival: Survival?
            var notes: [String]
            enum CodingKeys: String, CodingKey {
                case schema, source, rules, benchmarks, notes
                case saturationSurvival = "saturation_survival"
            }
        }
        let doc = Document(
            source: source, rules: BenchmarkSaturation.rules,
            benchmarks: saturation.map { s in
                Benchmark(
                    name: s.benchmark, floor: s.floor, floorIsChance: s.floorIsChance,
                    records: s.envelope.map { Record(date: $0.date, model: $0.model, score: $0.score) },
                    ceiling: s.ceiling, ceilingInterval: s.ceilingInterval, rate: s.rate, midpoint: s.midpoint,
                    threshold: s.threshold, level: s.level,
                    crossed: s.observedCrossing.map { Record(date: $0.date, model: $0.model, score: $0.score) },
                    logisticCrossing: s.logisticCrossing, logisticCrossingInterval: s.logisticCrossingInterval,
                    neverShare: s.neverShare, gainLast12: s.gainLast12, gainPrevious12: s.gainPrevious12,
                    status: s.status.rawValue,
                    breakTest: s.breakTest.map(BreakDocument.init),
                    warnings: s.warnings)
            },
            saturationSurvival: survival.map {
                Survival(
                    threshold: $0.threshold, subjects: $0.subjects, cohorts: $0.cohorts, cox: $0.cox,
                    alreadyPast: $0.alreadyPast, censoredAt: $0.latest)
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
