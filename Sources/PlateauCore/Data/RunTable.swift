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

    /// Which rows of a table of checkpoints a fit uses.
    public enum Checkpoints: Sendable, Equatable, CustomStringConvertible {
        /// Each run's last checkpoint (the most tokens): laws of final loss.
        case final
        /// Every checkpoint after the start of training.
        case all
        /// Each run's checkpoints past this fraction of its tokens (Choshen et al. 2024 fit
        /// intermediate checkpoints without the earliest ones).
        case after(Double)
        /// Hoffmann et al. 2022's Approach 1: the checkpoints on the lower envelope of loss
        /// against compute across all runs.
        case envelope

        /// Parses `final`, `all`, `after:F` (0 ≤ F < 1) or `envelope`.
        public init?(_ text: String) {
            switch text.lowercased() {
            case "final": self = .final
            case "all": self = .all
            case "envelope": self = .envelope
            default:
                guard text.lowercased().hasPrefix("after:"), let f = Double(text.dropFirst(6)), f >= 0, f < 1 else {
                    return nil
                }
                self = .after(f)
            }
        }

        public var description: String {
            switch self {
            case .final: "final"
            case .all: "all"
            case .after(let f): "after:\(f)"
            case .envelope: "envelope"
            }
        }
    }

    /// How a table becomes runs.
    public struct ReadOptions: Sendable {
        /// Column names (or derived columns) by role, from `--column ROLE=NAME`.
        public var overrides: [ColumnRole: String] = [:]
        /// Skip rows with an empty cell in a used column instead of stopping at the first.
        public var skipMissing = false
        public var checkpoints = Checkpoints.final
        /// The checkpoint choice is a law's default (every checkpoint for a law of steps), not the
        /// user's: without a run column each row is its own run and nothing is refused.
        public var checkpointsByDefault = false
        /// Under `all` and `after:F`, at most this many checkpoints of each run, log-evenly in
        /// tokens (the last always kept); 0 keeps every one. A training log saves thousands of
        /// checkpoints whose neighbours say the same thing, and the fit's cost grows with them
        /// (issue 26: 8,329 rows took 62 s to fit and a report did not finish in 22 minutes).
        public var checkpointsPerRun = RunTable.defaultCheckpointsPerRun
        /// Tokens per optimiser step: D = step·K when the table has steps and no tokens.
        public var tokensPerStep: Double?
        /// Further positive columns to read for the chosen rows (unique tokens for a
        /// data-constrained law), into ``RunTable/extras``.
        public var extraColumns: [ColumnRole] = []
        /// Require a model-size column (every law of N and D does). Laws of compute alone set it
        /// false: then N is NaN when the table has none, and D too unless the table has it.
        public var requireParameters = true
        /// Require D, C or steps (every law of D or C does). Laws of N alone set it false: then
        /// D and C are NaN when the table has neither.
        public var requireTokens = true
        public init() {}
    }

    /// At most this many checkpoints of each run are fitted by default (Plateau's choice: 32
    /// log-even points resolve a loss curve's shape, and 48 runs of them fit in seconds).
    public static let defaultCheckpointsPerRun = 32

    /// The training run of each row, when the table has a run column (`run`, `run_id`,
    /// `hyper_id`, `model`, `model_name`): bootstraps resample whole runs and back-tests hold
    /// out whole runs.
    public var runIDs: [String]?

    /// A key per row naming its run: the run column's value, or the row's own position when the
    /// table has no run column (every row its own run).
    public var runKeys: [String] { runIDs ?? losses.indices.map { "#\($0)" } }
    /// Problems with the data that a user should see with any fit of it.
    public var warnings: [FitWarning] = []
    /// The columns of ``ReadOptions/extraColumns``, one value per row.
    public var extras: [ColumnRole: [Double]] = [:]
    /// The column (or expression) the losses were read from, for saying which loss was fitted.
    package var lossColumn = "loss"
    /// The column (or expression) read for each role, in the order N, D, C, step, run, loss; a
    /// role derived from others (D as C/(6N)) is not listed (its note says how).
    package var roleColumns: [(role: String, column: String)] = []

    /// Interprets a table as runs (see ``init(table:options:)``).
    public init(table: DataTable, overrides: [ColumnRole: String] = [:], skipMissing: Bool = false) throws {
        var options = ReadOptions()
        options.overrides = overrides
        options.skipMissing = skipMissing
        try self.init(table: table, options: options)
    }

    /// Interprets a table as runs.
    ///
    /// Needs N, L and one of D or C (or steps with `tokensPerStep`); D missing is derived as
    /// C/(6N) (noted), C missing as 6ND. Empty cells in columns the runs do not use are ignored.
    /// A row is a measurement: with a run column the rows of one run are its checkpoints,
    /// ordered by tokens, and `options.checkpoints` chooses which are fitted (by default each
    /// run's last). Without one, a table that looks like training curves is warned about.
    public init(table given: DataTable, options: ReadOptions) throws {
        var full = given
        var mapping = try ColumnMapping(table: full, overrides: options.overrides)
        if options.requireParameters, try mapping.column(.parameters) == nil, let run = try mapping.column(.run),
            let named = Self.sizesFromRunNames(full, run: run)
        {
            full = named
            var overrides = options.overrides
            overrides[.parameters] = named.columns[named.columns.count - 1]
            mapping = try ColumnMapping(table: full, overrides: overrides)
        }
        source = full.source
        notes = full.notes + mapping.notes
        let nColumn = try mapping.column(.parameters)
        if nColumn == nil && options.requireParameters { throw mapping.missing(.parameters) }
        guard let lColumn = try mapping.column(.loss) else { throw mapping.missing(.loss) }
        lossColumn = full.columns[lColumn]
        let dColumn = try mapping.column(.tokens), cColumn = try mapping.column(.flops)
        let stepColumn = try mapping.column(.step), runColumn = try mapping.column(.run)
        roleColumns = [("N", nColumn), ("D", dColumn), ("C", cColumn), ("step", stepColumn), ("run", runColumn), ("loss", lColumn)]
            .compactMap { role, column in column.map { (role, full.columns[$0]) } }
        // A table of human/AI mixes (Russell et al. 2026's shape) may give the two token counts
        // and not their sum: D, the training tokens, is then human + AI tokens.
        let mixColumns: (human: Int, ai: Int)? =
            dColumn == nil
            ? try mapping.column(.humanTokens).flatMap { h in try mapping.column(.aiTokens).map { (h, $0) } } : nil
        let fromSteps = dColumn == nil && mixColumns == nil && options.tokensPerStep != nil
        if fromSteps && stepColumn == nil {
            throw InputError(
                file: full.source, line: full.headerPositions.first?.line ?? 1, column: 1,
                problem: "--tokens-per-step needs a step column (looked for 'step', 'steps', 'iteration')",
                remedy: "name it with --column step=NAME")
        }
        if dColumn != nil && options.tokensPerStep != nil {
            notes.append("--tokens-per-step ignored: the table has a tokens column")
        }
        guard dColumn != nil || cColumn != nil || fromSteps || mixColumns != nil || !options.requireTokens else {
            throw mapping.missing(.tokens, orAlso: .flops)
        }
        let progressColumn = fromSteps ? stepColumn : dColumn ?? mixColumns?.human ?? cColumn ?? stepColumn
        var table = full
        if options.skipMissing {
            let extra = try options.extraColumns.compactMap { try mapping.column($0) }
            let used =
                [nColumn].compactMap { $0 } + [lColumn]
                + [dColumn, cColumn, fromSteps ? stepColumn : nil, mixColumns?.human, mixColumns?.ai].compactMap { $0 }
                + extra
            table.rows = full.rows.filter { row in
                used.allSatisfy { !(row[$0].text?.trimmingCharacters(in: .whitespaces) ?? "").isEmpty }
            }
            let skipped = full.rows.count - table.rows.count
            if skipped > 0 {
                let names = used.map { "'\(full.columns[$0])'" }.joined(separator: ", ")
                notes.append(
                    "skipped \(skipped) row\(skipped == 1 ? "" : "s") with an empty cell in \(names) (--skip-missing)")
            }
            guard !table.rows.isEmpty else {
                throw InputError(
                    file: full.source, problem: "every row has an empty cell in a column the runs use",
                    remedy: "fill in N, D (or C) and the loss")
            }
        }

        // Choose the checkpoints before checking values: a run's step-0 row (no tokens yet) is
        // legitimate in a training log, and only the chosen rows must be positive numbers.
        if let runColumn, let progressColumn {
            let used = Set([nColumn, lColumn, dColumn, cColumn, stepColumn, runColumn].compactMap { $0 })
            let superseded = try Self.checkOneRowPerCheckpoint(
                table, run: runColumn, progress: progressColumn, used: used, notes: &notes)
            if !superseded.isEmpty {
                table.rows = table.rows.indices.filter { !superseded.contains($0) }.map { table.rows[$0] }
            }
            table.rows = try Self.selectCheckpoints(
                table, run: runColumn, progress: progressColumn, checkpoints: options.checkpoints,
                perRun: options.checkpointsPerRun, notes: &notes)
        } else if options.checkpoints != .final && options.checkpoints != .envelope
            && !(options.checkpointsByDefault && runColumn == nil)
        {
            // A run column without a step, tokens or compute column cannot order its checkpoints.
            throw InputError(
                file: full.source, line: full.headerPositions.first?.line ?? 1, column: 1,
                problem: runColumn == nil
                    ? "--checkpoints \(options.checkpoints) needs a run column (looked for 'run', 'run_id', 'hyper_id', 'model')"
                    : "--checkpoints \(options.checkpoints) needs a column that orders each run's checkpoints: steps, tokens or compute (such as 'step', 'tokens' or 'flops')",
                remedy: runColumn == nil ? "name it with --column run=NAME" : "name it with --column step=NAME")
        }

        let reader = CellReader(table: table)
        parameters =
            try nColumn.map { col in
                try table.rows.map { try reader.scaled($0[col], column: col, by: mapping.scale(of: col)) }
            }
            ?? Array(repeating: .nan, count: table.rows.count)
        losses = try table.rows.map { try reader.positive($0[lColumn], column: lColumn) }
        let c = try cColumn.map { col in
            try table.rows.map { try reader.scaled($0[col], column: col, by: mapping.scale(of: col)) }
        }
        if let dColumn {
            tokens = try table.rows.map { try reader.scaled($0[dColumn], column: dColumn, by: mapping.scale(of: dColumn)) }
        } else if fromSteps, let stepColumn, let k = options.tokensPerStep {
            tokens = try table.rows.map { row in
                try CellReader.derived(
                    reader.positive(row[stepColumn], column: stepColumn) * k, "D",
                    from: "\(table.columns[stepColumn]) × \(k) (--tokens-per-step)", file: table.source, cell: row[stepColumn])
            }
            notes.append(
                "D derived as step × \(String(format: "%g", k)) tokens from '\(table.columns[stepColumn])' (--tokens-per-step)"
            )
        } else if let (h, a) = mixColumns {
            tokens = try table.rows.map { row in
                try CellReader.derived(
                    reader.positive(row[h], column: h) + reader.nonNegative(row[a], column: a), "D",
                    from: "\(table.columns[h]) + \(table.columns[a])", file: table.source, cell: row[h])
            }
            notes.append("D (training tokens) derived as '\(table.columns[h])' + '\(table.columns[a])'")
        } else if let c, let cColumn, let nColumn {
            tokens = try zip(zip(c, parameters), table.rows).map { pair, row in
                try CellReader.derived(
                    pair.0 / (6 * pair.1), "D", from: "C/(6N)", file: table.source, cell: row[cColumn])
            }
            notes.append("D derived as C/(6N) from '\(table.columns[cColumn])' and '\(table.columns[nColumn])'")
        } else {
            tokens = Array(repeating: .nan, count: table.rows.count)
        }
        flops =
            try c
            ?? zip(zip(parameters, tokens), table.rows).map { pair, row in
                // N or D is NaN when the table has none (laws of one input): C stays NaN then.
                guard pair.0.isFinite, pair.1.isFinite else { return .nan }
                return try CellReader.derived(
                    6 * pair.0 * pair.1, "C", from: "6·N·D", file: table.source, cell: row[nColumn ?? lColumn])
            }
        // Issue 24: a log10 column (17.9…23.5 "FLOPs") or one in millions was fitted as if it
        // were the quantity itself. Compute first: D = C/(6N) inherits its scale.
        let reads: [(values: [Double], column: Int?, role: String, minimum: Double, unit: String)] = [
            (flops, cColumn, "C", 1e9, "FLOPs"), (parameters, nColumn, "N", 1e3, "parameters"),
            (tokens, dColumn ?? mixColumns?.human ?? cColumn, "D", 1e3, "tokens"),
        ]
        for read in reads {
            try Self.checkMagnitude(
                read.values, column: read.column, role: read.role, minimum: read.minimum, unit: read.unit,
                derived: read.role == "D" && dColumn == nil && mixColumns == nil, table: table)
        }
        let perplexityLike = losses.filter { $0 > 20 }
        if let highest = perplexityLike.max() {
            let name = table.columns[lColumn]
            let reference = ColumnExpression.column(name).description
            warnings.append(
                FitWarning(
                    code: "loss-looks-like-perplexity",
                    message:
                        "\(perplexityLike.count) of \(losses.count) losses in '\(name)' are above 20 (up to \(String(format: "%g", highest))): no language model's cross-entropy is that high, so the column may hold perplexity — if it does, give --column 'loss=ln(\(reference))'"
                ))
        }
        groups = try mapping.column(.group).map { col in table.rows.map { $0[col].text ?? "" } }
        runIDs = runColumn.map { col in table.rows.map { $0[col].text ?? "" } }
        lines = table.rows.map { $0[nColumn ?? lColumn].line }
        for role in options.extraColumns {
            guard let col = try mapping.column(role) else { throw mapping.missing(role) }
            guard role == .aiTokens else {
                extras[role] = try table.rows.map { try reader.positive($0[col], column: col) }
                continue
            }
            // AI tokens are 0 in a human-only control, and a part of D: never all of it.
            extras[role] = try zip(table.rows, tokens).map { row, d in
                let a = try reader.nonNegative(row[col], column: col)
                guard !(a >= d) else {
                    throw InputError(
                        file: table.source, line: row[col].line, column: row[col].column,
                        problem:
                            "\(table.columns[col]) = \(String(format: "%g", a)) is not below the training tokens D = \(String(format: "%g", d)): AI tokens are a part of D, and a run needs some human tokens",
                        remedy:
                            dColumn.map {
                                "if '\(table.columns[$0])' counts human tokens only, give D as the sum: --column 'D=\(ColumnExpression.column(table.columns[$0]).description)+\(ColumnExpression.column(table.columns[col]).description)'"
                            } ?? "check the human- and AI-token columns")
                }
                return a
            }
        }
        if options.checkpoints == .envelope { self = envelope() }
        if runColumn == nil, let nColumn, let stepColumn, options.checkpoints != .envelope,
            let warning = Self.stepsLook(
                parameters: parameters, steps: table.rows.map { $0[stepColumn].text ?? "" },
                sizeColumn: table.columns[nColumn], stepColumn: table.columns[stepColumn])
        {
            warnings.append(warning)
        } else if runColumn == nil, nColumn != nil,
            let warning = Self.checkpointLook(parameters: parameters, tokens: tokens, losses: losses)
        {
            warnings.append(warning)
        }
        if let c, dColumn != nil {
            let off = zip(zip(c, parameters), tokens).filter { abs($0.0 / (6 * $0.1 * $1) - 1) > 0.1 }.count
            if off > 0 {
                warnings.append(
                    FitWarning(
                        code: "compute-not-6ND",
                        message:
                            "\(off) of \(c.count) rows have a compute column more than 10 % away from 6·N·D — check that C, N and D count the same things (embedding parameters, FLOP conventions)"
                    ))
            }
        }
        if !options.extraColumns.contains(.uniqueTokens), let warning = Self.repeatedData(table, tokens: tokens) {
            warnings.append(warning)
        }
        if groups == nil,
            let warning = Self.mixedPopulations(
                table, parameters: parameters, tokens: tokens, skipping: [runColumn].compactMap { $0 })
        {
            warnings.append(warning)
        }
    }

    /// A warning when a text column splits runs of the same N and D into a few populations — a
    /// training set, a tokenizer, an architecture (Gadre et al.'s runs repeat every size and token
    /// count on three training sets) — which one law of N and D pools as if they were one; nil
    /// otherwise. A column is a population when it holds 2–12 values, each on at least two rows,
    /// and at least one (N, D), to 3 significant digits, appears under two of them (a column that
    /// only names sizes, such as a model configuration, never does). Plateau's rule.
    static func mixedPopulations(_ table: DataTable, parameters: [Double], tokens: [Double], skipping: [Int])
        -> FitWarning?
    {
        guard table.rows.count >= 4, parameters.allSatisfy(\.isFinite), tokens.allSatisfy(\.isFinite) else {
            return nil
        }
        // Each row's (N, D) to 3 significant digits, made once and only for a candidate column.
        var keys: [String]?
        for col in table.columns.indices where !skipping.contains(col) {
            let values = table.rows.map { ($0[col].text ?? "").trimmingCharacters(in: .whitespaces) }
            guard values.allSatisfy({ !$0.isEmpty && Quantity.parse($0) == nil }) else { continue }
            let counts = Dictionary(grouping: values, by: { $0 }).mapValues(\.count)
            guard (2...12).contains(counts.count), counts.values.allSatisfy({ $0 >= 2 }) else { continue }
            let rowKeys =
                keys ?? table.rows.indices.map {
                    "\(String(format: "%.3g", parameters[$0]))/\(String(format: "%.3g", tokens[$0]))"
                }
            keys = rowKeys
            var seen: [String: String] = [:]
            var shared = 0
            for (i, value) in values.enumerated() {
                let k = rowKeys[i]
                if let other = seen[k] {
                    if other != value { shared += 1 }
                } else {
                    seen[k] = value
                }
            }
            guard shared > 0 else { continue }
            let name = table.columns[col]
            let listed = counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            let first = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
            return FitWarning(
                code: "mixed-populations",
                message:
                    "the rows hold \(counts.count) values of '\(name)' (\(listed.joined(separator: ", "))) with runs of the same N and D under more than one: one law fitted to all pools populations that may follow different laws — fit each alone, e.g. with --where '\(name)=\(first)', and compare"
            )
        }
        return nil
    }

    /// A warning when rows repeat their data — an epochs column above 1, or a unique-tokens column
    /// below the training tokens — read by a law that does not count repeats (issue 26: the
    /// Chinchilla law on Muennighoff et al.'s curves collapsed, E → 0 and α = 31, with no word
    /// about why); nil otherwise.
    static func repeatedData(_ table: DataTable, tokens: [Double]) -> FitWarning? {
        for (col, name) in table.columns.enumerated() {
            let key = name.lowercased()
            let epochs = ["epochs", "epoch", "num_epochs", "n_epochs"].contains(key)
            // Only the columns named for repeats are read.
            guard epochs || ["unique_tokens", "unique", "u", "u_d"].contains(key) else { continue }
            let values = table.rows.map { Quantity.parse($0[col].text ?? "") ?? .nan }
            let repeats =
                epochs
                ? values.filter { $0 > 1.01 }.count
                : zip(values, tokens).filter { $0 > 0 && $1 > 1.01 * $0 }.count
            guard repeats > 0 else { continue }
            return FitWarning(
                code: "repeated-data",
                message:
                    "\(repeats) of \(table.rows.count) rows repeat their training data (by '\(name)'): a law of N and D alone counts a repeated token as a new one, and its fit here is not Chinchilla's — fit the data-constrained law with --law muennighoff, which counts repeats"
            )
        }
        return nil
    }

    /// `table` with a column of model sizes read from its run names (`pythia-1.4b`, `gpt2_125M`,
    /// `1.3b`), when it has no size column and every run's name holds exactly one size — a number
    /// with `m`, `b` or `t` (any case) between separators, or the letter as the decimal point
    /// (`2b8`, Muennighoff et al.'s 2.8B) — noted; else nil. A name with two different sizes
    /// (`lm1-2b8-55b`: parameters and tokens) gives none. (`k` is left out: in a run name `50k` is
    /// more often steps than parameters.)
    static func sizesFromRunNames(_ table: DataTable, run: Int) -> DataTable? {
        var sizes: [String: String] = [:]
        for row in table.rows {
            guard let name = row[run].text, !name.isEmpty else { return nil }
            if sizes[name] != nil { continue }
            let tokens = name.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == ".") })
                .compactMap { token -> String? in
                    // `2b8` is 2.8b: the unit letter stands for the decimal point.
                    if let unit = token.firstIndex(where: { "mbtMBT".contains($0) }), unit != token.startIndex,
                        token.index(after: unit) != token.endIndex,
                        token[..<unit].allSatisfy(\.isNumber), token[token.index(after: unit)...].allSatisfy(\.isNumber)
                    {
                        return String(token[..<unit]) + "." + String(token[token.index(after: unit)...])
                            + String(token[unit])
                    }
                    guard let last = token.last, "mbtMBT".contains(last), token.count > 1 else { return nil }
                    let number = token.dropLast()
                    return number.first?.isNumber == true && number.allSatisfy { $0.isNumber || $0 == "." }
                        ? String(token) : nil
                }
            guard Set(tokens.compactMap { Quantity.parse($0) }).count == 1, let token = tokens.first,
                Quantity.parse(token) != nil
            else {
                return nil
            }
            sizes[name] = token
        }
        var named = table
        let column = "N (from the run name)"
        named.columns.append(column)
        named.headerPositions.append(table.headerPositions[run])
        for i in named.rows.indices {
            let cell = named.rows[i][run]
            named.rows[i].append(.init(text: sizes[cell.text ?? ""], line: cell.line, column: cell.column))
        }
        let examples = sizes.sorted { $0.key < $1.key }.prefix(3).map { "'\($0.key)' → \($0.value)" }
        named.notes.append(
            "N read from the run names of '\(table.columns[run])' (\(examples.joined(separator: ", "))\(sizes.count > 3 ? ", …" : "")): the table has no model-size column — give one, or --column N=NAME, if these are not parameter counts"
        )
        return named
    }

    /// A value of N, D or C below what any training run has (`minimum`) is an error at its cell
    /// that names the likely fix: `10^name` when the whole column looks like log10 of the
    /// quantity (every value below 40), a unit otherwise. D derived from C and N says so.
    static func checkMagnitude(
        _ values: [Double], column: Int?, role: String, minimum: Double, unit: String, derived: Bool = false,
        table: DataTable
    ) throws {
        guard let column, let i = values.indices.first(where: { values[$0] < minimum }) else { return }
        let name = table.columns[column]
        let cell = table.rows[i][column]
        let problem = "\(role)\(derived ? " = C/(6N)" : "") = \(String(format: "%g", values[i])) \(unit) is below \(String(format: "%g", minimum)) — no training run is that small"
        if derived {
            throw InputError(
                file: table.source, line: cell.line, column: cell.column, problem: problem,
                remedy: "check that '\(name)' counts FLOPs and the size column parameters (not millions or PF-days)")
        }
        let reference = ColumnExpression.column(name).description
        let read = values.filter(\.isFinite)
        guard let low = read.min(), let high = read.max(), high < 40 else {
            throw InputError(
                file: table.source, line: cell.line, column: cell.column, problem: problem,
                remedy:
                    "give the column's unit, e.g. --column '\(role)=\(reference)*1e6' for millions, or a unit in its header such as '\(name) (M)'"
            )
        }
        throw InputError(
            file: table.source, line: cell.line, column: cell.column,
            problem: problem + "; the column '\(name)' (\(String(format: "%g", low))…\(String(format: "%g", high))) looks like log10 of \(unit)",
            remedy: "give --column '\(role)=10^\(reference)'")
    }

    /// Rows of one run at the same step (or tokens) are one checkpoint measured twice. When they
    /// differ in a setting the runs do not use (0-shot and 5-shot evaluations of one checkpoint),
    /// they are different measurements merged into one run: an error naming that column and a
    /// `--where` that keeps one. When they differ in no setting (a resumed run that logged a step
    /// again, with its own timestamps and metrics), the later row is kept, with a note.
    /// - Returns: the rows superseded by a later repeat.
    static func checkOneRowPerCheckpoint(
        _ table: DataTable, run: Int, progress: Int, used: Set<Int>, notes: inout [String]
    ) throws -> Set<Int> {
        var first: [String: Int] = [:]
        var superseded: Set<Int> = []
        let settings = settingColumns(table, excluding: used)
        for (i, row) in table.rows.enumerated() {
            let at = (row[progress].text ?? "").trimmingCharacters(in: .whitespaces)
            // A row without a step is reported where its value is read, not here.
            guard !at.isEmpty else { continue }
            let key = (row[run].text ?? "").trimmingCharacters(in: .whitespaces) + "\u{1}" + at
            guard let j = first[key] else {
                first[key] = i
                continue
            }
            first[key] = i
            let other = table.rows[j]
            if let column = settings.first(where: { (row[$0].text ?? "") != (other[$0].text ?? "") }) {
                throw twoMeasurements(
                    table, other, row, differIn: column, run: row[run].text ?? "", at: table.columns[progress],
                    row[progress].text ?? "")
            }
            superseded.insert(j)
        }
        if !superseded.isEmpty {
            notes.append(
                "\(superseded.count) row\(superseded.count == 1 ? "" : "s") of a run at a '\(table.columns[progress])' it logged again, with no setting different (a resumed log): the later row is used")
        }
        return superseded
    }

    /// The columns outside `used` that look like settings of a measurement (`num_fewshot`,
    /// `epochs`, a dataset's name): at most 20 distinct values in the table, and at most one per two
    /// rows. Timestamps, run
    /// times and other metrics have many, and a resumed log that logs a step again differs in
    /// those without being a second measurement.
    static func settingColumns(_ table: DataTable, excluding used: Set<Int>) -> [Int] {
        table.columns.indices.filter { column in
            guard !used.contains(column) else { return false }
            var distinct = Set<String>()
            for row in table.rows {
                distinct.insert(row[column].text ?? "")
                if distinct.count > 20 { return false }
            }
            return distinct.count * 2 <= table.rows.count
        }
    }

    /// Two rows of one run at one step that differ in `column`: the located error both the runs
    /// and the scores readers give.
    static func twoMeasurements(
        _ table: DataTable, _ first: [DataTable.Cell], _ second: [DataTable.Cell], differIn column: Int, run: String,
        at progress: String, _ value: String
    ) -> InputError {
        let cell = second[column]
        let kept = InputError.excerpt(first[column].text ?? "")
        return InputError(
            file: table.source(of: column), line: cell.line, column: cell.column,
            problem:
                "run '\(InputError.excerpt(run))' has two rows at \(progress) \(InputError.excerpt(value)) (lines \(first[column].line) and \(cell.line)) that differ in '\(table.columns[column])' ('\(kept)' and '\(InputError.excerpt(cell.text ?? ""))'): two measurements of one checkpoint",
            remedy: "keep one with --where '\(table.columns[column])=\(kept)', or make it part of the run with --column run=NAME")
    }

    /// Each run's rows as `checkpoints` asks, in file order.
    static func selectCheckpoints(
        _ table: DataTable, run: Int, progress: Int, checkpoints: Checkpoints, perRun: Int = 0, notes: inout [String]
    ) throws -> [[DataTable.Cell]] {
        var byRun: [String: [Int]] = [:]
        var order: [String] = []
        var position: [Double] = []
        for (i, row) in table.rows.enumerated() {
            let id = row[run].text?.trimmingCharacters(in: .whitespaces) ?? ""
            if byRun[id] == nil { order.append(id) }
            byRun[id, default: []].append(i)
            // Unreadable progress sorts first and is checked (and reported) if it is chosen.
            position.append(Quantity.parse(row[progress].text ?? "").flatMap { $0.isFinite ? $0 : nil } ?? -1)
        }
        var keep: [Int] = []
        var thinned = 0, before = 0
        for id in order {
            let rows = byRun[id] ?? []
            guard let last = rows.max(by: { position[$0] < position[$1] || (position[$0] == position[$1] && $0 < $1) })
            else { continue }
            switch checkpoints {
            case .final: keep.append(last)
            case .envelope: keep += rows.filter { position[$0] > 0 }
            case .all, .after:
                let floor = if case .after(let f) = checkpoints { f * position[last] } else { 0.0 }
                let chosen = rows.filter { position[$0] > floor }
                before += chosen.count
                if perRun > 0, chosen.count > perRun {
                    keep += Self.logEven(chosen, position: position, count: perRun)
                    thinned += 1
                } else {
                    keep += chosen
                }
            }
        }
        keep.sort()
        guard !keep.isEmpty else {
            throw InputError(
                file: table.source, problem: "no checkpoint is past the start of training in any run",
                remedy: "check the step or tokens column")
        }
        let what =
            switch checkpoints {
            case .final: "each run's final checkpoint"
            case .all: "every checkpoint after the start of training"
            case .after(let f): "each run's checkpoints past \(String(format: "%g", f * 100)) % of its tokens"
            case .envelope: "the lower envelope of loss against compute across all checkpoints (Approach 1)"
            }
        if keep.count != table.rows.count || checkpoints != .final {
            let thinning =
                thinned == 0
                ? "" : ", thinned to at most \(perRun) per run log-evenly in tokens (\(thinned) runs thinned, \(before.grouped) rows before; --checkpoints-per-run 0 keeps every one)"
            notes.append(
                "\(order.count.grouped) runs by '\(table.columns[run])', \(table.rows.count.grouped) rows: fitted \(what) (\(keep.count.grouped) rows\(thinning)); --checkpoints final|all|after:F|envelope chooses"
            )
        }
        return keep.map { table.rows[$0] }
    }

    /// `count` of `rows` spread evenly in log position (tokens or steps) between the first and
    /// the last, each the row nearest its target and none twice; the first and last always kept.
    ///
    /// - Complexity: O(rows · log rows).
    static func logEven(_ rows: [Int], position: [Double], count: Int) -> [Int] {
        let sorted = rows.sorted { position[$0] < position[$1] || (position[$0] == position[$1] && $0 < $1) }
        let logs = sorted.map { log(position[$0]) }
        guard count >= 2, let lo = logs.first, let hi = logs.last, lo.isFinite, hi > lo else {
            return Array(sorted.suffix(max(count, 1)))
        }
        var picked = Set<Int>()
        var from = 0
        for k in 0..<count {
            let target = lo + (hi - lo) * Double(k) / Double(count - 1)
            // The nearest unpicked row at or after the last pick.
            while from + 1 < logs.count, abs(logs[from + 1] - target) <= abs(logs[from] - target) { from += 1 }
            var i = from
            while picked.contains(i), i + 1 < logs.count { i += 1 }
            picked.insert(i)
        }
        picked.insert(logs.count - 1)
        return picked.sorted().map { sorted[$0] }
    }

    /// The rows on the lower envelope of loss against compute: none with less or equal compute
    /// reaches a lower loss.
    func envelope() -> RunTable {
        let order = flops.indices.sorted {
            flops[$0] < flops[$1] || (flops[$0] == flops[$1] && losses[$0] < losses[$1])
        }
        var best = Double.infinity
        var keep: [Int] = []
        for i in order where losses[i] < best {
            best = losses[i]
            keep.append(i)
        }
        var copy = subset(keep.sorted())
        copy.notes.append("the lower envelope of loss against compute: \(keep.count) of \(count) rows (Approach 1)")
        return copy
    }

    /// A warning when a table without a run column has a step column and at least two model sizes
    /// each at three or more steps: checkpoints of runs (evaluation-derived losses are too noisy
    /// late in training for ``checkpointLook(parameters:tokens:losses:)``'s falling-loss test — 73 %
    /// of Pythia's five-shot LAMBADA perplexities fall from one checkpoint to the next).
    static func stepsLook(parameters: [Double], steps: [String], sizeColumn: String, stepColumn: String)
        -> FitWarning?
    {
        var stepsBySize: [Double: Set<String>] = [:]
        for (n, step) in zip(parameters, steps) {
            let s = step.trimmingCharacters(in: .whitespaces)
            if !s.isEmpty { stepsBySize[n, default: []].insert(s) }
        }
        guard stepsBySize.values.filter({ $0.count >= 3 }).count >= 2 else { return nil }
        return FitWarning(
            code: "looks-like-checkpoints",
            message:
                "\(parameters.count) rows share only \(stepsBySize.count) model sizes, each at several values of '\(stepColumn)': these look like checkpoints of training runs, each fitted here as a separate final run — if each size is one run, fit its final checkpoint with --column run=\(sizeColumn) --column N=\(sizeColumn)"
        )
    }

    /// A warning when rows look like checkpoints of a few runs: fewer distinct model sizes than a
    /// third of the rows; within a size, the loss falling as tokens grow, and tokens evenly spaced
    /// (evaluations every K steps, not a ladder's ×2 token counts) or at 10 or more values
    /// (issue 24: Pythia-like log-spaced checkpoints, 15–36 to a size, were not caught; no
    /// ladder we know trains one size at 10 token counts — Plateau's threshold).
    static func checkpointLook(parameters: [Double], tokens: [Double], losses: [Double]) -> FitWarning? {
        var bySize: [Double: [(Double, Double)]] = [:]
        for i in parameters.indices { bySize[parameters[i], default: []].append((tokens[i], losses[i])) }
        guard parameters.count >= 6, bySize.count * 3 <= parameters.count else { return nil }
        var falling = 0, pairs = 0, curves = 0, even = 0, dense = 0
        for points in bySize.values where points.count >= 4 {
            let sorted = points.sorted { $0.0 < $1.0 }
            for (a, b) in zip(sorted, sorted.dropFirst()) where b.0 > a.0 {
                pairs += 1
                if b.1 < a.1 { falling += 1 }
            }
            let gaps = zip(sorted, sorted.dropFirst()).map { $1.0 - $0.0 }.filter { $0 > 0 }
            curves += 1
            if let lo = gaps.min(), let hi = gaps.max(), hi <= 1.5 * lo { even += 1 }
            if Set(sorted.map(\.0)).count >= 10 { dense += 1 }
        }
        guard pairs >= 4, Double(falling) >= 0.8 * Double(pairs), curves > 0, even * 2 >= curves || dense * 2 >= curves
        else { return nil }
        return FitWarning(
            code: "looks-like-checkpoints",
            message:
                "\(parameters.count) rows share only \(bySize.count) model sizes and the loss falls as tokens grow, \(even * 2 >= curves ? "in even steps" : "at 10 or more token counts to a size"): these look like checkpoints of training runs, each fitted here as a separate final run — name the run column with --column run=NAME to fit each run's final loss"
        )
    }

    /// The runs left after removing the `k` with the highest loss (ties: all runs with a loss
    /// at or above the k-th highest are removed, as in Besiroglu et al. 2024's analysis).
    public func droppingHighestLosses(_ k: Int) -> RunTable {
        guard k > 0 else { return self }
        guard k < count else { return subset([]) }
        let cut = losses.sorted(by: >)[k - 1]
        var copy = subset(losses.indices.filter { losses[$0] < cut })
        copy.notes.append("dropped the \(count - copy.count) runs with the highest loss (loss ≥ \(String(format: "%.5g", cut)))")
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
        copy.runIDs = runIDs.map { r in indices.map { r[$0] } }
        copy.lines = indices.map { lines[$0] }
        copy.extras = extras.mapValues { column in indices.map { column[$0] } }
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
    /// Multipliers of columns whose header names a unit of count: `Model Size (B)` holds billions.
    private(set) var scales: [Int: Double] = [:]

    /// The multiplier a header's trailing parenthesis names — `(B)`, `(M)`, `(K)`, `(T)`, `(1E21)` —
    /// and the header without it; nil when it names none.
    static func unitScale(_ header: String) -> (name: String, scale: Double)? {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") else { return nil }
        let unit = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
            .trimmingCharacters(in: .whitespaces)
        let named: [String: Double] = ["k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9, "t": 1e12]
        let scale: Double? =
            named[unit.lowercased()] ?? (unit.lowercased().hasPrefix("1e") ? Double(unit.lowercased()) : nil)
        guard let scale, scale > 0, scale.isFinite else { return nil }
        return (String(trimmed[..<open]).trimmingCharacters(in: .whitespaces), scale)
    }

    /// The multiplier of a column's values (1 unless its header names a unit of count).
    func scale(of column: Int) -> Double { scales[column] ?? 1 }

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
        let unitless = table.columns.map { Self.unitScale($0).map { ColumnRole.normalize($0.name) } }
        let given = Set(columns.values)
        for role in ColumnRole.allCases where columns[role] == nil {
            let aliases = Set(role.aliases.map(ColumnRole.normalize))
            var candidates = normalized.indices.filter { aliases.contains(normalized[$0]) && !given.contains($0) }
            if candidates.isEmpty {
                candidates = unitless.indices.filter { i in
                    unitless[i].map { aliases.contains($0) } == true && !given.contains(i)
                }
            }
            if candidates.isEmpty {
                let fallback = Set(role.fallbackAliases.map(ColumnRole.normalize))
                candidates = normalized.indices.filter { fallback.contains(normalized[$0]) && !given.contains($0) }
            }
            if candidates.count > 1 {
                ambiguous[role] = candidates
            } else if let only = candidates.first {
                columns[role] = only
            }
        }
        // In the roles' order, not the dictionary's (its order changes from run to run).
        for role in [ColumnRole.parameters, .tokens, .flops] {
            guard let i = columns[role], let unit = Self.unitScale(table.columns[i]) else { continue }
            scales[i] = unit.scale
            notes.append(
                "read '\(table.columns[i])' as \(role.rawValue) × \(String(format: "%g", unit.scale)) (the unit in its header)"
            )
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
        // Several losses and none named plainly (Gadre et al.'s loss_c4_val, loss_openlm, …):
        // name them, so the user picks one (issue 26).
        let losses = role == .loss ? table.columns.filter(ColumnRole.looksLikeLoss) : []
        if let first = losses.first {
            return InputError(
                file: table.source, line: table.headerPositions.first?.line ?? 1, column: 1,
                problem: "\(problem); the table has \(losses.count) loss column\(losses.count == 1 ? "" : "s"): \(losses.prefix(8).map { "'\($0)'" }.joined(separator: ", "))\(losses.count > 8 ? ", …" : "")",
                remedy: "choose the one to fit with --column loss=\(ColumnExpression.column(first).description)")
        }
        // AI tokens are often a share of the tokens: say how to derive them.
        let derive = role == .aiTokens ? " (0 for a human-only run), or derive them from a share: --column 'A=ai_share*tokens'" : ""
        return InputError(
            file: table.source, line: table.headerPositions.first?.line ?? 1, column: 1, problem: problem,
            remedy:
                "rename the column or pass --column \(role.rawValue)=NAME\(derive); the columns are: \(table.columns.joined(separator: ", "))"
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

    /// A finite number ≥ 0 (a count that may be zero, such as a control run's AI tokens).
    func nonNegative(_ cell: DataTable.Cell, column: Int) throws -> Double {
        let text = cell.text?.trimmingCharacters(in: .whitespaces) ?? ""
        if let value = Quantity.parse(text), value == 0 { return 0 }
        if let value = Quantity.parse(text), value < 0, value.isFinite {
            throw InputError(
                file: table.source, line: cell.line, column: cell.column,
                problem: "\(table.columns[column]) is \(InputError.excerpt(text)), but a count of tokens is 0 or more",
                remedy: "correct the value or remove the run")
        }
        return try positive(cell, column: column)
    }

    /// A positive cell times its header's unit (`params (M)`), checked after the scaling too.
    func scaled(_ cell: DataTable.Cell, column: Int, by scale: Double) throws -> Double {
        let value = try positive(cell, column: column)
        guard scale != 1 else { return value }
        return try Self.derived(
            value * scale, table.columns[column], from: "the cell × \(scale) (its header's unit)", file: table.source,
            cell: cell)
    }

    /// A value computed from checked cells (C = 6·N·D, D = step × K or C/(6N), a header's unit
    /// times a cell), held to the range a read value is: an overflow is an error at `cell` naming
    /// the inputs, never an infinity that a later computation loops on.
    static func derived(
        _ value: Double, _ what: String, from inputs: String, file: String, cell: DataTable.Cell
    ) throws -> Double {
        guard value >= 1e-300 && value <= 1e300 else {
            throw InputError(
                file: file, line: cell.line, column: cell.column,
                problem:
                    "\(what) = \(inputs) is \(value.isFinite ? "\(value)" : "not finite"), outside 1e-300…1e300",
                remedy: "check the units and exponents of the values it is computed from on this row")
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
