import Foundation

/// Training runs: model size N, tokens D, final loss L, and optional compute C and group.
///
/// Built from a ``DataTable`` by matching column names (with aliases, case-insensitively, or
/// explicit overrides), parsing numbers with SI suffixes, and checking every value: each
/// problem is an ``InputError`` at the cell's line and column.
public struct RunTable: Sendable {
    /// The file or dataset the runs came from.
    public var source: String
    /// Model sizes N (parameters).
    public var parameters: [Double]
    /// Training tokens D.
    public var tokens: [Double]
    /// Final losses L (nats per token).
    public var losses: [Double]
    /// Training compute C (FLOP), from the table or 6·N·D.
    public var flops: [Double]
    /// Group labels, when the table has a group column.
    public var groups: [String]?
    /// The source line of each run.
    public var lines: [Int]
    /// Things done to the data that a user should know (derived columns, dropped runs).
    public var notes: [String]

    /// The number of runs.
    public var count: Int { losses.count }

    /// Reads runs from a file.
    ///
    /// - Parameters:
    ///   - path: A CSV, TSV, JSON or JSON Lines file.
    ///   - overrides: Column names by role, from `--column ROLE=name`.
    /// - Throws: ``InputError``.
    public static func read(path: String, overrides: [ColumnRole: String] = [:]) throws -> RunTable {
        try RunTable(table: DataTable.read(path: path), overrides: overrides)
    }

    /// Interprets a table as runs.
    ///
    /// Needs N, L and one of D or C; D missing is derived as C/(6N) (noted), C missing as 6ND.
    /// Empty cells in columns the runs do not use are ignored.
    ///
    /// - Parameter skipMissing: Skip the rows with an empty cell in a column the runs use (and
    ///   say how many in the notes) instead of stopping at the first.
    public init(table full: DataTable, overrides: [ColumnRole: String] = [:], skipMissing: Bool = false) throws {
        let mapping = try ColumnMapping(table: full, overrides: overrides)
        source = full.source
        notes = full.notes + mapping.notes
        guard let nColumn = try mapping.column(.parameters) else { throw mapping.missing(.parameters) }
        guard let lColumn = try mapping.column(.loss) else { throw mapping.missing(.loss) }
        let dColumn = try mapping.column(.tokens), cColumn = try mapping.column(.flops)
        guard dColumn != nil || cColumn != nil else { throw mapping.missing(.tokens, orAlso: .flops) }
        var table = full
        if skipMissing {
            let used = [nColumn, lColumn] + [dColumn, cColumn].compactMap { $0 }
            table.rows = full.rows.filter { row in
                used.allSatisfy { !(row[$0].text?.trimmingCharacters(in: .whitespaces) ?? "").isEmpty }
            }
            let skipped = full.rows.count - table.rows.count
            if skipped > 0 {
                let names = used.map { "'\(full.columns[$0])'" }.joined(separator: ", ")
                notes.append("skipped \(skipped) row\(skipped == 1 ? "" : "s") with an empty cell in \(names) (--skip-missing)")
            }
            guard !table.rows.isEmpty else {
                throw InputError(
                    file: full.source, problem: "every row has an empty cell in a column the runs use",
                    remedy: "fill in N, D (or C) and the loss")
            }
        }

        let reader = CellReader(table: table)
        parameters = try table.rows.map { try reader.positive($0[nColumn], column: nColumn) }
        losses = try table.rows.map { try reader.positive($0[lColumn], column: lColumn) }
        let c = try cColumn.map { col in try table.rows.map { try reader.positive($0[col], column: col) } }
        if let dColumn {
            tokens = try table.rows.map { try reader.positive($0[dColumn], column: dColumn) }
        } else if let c, let cColumn {
            tokens = zip(c, parameters).map { $0 / (6 * $1) }
            notes.append("D derived as C/(6N) from '\(table.columns[cColumn])' and '\(table.columns[nColumn])'")
        } else {
            tokens = []
        }
        flops = c ?? zip(parameters, tokens).map { 6 * $0 * $1 }
        groups = try mapping.column(.group).map { col in table.rows.map { $0[col].text ?? "" } }
        lines = table.rows.map { $0[nColumn].line }
    }

    /// The runs left after removing the `k` with the highest loss (ties: all runs with a loss
    /// at or above the k-th highest are removed, as in Besiroglu et al. 2024's analysis).
    public func droppingHighestLosses(_ k: Int) -> RunTable {
        guard k > 0 else { return self }
        guard k < count else { return subset([]) }
        let cut = losses.sorted(by: >)[k - 1]
        var copy = subset(losses.indices.filter { losses[$0] < cut })
        copy.notes.append("dropped the \(count - copy.count) runs with the highest loss (loss ≥ \(cut))")
        return copy
    }

    /// The runs at `indices`, in that order.
    public func subset(_ indices: [Int]) -> RunTable {
        var copy = self
        copy.parameters = indices.map { parameters[$0] }
        copy.tokens = indices.map { tokens[$0] }
        copy.losses = indices.map { losses[$0] }
        copy.flops = indices.map { flops[$0] }
        copy.groups = groups.map { g in indices.map { g[$0] } }
        copy.lines = indices.map { lines[$0] }
        return copy
    }
}

