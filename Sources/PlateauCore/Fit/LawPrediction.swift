import Foundation

/// A law's prediction at a point, with an interval from bootstrap draws and how far the point
/// lies beyond the data the law was fitted to.
package struct LawPrediction: Sendable {
    package var point: LawPoint
    package var value: Double
    package var checked: Interval.Checked?
    /// The interval to show: nil without a bootstrap, or when withheld (``Interval/Checked``).
    package var interval: Interval? { checked?.shown }
    /// The point's scale over the largest fitted scale (compute when the law's data have it, else
    /// the law's first input); above 1 is extrapolation.
    package var extrapolation: Double

    /// How far beyond the fitted data a prediction may go before it is flagged: 10× in scale.
    package static let farThreshold = 10.0

    /// The scale a point's extrapolation is measured on: compute C, else 6·N·D, else the first
    /// input the law reads.
    package static func scale(_ p: LawPoint, law: any CatalogLaw) -> Double { scale(p, inputs: law.inputs) }

    /// ``scale(_:law:)`` for a law known by its inputs (a back-test outcome's).
    package static func scale(_ p: LawPoint, inputs: [LawVariable]) -> Double {
        if p.C.isFinite { return p.C }
        if p.N.isFinite && p.D.isFinite { return 6 * p.N * p.D }
        return p[inputs[0]]
    }

    /// Whether every point's scale is compute (C, or 6·N·D), not the law's first input.
    package static func scaleIsCompute(_ points: [LawPoint]) -> Bool {
        points.allSatisfy { $0.C.isFinite || ($0.N.isFinite && $0.D.isFinite) }
    }

    /// Predictions at `points` from a fit, with intervals when `draws` are given.
    ///
    /// - Parameter largestFitted: the largest scale among the fitted observations.
    package static func predictions(
        law: any CatalogLaw, theta: [Double], draws: [[Double]], level: Double = 0.95, at points: [LawPoint],
        largestFitted: Double
    ) -> [LawPrediction] {
        points.map { p in
            let value = law.value(at: p, theta)
            return LawPrediction(
                point: p, value: value,
                checked: draws.isEmpty
                    ? nil : Interval.Checked(draws: draws.map { law.value(at: p, $0) }, estimate: value, level: level),
                extrapolation: scale(p, law: law) / largestFitted)
        }
    }

    /// A warning for predictions far beyond the data, from their extrapolation distances;
    /// `noun` names what lies there where the warning is repeated (a report's plans: "budget").
    package static func farWarning(_ extrapolations: [Double], noun: String = "prediction") -> FitWarning? {
        let far = extrapolations.filter { $0 > farThreshold }
        guard let furthest = far.max() else { return nil }
        return FitWarning(
            code: "far-extrapolation",
            message:
                "\(far.count) of \(extrapolations.count) \(noun)\(extrapolations.count == 1 ? "" : "s") \(far.count == 1 ? "lies" : "lie") more than \(Int(farThreshold))× beyond the largest fitted scale (up to \(String(format: "%.3g", furthest))×) — the law is untested there; read any interval as a lower bound on the uncertainty"
        )
    }
}
