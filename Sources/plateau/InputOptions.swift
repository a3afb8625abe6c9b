import ArgumentParser
import PlateauCore

/// `--column` roles and derived columns, and `--where` filters: what every command reading a
/// table shares (`fit`, `check`, `predict`, `report`, `downstream` through ``TableOptions``;
/// `plan` and `returns` for `--runs`; `trend`, `benchmarks` and `prices` for their tables).
struct TableFilterOptions: ParsableArguments {
    @Option(
        name: .customLong("column"),
        help: ArgumentHelp(
            "Use a column for a role, e.g. 'N=model_params', or an expression of columns: 'loss=ln(ppl)', 'D=step*2097152', 'D=10^num_token' (+ - * / ^, ln, log10, exp; names with spaces in backquotes). Roles: N, D, C, loss, U, group.",
            valueName: "role=name"))
    var columns: [String] = []

    @Option(
        name: .customLong("where"),
        help: ArgumentHelp(
            "Keep only the rows that pass: 'in_main_fit_182=1', 'family!=gpt', 'step>1000' (also <, <=, >=), 'model in 1.3b|2.7b'. Repeat to combine (all must hold).",
            valueName: "condition"))
    var filters: [String] = []

    func validate() throws {
        _ = try overrides()
        _ = try rowFilters()
    }

    /// `--column` values as roles, each a column name or an expression (checked for syntax here).
    func overrides() throws -> [ColumnRole: String] {
        var result: [ColumnRole: String] = [:]
        for item in columns {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else {
                throw ValidationError("Please write '--column' as ROLE=NAME (e.g. N=model_params), got '\(InputError.excerpt(item))'.")
            }
            guard let role = ColumnRole(key: parts[0]) else {
                let roles = ColumnRole.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("Unknown role '\(InputError.excerpt(parts[0]))' in '--column \(InputError.excerpt(item))' — use one of \(roles).")
            }
            if ColumnExpression.looksLikeExpression(parts[1]) {
                do {
                    _ = try ColumnExpression.parse(parts[1])
                } catch let error as ColumnExpression.SyntaxError {
                    throw ValidationError("In '--column \(InputError.excerpt(item))': \(error.description.contains(" — ") ? error.description : error.description + " — correct the expression (see 'plateau fit --help' for its grammar)").")
                }
            }
            result[role] = parts[1]
        }
        return result
    }

    /// `--where` conditions.
    func rowFilters() throws -> [RowFilter] {
        try filters.map { item in
            guard let filter = RowFilter(item) else {
                throw ValidationError(
                    "Please write '--where' as COLUMN=VALUE, COLUMN!=VALUE, COLUMN<NUMBER (or <=, >, >=) or 'COLUMN in A|B', got '\(InputError.excerpt(item))'."
                )
            }
            return filter
        }
    }

    /// `table` with the `--where` filters applied and the derived columns of
    /// `--column ROLE=EXPRESSION` added (named by their expression).
    func apply(to table: DataTable) throws -> DataTable {
        var table = try table.filtered(by: rowFilters())
        for (_, value) in try overrides().sorted(by: { $0.key.rawValue < $1.key.rawValue })
        where table.columnIndex(named: value) == nil {
            guard ColumnExpression.looksLikeExpression(value) else { continue }
            table = try table.deriving(value, from: ColumnExpression.parse(value))
            table.notes.append("derived a column as \(value)")
        }
        return table
    }

    /// The table in `path`, filtered and with its derived columns.
    func read(_ path: String) throws -> DataTable { try apply(to: DataTable.read(path: path)) }
}

/// What a command reads when it is given no table, as its help says it.
protocol DefaultTable {
    /// The end of the table argument's help: "Default: …".
    static var help: String { get }
}

/// The bundled Chinchilla runs (fit, check, predict, report, isoflop).
enum ChinchillaRunsByDefault: DefaultTable {
    static let help = "Default: the bundled Chinchilla runs."
}

/// Gadre et al.'s downstream scores (downstream).
enum GadreScoresByDefault: DefaultTable {
    static let help =
        "Default: Gadre et al. 2024's 46 tasks on their open_lm runs (with --emergence, the bundled ObsScaling emergent tasks)."
}

