import Foundation
import PlateauCore

/// The charts of a Chinchilla fit: data and law against compute, residuals and IsoFLOP profiles.
public enum FitCharts {
    /// `count` values from `lo` to `hi`, evenly spaced in log.
    static func logSpace(_ lo: Double, _ hi: Double, count: Int = 60) -> [Double] {
        (0..<count).map { lo * pow(hi / lo, Double($0) / Double(count - 1)) }
    }

    /// Model-size groups: one per distinct size when there are at most `count`, else `count`
    /// equal-width bins in log N — (label, member run indices, the group's geometric-mean N).
    static func sizeGroups(_ runs: RunTable, count: Int = 12) -> [(label: String, members: [Int], size: Double)] {
        let distinct = Set(runs.parameters).sorted()
        if distinct.count <= count {
            return distinct.map { n in
                ("N = \(NumberFormat.si(n))", runs.parameters.indices.filter { runs.parameters[$0] == n }, n)
            }
        }
        let logs = runs.parameters.map(log10)
        guard let lo = logs.min(), let hi = logs.max() else { return [] }
        let bins = 6
        let width = Swift.max(hi - lo, 1e-9) / Double(bins)
        var members = [[Int]](repeating: [], count: bins)
        for (i, l) in logs.enumerated() { members[Swift.min(bins - 1, Int((l - lo) / width))].append(i) }
        return members.enumerated().compactMap { k, m in
            guard !m.isEmpty else { return nil }
            let a = pow(10, lo + Double(k) * width), b = pow(10, lo + Double(k + 1) * width)
            let size = pow(10, m.map { logs[$0] }.reduce(0, +) / Double(m.count))
            return ("N \(NumberFormat.si(a))–\(NumberFormat.si(b))", m, size)
        }
    }

    static func tooltip(_ runs: RunTable, _ i: Int) -> String {
        "N \(NumberFormat.si(runs.parameters[i])), D \(NumberFormat.si(runs.tokens[i])), "
            + "C \(NumberFormat.scientific(runs.flops[i], 2)) FLOP, loss \(NumberFormat.fixed(runs.losses[i], 4))"
    }

    /// Loss against compute: the runs coloured by model size, the law's iso-size curves, the
    /// compute-optimal frontier and, given bootstrap laws, its 95 % band.
    public static func lossAgainstCompute(
        runs: RunTable, law: ChinchillaLaw, bootstrap: [ChinchillaLaw] = [], curves: RunTable? = nil, id: String = "fit"
    ) -> Chart {
        var chart = Chart(
            id: id, title: "Loss against training compute",
            caption: (curves == nil
                ? "Each dot is a training run, coloured by model size; thin lines are the fitted law for each size, named at their right ends"
                : "Each dashed curve is one run's checkpoints and each dot its final checkpoint (the point fitted), coloured by model size; thin solid lines are the fitted law for each size, named at their right ends")
                + ", the black line is the compute-optimal frontier\(bootstrap.isEmpty ? "" : " with its 95 % bootstrap band").",
            x: .init(label: "training compute C (FLOP)", scale: .log),
            y: .init(label: "final loss (nats/token)", scale: .log))
        let groups = sizeGroups(runs)
        let colors = Palette.sequential(groups.count)
        guard let cLo = runs.flops.min(), let cHi = runs.flops.max() else { return chart }
        let grid = logSpace(cLo / 3, cHi * 3)
        for (k, g) in groups.enumerated() {
            let curve = grid.map { c in Chart.Point(c, law.loss(parameters: g.size, tokens: c / (6 * g.size))) }
            // Named at its right end (issue 26: six viridis greens are hard to tell from a legend).
            chart.series.append(.line(g.label, color: colors[k], points: curve, inLegend: false, directLabel: g.label))
        }
        if bootstrap.count >= 10 {
            let bands = grid.map { c in
                Interval.percentiles(bootstrap.map { $0.plan(flops: c).loss }, level: 0.95)
            }
            chart.series.append(
                .band(
                    "95 % bootstrap band", color: "#000000",
                    lower: zip(grid, bands).map { Chart.Point($0, $1.lower) },
                    upper: zip(grid, bands).map { Chart.Point($0, $1.upper) }))
        }
        chart.series.append(
            .line(
                "compute-optimal frontier", color: "#000000",
                points: grid.map { Chart.Point($0, law.plan(flops: $0).loss) }))
        if let curves, let ids = curves.runIDs {
            var byRun: [String: [Int]] = [:]
            for (i, id) in ids.enumerated() { byRun[id, default: []].append(i) }
            for (_, members) in byRun.sorted(by: { $0.key < $1.key }) where members.count > 1 {
                let n = curves.parameters[members[0]]
                guard let k = groups.firstIndex(where: { g in g.members.contains { runs.parameters[$0] == n } }) else {
                    continue
                }
                let points = members.sorted { curves.flops[$0] < curves.flops[$1] }.map {
                    Chart.Point(curves.flops[$0], curves.losses[$0])
                }
                chart.series.append(
                    .line(groups[k].label, color: colors[k], points: points, dashed: true, inLegend: false))
            }
        }
        for (k, g) in groups.enumerated() {
            chart.series.append(
                .scatter(
                    g.label, color: colors[k],
                    points: g.members.map { Chart.Point(runs.flops[$0], runs.losses[$0], tooltip: tooltip(runs, $0)) }))
        }
        // The range holds the data, the frontier and its band (never clipped: issue 26); the
        // iso-size curves rise out of the top where they leave the data.
        let losses = runs.losses + (curves?.losses ?? []).filter { $0 < (runs.losses.max() ?? 0) * 1.6 }
        let frontier = chart.series.flatMap { s -> [Double] in
            switch s.mark {
            case .band(let lower, _): lower.map(\.y)
            case .line(let points, false) where s.label == "compute-optimal frontier": points.map(\.y)
            default: []
            }
        }.filter { $0.isFinite && $0 > 0 }
        let all = losses + frontier
        chart.y.range = all.min().map { $0 * 0.97 }.map { $0...max($0 * 1.01, (all.max() ?? 10) * 1.03) } ?? 1...10
        return chart
    }

