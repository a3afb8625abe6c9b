import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension PublishedLaw: ExpressibleByArgument {}
extension DataWall.Projection: ExpressibleByArgument {}

/// `--law NAME`, one name space for every command: a law of the catalog (`chinchilla`, `kaplan`,
/// …), fitted to the runs, or published constants (`hoffmann2022`, …), not fitted at all.
enum LawChoice: ExpressibleByArgument, Equatable {
    case catalog(LawName)
    case published(PublishedLaw)

    init?(argument: String) {
        if let published = PublishedLaw(rawValue: argument) {
            self = .published(published)
        } else if let name = LawName(argument: argument) {
            self = .catalog(name)
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { PublishedLaw.allCases.map(\.rawValue) + LawCatalog.names }
    var defaultValueDescription: String {
        switch self {
        case .catalog(let name): name.rawValue
        case .published(let p): p.rawValue
        }
    }

    /// The default fit: the Chinchilla law.
    static let chinchilla = LawChoice.catalog(.chinchilla)
}

/// Where a plan's law comes from: published constants, a saved fit, a fresh fit of a law of the
/// catalog to a runs table, or (default) a fresh Chinchilla fit of the bundled runs.
struct LawOptions: ParsableArguments {
    @Option(
        help: "Published constants (\(PublishedLaw.allCases.map(\.rawValue).joined(separator: ", "))), or a law of the catalog to fit to --runs or the bundled runs (see 'plateau fit --list-laws'; default chinchilla).")
    var law: LawChoice?

    @Option(help: "A saved 'plateau fit --json' document to plan from.")
    var fit: String?

    @Option(help: "A runs table to fit (huber-log, full grid) instead of the bundled Chinchilla runs.")
    var runs: String?

    /// `--column` and `--where` for `--runs` (or the bundled runs).
    @OptionGroup var filter: TableFilterOptions

    func validate() throws {
        // A law of the catalog is fitted to --runs (or the bundled runs); published constants and
        // a saved fit come with no runs.
        if [published != nil, fit != nil, runs != nil].filter({ $0 }).count > 1 || (fit != nil && law != nil) {
            throw ValidationError("Please give one of '--law' (published constants), '--fit' or '--runs' (with or without '--law LAW' of the catalog).")
        }
        if published != nil || fit != nil, !filter.columns.isEmpty || !filter.filters.isEmpty {
            throw ValidationError(
                "Please give '--column' and '--where' with '--runs' (or the bundled runs), not with published constants or '--fit'.")
        }
    }

    /// The published constants chosen, if any.
    var published: PublishedLaw? {
        if case .published(let p) = law { return p }
        return nil
    }

    /// The law of the catalog to fit to the runs: the one named, or the Chinchilla law.
    var catalogLaw: LawName {
        if case .catalog(let name) = law { return name }
        return .chinchilla
    }

    /// The runs the law is fitted on: the user's, the bundled Chinchilla runs (5 highest losses
    /// dropped), or nil when the law comes from constants or a saved fit.
    func fittedRuns() throws -> RunTable? {
        if published != nil || fit != nil { return nil }
        let overrides = try filter.overrides()
        if let runs {
            return try reportingInputErrors { try RunTable(table: filter.read(runs), overrides: overrides) }
        }
        return try reportingInputErrors {
            try RunTable(table: filter.apply(to: BundledDataset.chinchilla.table()), overrides: overrides)
                .droppingHighestLosses(5)
        }
    }

    /// The chosen law and a line naming it.
    enum Chosen {
        case chinchilla(ChinchillaLaw, String)
        case kaplan(KaplanFrontier, String)
        /// A saved fit of another catalog law of N and D, planned by minimising its loss along
        /// C = 6·N·D (``TrainingPlan/optimal(law:theta:flops:)``).
        case catalog(FittedLaw, String)
    }

    /// The largest compute the law was fitted on: of the runs, the saved fit, or the runs behind
    /// the published constants.
    func fittedMaxFlops() throws -> Double? {
        if let published { return try reportingInputErrors { try published.fittedMaxFlops() } }
        if let fit { return try reportingInputErrors { try FittedLaw.load(document: fit).largestFitted } }
        guard let runs = try fittedRuns() else { return nil }
        return zip(runs.parameters, runs.tokens).map { 6 * $0 * $1 }.max()
    }

    /// The saved fit document of `--fit`, with its bootstrap draws and their level; nil without it.
    func savedFit() throws -> FittedLaw? {
        guard let fit else { return nil }
        return try reportingInputErrors { try FittedLaw.load(document: fit) }
    }

    /// The chosen law, the warnings of the fit behind it (none for published constants), and
    /// the fit and its sample when it was made here from runs (for a bootstrap).
    func resolveWarned() throws -> (chosen: Chosen, warnings: [FitWarning], fresh: (CatalogFit, LawSample)?) {
        let (chosen, warnings, fresh) = try resolveAny()
        if case .chinchilla(let law, let text) = chosen, !law.hasFrontier {
            throw Failure.data(
                "plateau: the law (\(text)) has α = \(NumberFormat.significant(law.alpha, 4)), β = \(NumberFormat.significant(law.beta, 4)), A = \(NumberFormat.significant(law.A, 4)), B = \(NumberFormat.significant(law.B, 4)): its loss does not fall with both model size and data, so there is no compute-optimal frontier to plan on — check the fit's warnings and add runs that vary N and D"
            )
        }
        return (chosen, warnings, fresh)
    }

    private func resolveAny() throws -> (Chosen, [FitWarning], (CatalogFit, LawSample)?) {
        if let law = published {
            if let c = law.chinchilla { return (.chinchilla(c, "\(law.rawValue) — \(law.citation)"), [], nil) }
            if law == .kaplan2020 { return (.kaplan(.kaplan2020, "\(law.rawValue) — \(law.citation)"), [], nil) }
            let fitted = try reportingInputErrors { try law.fitted() }
            let (chosen, warnings) = try chosen(fitted, text: fitted.origin, option: "--law \(law.rawValue)")
            return (chosen, warnings, nil)
        }
        if let fit {
            let fitted = try reportingInputErrors { try FittedLaw.load(document: fit) }
            let how = [fitted.estimator, fitted.source].compactMap { $0 }.joined(separator: " on ")
            let (chosen, warnings) = try chosen(
                fitted, text: fitted.law is ChinchillaForm ? "fit in \(fit)" + (how.isEmpty ? "" : " (\(how))") : "\(fitted.law.name) fit in \(fit)",
                option: "--fit \(InputError.excerpt(fit))")
            return (chosen, warnings, nil)
        }
        guard let runs = try fittedRuns() else { preconditionFailure("fittedRuns is nil only for published constants and --fit") }
        let what = self.runs == nil ? "the bundled Chinchilla runs" : runs.source
        // A fresh fit of a law of the catalog, as 'fit --law NAME' makes it (the Chinchilla law by
        // its kernel's full grid) — of N and D only: a plan has nothing to read for any other input.
        let name = catalogLaw
        let law = name.law()
        guard law.isLawOfNAndD else {
            throw Failure.usage(
                "'--law \(name.rawValue)' reads \(law.inputs.map(\.rawValue).joined(separator: ", ")) — a plan needs a law of N and D (chinchilla, chinchilla-tied, kaplan), or published constants")
        }
        let sample = LawSample(runs: runs)
        // Before the fit: runs that cannot place a frontier give no plan, however well fitted.
        if let unidentified = sample.frontierUnidentified(for: law) {
            throw Failure.data("\(runs.source): \(unidentified.message)")
        }
        let fit = try reportingInputErrors(source: runs.source) {
            try CatalogFit.fit(law, points: sample.points, observed: sample.observed)
        }
        let fitted = FittedLaw(
            fit: fit, sample: sample, origin: "\(name.rawValue) fit of \(what)", warnings: sample.warnings + fit.warnings)
        let text =
            name == .chinchilla
            ? "huber-log fit of \(what) (\(runs.count) runs, full grid)"
            : "huber-log \(name.rawValue) fit of \(what) (\(runs.count) runs)"
        let (chosen, warnings) = try chosen(fitted, text: text, option: "--law \(name.rawValue)")
        return (chosen, warnings, (fit, sample))
    }

    /// A fitted law as a plan's law: the Chinchilla form by its closed forms, another law of N and
    /// D by its solved frontier; any other law is a usage error naming `option`.
    private func chosen(_ fitted: FittedLaw, text: String, option: String) throws -> (Chosen, [FitWarning]) {
        if let form = fitted.law as? ChinchillaForm { return (.chinchilla(form.law(fitted.theta), text), fitted.warnings) }
        guard fitted.law.isLawOfNAndD else {
            throw Failure.usage(
                "'\(option)' holds a fit of '\(fitted.law.name)', which reads \(fitted.law.inputs.map(\.rawValue).joined(separator: ", ")) — a plan needs a law of N and D (chinchilla, kaplan, or a saved fit of one)"
            )
        }
        return (.catalog(fitted, text), fitted.warnings)
    }

    /// The compute-optimal frontier of the chosen law: the Chinchilla form's closed forms, or a
    /// saved fit of another law of N and D solved numerically.
    func frontier(for command: String) throws -> (ComputeFrontier, String, [FitWarning]) {
        let (chosen, warnings, _) = try resolveWarned()
        switch chosen {
        case .chinchilla(let law, let text): return (ComputeFrontier(law), text, warnings)
        case .catalog(let fitted, let text):
            guard let frontier = ComputeFrontier(law: fitted.law, theta: fitted.theta) else {
                throw Failure.usage(
                    "'\(command)' needs a law of N and D with a floor (chinchilla, kaplan); \(text) does not say what loss its frontier approaches — use --law hoffmann2022, besiroglu2024, or a fit of chinchilla or kaplan."
                )
            }
            return (frontier, text, warnings)
        case .kaplan(_, let text):
            throw Failure.usage(
                "'\(command)' follows a frontier of C = 6·N·D; \(text) counts C_min instead — use a fit of kaplan (fit --law kaplan --json), --law hoffmann2022 or besiroglu2024."
            )
        }
    }

    /// The law when the command needs the Chinchilla form.
    func chinchilla(for command: String) throws -> (ChinchillaLaw, String, [FitWarning]) {
        let (chosen, warnings, _) = try resolveWarned()
        switch chosen {
        case .chinchilla(let law, let text): return (law, text, warnings)
        case .kaplan(_, let text), .catalog(_, let text):
            // Known only once the law is read: a usage error with this command's name, not the
            // root usage a ValidationError from run() would print.
            throw Failure.usage(
                "'\(command)' needs a law of the Chinchilla form E + A/N^α + B/D^β; \(text) has another form — use --law hoffmann2022, besiroglu2024, a fit of chinchilla, or --runs."
            )
        }
    }
}
