import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

/// A law of the catalog, as `--law NAME` names it.
struct LawName: ExpressibleByArgument, Equatable {
    let entry: LawEntry

    init?(argument: String) {
        guard let entry = LawCatalog.entry(named: argument) else { return nil }
        self.entry = entry
    }

    static var allValueStrings: [String] { LawCatalog.names }
    static let chinchilla = LawName(argument: "chinchilla")!

    static func == (a: LawName, b: LawName) -> Bool { a.rawValue == b.rawValue }

    var rawValue: String { entry.name }
    var defaultValueDescription: String { rawValue }

    /// The catalog law, with the input of a one-variable law and the sigmoid's floor.
    func law(variable: Variable = .C, chance: Double = 0.25) -> any CatalogLaw {
        entry.make(LawSpec(name: rawValue, variable: LawVariable(rawValue: variable.rawValue), chance: chance))
    }

    /// The Chinchilla forms, which `fit` reports with the compute-optimal decisions.
    var isChinchilla: Bool { rawValue == "chinchilla" || rawValue == "chinchilla-tied" }

    /// Parses a law to fit, with a sentence for published constants (which are not fitted) and
    /// unknown names.
    static func parse(_ name: String) throws -> LawName {
        if let law = LawName(argument: name) { return law }
        if PublishedLaw(rawValue: name) != nil {
            throw ValidationError(
                "'\(name)' is published constants, not a law to fit — use it with plan, returns or predict (--law \(name)), or fit one of \(LawCatalog.names.joined(separator: ", "))."
            )
        }
        throw ValidationError(
            "Unknown law '\(InputError.excerpt(name))' — use one of \(LawCatalog.names.joined(separator: ", "))."
        )
    }

    /// Parses `A,B,…` into laws.
    static func list(_ text: String) throws -> [LawName] {
        try commaList(text, option: "--law", example: "chinchilla,power-law").uniqued().map(parse)
    }
}

/// The input variable of a one-variable law.
enum Variable: String, CaseIterable, ExpressibleByArgument {
    case N, D, C
}

/// The estimators `--estimator` names: the Chinchilla kernel's three and least squares on log
/// residuals (Clark et al. 2022's), which only the catalog's generic fit has.
enum FitEstimator: String, CaseIterable, ExpressibleByArgument {
    case huberLog = "huber-log"
    case huberLikelihood = "huber-likelihood"
    case leastSquares = "least-squares"
    case leastSquaresLog = "least-squares-log"

    /// The estimator of a catalog fit, or a usage error for huber-likelihood (the Chinchilla
    /// kernel's) on another law.
    func catalog(for law: LawName) throws -> CatalogEstimator {
        switch self {
        case .huberLog: return .default
        case .leastSquares: return .leastSquares
        case .leastSquaresLog: return .leastSquaresLog
        case .huberLikelihood:
            guard law.isChinchilla else {
                throw ValidationError(
                    "'--estimator huber-likelihood' is available for the chinchilla laws only — '\(law.rawValue)' takes huber-log, least-squares or least-squares-log."
                )
            }
            return .huberLikelihood(delta: 1e-3)
        }
    }
}

extension InputOptions {
    /// The observations a catalog law is fitted to. Laws of losses against N, D, C and U read
    /// the table as training runs (run column, `--checkpoints`, `--tokens-per-step`,
    /// `--skip-missing`); laws of a score read one observation per row.
    ///
    /// - Parameter given: the table to read (one value of `--by`); default the runs file.
    func sample(for law: any CatalogLaw, table given: DataTable? = nil) throws -> LawSample {
        try sample(for: [law], table: given)
    }

    /// The observations several laws are compared on: read once, with every input any of them
    /// needs (the first law decides whether the rows are runs or scores).
    func sample(for laws: [any CatalogLaw], table given: DataTable? = nil) throws -> LawSample {
        let law = laws[0]
        let inputs = Set(laws.flatMap(\.inputs))
        let runsLaw = law.output == .loss && inputs.isSubset(of: [.N, .D, .C] + LawVariable.extraColumns)
        guard runsLaw else {
            return try LawSample(
                table: given ?? table(), inputs: Array(inputs), output: law.output == .loss ? .loss : .score,
                overrides: source.overrides(), skipMissing: skipMissing)
        }
        var options = try readOptions()
        options.extraColumns = LawVariable.extraColumns.filter(inputs.contains).compactMap(\.role)
        // A learning-curve law is fitted to every checkpoint unless told otherwise.
        if inputs.contains(.S), checkpoints == nil, !envelope {
            options.checkpoints = .all
            options.checkpointsByDefault = true
        }
        options.requireParameters = inputs.contains(.N)
        options.requireTokens = inputs.contains(.D) || inputs.contains(.C)
        if law is RepetitionDecayLaw && runs == nil && given == nil {
            // Their 182-run fit set, unless the user filters the bundled table otherwise.
            var bundled = try table(default: .muennighoff)
            if source.filter.filters.isEmpty { bundled = try bundled.filtered(column: "in_main_fit_182", equals: "1") }
            return LawSample(runs: try RunTable(table: bundled, options: options))
        }
        let runs = try RunTable(table: given ?? table(), options: options)
        var sample = LawSample(runs: runs.droppingHighestLosses(dropHighestLoss ?? (self.runs == nil ? 5 : 0)))
        if let w = laws.lazy.compactMap({ sample.checkpointsWithoutProgress(for: $0) }).first {
            sample.warnings.append(w)
        }
        for law in laws {
            for v in law.inputs where sample.points.contains(where: { !$0[v].isFinite }) {
                throw InputError(
                    file: sample.source,
                    problem: "'\(law.name)' reads \(v.meaning) (\(v.rawValue)), which the table does not have",
                    remedy: "add the column, or name it with --column \(v.role?.rawValue ?? v.rawValue)=NAME")
            }
        }
        return sample
    }
}