    /// Residuals in percent of the prediction, against compute.
    public static func residuals(runs: RunTable, law: ChinchillaLaw, id: String = "residuals") -> Chart {
        var chart = Chart(
            id: id, title: "Residuals",
            caption:
                "How far each run's loss lies above (+) or below (−) the fitted law, in percent; a pattern along compute means the law's form misses something.",
            x: .init(label: "training compute C (FLOP)", scale: .log),
            y: .init(label: "observed / predicted − 1 (%)", scale: .linear))
        let groups = sizeGroups(runs)
        let colors = Palette.sequential(groups.count)
        guard let cLo = runs.flops.min(), let cHi = runs.flops.max() else { return chart }
        chart.series.append(
            .line(
                "zero", color: "#555555", points: [Chart.Point(cLo / 2, 0), Chart.Point(cHi * 2, 0)], inLegend: false))
        for (k, g) in groups.enumerated() {
            let points = g.members.map { i in
                let r = (runs.losses[i] / law.loss(parameters: runs.parameters[i], tokens: runs.tokens[i]) - 1) * 100
                return Chart.Point(
                    runs.flops[i], r, tooltip: tooltip(runs, i) + ", residual \(TickFormat.fixed(r, decimals: 2)) %")
            }
            chart.series.append(.scatter(g.label, color: colors[k], points: points))
        }
        return chart
    }

    /// IsoFLOP profiles: loss against model size within each compute group, the fitted
    /// parabolas in log N and their minima.
    package static func isoFLOP(runs: RunTable, analysis: IsoFLOPAnalysis, id: String = "isoflop") -> Chart {
        var chart = Chart(
            id: id, title: "IsoFLOP profiles",
            caption:
                "Runs of similar compute, loss against model size, with a parabola in log N through each group; the black dots are the groups' optimal sizes (Approach 2).",
            x: .init(label: "model size N (parameters)", scale: .log),
            y: .init(label: "final loss (nats/token)", scale: .log))
        let used = analysis.profiles.filter { $0.parabola != nil && $0.parameters != nil && !$0.incidental }
        let colors = Palette.sequential(used.count)
        var optima: [Chart.Point] = []
        for (k, p) in used.enumerated() {
            guard let c = p.parabola, let lo = p.members.map({ runs.parameters[$0] }).min(),
                let hi = p.members.map({ runs.parameters[$0] }).max()
            else { continue }
            let label = "C ≈ \(NumberFormat.scientific(p.flops, 1)) FLOP"
            let curve = logSpace(lo, hi, count: 30).map { n in
                Chart.Point(n, c[0] + c[1] * log(n) + c[2] * log(n) * log(n))
            }
            chart.series.append(.line(label, color: colors[k], points: curve, inLegend: false))
            // Each group named by its budget in the legend (issue 26: the curves were unnamed).
            chart.series.append(
                .scatter(
                    label, color: colors[k],
                    points: p.members.map {
                        Chart.Point(runs.parameters[$0], runs.losses[$0], tooltip: tooltip(runs, $0))
                    }))
            if let n = p.parameters, let l = p.loss {
                optima.append(
                    Chart.Point(
                        n, l,
                        tooltip: "\(label): optimal N \(NumberFormat.si(n)), loss \(NumberFormat.fixed(l, 4))"))
            }
        }
        chart.series.append(.scatter("each group's optimum", color: "#000000", points: optima))
        return chart
    }
}
