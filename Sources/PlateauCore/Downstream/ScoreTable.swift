import Foundation

/// Evaluation scores of models (or checkpoints of runs), with each model's training compute:
/// the input of the downstream analysis, read from any table of either common shape — one row
/// per model with a column per benchmark (ObsScaling), or evaluation-harness output flattened to
/// one row per checkpoint (`<task>_acc`, `<task>_acc_stderr`, `<task>_acc_norm`).
package struct ScoreTable: Sendable {
    package struct Model: Sendable {
        package var name: String
        /// The training run the row is a checkpoint of (the run column), when there is one.
        package var run: String?
        package var family: String?
        package var parameters: Double?
        package var flops: Double
        /// The loss column, for the two-step law.
        package var loss: Double?
        /// The row's line in the file.
        package var line: Int

        package init(
            name: String, run: String? = nil, family: String? = nil, parameters: Double? = nil, flops: Double,
            loss: Double? = nil, line: Int = 0
        ) {
            self.name = name
            self.run = run
            self.family = family
            self.parameters = parameters
            self.flops = flops
            self.loss = loss
            self.line = line
        }
    }

    /// Where a task's chance rate came from.
    package enum ChanceSource: String, Sendable, Codable {
        /// `--chance TASK=P`.
        case given
        /// The benchmark's number of choices (``KnownTask``).
        case known
        /// Not known: 0 assumed (generation tasks, or a benchmark Plateau does not know).
        case assumed
        /// The bundled table's own column.
        case table
    }

    package struct Task: Sendable {
        /// The column's name.
        package var name: String
        package var chance: Double
        package var chanceSource: ChanceSource
        /// One score per model (a fraction), nil where the cell is empty.
        package var scores: [Double?]
        /// Standard errors from the table's `<column>_stderr` column, as fractions.
        package var standardErrors: [Double?]?
        /// The benchmark's number of questions when known (for a binomial standard error).
        package var examples: Int?
        /// The column held percentages (0–100) and was divided by 100.
        package var percent = false

        package init(
            name: String, chance: Double, chanceSource: ChanceSource, scores: [Double?],
            standardErrors: [Double?]? = nil, examples: Int? = nil
        ) {
            self.name = name
            self.chance = chance
            self.chanceSource = chanceSource
            self.scores = scores
            self.standardErrors = standardErrors
            self.examples = examples
        }
    }

    package struct Options: Sendable {
        /// The score columns to use; nil: detected (see ``init(table:options:)``).
        package var tasks: [String]?
        /// Chance rates by column or by task name (`piqa` covers `piqa_acc` and `piqa_acc_norm`).
        package var chance: [String: Double] = [:]
        package var overrides: [ColumnRole: String] = [:]
        /// Tokens per optimiser step, for tables with steps and no tokens.
        package var tokensPerStep: Double?
        /// Detect only harness metric columns and benchmarks Plateau knows (for a report on a
        /// table read for its runs, where a learning-rate column must not become a task).
        package var namedScoresOnly = false
        /// Keep rows flagged as implausible (more than 100,000 training tokens per parameter);
        /// by default they are left out of every trend and verdict, with the warning that names
        /// them (issue 26: a flagged row still decided a task's "flattening").
        package var keepFlagged = false
        package init() {}
    }

    package var source: String
    package var models: [Model]
    package var tasks: [Task]
    package var notes: [String] = []
    package var warnings: [FitWarning] = []

    package init(source: String, models: [Model], tasks: [Task], notes: [String] = []) {
        self.source = source
        self.models = models
        self.tasks = tasks
        self.notes = notes
    }

    /// Whether any model has a run that other rows share (checkpoints of runs).
    package var hasCheckpoints: Bool {
        let runs = models.compactMap(\.run)
        return Set(runs).count < runs.count
    }

    /// Whether the models carry a family (a group column with more than one value).
    package var families: [String] {
        var seen: [String] = []
        for f in models.compactMap(\.family) where !seen.contains(f) { seen.append(f) }
        return seen.count > 1 ? seen : []
    }

    /// Training settings that look like scores (numbers in 0…1) and never are.
    static let hyperparameters: Set<String> = [
        "lr", "learningrate", "maxlr", "minlr", "wd", "weightdecay", "dropout", "warmup", "warmupsteps", "seed",
        "epoch", "epochs", "batchsize", "bs", "beta1", "beta2", "eps", "gradclip", "momentum",
    ]

    /// Metric suffixes of evaluation-harness columns; when a table has columns ending in one, only
    /// those are tasks.
    package static let metricSuffixes = [
        "_acc_norm", "_acc", "_exact_match", "_em", "_f1", "_bleu", "_mc1", "_mc2", "_pass@1", "_accuracy",
    ]

    /// Reads `table`. Compute is the C column, else 6·N·D, else 6·N·step·K with
    /// `tokensPerStep`; rows without compute (empty cells, a step-0 checkpoint) are left out and
    /// counted in the notes. Tasks are `options.tasks`, else the columns named like harness
    /// metrics (`_acc`, `_acc_norm`, `_exact_match`, …; `X_acc` over `X_acc_norm` when both are
    /// there), else every other numeric column whose values lie in 0…100 and are not all whole
    /// numbers above 1. A column whose largest value is above 1 holds percentages.
    ///
    /// - Throws: ``InputError`` (file, line, column) for a missing compute source, a named task
    ///   that is not a column, a score that is not a number or outside 0…100.
    package init(table: DataTable, options: Options = Options()) throws {
        let mapping = try ColumnMapping(table: table, overrides: options.overrides)
        source = table.source
        notes = table.notes + mapping.notes
        let n = try mapping.column(.parameters), d = try mapping.column(.tokens), c = try mapping.column(.flops)
        let step = try mapping.column(.step), run = try mapping.column(.run), family = try mapping.column(.group)
        let loss = try mapping.column(.loss)
        guard c != nil || (n != nil && (d != nil || (step != nil && options.tokensPerStep != nil))) else {
            let hint =
                n != nil && step != nil
                ? "the table has steps but no tokens: give --tokens-per-step K (D = step × K)"
                : "name them with --column C=NAME or --column N=… --column D=…"
            throw InputError(
                file: table.source, line: table.headerPositions.first?.line ?? 1, column: 1,
                problem: "no training compute: needs a compute column, or parameters and tokens", remedy: hint)
        }
        let reader = ScoreCellReader(table: table)
        let used = Set([n, d, c, step, run, family, loss].compactMap { $0 })
        // Rows and their compute.
        var kept: [Int] = []
        var rowModels: [Model] = []
        var noCompute = 0, zeroCompute = 0
        var implausible: [String] = []
        for (i, row) in table.rows.enumerated() {
            let value = { (col: Int?) throws -> Double? in
                guard let col else { return nil }
                return try reader.number(row[col], column: col).map { $0 * mapping.scale(of: col) }
            }
            let nv = try value(n)
            var flops = try value(c)
            let dv = try value(d)
            if let nv, let dv, nv > 0, dv / nv > 100_000 {
                let label = run.flatMap { row[$0].text } ?? "line \(row.first?.line ?? 0)"
                implausible.append("\(label) (\(NumberText.si(dv)) tokens for \(NumberText.si(nv)) parameters)")
                if !options.keepFlagged { continue }
            }
            if flops == nil, let nv {
                if let dv {
                    flops = 6 * nv * dv
                } else if let k = options.tokensPerStep, let sv = try value(step) {
                    flops = 6 * nv * sv * k
                }
            }
            // Zero compute (step 0) is counted below; a positive one must stay in range, read or
            // derived: an overflow to infinity would hang the fits downstream.
            if let given = flops, given > 0 {
                let col = c ?? n!
                let from = c != nil ? table.columns[col] : d != nil ? "6·N·D" : "6·N·step·\(options.tokensPerStep ?? 1)"
                _ = try CellReader.derived(given, "C", from: from, file: table.source(of: col), cell: row[col])
            }
            guard let flops else {
                noCompute += 1
                continue
            }
            guard flops > 0 else {
                zeroCompute += 1
                continue
            }
            let stepText = step.flatMap { row[$0].text?.trimmingCharacters(in: .whitespaces) }
            // Without a run column, rows of one size (and family) at several steps are checkpoints
            // of one run, named by its size; kept below only when a size does repeat.
            let inferredRun =
                run == nil && stepText?.isEmpty == false
                ? n.flatMap { col in
                    (row[col].text?.trimmingCharacters(in: .whitespaces)).map { size in
                        family.flatMap { row[$0].text }.map { "\($0) \(size)" } ?? size
                    }
                } : nil
            let runName = run.flatMap { row[$0].text?.trimmingCharacters(in: .whitespaces) } ?? inferredRun
            var name = runName ?? "row \(row.first?.line ?? i + 2)"
            if let stepText, !stepText.isEmpty, runName != nil { name += " step \(stepText)" }
            let lossValue = try value(loss)
            if let lossValue, !(lossValue > 0 && lossValue.isFinite) {
                let cell = row[loss!]
                throw InputError(
                    file: table.source(of: loss!), line: cell.line, column: cell.column,
                    problem: "\(table.columns[loss!]) is \(cell.text ?? ""), but a loss must be positive",
                    remedy: "correct the value or choose the loss with --column loss=NAME")
            }
            kept.append(i)
            rowModels.append(
                Model(
                    name: name, run: runName, family: family.flatMap { row[$0].text }, parameters: nv, flops: flops,
                    loss: lossValue, line: row.first?.line ?? i + 2))
        }
        if !implausible.isEmpty {
            warnings.append(
                FitWarning(
                    code: "implausible-tokens-per-parameter",
                    message:
                        "more than 100,000 training tokens per parameter: \(implausible.prefix(5).joined(separator: ", "))\(options.keepFlagged ? ", kept (--keep-flagged)" : ", left out of every trend and verdict") — check the unit of the data column (its compute may be wrong too)\(options.keepFlagged ? "" : "; --keep-flagged keeps \(implausible.count == 1 ? "it" : "them")")"
                ))
        }
        if noCompute > 0 {
            notes.append(
                "left out \(noCompute) row\(noCompute == 1 ? "" : "s") without training compute (an empty cell)")
        }
        if zeroCompute > 0 {
            notes.append(
                "left out \(zeroCompute) row\(zeroCompute == 1 ? "" : "s") at step 0 (no training compute yet)")
        }
        guard !rowModels.isEmpty else {
            throw InputError(
                file: table.source, problem: "no row has training compute",
                remedy: "fill in the compute (or parameters and tokens) of the models")
        }
        if run == nil, let sizes = n, let steps = step, rowModels.contains(where: { $0.run != nil }) {
            let runs = rowModels.compactMap(\.run)
            if Set(runs).count < runs.count {
                notes.append(
                    "no run column: read the rows of each '\(table.columns[sizes])' value\(family.map { " and '\(table.columns[$0])'" } ?? "") at several '\(table.columns[steps])' values as checkpoints of one run (\(Set(runs).count) runs) — name the run column with --column run=NAME if that is wrong"
                )
            } else {
                for k in rowModels.indices {
                    rowModels[k].run = nil
                    rowModels[k].name = "row \(rowModels[k].line)"
                }
            }
        }
        models = rowModels
        let rows = kept.map { table.rows[$0] }

        // Which columns are tasks.
        let columns = try Self.taskColumns(table, rows: rows, used: used, options: options, notes: &notes)
        var scaleWarnings: [FitWarning] = []
        tasks = try columns.map { col in
            let name = table.columns[col]
            var values = try rows.map { try reader.number($0[col], column: col) }
            let present = values.compactMap { $0 }
            for (r, v) in zip(rows, values) {
                guard let v, v < 0 || v > 100 else { continue }
                let cell = r[col]
                throw InputError(
                    file: table.source(of: col), line: cell.line, column: cell.column,
                    problem: "score \(name) is \(cell.text ?? ""), outside 0…1 (or 0…100 for percentages)",
                    remedy: "correct the value, or leave the column out with --tasks")
            }
            // The column's scale is decided by its values as a whole (issue 24: 11 corrupt cells
            // above 1 in 1,708 fractions divided the whole column by 100). Mostly above 1:
            // percentages. A few above 1 (≤ 5 %): fractions with those cells out of range, left
            // out and listed. In between: percentages, with a warning that the scale is unclear.
            let above = values.indices.filter { (values[$0] ?? 0) > 1 }
            let share = present.isEmpty ? 0 : Double(above.count) / Double(present.count)
            let percent = share > 0.05
            if percent {
                values = values.map { $0.map { $0 / 100 } }
                if share <= 0.5 {
                    scaleWarnings.append(
                        FitWarning(
                            code: "scores-scale-unclear",
                            message:
                                "\(name): \(above.count) of \(present.count) scores are above 1 and the rest below — read as percentages (0–100); if the column holds fractions, the scores above 1 are corrupt: correct them or leave the column out with --tasks"
                        ))
                }
            } else if !above.isEmpty {
                let lines = above.prefix(5).map { String(rows[$0][col].line) }.joined(separator: ", ")
                scaleWarnings.append(
                    FitWarning(
                        code: "scores-out-of-range",
                        message:
                            "\(name): \(above.count) of \(present.count) scores are above 1 in a column of fractions (line\(above.count == 1 ? "" : "s") \(lines)\(above.count > 5 ? ", …" : "")) — left out, not read as percentages; correct them in the source"
                    ))
                for i in above { values[i] = nil }
            }
            let errorColumn = table.columns.firstIndex(of: Self.standardErrorName(name))
            let errors = try errorColumn.map { e in
                try rows.map { try reader.number($0[e], column: e).map { percent ? $0 / 100 : $0 } }
            }
            let known = KnownTask.match(name)
            let given = options.chance[name] ?? options.chance[KnownTask.base(name)]
            let chance: Double, origin: ChanceSource
            if let given {
                (chance, origin) = (given, .given)
            } else if let known {
                (chance, origin) = (known.chance, .known)
            } else {
                (chance, origin) = (0, .assumed)
            }
            var task = Task(
                name: name, chance: chance, chanceSource: origin, scores: values, standardErrors: errors,
                examples: known?.examples)
            task.percent = percent
            return task
        }
        warnings += scaleWarnings
        // Issue 24: 0-shot and 5-shot evaluations of one checkpoint were read as two checkpoints
        // of its run. Rows of one run at one step that differ in a setting (a column that is
        // neither used, a task nor a task's standard error, with few distinct values) are an
        // error naming it.
        if let step {
            let scored = Set(columns + columns.compactMap { table.columns.firstIndex(of: Self.standardErrorName(table.columns[$0])) })
            let settings = RunTable.settingColumns(table, excluding: used.union(scored))
            var seen: [String: Int] = [:]
            for (k, row) in rows.enumerated() {
                guard let runName = rowModels[k].run, let at = row[step].text?.trimmingCharacters(in: .whitespaces) else {
                    continue
                }
                let key = runName + "\u{1}" + at
                guard let j = seen[key] else {
                    seen[key] = k
                    continue
                }
                if let column = settings.first(where: { (row[$0].text ?? "") != (rows[j][$0].text ?? "") }) {
                    throw RunTable.twoMeasurements(
                        table, rows[j], row, differIn: column, run: runName, at: table.columns[step], at)
                }
            }
        }
        // A chance rate for a task that is not analysed is a typo, not a setting to ignore.
        let analysed = Set(tasks.flatMap { [$0.name, KnownTask.base($0.name)] })
        if let unknown = options.chance.keys.sorted().first(where: { !analysed.contains($0) }) {
            throw InputError(
                file: table.source, line: table.headerPositions.first?.line ?? 1, column: 1,
                problem: "--chance names '\(InputError.excerpt(unknown))', which is not a task of this table",
                remedy: "the tasks are \(tasks.prefix(12).map(\.name).joined(separator: ", "))\(tasks.count > 12 ? ", …" : "")")
        }
        let percentTasks = tasks.filter(\.percent).map(\.name)
        if !percentTasks.isEmpty {
            notes.append("read \(percentTasks.joined(separator: ", ")) as percentages (values above 1)")
        }
        let assumed = tasks.filter { $0.chanceSource == .assumed }.map(\.name)
        if !assumed.isEmpty {
            notes.append(
                "chance rate taken as 0 for \(assumed.joined(separator: ", ")) (not a benchmark Plateau knows): give --chance TASK=P for multiple-choice tasks"
            )
        }
        for task in tasks {
            let values = task.scores.compactMap { $0 }
            let below = values.filter { $0 < task.chance - 0.02 }.count
            guard values.count >= 3, Double(below) > 0.5 * Double(values.count) else { continue }
            warnings.append(
                FitWarning(
                    code: "below-chance",
                    message:
                        "\(task.name): \(below) of \(values.count) scores sit more than 2 points below its chance rate \(String(format: "%g", task.chance)) (\(task.chanceSource.rawValue)) — give the right one with --chance \(KnownTask.base(task.name))=P"
                ))
        }
    }

    /// A column's name without the filter suffix of evaluation-harness 0.4 keys (`acc,none`).
    static func stem(_ column: String) -> String {
        column.hasSuffix(",none") ? String(column.dropLast(5)) : column
    }

    /// The standard-error column of a score column: `X_stderr`, or `X_stderr,none` for `X,none`.
    static func standardErrorName(_ column: String) -> String {
        column.hasSuffix(",none") ? stem(column) + "_stderr,none" : column + "_stderr"
    }

    /// The columns holding scores (see ``init(table:options:)``).
    static func taskColumns(
        _ table: DataTable, rows: [[DataTable.Cell]], used: Set<Int>, options: Options, notes: inout [String]
    ) throws -> [Int] {
        let before = notes.count
        let tasks = try findTasks(table, rows: rows, used: used, options: options, notes: &notes)
        guard options.tasks == nil else { return tasks }
        // Issue 24: every column neither used nor a task is named, with why — unless a note above
        // already named it.
        let named = notes[before...].joined()
        let unused = unassigned(table, used: used).filter { !tasks.contains($0) && !named.contains("'\(table.columns[$0])'") }
        guard !unused.isEmpty else { return tasks }
        let reasons = unused.map { i -> String in
            let texts = rows.compactMap { $0[i].text?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let values = texts.compactMap(Quantity.parse).filter { !$0.isNaN }
            let why: String
            let stem = Self.stem(table.columns[i])
            if hyperparameters.contains(ColumnRole.normalize(table.columns[i])) {
                why = "a setting"
            } else if let reason = Self.notAScore(table.columns[i]) {
                why = reason
            } else if stem.hasSuffix("_acc_norm"), tasks.contains(where: { Self.stem(table.columns[$0]) == stem.dropLast(5) }) {
                why = "the task is read by its _acc"
            } else if Set(texts).count <= 1 {
                why = "constant"
            } else if values.count * 2 < texts.count {
                why = "text"
            } else if values.contains(where: { $0 > 100 }) {
                why = "values above 100: not a score in 0…1 or 0…100"
            } else if values.allSatisfy({ $0 == $0.rounded() }) && (values.max() ?? 0) > 1 {
                why = "whole numbers: counts, not scores"
            } else if options.namedScoresOnly && KnownTask.match(table.columns[i]) == nil {
                why = "not a known benchmark name beside a loss column"
            } else {
                why = "not a score"
            }
            return "'\(InputError.excerpt(table.columns[i]))' (\(why))"
        }
        notes.append(
            "not used: \(reasons.prefix(8).joined(separator: ", "))\(reasons.count > 8 ? ", and \(reasons.count - 8) more" : "") — name a column with --tasks to read it as scores, or with --column ROLE=NAME"
        )
        return tasks
    }

    /// Why a column is not an accuracy by its name, or nil: a loss or perplexity, an error rate,
    /// a ratio of the run's design (Plateau's list of name patterns).
    static func notAScore(_ name: String) -> String? {
        // A metric suffix (_acc, _em, …) makes it a task whatever else the name holds.
        if metricSuffixes.contains(where: { stem(name).lowercased().hasSuffix($0) }) { return nil }
        let n = ColumnRole.normalize(name)
        if ColumnRole.looksLikeLoss(name) || n.contains("ppl") || n.contains("perplexity") {
            return "a loss or perplexity, not a score"
        }
        if n.hasPrefix("err") || n.hasSuffix("err") || n.hasSuffix("error") {
            return "an error rate, not an accuracy (name it with --tasks to read it as a score anyway)"
        }
        if n.hasSuffix("multiplier") || n.contains("tokensperparam") || n.hasSuffix("ratio") {
            return "a ratio of the run's design"
        }
        return nil
    }

    /// The table's own columns that no role took: not a pandas index, not a standard error, not
    /// joined from another table (which brings the models' compute, not tasks).
    static func unassigned(_ table: DataTable, used: Set<Int>) -> [Int] {
        table.columns.indices.filter {
            !used.contains($0) && table.columns[$0] != "(index)" && !stem(table.columns[$0]).hasSuffix("_stderr")
                && table.source(of: $0) == table.source
        }
    }

    static func findTasks(
        _ table: DataTable, rows: [[DataTable.Cell]], used: Set<Int>, options: Options, notes: inout [String]
    ) throws -> [Int] {
        if let named = options.tasks {
            let columns = try named.map { name in
                guard
                    let i = table.columns.firstIndex(of: name)
                        ?? table.columns.firstIndex(where: {
                            $0.lowercased() == name.lowercased()
                        })
                else {
                    throw InputError(
                        file: table.source, line: table.headerPositions.first?.line ?? 1, column: 1,
                        problem: "no column '\(name)' (given with --tasks)",
                        remedy: "the columns are: \(table.columns.joined(separator: ", "))")
                }
                return i
            }
            // `--tasks MMLU,mmlu` names one column twice: analyse it once, and say so.
            let unique = columns.uniqued()
            if unique.count < columns.count {
                notes.append(
                    "merged repeated names in --tasks: \(unique.map { table.columns[$0] }.joined(separator: ", ")) (each analysed once)")
            }
            return unique
        }
        // Losses, error rates and ratios are not accuracies (issue 26: Gadre et al.'s loss_c4_val,
        // err_avg_17 and chinchilla_multiplier were read as tasks).
        let candidates = unassigned(table, used: used).filter { Self.notAScore(table.columns[$0]) == nil }
        let suffixed = candidates.filter { i in
            metricSuffixes.contains { stem(table.columns[i]).lowercased().hasSuffix($0) }
        }
        if !suffixed.isEmpty {
            // X_acc over X_acc_norm: the harness's primary metric.
            let names = Set(suffixed.map { stem(table.columns[$0]) })
            let normalized = suffixed.filter {
                let name = stem(table.columns[$0])
                return name.hasSuffix("_acc_norm") && names.contains(String(name.dropLast(5)))
            }
            if !normalized.isEmpty {
                notes.append(
                    "\(normalized.count) tasks have both _acc and _acc_norm: used _acc (name others with --tasks)")
            }
            // Issue 24: columns of scores without a metric suffix (a BIG-bench task on 0–100,
            // `_len_norm` accuracies) were dropped without a word beside the suffixed ones.
            let unsuffixed = candidates.filter { i in
                guard !suffixed.contains(i), !hyperparameters.contains(ColumnRole.normalize(table.columns[i])) else {
                    return false
                }
                let values = rows.compactMap { Quantity.parse($0[i].text ?? "") }.filter { !$0.isNaN }
                let counts = values.allSatisfy { $0 == $0.rounded() } && (values.max() ?? 0) > 1
                return values.count >= 2 && Set(values).count >= 2 && values.allSatisfy { $0 >= 0 && $0 <= 100 } && !counts
            }
            if !unsuffixed.isEmpty {
                let shown = unsuffixed.prefix(6).map { "'\(table.columns[$0])'" }.joined(separator: ", ")
                notes.append(
                    "not read as tasks: \(shown)\(unsuffixed.count > 6 ? ", …" : "") — scores without a metric suffix (_acc, _acc_norm, …) beside columns that have one; name them with --tasks to include them"
                )
            }
            return suffixed.filter { !normalized.contains($0) }
        }
        var outOfRange: [String] = []
        var badCells: [String] = []
        let found = candidates.filter { col in
            if options.namedScoresOnly && KnownTask.match(table.columns[col]) == nil { return false }
            if hyperparameters.contains(ColumnRole.normalize(table.columns[col])) { return false }
            // 'nan' is how harnesses write a missing score: missing here too, as the cell reader has it.
            let values = rows.compactMap { Quantity.parse($0[col].text ?? "") }.filter { !$0.isNaN }
            // A constant column (a learning rate, a flag) says nothing about scaling.
            guard values.count >= 2, Set(values).count >= 2 else { return false }
            guard values.allSatisfy({ $0 >= 0 && $0 <= 100 && $0.isFinite }) else {
                // Differences between scores (ObsScaling's post-training gains) go below 0.
                if values.contains(where: { $0 < 0 }) && values.allSatisfy({ $0 >= -100 && $0 <= 100 }) {
                    outOfRange.append(table.columns[col])
                } else if let r = rows.firstIndex(where: {
                    Quantity.parse($0[col].text ?? "").map { !$0.isNaN && !($0 >= 0 && $0 <= 100) } == true
                }), values.filter({ $0 >= 0 && $0 <= 100 }).count * 2 > values.count {
                    // Mostly scores, with a cell no score can be (150, nan): say which, not nothing.
                    let cell = rows[r][col]
                    badCells.append(
                        "'\(InputError.excerpt(table.columns[col]))' (line \(cell.line): \(InputError.excerpt(cell.text ?? "")))")
                }
                return false
            }
            let counts = values.allSatisfy { $0 == $0.rounded() } && (values.max() ?? 0) > 1
            return !counts
        }
        if !badCells.isEmpty {
            let shown = badCells.prefix(5).joined(separator: ", ")
            notes.append(
                "left out \(badCells.count) column\(badCells.count == 1 ? "" : "s") of scores with a value outside 0…100 (\(shown)\(badCells.count > 5 ? ", …" : "")) — correct the cell, or name the column with --tasks to see every bad cell"
            )
        }
        if !outOfRange.isEmpty {
            let shown = outOfRange.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
            notes.append(
                "left out \(outOfRange.count) column\(outOfRange.count == 1 ? "" : "s") with negative values (\(shown)\(outOfRange.count > 5 ? ", …" : "")): not scores in 0…1 — differences of scores cannot be fitted as accuracies"
            )
        }
        guard !found.isEmpty else {
            throw InputError(
                file: table.source, line: table.headerPositions.first?.line ?? 1, column: 1,
                problem: "no score columns (numbers in 0…1 or 0…100 besides the model, size and compute columns)",
                remedy: "name them with --tasks COLUMN,COLUMN")
        }
        return found
    }
}

/// Reads optional numbers with located errors.
struct ScoreCellReader {
    let table: DataTable

    /// The cell's number; nil when the cell is empty.
    func number(_ cell: DataTable.Cell, column: Int) throws -> Double? {
        guard let text = cell.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty, text.lowercased() != "nan"
        else { return nil }
        guard let v = Quantity.parse(text), v.isFinite else {
            throw InputError(
                file: table.source(of: column), line: cell.line, column: cell.column,
                problem: "\(table.columns[column]) '\(InputError.excerpt(text))' is not a number",
                remedy: "write a number or leave the cell empty")
        }
        return v
    }
}

/// Chance rates and sizes of common benchmarks, for the at-chance test when a table gives
/// neither: multiple-choice tasks guess 1 in k; generation tasks are 0.
package struct KnownTask: Sendable {
    package var names: [String]
    package var chance: Double
    /// Questions in the split evaluation harnesses score (test, or validation where the test's
    /// labels are hidden).
    package var examples: Int?

    package static let all: [KnownTask] = [
        // MMLU-Pro (Wang et al. 2024): 12,032 questions of ten options; before MMLU, which it
        // would otherwise match by prefix.
        KnownTask(names: ["mmlupro"], chance: 0.1, examples: 12032),
        KnownTask(names: ["mmlu", "hendryckstest"], chance: 0.25, examples: 14042),
        // GPQA (Rein et al. 2023): four options; main, diamond and extended sets differ in size.
        KnownTask(names: ["gpqa"], chance: 0.25, examples: nil),
        KnownTask(names: ["arcc", "arcchallenge"], chance: 0.25, examples: 1172),
        KnownTask(names: ["arce", "arceasy"], chance: 0.25, examples: 2376),
        KnownTask(names: ["hellaswag"], chance: 0.25, examples: 10042),
        KnownTask(names: ["xwinograd"], chance: 0.5, examples: nil),
        KnownTask(names: ["winogrande", "winograd"], chance: 0.5, examples: 1267),
        KnownTask(names: ["piqa"], chance: 0.5, examples: 1838),
        KnownTask(names: ["sciq"], chance: 0.25, examples: 1000),
        KnownTask(names: ["openbookqa"], chance: 0.25, examples: 500),
        KnownTask(names: ["logiqa"], chance: 0.25, examples: 651),
        KnownTask(names: ["boolq"], chance: 0.5, examples: 3270),
        KnownTask(names: ["copa"], chance: 0.5, examples: 100),
        KnownTask(names: ["wsc"], chance: 0.5, examples: 104),
        KnownTask(names: ["lambada"], chance: 0, examples: 5153),
        KnownTask(names: ["gsm8k"], chance: 0, examples: 1319),
        KnownTask(names: ["humaneval"], chance: 0, examples: 164),
        // Names Epoch AI's benchmark tables use (`benchmarks`): ARC (AI2), ANLI's three classes,
        // CommonsenseQA 2.0's yes/no, ScienceQA's mostly four options.
        KnownTask(names: ["arcai2"], chance: 0.25, examples: nil),
        KnownTask(names: ["anli"], chance: 1.0 / 3, examples: nil),
        KnownTask(names: ["csqa2"], chance: 0.5, examples: nil),
        KnownTask(names: ["scienceqa"], chance: 0.25, examples: nil),
    ]

    /// A column's task name: without a harness metric suffix.
    package static func base(_ column: String) -> String {
        let stem = ScoreTable.stem(column)
        for suffix in ScoreTable.metricSuffixes where stem.lowercased().hasSuffix(suffix) {
            return String(stem.dropLast(suffix.count))
        }
        return stem
    }

    /// The benchmark a column scores, by its name without metric suffix, case, `_`, `-`, spaces
    /// and the `leaderboard_` prefix of the Open LLM Leaderboard's harness tasks.
    package static func match(_ column: String) -> KnownTask? {
        var key = base(column).lowercased().filter { $0.isLetter || $0.isNumber }
        if key.hasPrefix("leaderboard") { key.removeFirst("leaderboard".count) }
        return all.first { $0.names.contains { key == $0 || key.hasPrefix($0) } }
    }
}

extension DataTable {
    /// This table with the columns of `other` it lacks, matched row by row on the key column
    /// (`key`, else the model or run column of each); rows without a match get empty cells.
    ///
    /// - Throws: ``InputError`` when either table has no key column.
    public func joined(with other: DataTable, on key: String?) throws -> DataTable {
        func keyColumn(_ t: DataTable) throws -> Int {
            if let key {
                guard let i = t.columnIndex(named: key) else {
                    throw InputError(
                        file: t.source, line: t.headerPositions.first?.line ?? 1, column: 1,
                        problem: "no column '\(key)' to join on",
                        remedy: "the columns are: \(t.columns.joined(separator: ", "))")
                }
                return i
            }
            let mapping = try ColumnMapping(table: t, overrides: [:])
            guard let i = try mapping.column(.run) else { throw mapping.missing(.run) }
            return i
        }
        let mine = try keyColumn(self), theirs = try keyColumn(other)
        let added = other.columns.indices.filter { $0 != theirs && columnIndex(named: other.columns[$0]) == nil }
        var index: [String: Int] = [:]
        for (i, row) in other.rows.enumerated() {
            let k = row[theirs].text?.trimmingCharacters(in: .whitespaces) ?? ""
            if index[k] == nil { index[k] = i }
        }
        var out = self
        for (k, j) in added.enumerated() { out.columnSources[columns.count + k] = other.source(of: j) }
        out.columns += added.map { other.columns[$0] }
        out.headerPositions += added.map { other.headerPositions[$0] }
        var unmatched = 0
        out.rows = rows.map { row in
            let k = row[mine].text?.trimmingCharacters(in: .whitespaces) ?? ""
            guard let j = index[k] else {
                unmatched += 1
                return row + added.map { _ in DataTable.Cell(text: nil, line: row.first?.line ?? 0, column: 0) }
            }
            return row + added.map { other.rows[j][$0] }
        }
        out.notes.append(
            "joined \(added.count) columns of \(other.source) on '\(columns[mine])'"
                + (unmatched > 0 ? " (\(unmatched) rows without a match)" : ""))
        return out
    }
}
