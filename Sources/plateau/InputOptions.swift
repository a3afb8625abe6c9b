import ArgumentParser
import PlateauCore

/// Where runs come from: a file, or the bundled Chinchilla data.
struct InputOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "Runs table: CSV, TSV, JSON array or JSON Lines. Default: the bundled Chinchilla runs.",
            valueName: "runs"))
    var runs: String?

    @Option(
        name: .customLong("column"),
        help: ArgumentHelp(
            "Use a named column for a role, e.g. 'N=model_params' or 'loss=loss_c4_val'. Roles: N, D, C, loss, U, group.",
            valueName: "role=name"))
    var columns: [String] = []

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Drop the K runs with the highest loss before fitting. Default: 5 for the bundled Chinchilla runs (as Besiroglu et al. 2024 do), 0 otherwise.",
            valueName: "K"))
    var dropHighestLoss: Int?

    @Option(
        name: .customLong("where"),
        help: ArgumentHelp(
            "Keep only the rows whose column holds this value, e.g. 'in_main_fit_182=1'. Repeat to combine.",
            valueName: "column=value"))
    var filters: [String] = []

    func validate() throws {
        _ = try overrides()
        _ = try rowFilters()
        if let k = dropHighestLoss, k < 0 {
            throw ValidationError("Please give '--drop-highest-loss' a count of 0 or more, got \(k).")
        }
    }

    /// `--column` values as roles.
    func overrides() throws -> [ColumnRole: String] {
        var result: [ColumnRole: String] = [:]
        for item in columns {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else {
                throw ValidationError("Please write '--column' as ROLE=NAME (e.g. N=model_params), got '\(item)'.")
            }
            guard let role = ColumnRole(key: parts[0]) else {
                let roles = ColumnRole.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("Unknown role '\(parts[0])' in '--column \(item)'; roles are \(roles).")
            }
            result[role] = parts[1]
        }
        return result
    }

    /// `--where` values as (column, value) pairs.
    func rowFilters() throws -> [(column: String, value: String)] {
        try filters.map { item in
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw ValidationError("Please write '--where' as COLUMN=VALUE (e.g. in_main_fit_182=1), got '\(item)'.")
            }
            return (parts[0], parts[1])
        }
    }

    /// The runs file (or `bundled`), with the `--where` filters applied.
    func table(default bundled: BundledDataset = .chinchilla) throws -> DataTable {
        var table = try runs.map { try DataTable.read(path: $0) } ?? bundled.table()
        for filter in try rowFilters() { table = try table.filtered(column: filter.column, equals: filter.value) }
        return table
    }

    /// The runs to use, after the filters and dropping the highest losses.
    func load() throws -> RunTable {
        let table = try RunTable(table: table(), overrides: overrides())
        return table.droppingHighestLosses(dropHighestLoss ?? (runs == nil ? 5 : 0))
    }
}
