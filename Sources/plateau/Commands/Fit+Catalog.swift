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

    /// Formula and source, for `--list-laws`.
    var description: (formula: String, source: String, inputs: String) {
        switch self {
        case .chinchilla:
            ("L(N, D) = E + A/N^α + B/D^β", "Hoffmann et al. 2022, Approach 3", "N, D (or C), loss")
        case .chinchillaTied:
            ("L(N, D) = E + A/N^α + B/D^α", "Gadre et al. 2024 (β = α); Muennighoff et al. 2023", "N, D (or C), loss")
        case .powerLaw: (SaturatingPowerLaw().formula, SaturatingPowerLaw().source, "--x N|D|C, loss")
        case .kaplanN: (KaplanPowerLaw(variable: "N").formula, KaplanPowerLaw(variable: "N").source, "N, loss")
        case .kaplanD: (KaplanPowerLaw(variable: "D").formula, KaplanPowerLaw(variable: "D").source, "D, loss")
        case .kaplan: (KaplanJointLaw().formula, KaplanJointLaw().source, "N, D (or C), loss")
        case .bnsl1, .bnsl2, .bnsl3:
            (BrokenPowerLaw(breaks: breaks).formula, BrokenPowerLaw(breaks: breaks).source, "--x N|D|C, loss")
        case .gadreError: (LossToError().formula, LossToError().source, "loss, score (top-1 error)")
        case .sigmoid:
            (ComputeSigmoid(chance: 0.25).formula, ComputeSigmoid(chance: 0.25).source, "C, score (accuracy); --chance")
        case .muennighoff:
            (RepetitionDecayLaw.formulaSummary, RepetitionDecayLaw.citation, "N, D, U (unique tokens), loss")
        }
    }

    var breaks: Int {
        switch self {
        case .bnsl2: 2
        case .bnsl3: 3
        default: 1
        }
    }
}

/// The input variable of a one-variable law.
enum Variable: String, CaseIterable, ExpressibleByArgument {
    case N, D, C
}

extension Plateau.Fit {
    /// Prints every law with its formula, inputs and source.
    static func listLaws() {
        var table = TextTable(header: ["law", "formula", "inputs", "source"])
        for law in LawName.allCases {
            let d = law.description
            table.rows.append([law.rawValue, d.formula, d.inputs, d.source])
        }
        Output.standard(table.render() + "\n")
    }

    /// Fits a catalog law (anything but the Chinchilla forms) and prints it.
    func runCatalog(_ law: LawName) throws {
        let table: DataTable = try reportingInputErrors {
            guard law == .muennighoff && input.runs == nil else { return try input.table() }
            // Their 182-run fit set, unless the user filters the bundled table otherwise.
            let bundled = try input.table(default: .muennighoff)
            return input.filters.isEmpty ? try bundled.filtered(column: "in_main_fit_182", equals: "1") : bundled
        }
        let overrides = try input.overrides()
        let source = table.source
        let fit: CatalogFit = try reportingInputErrors(source: source) {
            switch law {
            case .gadreError:
                return try CatalogFit.fit(
                    LossToError(), x: table.positiveValues(.loss, overrides: overrides),
                    y: table.positiveValues(.score, overrides: overrides), threads: threads)
            case .sigmoid:
                return try CatalogFit.fit(
                    ComputeSigmoid(chance: chance), x: table.positiveValues(.flops, overrides: overrides),
                    y: table.positiveValues(.score, overrides: overrides), threads: threads)
            case .muennighoff:
                let losses = try table.positiveValues(.loss, overrides: overrides)
                let law = try RepetitionDecayLaw(
                    parameters: table.positiveValues(.parameters, overrides: overrides),
                    tokens: table.positiveValues(.tokens, overrides: overrides),
                    uniqueTokens: table.positiveValues(.uniqueTokens, overrides: overrides))
                return try CatalogFit.fit(law, x: losses.indices.map(Double.init), y: losses, threads: threads)
            default:
                var runs = try RunTable(table: table, overrides: overrides)
                runs = runs.droppingHighestLosses(input.dropHighestLoss ?? (input.runs == nil ? 5 : 0))
                let xs: [Double]
                switch law == .kaplanN ? .N : law == .kaplanD ? .D : variable {
                case .N: xs = runs.parameters
                case .D: xs = runs.tokens
                case .C: xs = runs.flops
                }
                switch law {
                case .powerLaw: return try CatalogFit.fit(SaturatingPowerLaw(), x: xs, y: runs.losses, threads: threads)
                case .kaplanN:
                    return try CatalogFit.fit(KaplanPowerLaw(variable: "N"), x: xs, y: runs.losses, threads: threads)
                case .kaplanD:
                    return try CatalogFit.fit(KaplanPowerLaw(variable: "D"), x: xs, y: runs.losses, threads: threads)
                case .kaplan:
                    return try CatalogFit.fit(
                        KaplanJointLaw(), parameters: runs.parameters, tokens: runs.tokens, losses: runs.losses,
                        threads: threads)
                default:
                    return try CatalogFit.fit(
                        BrokenPowerLaw(breaks: law.breaks), x: xs, y: runs.losses, threads: threads)
                }
            }
        }
        let report = CatalogFitReport(fit: fit, source: source)
        Output.standard(json ? jsonDocument { try report.json() } + "\n" : report.text())
    }
}
