import Foundation
import PlateauCore

/// Charts of decisions: the compute-optimal allocation, diminishing returns, back-tests and
/// the estimator comparison.
package enum PlanCharts {
    /// Loss against the dollars of each step of a diminishing-returns table.
    package static func returns(_ table: DiminishingReturns, id: String = "returns") -> Chart {
        // Dollars when every step is priced, else FLOPs.
        let priced = table.steps.allSatisfy { !$0.isPossible || $0.cost?.usd != nil }
        let perFLOP = priced ? table.steps.first?.cost.flatMap { c in c.usd.map { $0 / c.flops } } : nil
        var chart = Chart(
            id: id, title: "Diminishing returns",
            caption:
                "Each dot is a compute-optimal run that cuts the reducible loss by a further \(NumberFormat.significant(table.fraction * 100, 3)) %; what it costs grows geometrically while the loss approaches \(table.frontier.floor > 0 ? "the irreducible E (dashed)" : "0 (the law has no floor)").",
            x: .init(
                label: perFLOP == nil
                    ? "training compute of the whole run (FLOP)" : "cost of the whole run (US dollars)",
                scale: .log),
            y: .init(label: "loss (nats/token)", scale: .linear))
        let scale = perFLOP ?? 1
        let money: (Double) -> String = { flops in
            perFLOP.map { ", $" + NumberFormat.si(flops * $0) } ?? ""
        }
        var points = [
            Chart.Point(
                table.start.flops * scale, table.start.loss,
                tooltip:
                    "start: \(NumberFormat.scientific(table.start.flops, 2)) FLOP\(money(table.start.flops)), loss \(NumberFormat.fixed(table.start.loss, 4))"
            )
        ]
        for s in table.steps {
            guard let flops = s.flops else { continue }
            points.append(
                Chart.Point(
                    flops * scale, s.loss,
                    tooltip:
                        "step \(s.step): loss \(NumberFormat.fixed(s.loss, 4)), \(NumberFormat.scientific(flops, 2)) FLOP\(money(flops))"
                ))
        }
        chart.series.append(.line("the frontier", color: Palette.categorical[0], points: points, inLegend: false))
        chart.series.append(.scatter("compute-optimal run", color: Palette.categorical[0], points: points))
        if let lo = points.first?.x, let hi = points.last?.x, table.frontier.floor > 0 {
            chart.series.append(
                .line(
                    "irreducible loss E", color: "#555555",
                    points: [Chart.Point(lo / 2, table.frontier.floor), Chart.Point(hi * 2, table.frontier.floor)], dashed: true))
        }
        return chart
    }

    /// N_opt and D_opt against compute, with 95 % bootstrap bands when given laws.
    package static func allocation(
        frontier: ComputeFrontier, budgets: [Double], draws: [ComputeFrontier] = [], id: String = "allocation"
    ) -> Chart {
        var chart = Chart(
            id: id, title: "Compute-optimal model size and data",
            caption:
                "The parameters N and training tokens D that minimise the fitted loss at each compute budget\(draws.count >= 10 ? ", with 95 % bootstrap bands" : "").",
            x: .init(label: "training compute C (FLOP)", scale: .log),
            y: .init(label: "parameters N, tokens D", scale: .log))
        guard let lo = budgets.min(), let hi = budgets.max() else { return chart }
        let grid = FitCharts.logSpace(lo, hi, count: 40)
        let colors = [Palette.categorical[0], Palette.categorical[1]]
        // Each frontier's plans along the grid and at the budgets, solved once.
        let plans = grid.map(frontier.plan), atBudgets = budgets.map(frontier.plan)
        let drawPlans = draws.count >= 10 ? draws.map { d in grid.map(d.plan) } : []
        for (k, (name, value)) in [
            ("N_opt (parameters)", { (p: TrainingPlan) in p.parameters }), ("D_opt (tokens)", { (p: TrainingPlan) in p.tokens }),
        ].enumerated() {
            if !drawPlans.isEmpty {
                let bands = grid.indices.map { i in
                    Interval.percentiles(drawPlans.compactMap { $0[i].map(value) }, level: 0.95)
                }
                chart.series.append(
                    .band(
                        "95 % band, \(name.prefix(5))", color: colors[k],
                        lower: zip(grid, bands).map { Chart.Point($0, $1.lower) },
                        upper: zip(grid, bands).map { Chart.Point($0, $1.upper) }))
            }
            chart.series.append(
                .line(name, color: colors[k], points: zip(grid, plans).compactMap { c, p in p.map { Chart.Point(c, value($0)) } }))
            chart.series.append(
                .scatter(
                    name, color: colors[k],
                    points: zip(budgets, atBudgets).compactMap { c, p in
                        p.map {
                            Chart.Point(
                                c, value($0),
                                tooltip: "\(NumberFormat.scientific(c, 1)) FLOP: \(name.prefix(5)) \(NumberFormat.si(value($0)))")
                        }
                    }, inLegend: false))
        }
        return chart
    }

    /// Absolute relative error of each held-out run under each law, against compute.
    package static func backTest(_ backTest: LawBackTest, id: String = "backtest") -> Chart {
        // Each held-out observation at its scale (``LawPrediction/scale(_:inputs:)``).
        let first = backTest.outcomes.first { $0.fit != nil }
        let byCompute = first.map { LawPrediction.scaleIsCompute($0.predictions.map(\.point)) } ?? true
        var chart = Chart(
            id: id, title: "Back-test: predicting the largest runs",
            caption:
                "Each law is fitted to the smaller runs only and predicts the held-out larger ones; lower is better, and error that grows with scale means the law drifts when extrapolated. The laws' dots are offset slightly along x so that none hides another (the tooltips give each run's own scale).",
            x: .init(
                label: byCompute ? "held-out run's compute C (FLOP)" : "held-out observation's \(first?.inputs.first?.rawValue ?? "x")",
                scale: .log),
            y: .init(label: "absolute relative error (%)", scale: .linear))
        let fitted = backTest.outcomes.enumerated().filter { $0.element.fit != nil }
        // Dodged (issue 26: the variants predict the same runs and sat on one another): each law's
        // dots moved by 1.5 % of the axis's log span, centred on the true scale.
        let scales = fitted.flatMap { _, o in o.predictions.map { LawPrediction.scale($0.point, inputs: o.inputs) } }
            .filter { $0 > 0 && $0.isFinite }
        let span = scales.isEmpty ? 1 : Swift.max(log10(scales.max()! / scales.min()!), 1)
        for (j, (k, outcome)) in fitted.enumerated() {
            let color = Palette.categorical[k % Palette.categorical.count]
            let dodge = pow(10, (Double(j) - Double(fitted.count - 1) / 2) * 0.015 * span)
            let points = outcome.predictions.map { p in (p, LawPrediction.scale(p.point, inputs: outcome.inputs)) }
                .sorted { $0.1 < $1.1 }.map { p, x in
                    Chart.Point(
                        x * dodge, p.absoluteRelativeError * 100,
                        tooltip:
                            "\(outcome.law): \(p.run), \(outcome.inputs.map { "\($0.rawValue) \(NumberFormat.si(p.point[$0]))" }.joined(separator: ", ")), observed \(NumberFormat.significant(p.observed, 5)), predicted \(NumberFormat.significant(p.predicted, 5))"
                    )
                }
            chart.series.append(.scatter(outcome.law, color: color, points: points))
        }
        chart.y.range = 0...Swift.max(0.5, (chart.allPoints.map(\.y).max() ?? 1) * 1.1)
        return chart
    }

    /// The compute-optimal N under each estimator's law, with the comparison budget marked.
    package static func estimators(
        _ rows: [(name: String, law: ChinchillaLaw)], budget: Double, budgets: [Double], id: String = "estimators"
    ) -> Chart {
        var chart = Chart(
            id: id, title: "Model size by estimator",
            caption:
                "The compute-optimal model size each estimator's fit recommends; where the lines part, the choice of estimator changes the plan (dots: the comparison budget).",
            x: .init(label: "training compute C (FLOP)", scale: .log),
            y: .init(label: "compute-optimal N (parameters)", scale: .log))
        guard let lo = budgets.min(), let hi = budgets.max() else { return chart }
        let grid = FitCharts.logSpace(lo, hi, count: 30)
        for (k, row) in rows.enumerated() {
            let color = Palette.categorical[k % Palette.categorical.count]
            chart.series.append(
                .line(
                    row.name, color: color, points: grid.map { Chart.Point($0, row.law.plan(flops: $0).parameters) },
                    dashed: k > 0))
            let n = row.law.plan(flops: budget).parameters
            chart.series.append(
                .scatter(
                    row.name, color: color,
                    points: [
                        Chart.Point(
                            budget, n,
                            tooltip:
                                "\(row.name): N* \(NumberFormat.si(n)) at \(NumberFormat.scientific(budget, 2)) FLOP")
                    ], inLegend: false))
        }
        return chart
    }
}