extension Plateau.Fit {
    /// Prints every law with its formula, inputs and source.
    static func listLaws() throws {
        var table = TextTable(header: ["law", "formula", "inputs", "source"])
        for entry in LawCatalog.entries {
            let law = entry.law
            table.rows.append([entry.name, law.formula, entry.reads, law.source])
        }
        try Output.text(table.render() + "\n")
    }

    /// Fits the law separately to the rows of each value of `--by COLUMN` and tabulates the fits.
    func runBy(_ column: String) throws {
        let law = law.law(variable: variable, chance: chance)
        let estimator = try estimator.catalog(for: self.law)
        let full = try reportingInputErrors {
            try input.table(default: self.law.rawValue == "muennighoff" ? .muennighoff : .chinchilla)
        }
        guard let index = full.columnIndex(named: column) else {
            throw Failure.data(
                "\(full.source): no column '\(InputError.excerpt(column))' to split by (--by) — the columns are: \(full.columns.joined(separator: ", "))"
            )
        }
        var values: [String] = []
        for row in full.rows {
            let v = row[index].text ?? ""
            if !values.contains(v) { values.append(v) }
        }
        var reports: [(value: String, report: CatalogFitReport?, failure: String?)] = []
        for value in values {
            do {
                let part = try full.filtered(column: full.columns[index], equals: value)
                let sample = try input.sample(for: law, table: part)
                let fit = try CatalogFit.fit(
                    law, points: sample.points, observed: sample.observed, estimator: estimator, threads: threading.threads)
                var report = CatalogFitReport(fit: fit, sample: sample)
                report.estimator = estimator
                reports.append((value, report, nil))
            } catch let error as InputError {
                reports.append((value, nil, error.description))
            } catch let failure as Failure {
                throw failure
            } catch {
                reports.append((value, nil, "\(error)"))
            }
        }
        let table = CatalogByReport(column: column, law: law, fits: reports)
        try output.emit(text: table.text, json: table.json)
    }

    /// Fits a law of the catalog — the Chinchilla forms by their kernel from `--starts` — with an
    /// optional bootstrap (the Chinchilla forms refit each resample by the kernel from
    /// `--bootstrap-starts`, 500 seeded random starts by default), the decisions at `--budget` for
    /// a law of N and D, and the chart.
    func runLaw(_ name: LawName) throws {
        let law = name.law(variable: variable, chance: chance)
        let estimator = try estimator.catalog(for: name)
        let sample = try reportingInputErrors { try input.sample(for: law) }
        let fit = try reportingInputErrors(source: sample.source) {
            try CatalogFit.fit(
                law, points: sample.points, observed: sample.observed, estimator: estimator, kernelStarts: starts.points,
                seed: resampling.seed, threads: threading.threads)
        }
        var intervals: LawBootstrap?
        if resampling.bootstrap > 0 {
            var options = LawBootstrapOptions()
            options.resamples = resampling.bootstrap
            options.seed = resampling.seed
            options.estimator = estimator
            options.threads = threading.threads
            let kernel = law.hasKernel
            switch bootstrapStarts {
            case nil: if kernel { options.kernelStarts = .random(count: 500) } else { options.gridStarts = 8 }
            case "warm": options.gridStarts = 0
            case "grid": if kernel { options.kernelStarts = .grid } else { options.gridStarts = law.starts.count }
            case let count?:
                if kernel { options.kernelStarts = .random(count: Int(count) ?? 500) } else { options.gridStarts = Int(count) ?? 8 }
            }
            let progress = ProgressBar(total: resampling.bootstrap, label: "bootstrap")
            if let progress { options.progress = { progress.advance() } }
            intervals = LawBootstrap(fit: fit, sample: sample, options: options)
            progress?.finish()
        }
        // Built only when drawn, and once: the bootstrap band evaluates every resample's law.
        let terminalPlot = !output.json && !noPlot && isatty(STDOUT_FILENO) != 0
        let chart =
            plot != nil || terminalPlot ? CatalogCharts.fit(sample: sample, fit: fit, bootstrap: intervals) : nil
        if let plot, let chart { try write(chart.svg(), to: plot) }
        var report = CatalogFitReport(fit: fit, sample: sample, bootstrap: intervals, budget: budget.value)
        report.estimator = estimator
        try output.emit(text: report.text, json: report.json)
        if terminalPlot, let chart { try Output.standard("\n" + TerminalPlot().render(chart)) }
    }
}