/// A table from a file (or a bundled default), with the shared `--column` and `--where`.
struct TableOptions<Default: DefaultTable>: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "Runs table: CSV, TSV, JSON array, JSON Lines, a W&B chart export, or a folder of TensorBoard runs. "
                + Default.help,
            valueName: "runs"))
    var runs: String?

    @OptionGroup var filter: TableFilterOptions

    func overrides() throws -> [ColumnRole: String] { try filter.overrides() }

    /// The runs file (or `bundled`), filtered, with derived columns (see ``TableFilterOptions``).
    func table(default bundled: BundledDataset = .chinchilla) throws -> DataTable {
        try filter.apply(to: runs.map { try DataTable.read(path: $0) } ?? bundled.table())
    }
}

/// Where runs come from: a file, or the bundled Chinchilla data.
struct InputOptions: ParsableArguments {
    @OptionGroup var source: TableOptions<ChinchillaRunsByDefault>

    /// The runs file, nil for the bundled data.
    var runs: String? { source.runs }

    /// The runs file (or `bundled`), filtered, with derived columns (see ``TableOptions``).
    func table(default bundled: BundledDataset = .chinchilla) throws -> DataTable {
        try source.table(default: bundled)
    }

    @Flag(help: "Skip rows with an empty cell in a column the runs use (counted in the notes) instead of stopping.")
    var skipMissing = false

    @Option(
        help: ArgumentHelp(
            "With a run column (run, run_id, hyper_id, model): which checkpoints of each run to fit — final (default; all for a law of steps, kaplan-s), all, after:F (past F of its tokens, e.g. after:0.1), or envelope (Approach 1).",
            valueName: "final|all|after:F|envelope"))
    var checkpoints: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Under --checkpoints all or after:F, at most K checkpoints of each run, log-evenly in tokens (the last always kept); 0 keeps every one.",
            valueName: "K"))
    var checkpointsPerRun = RunTable.defaultCheckpointsPerRun

    @Flag(
        help:
            "Fit the lower envelope of loss against compute across all checkpoints (Approach 1); --checkpoints envelope."
    )
    var envelope = false

    @Option(
        parsing: .unconditional, help: "Tokens per optimiser step: D = step × K when the table has steps and no tokens."
    )
    var tokensPerStep: Quantity?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Drop the K runs with the highest loss before fitting. Default: 5 for the bundled Chinchilla runs (as Besiroglu et al. 2024 do), 0 otherwise.",
            valueName: "K"))
    var dropHighestLoss: Int?

    func validate() throws {
        _ = try readOptions()
        if let k = dropHighestLoss, k < 0 {
            throw ValidationError("Please give '--drop-highest-loss' a count of 0 or more, got \(k).")
        }
    }

    /// How the table becomes runs.
    func readOptions() throws -> RunTable.ReadOptions {
        var options = RunTable.ReadOptions()
        options.overrides = try source.overrides()
        options.skipMissing = skipMissing
        guard let chosen = RunTable.Checkpoints(checkpoints ?? "final") else {
            throw ValidationError(
                "Please give '--checkpoints' as final, all, after:F with 0 ≤ F < 1, or envelope, got '\(checkpoints ?? "")'.")
        }
        options.checkpoints = envelope ? .envelope : chosen
        guard checkpointsPerRun >= 0 else {
            throw ValidationError("Please give '--checkpoints-per-run' 0 (every checkpoint) or more, got \(checkpointsPerRun).")
        }
        options.checkpointsPerRun = checkpointsPerRun
        if let tokensPerStep {
            try Self.check(tokensPerStep: tokensPerStep)
            options.tokensPerStep = tokensPerStep.value
        }
        return options
    }

    /// The runs to use, after the filters and dropping the highest losses.
    func load() throws -> RunTable {
        let table = try RunTable(table: table(), options: readOptions())
        return table.droppingHighestLosses(dropHighestLoss ?? (runs == nil ? 5 : 0))
    }

    /// `--tokens-per-step`: a step trains on at least one token and, in any run so far, far
    /// fewer than 10¹² (1e-320 would make every D subnormal).
    static func check(tokensPerStep k: Quantity) throws {
        guard k.value >= 1 && k.value <= 1e12 else {
            throw ValidationError(
                "Please give '--tokens-per-step' the tokens of one step (batch × sequence length, from 1 to 1e12), got \(k.text)."
            )
        }
    }
}
