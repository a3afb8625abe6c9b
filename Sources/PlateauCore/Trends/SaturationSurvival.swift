import Foundation
import RealModule

/// The AI Index claim, "benchmarks saturate faster", as the survival problem it is: the time
/// from a benchmark's first score in the table to its first record at the saturation threshold
/// (``BenchmarkSaturation/level``), with the benchmarks that have not crossed by the table's
/// latest date **censored** there — a recent benchmark has had little time, which a comparison of
/// crossing times alone would read as speed.
///
/// - Kaplan–Meier curves of "not yet saturated" by introduction cohort (two cohorts split at the
///   median introduction date — Plateau's choice);
/// - a Cox proportional-hazards fit on the introduction date (decimal years, centred), Efron's
///   method for ties, with the hazard ratio per year, its 95 % Wald interval and the likelihood
///   ratio test. A hazard ratio above 1 means later benchmarks reach the threshold sooner.
///
/// Benchmarks already past the threshold at their first score in the table are left out and
/// counted: the table begins after they were introduced (left truncation), so their time to
/// saturation is unknown.
package struct SaturationSurvival: Sendable {
    package struct Subject: Sendable, Codable {
        package var benchmark: String
        /// Decimal year of the first score in the table.
        package var introduced: Double
        /// Years from introduction to the crossing, or to the table's latest date when censored.
        package var years: Double
        package var crossed: Bool

        package init(benchmark: String, introduced: Double, years: Double, crossed: Bool) {
            self.benchmark = benchmark
            self.introduced = introduced
            self.years = years
            self.crossed = crossed
        }
    }

    /// One cohort's Kaplan–Meier curve.
    package struct Cohort: Sendable, Codable {
        package var label: String
        package var subjects: Int
        package var crossed: Int
        /// (years, share not yet saturated) after each distinct crossing time.
        package var curve: [Step]
        /// The first time the curve is at or below one half (nil: not reached).
        package var medianYears: Double?

        enum CodingKeys: String, CodingKey {
            case label, subjects, crossed, curve
            case medianYears = "median_years"
        }

        package struct Step: Sendable, Codable {
            package var years: Double
            package var survival: Double
            package var atRisk: Int
            package var events: Int

            enum CodingKeys: String, CodingKey {
                case years, survival, events
                case atRisk = "at_risk"
            }
        }

        /// The share not yet saturated after `t` years.
        package func survival(at t: Double) -> Double { curve.last { $0.years <= t }?.survival ?? 1 }
    }

    /// The Cox fit: log hazard ratio per year of introduction.
    package struct Cox: Sendable, Codable {
        package var coefficient: Double
        package var standardError: Double
        package var hazardRatio: Double
        package var interval: Interval
        /// 2·(ℓ(β̂) − ℓ(0)) and its χ²₁ p-value.
        package var likelihoodRatio: Double
        package var pValue: Double

        /// What the interval says: later benchmarks saturate sooner (it lies above 1), later
        /// (below 1), or it includes 1 — one rule for every report.
        package enum Direction: Sendable { case sooner, later, undetermined }
        package var direction: Direction {
            interval.lower > 1 ? .sooner : interval.upper < 1 ? .later : .undetermined
        }

        enum CodingKeys: String, CodingKey {
            case coefficient, interval
            case standardError = "standard_error"
            case hazardRatio = "hazard_ratio"
            case likelihoodRatio = "likelihood_ratio"
            case pValue = "p_value"
        }
    }

    package var threshold: Double
    package var subjects: [Subject]
    /// Benchmarks past the threshold at their first score (left truncated, left out).
    package var alreadyPast: [String]
    package var cohorts: [Cohort]
    /// The introduction date that splits the cohorts (the median).
    package var split: Double
    package var cox: Cox?
    /// The table's latest date: where the censored benchmarks stop.
    package var latest: Double

    /// The fewest crossings the Cox fit needs.
    package static let minimumEvents = 4

    /// - Returns: nil with fewer than 4 benchmarks or no crossing.
    package init?(_ table: BenchmarkScores, threshold: Double = BenchmarkSaturation.defaultThreshold) {
        var subjects: [Subject] = []
        var past: [String] = []
        for b in table.benchmarks where !table.ownScale.contains(b) {
            let envelope = table.envelope(b)
            guard let first = envelope.first else { continue }
            let level = BenchmarkSaturation.level(floor: BenchmarkScores.chance(b) ?? 0, threshold: threshold)
            if first.score >= level {
                past.append(b)
                continue
            }
            if let crossing = envelope.first(where: { $0.score >= level }) {
                subjects.append(Subject(benchmark: b, introduced: first.year, years: crossing.year - first.year, crossed: true))
            } else {
                subjects.append(
                    Subject(benchmark: b, introduced: first.year, years: table.latest - first.year, crossed: false))
            }
        }
        guard subjects.count >= 4, subjects.contains(where: \.crossed) else { return nil }
        self.threshold = threshold
        self.subjects = subjects
        alreadyPast = past
        latest = table.latest
        split = Interval.percentile(subjects.map(\.introduced), 0.5)
        let split = self.split
        let month = { (y: Double) in DatedValue.monthString(y) }
        cohorts = [
            Self.kaplanMeier(subjects.filter { $0.introduced < split }, label: "introduced before \(month(split))"),
            Self.kaplanMeier(subjects.filter { $0.introduced >= split }, label: "introduced \(month(split)) or later"),
        ]
        cox = subjects.filter(\.crossed).count >= Self.minimumEvents ? Self.coxFit(subjects) : nil
    }

    /// The product-limit estimate: S(t) = Π over crossing times tᵢ ≤ t of (1 − dᵢ/nᵢ), a
    /// benchmark censored at t counted at risk at t.
    package static func kaplanMeier(_ subjects: [Subject], label: String) -> Cohort {
        let times = Set(subjects.filter(\.crossed).map(\.years)).sorted()
        var survival = 1.0
        var curve: [Cohort.Step] = []
        for t in times {
            let atRisk = subjects.filter { $0.years >= t }.count
            let events = subjects.filter { $0.crossed && $0.years == t }.count
            survival *= 1 - Double(events) / Double(atRisk)
            curve.append(.init(years: t, survival: survival, atRisk: atRisk, events: events))
        }
        return Cohort(
            label: label, subjects: subjects.count, crossed: subjects.filter(\.crossed).count, curve: curve,
            medianYears: curve.first { $0.survival <= 0.5 }?.years)
    }

    /// Efron's partial log-likelihood of β for covariate x (centred introduction year), with its
    /// first and second derivatives.
    static func partialLikelihood(_ subjects: [Subject], x: [Double], beta: Double) -> (
        value: Double, score: Double, information: Double
    ) {
        var value = 0.0, score = 0.0, information = 0.0
        let times = Set(subjects.filter(\.crossed).map(\.years)).sorted()
        for t in times {
            var r0 = 0.0, r1 = 0.0, r2 = 0.0, d0 = 0.0, d1 = 0.0, d2 = 0.0, sumX = 0.0
            var d = 0
            for (i, s) in subjects.enumerated() where s.years >= t {
                let w = Double.exp(beta * x[i])
                r0 += w
                r1 += w * x[i]
                r2 += w * x[i] * x[i]
                if s.crossed && s.years == t {
                    d += 1
                    d0 += w
                    d1 += w * x[i]
                    d2 += w * x[i] * x[i]
                    sumX += x[i]
                }
            }
            value += beta * sumX
            score += sumX
            for l in 0..<d {
                let f = Double(l) / Double(d)
                let a0 = r0 - f * d0, a1 = r1 - f * d1, a2 = r2 - f * d2
                value -= Double.log(a0)
                score -= a1 / a0
                information += a2 / a0 - (a1 / a0) * (a1 / a0)
            }
        }
        return (value, score, information)
    }

    /// Newton's method on the partial likelihood from β = 0, halving any step that lowers it.
    static func coxFit(_ subjects: [Subject]) -> Cox? {
        let mean = subjects.map(\.introduced).reduce(0, +) / Double(subjects.count)
        let x = subjects.map { $0.introduced - mean }
        var beta = 0.0
        var current = partialLikelihood(subjects, x: x, beta: beta)
        let null = current.value
        for _ in 0..<100 {
            guard current.information > 0 else { return nil }
            var step = current.score / current.information
            var next = partialLikelihood(subjects, x: x, beta: beta + step)
            var halvings = 0
            while !(next.value >= current.value - 1e-12) && halvings < 40 {
                step /= 2
                next = partialLikelihood(subjects, x: x, beta: beta + step)
                halvings += 1
            }
            beta += step
            current = next
            if step.magnitude < 1e-12 { break }
        }
        guard current.information > 0, beta.isFinite, beta.magnitude < 50 else { return nil }
        let se = 1 / current.information.squareRoot()
        let lr = max(0, 2 * (current.value - null))
        return Cox(
            coefficient: beta, standardError: se, hazardRatio: Double.exp(beta),
            interval: Interval(lower: Double.exp(beta - 1.959963984540054 * se), upper: Double.exp(beta + 1.959963984540054 * se)),
            likelihoodRatio: lr, pValue: erfc((lr / 2).squareRoot()))
    }
}

extension DatedValue {
    /// A decimal year as its calendar month, "2023-03".
    package static func monthString(_ year: Double) -> String {
        let y = Int(year.rounded(.down))
        let m = min(12, Int(((year - Double(y)) * 12).rounded(.down)) + 1)
        return String(format: "%04d-%02d", y, m)
    }
}
