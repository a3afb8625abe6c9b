import Foundation
import PlateauCore

/// Charts beyond pretraining: coverage under repeated sampling, trends over time, the data
/// wall and downstream saturation.
package enum BeyondCharts {
    /// Measured pass@k and the fitted coverage law out to 100× the measured k, per model.
    package static func coverage(_ table: SampleTable, _ fits: [CoverageFit], id: String = "coverage") -> Chart {
        var chart = Chart(
            id: id, title: "Coverage against samples",
            caption:
                "The share of problems solved by at least one of k samples (pass@k, solid) and the fitted law c(k) = exp(a·k^b) carried to 100× the samples drawn (dashed); dots mark the law's predictions.",
            x: .init(label: "samples per problem k", scale: .log),
            y: .init(label: "coverage (% of problems)", scale: .linear, range: 0...100))
        for (m, (model, fit)) in zip(table.models, fits).enumerated() {
            let color = Palette.categorical[m % Palette.categorical.count]
            // Whole k only (pass@k is defined at integers), each once, about 25 per decade.
            let ks = Set(FitCharts.logSpace(1, Double(fit.passAtK.count), count: 80).map { Int($0.rounded()) })
            let measured = ks.sorted().map { k in Chart.Point(Double(k), fit.passAtK[k - 1] * 100) }
            chart.series.append(.line("\(model.name) pass@k", color: color, points: measured))
            let law = FitCharts.logSpace(1, Double(fit.passAtK.count * 100), count: 60).map {
                Chart.Point($0, CoverageLaw.coverage(k: $0, a: fit.a, b: fit.b) * 100)
            }
            chart.series.append(.line("\(model.name) law", color: color, points: law, dashed: true))
            chart.series.append(
                .scatter(
                    "\(model.name) predicted", color: color,
                    points: fit.extrapolations.map { e in
                        Chart.Point(
                            Double(e.k), e.coverage * 100,
                            tooltip:
                                "\(model.name), k = \(e.k): \(NumberFormat.fixed(e.coverage * 100, 1)) %"
                                + (e.interval.map {
                                    " (95 %: \(NumberFormat.fixed($0.lower * 100, 1))–\(NumberFormat.fixed($0.upper * 100, 1)))"
                                } ?? ""))
                    }, inLegend: false))
        }
        return chart
    }

    /// Coverage each model reaches at equal inference compute (or dollars).
    package static func matched(_ m: ComputeMatched, id: String = "matched") -> Chart {
        let flops = m.currency == .flops
        var chart = Chart(
            id: id, title: flops ? "Coverage at equal inference compute" : "Coverage at equal dollars",
            caption:
                "What each model reaches when the same budget buys k samples of the small model or fewer of the large one; open the tooltips for k (values past the measured k come from the law).",
            x: .init(
                label: flops ? "inference budget per problem (FLOP)" : "budget per problem (US dollars)", scale: .log),
            y: .init(label: "coverage (% of problems)", scale: .linear, range: 0...100))
        for (j, name) in m.models.enumerated() {
            let color = Palette.categorical[j % Palette.categorical.count]
            let points = zip(m.budgets, m.cells).compactMap { budget, row -> Chart.Point? in
                let cell = row[j]
                guard let c = cell.coverage else { return nil }
                return Chart.Point(
                    budget, c * 100,
                    tooltip:
                        "\(name): k = \(cell.samples), \(NumberFormat.fixed(c * 100, 1)) %\(cell.extrapolated ? " (law)" : "")"
                )
            }
            chart.series.append(.line(name, color: color, points: points, inLegend: false))
            chart.series.append(.scatter(name, color: color, points: points))
        }
        return chart
    }

    /// A quantity over time: every model, the frontier, and the two fitted trends.
    package static func trend(
        all: [DatedValue], frontier: [DatedValue], allTrend: Trend, frontierTrend: Trend, quantity: String,
        id: String = "trend"
    ) -> Chart {
        var chart = Chart(
            id: id, title: "\(quantity.prefix(1).uppercased() + quantity.dropFirst()) over time",
            caption:
                "Grey dots are Epoch's notable models of 2010 to May 2024, coloured dots the frontier (top 10 by compute when published) from 2018, Epoch's window for its 4× a year; the lines are log-linear fits: \(NumberFormat.fixed(allTrend.perYear, 2))×/year for notable models and \(NumberFormat.fixed(frontierTrend.perYear, 2))×/year for the frontier.",
            x: .init(label: "publication date (year)", scale: .linear),
            y: .init(label: quantity, scale: .log))
        let tip = { (v: DatedValue) in
            "\(v.name): \(NumberFormat.scientific(v.value, 2)), \(NumberFormat.fixed(v.year, 1))"
        }
        chart.series.append(
            .scatter(
                "notable models", color: "#9a9a9a", points: all.map { Chart.Point($0.year, $0.value, tooltip: tip($0)) }
            ))
        chart.series.append(
            .scatter(
                "frontier", color: Palette.categorical[1],
                points: frontier.map { Chart.Point($0.year, $0.value, tooltip: tip($0)) }))
        for (trend, color, label) in [
            (allTrend, "#555555", "trend, notable"), (frontierTrend, Palette.categorical[1], "trend, frontier"),
        ] {
            let line = [trend.firstYear, trend.lastYear].map {
                Chart.Point($0, pow(10, trend.intercept + trend.slope * $0))
            }
            chart.series.append(.line(label, color: color, points: line))
        }
        return chart
    }

    /// Dataset sizes, the projection of training-set sizes with its 80 % band, and the stock of
    /// text with its 80 % band, from the reference year on.
    package static func dataWall(
        _ values: [DatedValue], wall: DataWall, until: Double = 2040, id: String = "datawall"
    ) -> Chart {
        let o = wall.options
        var chart = Chart(
            id: id, title: "Training-set sizes against the stock of public text",
            caption:
                "Dots are the training sets of notable language models (Villalobos et al. 2024), in tokens (\(NumberFormat.significant(o.tokensPerUnit, 2)) per listed unit); from \(NumberFormat.significant(o.referenceYear, 6)) on, the projection of training-set sizes (\(o.projection == .villalobos ? "largest dataset grown by the trend, mixed with compute-optimal data of the largest compute" : "the trend through every model")) and the effective stock of text, each with its median and 80 % band; where they meet, the stock is used up.",
            x: .init(label: "publication date (year)", scale: .linear, range: 2010...until),
            y: .init(label: "tokens", scale: .log))
        let years = stride(from: o.referenceYear, through: until, by: 0.5).map { $0 }
        for (stock, label, color) in [
            (false, "projection", Palette.categorical[0]), (true, "effective stock", Palette.categorical[1]),
        ] {
            let bands = years.compactMap { y in wall.band(at: y, level: 0.8, stock: stock).map { (y, $0) } }
            guard !bands.isEmpty else { continue }
            chart.series.append(
                .band(
                    "\(label) 80 %", color: color, lower: bands.map { Chart.Point($0.0, $0.1.lower) },
                    upper: bands.map { Chart.Point($0.0, $0.1.upper) }))
            chart.series.append(
                .line(label, color: color, points: bands.map { Chart.Point($0.0, $0.1.median) }, dashed: stock))
        }
        let scale = o.tokensPerUnit
        chart.series.append(
            .scatter(
                "models", color: "#555555",
                points: values.map {
                    Chart.Point(
                        $0.year, $0.value * scale,
                        tooltip: "\($0.name): \(NumberFormat.scientific($0.value * scale, 2)) tokens")
                }))
        return chart
    }

    /// Accuracy against compute for one task of each status, with the one-step law fitted to
    /// every model (checkpoints of one run joined by a line).
    package static func downstream(_ analysis: DownstreamAnalysis, id: String = "downstream") -> Chart {
        var chart = Chart(
            id: id, title: "Accuracy against compute: one task of each kind",
            caption:
                "Each dot is a model (checkpoints of one run are joined); the curves are the one-step law — a sigmoid of log-compute from the task's chance rate to 1 — fitted to every model.",
            x: .init(label: "training compute C (FLOP)", scale: .log),
            y: .init(label: "accuracy (%)", scale: .linear, range: 0...100))
        // At chance: the best-measured task (smallest noise); otherwise the highest accuracy.
        let picks = [DownstreamAnalysis.Status.atChance, .rising, .flattening, .undetermined].compactMap { status in
            let candidates = analysis.tasks.filter { $0.status == status && $0.sigmoidTheta != nil }
            return status == .atChance
                ? candidates.min { $0.noise < $1.noise } : candidates.max { $0.largestAccuracy < $1.largestAccuracy }
        }
        for (j, task) in picks.enumerated() {
            let color = Palette.categorical[j % Palette.categorical.count]
            chart.series += taskSeries(task, label: "\(task.name) (\(task.status.rawValue))", color: color)
        }
        return chart
    }

    /// Models as chart dots (score in %), each with its name, what was scored and its compute.
    static func dots(_ points: [DownstreamAnalysis.Point], scoring what: String) -> [Chart.Point] {
        points.map {
            Chart.Point(
                $0.flops, $0.score * 100,
                tooltip:
                    "\($0.model)\($0.family.map { " (\($0))" } ?? "") — \(what): \(NumberFormat.fixed($0.score * 100, 1)) % at \(NumberFormat.scientific($0.flops, 2)) FLOP"
            )
        }
    }

    /// The one-step law fitted to every model of a task, across the task's compute (in %).
    static func oneStepCurve(_ task: DownstreamAnalysis.Task) -> [Chart.Point]? {
        guard let theta = task.sigmoidTheta, let lo = task.points.map(\.flops).min(),
            let hi = task.points.map(\.flops).max()
        else { return nil }
        let law = ChanceSigmoid(chance: task.chance)
        return FitCharts.logSpace(lo, hi, count: 50).map {
            Chart.Point($0, law.value(at: LawPoint(C: $0), theta) * 100)
        }
    }

    /// One task's models as dots (runs' checkpoints joined by thin lines) and its one-step law.
    static func taskSeries(_ task: DownstreamAnalysis.Task, label: String, color: String) -> [Chart.Series] {
        var out: [Chart.Series] = []
        if let curve = oneStepCurve(task) { out.append(.line(label, color: color, points: curve, inLegend: false)) }
        let runs = Dictionary(grouping: task.points.filter { $0.run != nil }, by: { $0.run! })
        for (_, points) in runs.sorted(by: { $0.key < $1.key }) where points.count > 1 {
            out.append(
                .line(
                    label, color: color,
                    points: points.sorted { $0.flops < $1.flops }.map { Chart.Point($0.flops, $0.score * 100) },
                    dashed: true, inLegend: false))
        }
        out.append(.scatter(label, color: color, points: dots(task.points, scoring: task.name)))
        return out
    }

    /// One task scored by each of its metrics: the models, the sharp law (solid) and the line
    /// (dashed), so a reader sees whether the jump is the metric's.
    package static func emergence(_ analysis: EmergenceAnalysis, task: String, id: String = "emergence") -> Chart {
        var chart = Chart(
            id: id,
            title: "\(task): the same outputs under \(analysis.metrics.filter { $0.task == task }.count) metrics",
            caption:
                "Each dot is a model (score in % of the metric's range); solid: the sharp law (a sigmoid of log-compute with free floor, ceiling and width), dashed: the straight line in log-compute.",
            x: .init(label: "training compute C (FLOP)", scale: .log),
            y: .init(label: "score (%)", scale: .linear, range: 0...100))
        for (j, m) in analysis.metrics.filter({ $0.task == task }).enumerated() {
            let color = Palette.categorical[j % Palette.categorical.count]
            let label = "\(m.metric) (\(m.verdict))"
            guard let lo = m.points.map(\.flops).min(), let hi = m.points.map(\.flops).max() else { continue }
            let grid = FitCharts.logSpace(lo, hi, count: 50)
            chart.series.append(
                .line(
                    label, color: color,
                    points: grid.map { Chart.Point($0, FreeSigmoid().value(at: LawPoint(C: $0), m.sigmoid) * 100) },
                    inLegend: false))
            chart.series.append(
                .line(
                    label, color: color,
                    points: grid.map { Chart.Point($0, (m.line.intercept + m.line.slope * Double.log10($0)) * 100) },
                    dashed: true, inLegend: false))
            chart.series.append(.scatter(label, color: color, points: dots(m.points, scoring: m.metric)))
        }
        return chart
    }

    /// One task's models coloured by family (the seven largest families; the rest grey), with
    /// the one-step law fitted to every model.
    package static func families(_ task: DownstreamAnalysis.Task, id: String = "downstream-families") -> Chart {
        var chart = Chart(
            id: id, title: "\(task.name) against compute, by family",
            caption:
                "Each dot is a model, coloured by family (the seven with most models; the others grey); the curve is the one-step law fitted to every model.",
            x: .init(label: "training compute C (FLOP)", scale: .log),
            y: .init(label: "score (%)", scale: .linear, range: 0...100))
        if let curve = oneStepCurve(task) {
            chart.series.append(.line("one-step law, every model", color: "#000000", points: curve))
        }
        let counts = Dictionary(grouping: task.points.compactMap(\.family), by: { $0 }).mapValues(\.count)
        let top = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(7).map(\.key)
        let rest = task.points.filter { !top.contains($0.family ?? "") }
        if !rest.isEmpty {
            chart.series.append(.scatter("other families", color: "#B0B7BF", points: dots(rest, scoring: task.name)))
        }
        for (j, family) in top.enumerated() {
            chart.series.append(
                .scatter(
                    family, color: Palette.categorical[j % Palette.categorical.count],
                    points: dots(task.points.filter { $0.family == family }, scoring: task.name)))
        }
        return chart
    }
}
