import Foundation

extension LawVariable {
    /// The table column that holds the variable.
    public var role: ColumnRole? {
        switch self {
        case .N: .parameters
        case .D: .tokens
        case .C: .flops
        case .U: .uniqueTokens
        case .L: .loss
        case .k: nil
        case .E: .experts
        case .S: .step
        case .A: .aiTokens
        }
    }
}

extension LawVariable {
    /// The variables a runs table holds beside N, D, C and the loss, read only when a law needs them.
    public static let extraColumns: [LawVariable] = [.U, .E, .S, .A]
}

/// What a law is fitted to: the inputs of each observation, the observed value, and the run it
/// belongs to (bootstraps resample runs; back-tests hold runs out whole).
public struct LawSample: Sendable {
    /// The file or dataset the observations came from.
    public var source: String
    public var points: [LawPoint]
    /// The observed losses (or scores).
    public var observed: [Double]
    /// A key per observation naming its run (its own position when the table has no run column).
    public var runKeys: [String]
    /// The run column's values, when the table has one.
    public var runIDs: [String]?
    /// Group labels (kept together by the bootstrap), when the table has a group column.
    public var groups: [String]?
    /// The source line of each observation.
    public var lines: [Int]
    public var notes: [String]
    /// Problems with the data that a user should see with any fit of it.
    public var warnings: [FitWarning]

    public var count: Int { observed.count }

    /// The largest scale among the observations (``LawPrediction/scale(_:law:)``): predictions
    /// beyond it are extrapolations.
    public func largestScale(for law: any CatalogLaw) -> Double? {
        points.map { LawPrediction.scale($0, law: law) }.max()
    }

    /// Why these observations cannot place `law`'s compute-optimal frontier, or nil: a law of N
    /// and D needs at least 3 distinct model sizes and 3 distinct token counts (to 1 % in log₁₀,
    /// Plateau's rule): with fewer, the exponent and coefficient
    /// of that input are not identified, so neither is the split of compute between N and D
    /// (issue 24: one token count, β at its start value, and a plan printed anyway).
    public func frontierUnidentified(for law: any CatalogLaw) -> FitWarning? {
        guard law.isLawOfNAndD else { return nil }
        for (variable, what, remedy) in [(LawVariable.N, "model size", "sizes"), (.D, "token count", "lengths")] {
            let distinct = Set(points.map { Double.log10($0[variable]).rounded(toPlaces: 2) })
            guard distinct.count < 3 else { continue }
            return FitWarning(
                code: "frontier-not-identified",
                message:
                    "\(distinct.count == 1 ? "one \(what)" : "only \(distinct.count) distinct \(what)s") among the \(count) observations: the law's terms in \(variable.rawValue) are not identified, so neither is the compute-optimal split of a budget between N and D — no frontier exponent, N_opt, D_opt or plan is given; add runs of other \(remedy)"
            )
        }
        return nil
    }

    /// The lowest and highest observation.
    public var observedRange: ClosedRange<Double>? {
        guard let lo = observed.min(), let hi = observed.max() else { return nil }
        return lo...hi
    }

    /// Observations from code: every observation its own run.
    public init(points: [LawPoint], observed: [Double], source: String = "data") {
        precondition(points.count == observed.count, "one observation per point")
        self.source = source
        self.points = points
        self.observed = observed
        runKeys = observed.indices.map { "#\($0)" }
        lines = observed.indices.map { $0 + 2 }
        notes = []
        warnings = []
    }

    /// The losses of runs: N, D, C and L of every row, and U, E and S when the table has them.
    public init(runs: RunTable) {
        source = runs.source
        points = runs.losses.indices.map { i in
            var p = LawPoint(N: runs.parameters[i], D: runs.tokens[i], C: runs.flops[i], L: runs.losses[i])
            for v in LawVariable.extraColumns { p[v] = runs.extras[v.role!]?[i] ?? .nan }
            return p
        }
        observed = runs.losses
        runKeys = runs.runKeys
        runIDs = runs.runIDs
        groups = runs.groups
        lines = runs.lines
        notes = runs.notes
        warnings = runs.warnings
    }

