import Foundation
import PlateauCore

/// How `plateau downstream --emergence` is shown.
package struct EmergenceReport: Sendable {
    package var analysis: EmergenceAnalysis

    package init(analysis: EmergenceAnalysis) { self.analysis = analysis }

    /// One row per score column: the verdicts next to the name (issue 26), then the laws' fit.
    package var rows: [[String]] {
        analysis.metrics.map { m in
            [
                m.task, m.metric, m.verdict, Self.withinFamilies(m), "\(m.points.count)",
                "\(m.line.slope >= 0 ? "+" : "")\(NumberFormat.fixed(m.line.slope * 100, 1))",
                NumberFormat.fixed(m.deltaBIC, 1),
                NumberFormat.significant(m.width, 2)
                    + (m.widthInterval.map {
                        " (\(NumberFormat.significant($0.lower, 2)) – \(NumberFormat.significant($0.upper, 2)))"
                    } ?? ""),
                NumberFormat.scientific(Double.exp10(m.midpoint), 1),
                m.jumpShare.map { NumberFormat.fixed($0 * 100, 0) + " %" } ?? "—",
            ]
        }
    }

    package static let header = [
        "task", "metric", "pooled verdict", "within families (≥ 6 models)", "models", "line pts/decade", "ΔBIC",
        "10→90 % width, decades (95 %)", "midpoint C", "jump in resamples",
    ]

    /// Each family's verdict in a cell: "Pythia smooth, OPT jump"; "—" without families.
    static func withinFamilies(_ m: EmergenceAnalysis.Metric) -> String {
        m.families.isEmpty ? "—" : m.families.map { "\($0.family) \($0.verdict)" }.joined(separator: ", ")
    }

    /// The sentence a reader should take away: which metrics of one task disagree.
    package var findings: [String] {
        let byTask = Dictionary(grouping: analysis.metrics, by: \.task)
        return byTask.keys.sorted().compactMap { task in
            let metrics = byTask[task]!
            guard metrics.count > 1, Set(metrics.map(\.jump)).count > 1 else { return nil }
            let jumps = metrics.filter(\.jump).map(\.metric), smooth = metrics.filter { !$0.jump }.map(\.metric)
            return
                "\(task): the same outputs show a jump under \(jumps.joined(separator: ", ")) and rise smoothly under \(smooth.joined(separator: ", ")) — the jump is the metric's, as Schaeffer et al. argue"
        }
    }

    package func text() -> String {
        let a = analysis
        var out = "Emergence under two metrics — \(a.source): \(a.models) models with compute\n"
        out +=
            "smooth law: a straight line in log10 C; sharp law: \(FreeSigmoid().formula), floor, ceiling and width free (least squares)\n"
        out += "rule: \(a.rule); intervals from \(a.options.resamples) bootstrap resamples of the models\n"
        out += a.notes.map { "note: \($0)\n" }.joined()
        out += "\n"
        out +=
            "pooled: every model on one compute axis; within families: the same rule on each family with at least \(EmergenceAnalysis.minimumFamilyModels) models (no bootstrap), where the table names families\n"
        var t = TextTable(
            header: Self.header, rightAligned: [false, false, false, false, true, true, true, true, true, true])
        t.rows = rows
        out += t.render() + "\n"
        let findings = findings
        out +=
            "\n"
            + (findings.isEmpty
                ? "No task changes verdict between its metrics.\n" : findings.map { $0 + "\n" }.joined())
        return out
    }

    /// The `plateau.emergence/2` document (version 2: `pooled` and the within-family `families`).
    package func json() throws -> String {
        struct Metric: Encodable {
            var column: String
            var task: String
            var metric: String
            var models: Int
            var lineIntercept: Double
            var lineSlopePerDecade: Double
            var sigmoid: [String: Double]
            var deltaBIC: Double
            var widthDecades: Double
            var widthInterval: [Double]?
            var jumpShare: Double?
            var jump: Bool
            var pooled = true
            var families: [Family]
            enum CodingKeys: String, CodingKey {
                case column, task, metric, models, sigmoid, jump, pooled, families
                case lineIntercept = "line_intercept"
                case lineSlopePerDecade = "line_slope_per_decade"
                case deltaBIC = "delta_bic"
                case widthDecades = "width_decades"
                case widthInterval = "width_interval"
                case jumpShare = "jump_share"
            }
        }
        struct Family: Encodable {
            var family: String
            var models: Int
            var deltaBIC: Double
            var widthDecades: Double
            var jump: Bool
            var verdict: String
            enum CodingKeys: String, CodingKey {
                case family, models, jump, verdict
                case deltaBIC = "delta_bic"
                case widthDecades = "width_decades"
            }
        }
        struct Document: Encodable {
            var schema = "plateau.emergence/2"
            var source: String
            var models: Int
            var rule: String
            var notes: [String]
            var metrics: [Metric]
            var findings: [String]
        }
        let a = analysis
        return try encodeDocument(
            Document(
                source: a.source, models: a.models, rule: a.rule, notes: a.notes,
                metrics: a.metrics.map { m in
                    Metric(
                        column: m.name, task: m.task, metric: m.metric, models: m.points.count,
                        lineIntercept: m.line.intercept, lineSlopePerDecade: m.line.slope,
                        sigmoid: Dictionary(uniqueKeysWithValues: FreeSigmoid().reported(m.sigmoid)),
                        deltaBIC: m.deltaBIC, widthDecades: m.width,
                        widthInterval: m.widthInterval.map { [$0.lower, $0.upper] }, jumpShare: m.jumpShare,
                        jump: m.jump,
                        families: m.families.map {
                            Family(
                                family: $0.family, models: $0.models, deltaBIC: $0.deltaBIC, widthDecades: $0.width,
                                jump: $0.jump, verdict: $0.verdict)
                        })
                }, findings: findings))
    }
}
