import Foundation
import PlateauCore

/// The chart of any catalog law's fit: the observations and the fitted law (with its bootstrap
/// band for a law of one input) against the law's scale.
package enum CatalogCharts {
    /// The observations and the law. A law of one input is drawn as a curve over its input (3×
    /// beyond the data each way); a law of several inputs against compute (or, when the data
    /// have no compute, its first input: N of L(N, S) or of the routing law), with its prediction
    /// at every observation beside the observation, and for a law of N and D, a curve per model
    /// size (up to six sizes).
    package static func fit(sample: LawSample, fit: CatalogFit, bootstrap: LawBootstrap? = nil, id: String = "fit")
        -> Chart
    {
        let law = fit.law
        let single = law.inputs.count == 1
        let hasCompute = sample.points.allSatisfy { $0.C.isFinite && $0.C > 0 }
        let variable: LawVariable = single || !hasCompute ? law.inputs[0] : .C
        let yLabel = law.output == .loss ? "loss (nats/token)" : "score (fraction)"
        var chart = Chart(
            id: id, title: "\(law.name) fitted to \(sample.source)",
            caption:
                "Dots are the observations; the line is the fitted law \(law.formula)\(bootstrap.map { $0.hasIntervals ? " with its 95 % bootstrap band" : "" } ?? "").",
            x: .init(label: "\(variable.meaning) \(variable.rawValue)", scale: variable == .L ? .linear : .log),
            y: .init(label: yLabel, scale: law.output == .loss ? .log : .linear))
        let xs = sample.points.map { $0[variable] }
        guard let lo = xs.min(), let hi = xs.max(), lo > 0 else { return chart }
        func tooltip(_ i: Int) -> String {
            let p = sample.points[i]
            let inputs = law.inputs.map { "\($0.rawValue) \(NumberFormat.significant(p[$0], 4))" }.joined(
                separator: ", ")
            return
                "\(sample.runKeys[i]): \(inputs), observed \(NumberFormat.significant(sample.observed[i], 5)), law \(NumberFormat.significant(fit.predict(p), 5))"
        }
        if single {
            let grid =
                variable == .L
                ? (0..<60).map { lo - 0.1 * (hi - lo) + 1.2 * (hi - lo) * Double($0) / 59 }
                : FitCharts.logSpace(lo / 3, hi * 3)
            let points = grid.map { LawPoint.with(variable, $0) }
            if let bootstrap, bootstrap.hasIntervals {
                let bands = points.map(bootstrap.interval(at:))
                chart.series.append(
                    .band(
                        "95 % bootstrap band", color: Palette.categorical[0],
                        lower: zip(grid, bands).map { Chart.Point($0, $1.lower) },
                        upper: zip(grid, bands).map { Chart.Point($0, $1.upper) }))
            }
            chart.series.append(
                .line(
                    "fitted law", color: Palette.categorical[0],
                    points: zip(grid, points).map { Chart.Point($0, fit.predict($1)) }))
        } else {
            if law.inputs == [.N, .D] {
                let sizes = Array(Set(sample.points.map(\.N))).sorted()
                let shown = sizes.count <= 6 ? sizes : (0..<6).map { sizes[$0 * (sizes.count - 1) / 5] }
                let colors = Palette.sequential(shown.count)
                for (k, n) in shown.enumerated() {
                    let grid = FitCharts.logSpace(lo / 3, hi * 3)
                    chart.series.append(
                        .line(
                            "N = \(NumberFormat.si(n))", color: colors[k],
                            points: grid.map { c in Chart.Point(c, fit.predict(LawPoint(N: n, D: c / (6 * n), C: c))) })
                    )
                }
            }
            // A law of N and D with a floor: its compute-optimal frontier, solved as plan does.
            if variable == .C, let frontier = ComputeFrontier(law: law, theta: fit.theta) {
                let line = FitCharts.logSpace(lo, hi * 3).compactMap { c in frontier.plan(c).map { Chart.Point(c, $0.loss) } }
                chart.series.append(.line("compute-optimal frontier", color: "#000000", points: line))
            }
            chart.series.append(
                .scatter(
                    "law at each observation", color: Palette.categorical[1],
                    points: sample.points.indices.map { Chart.Point(xs[$0], fit.predict(sample.points[$0])) }))
        }
        chart.series.append(
            .scatter(
                "observed", color: "#000000",
                points: sample.points.indices.map { Chart.Point(xs[$0], sample.observed[$0], tooltip: tooltip($0)) }))
        if let yLo = sample.observed.min(), let yHi = sample.observed.max(), law.output == .loss {
            chart.y.range = yLo * 0.97...yHi * 1.03
        }
        return chart
    }
}