    /// Observations of `output` (a loss or a score column) against `inputs`, one per row, for
    /// laws whose data are not training runs (a score against loss or compute). C missing is
    /// 6·N·D when the table has N and D.
    ///
    /// - Throws: ``InputError`` at the first missing column or bad cell.
    public init(
        table: DataTable, inputs: [LawVariable], output: ColumnRole, overrides: [ColumnRole: String] = [:],
        skipMissing: Bool = false
    ) throws {
        var table = table
        source = table.source
        notes = table.notes
        let roles = Array(Set(inputs.compactMap(\.role) + [output]))
        if skipMissing {
            let mapping = try ColumnMapping(table: table, overrides: overrides)
            let used = try roles.compactMap { try mapping.column($0) }
            let before = table.rows.count
            table.rows = table.rows.filter { row in
                used.allSatisfy { !(row[$0].text?.trimmingCharacters(in: .whitespaces) ?? "").isEmpty }
            }
            if table.rows.count < before {
                notes.append(
                    "skipped \(before - table.rows.count) rows with an empty cell in a used column (--skip-missing)")
            }
        }
        let mapping = try ColumnMapping(table: table, overrides: overrides)
        var columns: [LawVariable: [Double]] = [:]
        for variable in inputs {
            guard let role = variable.role else {
                throw InputError(
                    file: table.source, problem: "a law of \(variable.meaning) cannot be read from a table",
                    remedy: "use the command made for it")
            }
            if variable == .C, try mapping.column(.flops) == nil, try mapping.column(.parameters) != nil,
                try mapping.column(.tokens) != nil
            {
                let n = try table.positiveValues(.parameters, overrides: overrides)
                let d = try table.positiveValues(.tokens, overrides: overrides)
                let nColumn = try mapping.column(.parameters)!
                columns[.C] = try zip(zip(n, d), table.rows).map { pair, row in
                    try CellReader.derived(
                        6 * pair.0 * pair.1, "C", from: "6·N·D", file: table.source, cell: row[nColumn])
                }
                notes.append("C derived as 6·N·D")
                continue
            }
            columns[variable] = try table.positiveValues(role, overrides: overrides)
        }
        observed = try table.positiveValues(output, overrides: overrides)
        points = observed.indices.map { i in
            var p = LawPoint()
            for (variable, values) in columns { p[variable] = values[i] }
            return p
        }
        let runColumn = try mapping.column(.run)
        runIDs = runColumn.map { col in table.rows.map { $0[col].text ?? "" } }
        runKeys = runIDs ?? observed.indices.map { "#\($0)" }
        groups = try mapping.column(.group).map { col in table.rows.map { $0[col].text ?? "" } }
        let first = roles.compactMap { try? mapping.column($0) }.first ?? 0
        lines = table.rows.map { $0[first].line }
        warnings = []
        if output == .score, let w = Self.percentLook(observed) { warnings.append(w) }
    }

    /// A warning when scores expected as fractions look like percentages.
    static func percentLook(_ scores: [Double]) -> FitWarning? {
        guard let top = scores.max(), top > 1 else { return nil }
        return FitWarning(
            code: "scores-look-like-percentages",
            message:
                "scores reach \(String(format: "%.4g", top)), above 1 — they look like percentages where fractions are expected; divide them by 100 (--column score='NAME/100')"
        )
    }

    /// The observations at `indices`, in that order.
    public func subset(_ indices: [Int]) -> LawSample {
        var copy = self
        copy.points = indices.map { points[$0] }
        copy.observed = indices.map { observed[$0] }
        copy.runKeys = indices.map { runKeys[$0] }
        copy.runIDs = runIDs.map { r in indices.map { r[$0] } }
        copy.groups = groups.map { g in indices.map { g[$0] } }
        copy.lines = indices.map { lines[$0] }
        return copy
    }

    /// The units a bootstrap draws with replacement: whole groups when there is a group
    /// column, else whole runs (single rows when every row is its own run).
    public var resamplingUnits: [[Int]] {
        let keys = groups ?? runKeys
        var byKey: [String: [Int]] = [:]
        var order: [String] = []
        for (i, k) in keys.enumerated() {
            if byKey[k] == nil { order.append(k) }
            byKey[k, default: []].append(i)
        }
        return order.map { byKey[$0] ?? [] }
    }

    /// A warning when runs contribute several checkpoints to a law that reads neither D nor C:
    /// the loss falls along each run with nothing in the law to explain it, so the fit mixes
    /// training progress into its residuals. Nil otherwise.
    public func checkpointsWithoutProgress(for law: any CatalogLaw) -> FitWarning? {
        guard law.output == .loss, !law.inputs.contains(where: { [LawVariable.D, .C, .S].contains($0) }) else { return nil }
        let runs = Set(runKeys).count
        guard runs < count else { return nil }
        return FitWarning(
            code: "checkpoints-without-progress",
            message:
                "\(count) checkpoints of \(runs) runs fitted by '\(law.name)', which reads neither training tokens, compute nor steps: the loss falls along each run with nothing in the law to explain it — fit each run's final checkpoint (--checkpoints final), or a law of D or C"
        )
    }

    /// Each run once, in file order, with the rows that belong to it.
    public var runs: [(key: String, rows: [Int])] {
        var byKey: [String: [Int]] = [:]
        var order: [String] = []
        for (i, k) in runKeys.enumerated() {
            if byKey[k] == nil { order.append(k) }
            byKey[k, default: []].append(i)
        }
        return order.map { ($0, byKey[$0] ?? []) }
    }
}
