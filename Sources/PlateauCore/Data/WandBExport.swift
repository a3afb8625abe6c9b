import Foundation

/// A Weights & Biases chart export read as the long table it stands for.
///
/// W&B's "Export CSV" writes one row per x-axis value (`Step`) and one `<run> - <metric>`
/// column per run and metric, each with `__MIN` and `__MAX` companions (the band of a sub-sampled
/// or grouped line). Read as it is, that is one run with hundreds of columns. ``long(_:)`` turns
/// it into one row per run and step: the columns that name no run (`Step`), then `run`, then one
/// column per metric (`train/loss`), each cell keeping its line and column in the export.
package enum WandBExport {
    /// The separator W&B puts between a run's name and a metric's.
    static let separator = " - "
    static let companions = ["__MIN", "__MAX"]

    /// `table` as a long table when it is a W&B export, else nil.
    ///
    /// An export is recognised when at least two columns are `<run> - <metric>` and some have
    /// the `__MIN`/`__MAX` companions W&B writes (Plateau's rule: columns named `loss - train`
    /// and `acc - train` in an ordinary table are not an export). Rows where a run has no value
    /// for any metric (runs logged at other steps) are left out.
    package static func long(_ table: DataTable) -> DataTable? {
        var wide: [(column: Int, run: String, metric: String)] = []
        var carried: [Int] = []
        var dropped = 0
        for (i, name) in table.columns.enumerated() {
            guard let range = name.range(of: separator, options: .backwards) else {
                carried.append(i)
                continue
            }
            let metric = String(name[range.upperBound...]), run = String(name[..<range.lowerBound])
            guard !run.isEmpty, !metric.isEmpty else {
                carried.append(i)
                continue
            }
            if companions.contains(where: { metric.hasSuffix($0) }) {
                dropped += 1
            } else {
                wide.append((i, run, metric))
            }
        }
        let runs = wide.map(\.run).uniqued(), metrics = wide.map(\.metric).uniqued()
        guard wide.count >= 2, dropped > 0, !carried.contains(where: { table.columns[$0] == "run" }) else {
            return nil
        }
        var long = DataTable(
            source: table.source, columns: carried.map { table.columns[$0] } + ["run"] + metrics,
            headerPositions: carried.map { table.headerPositions[$0] }
                + [table.headerPositions[wide[0].column]] + metrics.map { m in
                    table.headerPositions[wide.first { $0.metric == m }!.column]
                },
            rows: [])
        long.notes = table.notes
        var columnOf: [String: [String: Int]] = [:]
        for w in wide { columnOf[w.run, default: [:]][w.metric] = w.column }
        for row in table.rows {
            for run in runs {
                let cells = metrics.map { m -> DataTable.Cell in
                    guard let c = columnOf[run]?[m] else {
                        return .init(text: nil, line: row.first?.line ?? 1, column: 1)
                    }
                    return row[c]
                }
                guard cells.contains(where: { !($0.text?.trimmingCharacters(in: .whitespaces) ?? "").isEmpty }) else {
                    continue
                }
                let first = columnOf[run].flatMap { $0.values.min() } ?? 0
                let runCell = DataTable.Cell(text: run, line: row[first].line, column: row[first].column)
                long.rows.append(carried.map { row[$0] } + [runCell] + cells)
            }
        }
        long.notes.append(
            "read a W&B export as long: \(runs.count) run\(runs.count == 1 ? "" : "s") × \(metrics.count) metric\(metrics.count == 1 ? "" : "s") (\(metrics.map { "'\($0)'" }.joined(separator: ", "))), \(long.rows.count) rows of run and \(carried.map { "'\(table.columns[$0])'" }.joined(separator: ", "))"
                + (dropped > 0 ? "; \(dropped) __MIN/__MAX column\(dropped == 1 ? "" : "s") left out" : ""))
        return long
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    package func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
