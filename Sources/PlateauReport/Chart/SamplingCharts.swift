import Foundation
import PlateauCore

/// Charts of repeated sampling: coverage curves, the forecast back-test, coverage priced in FLOPs.
package enum SamplingCharts {
    /// Measured pass@k (solid) and the beta-binomial forecast beyond it (dashed) for `models`,
    /// coloured by size.
    package static func coverage(
        _ results: [SamplingAnalysis.ModelResult], through maxK: Double, id: String = "coverage"
    )
        -> Chart
    {
        var chart = Chart(
            id: id, title: "Coverage against samples",
            caption:
                "pass@k measured from every sample (solid, exact up to each model's smallest n) and Schaeffer et al.'s beta-binomial estimator carried on to \(NumberFormat.si(maxK)) samples (dashed, its forecast dotted with the 95 % interval in the tooltip); one colour per model, dark to light by size, each named by its size at its right end.",
            x: .init(label: "samples per problem k", scale: .log),
            y: .init(label: "pass@k (% of problems)", scale: .linear, range: 0...100))
        let colors = Palette.sequential(results.count)
        for (r, color) in zip(results, colors) {
            let n = r.passAtK.count
            // Named at the line's end (nine sizes in one ramp are hard to match to a legend): the
            // size, e.g. 1.4B for Pythia_1.4B_300B.
            let name = r.model.parameters.map(NumberFormat.si) ?? r.model.name
            let forecast = r.beta != nil && maxK > Double(n)
            let ks = Set(FitCharts.logSpace(1, Double(n), count: 60).map { Int($0.rounded()) }).sorted()
            chart.series.append(
                .line(
                    r.model.name, color: color,
                    points: ks.map { k in
                        Chart.Point(
                            Double(k), r.passAtK[k - 1] * 100,
                            tooltip: "\(r.model.name): pass@\(k) = \(NumberFormat.fixed(r.passAtK[k - 1] * 100, 1)) %")
                    }, directLabel: forecast ? nil : name))
            if let beta = r.beta, forecast {
                chart.series.append(
                    .line(
                        "\(r.model.name) beta", color: color,
                        points: FitCharts.logSpace(Double(n), maxK, count: 30).map {
                            Chart.Point($0, beta.passAtK($0) * 100)
                        }, dashed: true, inLegend: false, directLabel: name))
                let interval =
                    beta.passAtKInterval(maxK).map {
                        " (95 %: \(NumberFormat.fixed($0.lower * 100, 1))–\(NumberFormat.fixed($0.upper * 100, 1)))"
                    } ?? ""
                chart.series.append(
                    .scatter(
                        "\(r.model.name) forecast", color: color,
                        points: [
                            Chart.Point(
                                maxK, beta.passAtK(maxK) * 100,
                                tooltip:
                                    "\(r.model.name): pass@\(NumberFormat.si(maxK)) forecast \(NumberFormat.fixed(beta.passAtK(maxK) * 100, 1)) %\(interval)"
                            )
                        ], inLegend: false))
            }
        }
        return chart
    }

    /// Each back-test pair: the forecast from 100 samples per problem against the exact value.
    package static func forecast(_ f: SamplingForecast, id: String = "forecast") -> Chart {
        var chart = Chart(
            id: id, title: "Forecasts from \(f.subsample) samples per problem",
            caption:
                "Each point is one checkpoint at one k (\(f.targets.map { NumberFormat.si(Double($0)) }.joined(separator: ", "))): the pass@k forecast from a subsample of \(f.subsample) samples per problem against the exact pass@k of all samples; on the diagonal a forecast is perfect.",
            x: .init(label: "exact pass@k (%)", scale: .linear, range: 0...100),
            y: .init(label: "forecast pass@k (%)", scale: .linear, range: 0...100))
        chart.series.append(
            .line("exact = forecast", color: "#999999", points: [.init(0, 0), .init(100, 100)], dashed: true))
        for (j, e) in SamplingForecast.Estimator.allCases.enumerated() {
            chart.series.append(
                .scatter(
                    e.rawValue, color: Palette.categorical[j],
                    points: f.rows.compactMap { row in
                        row.forecast(e).map {
                            Chart.Point(
                                row.exact * 100, $0 * 100,
                                tooltip:
                                    "\(row.model), k = \(row.k): \(e.rawValue) \(NumberFormat.fixed($0 * 100, 1)) %, exact \(NumberFormat.fixed(row.exact * 100, 1)) %"
                            )
                        }
                    }))
        }
        return chart
    }

    /// What each checkpoint spends to reach the reference's pass@1: training against inference
    /// FLOPs, the frontier marked.
    package static func compute(_ c: SamplingCompute, id: String = "sampling-compute") -> Chart {
        var chart = Chart(
            id: id, title: "Training and inference compute for one level of coverage",
            caption:
                "Each checkpoint sampled until it solves as many problems as \(c.reference) does with one sample (\(NumberFormat.fixed(c.target * 100, 1)) %): its training FLOPs (6·N·D) against its inference FLOPs per problem (samples × 2·N × \(NumberFormat.significant(c.tokensPerSample, 4)) tokens). Coloured points are the frontier: no other checkpoint needs less of both.",
            x: .init(label: "training compute (FLOP)", scale: .log),
            y: .init(label: "inference compute per problem (FLOP)", scale: .log))
        let rows = c.rows.filter { $0.trainingFLOPs != nil && $0.inferenceFLOPs != nil }
        let tip = { (r: SamplingCompute.Row) in
            "\(r.model): \(NumberFormat.significant(r.samples ?? 0, 3))\(r.forecast ? " (beta forecast)" : "") samples, \(NumberFormat.scientific(r.inferenceFLOPs ?? 0, 2)) FLOP per problem"
        }
        chart.series.append(
            .scatter(
                "other checkpoints", color: "#BBBBBB",
                points: rows.filter { !$0.frontier }.map {
                    Chart.Point($0.trainingFLOPs!, $0.inferenceFLOPs!, tooltip: tip($0))
                }))
        let frontier = rows.filter(\.frontier).sorted { $0.trainingFLOPs! < $1.trainingFLOPs! }
        let points = frontier.map { Chart.Point($0.trainingFLOPs!, $0.inferenceFLOPs!, tooltip: tip($0)) }
        chart.series.append(.line("frontier", color: Palette.categorical[0], points: points, inLegend: false))
        chart.series.append(.scatter("frontier", color: Palette.categorical[0], points: points))
        return chart
    }
}