/// Which column of a table plays which role.
struct ColumnMapping {
    let table: DataTable
    private var columns: [ColumnRole: Int] = [:]
    /// Roles that more than one column could fill, with those columns: an error when the role is used.
    private var ambiguous: [ColumnRole: [Int]] = [:]
    private(set) var notes: [String] = []

    init(table: DataTable, overrides: [ColumnRole: String]) throws {
        self.table = table
        for (role, name) in overrides.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            guard
                let i = table.columns.firstIndex(where: { $0 == name })
                    ?? table.columns.firstIndex(where: { $0.lowercased() == name.lowercased() })
            else {
                throw InputError(
                    file: table.source, line: table.headerPositions.first?.line ?? 1,
                    problem: "no column named '\(name)' (given with --column \(role.rawValue)=\(name))",
                    remedy: "the columns are: \(table.columns.joined(separator: ", "))")
            }
            columns[role] = i
        }
        let normalized = table.columns.map(ColumnRole.normalize)
        let given = Set(columns.values)
        for role in ColumnRole.allCases where columns[role] == nil {
            let aliases = Set(role.aliases.map(ColumnRole.normalize))
            let candidates = normalized.indices.filter { aliases.contains(normalized[$0]) && !given.contains($0) }
            if candidates.count > 1 {
                ambiguous[role] = candidates
            } else if let only = candidates.first {
                columns[role] = only
            }
        }
    }

    /// The column playing `role`, or nil when none does.
    ///
    /// - Throws: ``InputError`` when several columns could play it (say `params` and
    ///   `Model Size`): the choice is the user's, with `--column`.
    func column(_ role: ColumnRole) throws -> Int? {
        if let candidates = ambiguous[role] {
            let names = candidates.map { "'\(table.columns[$0])' (column \($0 + 1))" }.joined(separator: ", ")
            let position = table.headerPositions[candidates[1]]
            throw InputError(
                file: table.source, line: position.line, column: position.column,
                problem: "\(candidates.count) columns could be the \(role.meaning): \(names)",
                remedy: "choose one with --column \(role.rawValue)=NAME")
        }
        return columns[role]
    }

    func missing(_ role: ColumnRole, orAlso other: ColumnRole? = nil) -> InputError {
        let names = role.aliases.prefix(4).map { "'\($0)'" }.joined(separator: ", ")
        var problem = "no \(role.meaning) column (looked for \(names), …)"
        if let other { problem = "no \(role.meaning) or \(other.meaning) column" }
        return InputError(
            file: table.source, line: table.headerPositions.first?.line ?? 1, column: 1, problem: problem,
            remedy:
                "rename the column or pass --column \(role.rawValue)=NAME; the columns are: \(table.columns.joined(separator: ", "))"
        )
    }
}

/// Turns cells into checked numbers with located errors.
struct CellReader {
    let table: DataTable

    /// A positive finite number (it will be logged).
    func positive(_ cell: DataTable.Cell, column: Int) throws -> Double {
        let name = table.columns[column]
        guard let text = cell.text, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw InputError(
                file: table.source, line: cell.line, column: cell.column, problem: "\(name) is empty",
                remedy: "fill in a number or remove the run")
        }
        let shown = InputError.excerpt(text)
        guard let value = Quantity.parse(text) else {
            throw InputError(
                file: table.source, line: cell.line, column: cell.column,
                problem: "\(name) '\(shown)' is not a number",
                remedy: "write a number such as 70M, 1.4e9 or 2T")
        }
        guard value.isFinite else {
            throw InputError(
                file: table.source, line: cell.line, column: cell.column, problem: "\(name) is \(shown)",
                remedy: "give a finite number or remove the run")
        }
        guard value > 0 else {
            throw InputError(
                file: table.source, line: cell.line, column: cell.column,
                problem: "\(name) is \(shown), but it must be positive (its logarithm is taken)",
                remedy: "correct the value or remove the run")
        }
        // Subnormal or astronomically large values break logarithms, powers and charts.
        guard value >= 1e-300 && value <= 1e300 else {
            throw InputError(
                file: table.source, line: cell.line, column: cell.column,
                problem:
                    "\(name) is \(shown), outside 1e-300…1e300 — no real measurement is that \(value < 1 ? "small" : "large")",
                remedy: "check the unit and the exponent")
        }
        return value
    }
}

extension DataTable {
    /// The positive finite numbers of the column playing `role` (by alias or override), with
    /// located errors; for laws that need columns other than N, D and loss.
    ///
    /// - Throws: ``InputError`` when the column is missing or a value is not a positive number.
    public func positiveValues(_ role: ColumnRole, overrides: [ColumnRole: String] = [:]) throws -> [Double] {
        let mapping = try ColumnMapping(table: self, overrides: overrides)
        guard let column = try mapping.column(role) else { throw mapping.missing(role) }
        let reader = CellReader(table: self)
        return try rows.map { try reader.positive($0[column], column: column) }
    }
}
