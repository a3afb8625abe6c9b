import Foundation
import PlateauCore

/// How a break test is shown.
package struct BreakReport: Sendable {
    package var label: String
    package var unit: String
    package var result: TrendBreak
    /// What was left out of the series, and why.
    package var notes: [String] = []
    package var warnings: [FitWarning] = []

    package init(label: String, unit: String, result: TrendBreak, notes: [String] = [], warnings: [FitWarning] = []) {
        self.label = label
        self.unit = unit
        self.result = result
        self.notes = notes
        self.warnings = warnings
    }

    static func interval(_ i: Interval?, _ digits: Int) -> String {
        i.map { " (95 %: \(NumberFormat.fixed($0.lower, digits)) … \(NumberFormat.fixed($0.upper, digits)))" } ?? ""
    }

    /// One paragraph: the single trend, the best break, the evidence and the verdict.
    package func text() -> String {
        let r = result
        var out = "Break test: \(label), \(r.count) points\n"
        out += "criterion: \(r.pValue == nil ? TrendBreak.uncalibratedCriterion : TrendBreak.criterion)\n"
        out += "  one trend: \(NumberFormat.fixed(r.slope, 3)) \(unit)"
        if unit.hasPrefix("log10") { out += " (\(NumberFormat.significant(Double.exp10(r.slope), 3))× a year)" }
        out += "\n"
        out +=
            "  two segments: break at \(NumberFormat.fixed(r.breakAt, 1))\(Self.interval(r.breakInterval, 1)); slope before \(NumberFormat.fixed(r.slopeBefore, 3))\(Self.interval(r.slopeBeforeInterval, 3)), after \(NumberFormat.fixed(r.slopeAfter, 3))\(Self.interval(r.slopeAfterInterval, 3)) \(unit)\n"
        out += "  ΔBIC \(NumberFormat.fixed(r.deltaBIC, 1))"
        if let p = r.pValue {
            out +=
                ", p = \(NumberFormat.fixed(p, 3)) (\(r.calibration) null simulations, residual lag-one correlation \(NumberFormat.fixed(r.residualCorrelation, 2)))"
        }
        out += ": "
        out +=
            r.hasBreak
            ? "evidence of a break — the trend \(r.slopeAfter < r.slopeBefore ? "slows" : "speeds up") around \(NumberFormat.fixed(r.breakAt, 1))\n"
            : "no evidence of a break (one trend describes the series as well, by this criterion; so no intervals for the best break's date and slopes)\n"
        for note in notes { out += "note: \(note)\n" }
        for warning in warnings { out += "warning: \(warning.message)\n" }
        return out
    }

    /// The `plateau.breaks/2` document (version 2: `has_break` from the calibrated p-value, with
    /// `p_value`, `calibration` and `residual_correlation`).
    package func json() throws -> String {
        struct Document: Encodable {
            var schema = "plateau.breaks/2"
            var series: String
            var unit: String
            var test: BreakDocument
            var notes: [String]
            var warnings: [FitWarning]
        }
        return try encodeDocument(
            Document(series: label, unit: unit, test: BreakDocument(result), notes: notes, warnings: warnings))
    }
}