/// Charts of routed models.
package enum RoutingCharts {
    /// Final loss against experts for each model size of one router: the runs and the law.
    package static func experts(_ r: RoutingAnalysis.Router, id: String = "routing-experts") -> Chart {
        var chart = Chart(
            id: id, title: "\(r.name): loss against experts",
            caption:
                "Each run's final validation loss (dots; E = 1 is the dense model) and Clark et al.'s law fitted to them (lines), one colour per model size, each named at its line's end.",
            x: .init(label: "experts per routed layer E", scale: .log),
            y: .init(label: "validation loss", scale: .log))
        let sizes = Array(Set(r.sample.points.map(\.N))).sorted()
        let maxE = r.sample.points.map(\.E).max() ?? 512
        for (n, color) in zip(sizes, Palette.sequential(sizes.count)) {
            let label = NumberFormat.si(n)
            let rows = r.sample.points.indices.filter { r.sample.points[$0].N == n }
            chart.series.append(
                .scatter(
                    label, color: color,
                    points: rows.map {
                        Chart.Point(
                            r.sample.points[$0].E, r.sample.observed[$0],
                            tooltip:
                                "\(label), E = \(NumberFormat.significant(r.sample.points[$0].E, 4)): loss \(NumberFormat.fixed(r.sample.observed[$0], 4))"
                        )
                    }))
            chart.series.append(
                .line(
                    label, color: color,
                    points: FitCharts.logSpace(1, maxE, count: 40).map { e in
                        var p = LawPoint(N: n)
                        p.E = e
                        return Chart.Point(e, r.fit.predict(p))
                    }, inLegend: false, directLabel: label))
        }
        return chart
    }

    /// Loss against parameters: dense runs at N, routed runs at their effective count N̄.
    package static func unified(_ analysis: RoutingAnalysis, id: String = "routing-unified") -> Chart {
        var chart = Chart(
            id: id, title: "One scaling law for dense and routed models",
            caption:
                "Dense runs at their parameter count and routed runs at their effective parameter count N̄ (Clark et al. §5, from each router's fit): if the law holds, all lie on one curve.",
            x: .init(label: "parameters (dense) or effective parameters N̄ (routed)", scale: .log),
            y: .init(label: "validation loss", scale: .log))
        if let first = analysis.routers.first {
            let dense = first.sample.points.indices.filter { first.sample.points[$0].E == 1 }
            chart.series.append(
                .scatter(
                    "dense", color: "#000000",
                    points: dense.map { Chart.Point(first.sample.points[$0].N, first.sample.observed[$0]) }))
        }
        for (j, r) in analysis.routers.enumerated() {
            chart.series.append(
                .scatter(
                    r.name, color: Palette.categorical[j],
                    points: r.effective.map {
                        Chart.Point(
                            $0.effectiveParameters, $0.loss,
                            tooltip:
                                "\(r.name) \(NumberFormat.si($0.parameters)), E = \(NumberFormat.significant($0.experts, 4)): N̄ = \(NumberFormat.si($0.effectiveParameters)), loss \(NumberFormat.fixed($0.loss, 4))"
                        )
                    }))
        }
        return chart
    }
}
