import Foundation
import PlateauCore

/// Charts of "is progress slowing?": benchmark frontiers, the price of a capability, quality per
/// dollar, and a break test of the compute trend.
package enum ProgressCharts {
    /// Each benchmark's record scores over time and the logistic fitted to them.
    package static func frontiers(_ benchmarks: [BenchmarkSaturation], id: String = "benchmark-frontiers") -> Chart {
        var chart = Chart(
            id: id, title: "Benchmark frontiers",
            caption:
                "Each dot is a new best score on a benchmark (Epoch AI's compilation); the dashed curve is the logistic in time fitted to those records, floor at the chance rate, ceiling at most a perfect score.",
            x: .init(label: "release date (year)", scale: .linear),
            y: .init(label: "best score (%)", scale: .linear, range: 0...100))
        for (j, s) in benchmarks.enumerated() {
            let color = Palette.categorical[j % Palette.categorical.count]
            chart.series.append(
                .scatter(
                    s.benchmark, color: color,
                    points: s.envelope.map {
                        Chart.Point(
                            $0.year, $0.score * 100,
                            tooltip:
                                "\(s.benchmark): \($0.model), \($0.date), \(NumberFormat.fixed($0.score * 100, 1)) %")
                    }))
            if let c = s.ceiling, let k = s.rate, let t0 = s.midpoint, let first = s.envelope.first?.year {
                let last = max(s.envelope.last!.year, s.logisticCrossing ?? 0) + 0.5
                let curve = stride(from: first, through: min(last, first + 12), by: 0.1).map { t in
                    Chart.Point(t, (s.floor + (c - s.floor) / (1 + Double.exp(-k * (t - t0)))) * 100)
                }
                chart.series.append(.line(s.benchmark, color: color, points: curve, dashed: true, inLegend: false))
            }
        }
        return chart
    }

    /// The cheapest model at each capability level over time, the fitted decline and its 90 % band.
    package static func priceDecline(_ declines: [CapabilityPrice], id: String = "price-decline") -> Chart {
        var chart = Chart(
            id: id, title: "The price of a fixed capability",
            caption:
                "Models that reached the threshold score and were cheaper than every earlier one (dots), the log-linear decline fitted to them (line) and its 90 % band; Epoch AI's method on their data.",
            x: .init(label: "release date (year)", scale: .linear),
            y: .init(label: "price (USD per million tokens)", scale: .log))
        for (j, d) in declines.enumerated() {
            let color = Palette.categorical[j % Palette.categorical.count]
            let label =
                "\(d.benchmark) ≥ \(NumberFormat.fixed(d.threshold * 100, 1)) (\(NumberFormat.significant(d.factorPerYear, 3))×/yr)"
            let years = stride(from: d.frontier.first!.year, through: d.frontier.last!.year, by: 0.05).map { $0 }
            let band = years.map { d.price(at: $0) }
            chart.series.append(
                .band(
                    label, color: color, lower: zip(years, band).map { Chart.Point($0, $1.lower) },
                    upper: zip(years, band).map { Chart.Point($0, $1.upper) }))
            chart.series.append(
                .line(label, color: color, points: zip(years, band).map { Chart.Point($0, $1.value) }, inLegend: false))
            chart.series.append(
                .scatter(
                    label, color: color,
                    points: d.frontier.map {
                        Chart.Point(
                            $0.year, $0.price,
                            tooltip: "\($0.name), \($0.date): $\(NumberFormat.significant($0.price, 3)) per 1M tokens")
                    }, inLegend: false))
        }
        return chart
    }

    /// Every model's score against its price, and the Pareto frontier at a date.
    package static func qualityPerDollar(
        _ priced: PricedModels, _ frontier: QualityFrontier, id: String = "quality-per-dollar"
    ) -> Chart {
        var chart = Chart(
            id: id, title: "Quality per dollar on \(frontier.benchmark)",
            caption:
                "Every model with a price and a \(frontier.benchmark) score (grey) and the frontier: the models no other model beats on both price and score\(frontier.scorePerDecade.map { "; along it each 10× of price buys \(NumberFormat.fixed($0 * 100, 1)) points" } ?? "").",
            x: .init(label: "price (USD per million tokens)", scale: .log),
            y: .init(label: "\(frontier.benchmark) score (%)", scale: .linear))
        let onFrontier = Set(frontier.models.map(\.line))
        chart.series.append(
            .scatter(
                "other models", color: "#BBBBBB",
                points: priced.models.filter { $0.scores[frontier.benchmark] != nil && !onFrontier.contains($0.line) }
                    .map {
                        Chart.Point(
                            $0.price, $0.scores[frontier.benchmark]! * 100,
                            tooltip:
                                "\($0.name): $\(NumberFormat.significant($0.price, 3)), \(NumberFormat.fixed($0.scores[frontier.benchmark]! * 100, 1)) %"
                        )
                    }))
        let points = frontier.models.map {
            Chart.Point(
                $0.price, $0.scores[frontier.benchmark]! * 100,
                tooltip:
                    "\($0.name) (\($0.date)): $\(NumberFormat.significant($0.price, 3)), \(NumberFormat.fixed($0.scores[frontier.benchmark]! * 100, 1)) %"
            )
        }
        chart.series.append(.line("frontier", color: Palette.categorical[0], points: points, inLegend: false))
        chart.series.append(.scatter("frontier", color: Palette.categorical[0], points: points))
        return chart
    }

    /// A dated series in log10 with the single trend and the two-segment fit.
    package static func breakTest(
        _ series: [DatedValue], _ r: TrendBreak, quantity: String, id: String = "compute-break"
    ) -> Chart {
        var chart = Chart(
            id: id, title: "Is the \(quantity) trend bending?",
            caption:
                "\(series.count) points with one log-linear trend (solid) and the best two-segment trend (dashed, break at \(NumberFormat.fixed(r.breakAt, 1))): ΔBIC \(NumberFormat.fixed(r.deltaBIC, 1))\(r.pValue.map { ", calibrated p = \(NumberFormat.fixed($0, 3))" } ?? ""), \(r.hasBreak ? "evidence of a break" : "no evidence of a break") by the stated criterion (\(r.pValue == nil ? "ΔBIC > 10" : "p < 0.05")).",
            x: .init(label: "publication date (year)", scale: .linear),
            y: .init(label: quantity, scale: .log))
        chart.series.append(
            .scatter(
                "models", color: "#888888",
                points: series.map {
                    Chart.Point(
                        $0.year, $0.value,
                        tooltip:
                            "\($0.name): \(NumberFormat.scientific($0.value, 2)), \(NumberFormat.fixed($0.year, 1))")
                }))
        let xs = series.map(\.year), ys = series.map { Double.log10($0.value) }
        let one = TrendBreak.line(xs, ys)
        let lo = xs.min()!, hi = xs.max()!
        chart.series.append(
            .line(
                "one trend", color: Palette.categorical[0],
                points: [lo, hi].map { Chart.Point($0, Double.exp10(one.intercept + one.slope * $0)) }))
        let (a, b, c, _) = TrendBreak.hingeAt(r.breakAt, xs, ys)
        chart.series.append(
            .line(
                "two segments", color: Palette.categorical[1],
                points: [lo, r.breakAt, hi].map {
                    Chart.Point($0, Double.exp10(a + b * $0 + c * max(0, $0 - r.breakAt)))
                },
                dashed: true))
        return chart
    }
}
