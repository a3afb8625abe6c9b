import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

/// The laws `plateau fit --law` knows.
enum LawName: String, CaseIterable, ExpressibleByArgument {
    case chinchilla
    case chinchillaTied = "chinchilla-tied"
    case powerLaw = "power-law"
    case kaplanN = "kaplan-n"
    case kaplanD = "kaplan-d"
    case kaplan
    case bnsl1 = "bnsl-1"
    case bnsl2 = "bnsl-2"
    case bnsl3 = "bnsl-3"
    case gadreError = "gadre-error"
    case sigmoid
    case muennighoff
    case clarkRouting = "clark-routing"

    /// The catalog law, with the input of a one-variable law and the sigmoid's floor.
    func law(variable: Variable = .C, chance: Double = 0.25) -> any CatalogLaw {
        let spec = LawSpec(name: rawValue, variable: LawVariable(rawValue: variable.rawValue), chance: chance)
        guard let law = spec.law() else { preconditionFailure("every LawName is in the catalog") }
        return law
    }

    /// What the law reads, for `--list-laws`.
    var inputs: String {
        switch self {
        case .chinchilla, .chinchillaTied, .kaplan: "N, D (or C), loss"
        case .powerLaw, .bnsl1, .bnsl2, .bnsl3: "--x N|D|C, loss"
        case .kaplanN: "N, loss"
        case .kaplanD: "D, loss"
        case .gadreError: "loss, score (top-1 error)"
        case .sigmoid: "C (or N and D), score (accuracy); --chance"
        case .muennighoff: "N, D, U (unique tokens), loss"
        case .clarkRouting: "N (parameters a token sees), E (experts; 1 = dense), loss"
        }
    }

    /// Parses `A,B,…` into laws.
    static func list(_ text: String) throws -> [LawName] {
        var seen = Set<String>()
        return try commaList(text, option: "--law", example: "chinchilla,power-law").filter { seen.insert($0).inserted }.map { name in
            guard let law = LawName(rawValue: name) else {
                throw ValidationError(
                    "Unknown law '\(InputError.excerpt(name))' — use one of \(LawName.allCases.map(\.rawValue).joined(separator: ", "))."
                )
            }
            return law
        }
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

    /// The estimator of a catalog fit, or a usage error for those only the Chinchilla kernel has.
    func catalog(for law: String) throws -> CatalogEstimator {
        switch self {
        case .huberLog: return .default
        case .leastSquares: return .leastSquares
        case .leastSquaresLog: return .leastSquaresLog
        case .huberLikelihood:
            throw ValidationError(
                "'--estimator huber-likelihood' is available for the chinchilla laws only — '\(law)' takes huber-log, least-squares or least-squares-log."
            )
        }
    }

    /// The Chinchilla kernel's estimator, or a usage error for least-squares-log.
    func kernel() throws -> Estimator {
        switch self {
        case .huberLog: return .huberLog
        case .huberLikelihood: return .huberLikelihood
        case .leastSquares: return .leastSquares
        case .leastSquaresLog:
            throw ValidationError(
                "'--estimator least-squares-log' is available for catalog laws only — add --law LAW, or give the chinchilla fit huber-log, huber-likelihood or least-squares."
            )
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
        let runsLaw = law.output == .loss && inputs.isSubset(of: [.N, .D, .C, .U, .E])
        guard runsLaw else {
            return try LawSample(
                table: given ?? table(), inputs: Array(inputs), output: law.output == .loss ? .loss : .score,
                overrides: source.overrides(), skipMissing: skipMissing)
        }
        var options = try readOptions()
        options.extraColumns = inputs.compactMap { $0 == .U || $0 == .E ? $0.role : nil }
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
    static func listLaws() {
        var table = TextTable(header: ["law", "formula", "inputs", "source"])
        for name in LawName.allCases {
            let law = name.law()
            table.rows.append([name.rawValue, law.formula, name.inputs, law.source])
        }
        Output.standard(table.render() + "\n")
    }

    /// Fits the law separately to the rows of each value of `--by COLUMN` and tabulates the fits.
    func runBy(_ column: String) throws {
        let law = law.law(variable: variable, chance: chance)
        let estimator = try estimator.catalog(for: self.law.rawValue)
        let full = try reportingInputErrors {
            try input.table(default: self.law == .muennighoff ? .muennighoff : .chinchilla)
        }
        guard let index = full.columnIndex(named: column) else {
            fail(
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
                    law, points: sample.points, observed: sample.observed, estimator: estimator, threads: threads)
                var report = CatalogFitReport(fit: fit, sample: sample)
                report.estimator = estimator
                reports.append((value, report, nil))
            } catch let error as InputError {
                reports.append((value, nil, error.description))
            } catch {
                reports.append((value, nil, "\(error)"))
            }
        }
        let table = CatalogByReport(column: column, law: law, fits: reports)
        Output.standard(json ? jsonDocument { try table.json() } + "\n" : table.text())
    }

    /// Fits a catalog law (anything but the Chinchilla forms, which have their own report with
    /// the compute-optimal decisions) with optional bootstrap and chart.
    func runCatalog(_ name: LawName) throws {
        let law = name.law(variable: variable, chance: chance)
        let estimator = try estimator.catalog(for: name.rawValue)
        let sample = try reportingInputErrors { try input.sample(for: law) }
        let fit = try reportingInputErrors(source: sample.source) {
            try CatalogFit.fit(
                law, points: sample.points, observed: sample.observed, estimator: estimator, threads: threads)
        }
        var intervals: LawBootstrap?
        if bootstrap > 0 {
            var options = LawBootstrapOptions()
            options.resamples = bootstrap
            options.seed = seed
            options.estimator = estimator
            options.threads = threads
            switch bootstrapStarts {
            case nil: options.gridStarts = 8
            case "warm": options.gridStarts = 0
            case "grid": options.gridStarts = law.starts.count
            case let count?: options.gridStarts = Int(count) ?? 8
            }
            let progress = ProgressBar(total: bootstrap, label: "bootstrap")
            if let progress { options.progress = { progress.advance() } }
            intervals = LawBootstrap(fit: fit, sample: sample, options: options)
            progress?.finish()
        }
        if let plot {
            try write(CatalogCharts.fit(sample: sample, fit: fit, bootstrap: intervals).svg(), to: plot)
        }
        var report = CatalogFitReport(fit: fit, sample: sample, bootstrap: intervals)
        report.estimator = estimator
        Output.standard(json ? jsonDocument { try report.json() } + "\n" : report.text())
    }
}
