import ArgumentParser
import Foundation
import PlateauCore

extension PublishedLaw: ExpressibleByArgument {}

/// Where a plan's law comes from: published constants, a saved fit, or (default) a fresh fit of
/// the bundled Chinchilla runs.
struct LawOptions: ParsableArguments {
    @Option(
        help: "Published constants instead of a fit: \(PublishedLaw.allCases.map(\.rawValue).joined(separator: ", ")).")
    var law: PublishedLaw?

    @Option(help: "A saved 'plateau fit --json' document to plan from.")
    var fit: String?

    func validate() throws {
        if law != nil && fit != nil { throw ValidationError("Please give either '--law' or '--fit', not both.") }
    }

    /// The chosen law and a line naming it.
    enum Chosen {
        case chinchilla(ChinchillaLaw, String)
        case kaplan(KaplanLaw, String)
    }

    /// The largest compute the law was fitted on, when it came from runs (nil for published
    /// constants, whose data Plateau does not hold).
    func fittedMaxFlops() throws -> Double? {
        if law != nil { return nil }
        if let fit { return try reportingInputErrors { try ChinchillaLaw.load(fitDocument: fit).maxFlops } }
        let runs = try reportingInputErrors { try BundledDataset.chinchillaRuns().droppingHighestLosses(5) }
        return zip(runs.parameters, runs.tokens).map { 6 * $0 * $1 }.max()
    }

    func resolve() throws -> Chosen {
        if let law {
            if let c = law.chinchilla { return .chinchilla(c, "\(law.rawValue) — \(law.citation)") }
            return .kaplan(.kaplan2020, "\(law.rawValue) — \(law.citation)")
        }
        if let fit {
            let loaded = try reportingInputErrors { try ChinchillaLaw.load(fitDocument: fit) }
            return .chinchilla(loaded.law, "fit in \(fit) (\(loaded.estimator) on \(loaded.source))")
        }
        let runs = try reportingInputErrors { try BundledDataset.chinchillaRuns().droppingHighestLosses(5) }
        let fitted = try reportingInputErrors(source: runs.source) { try ChinchillaLaw.fit(to: runs) }
        return .chinchilla(fitted.law, "huber-log fit of the bundled Chinchilla runs (\(runs.count) runs, full grid)")
    }

    /// The law when the command needs the Chinchilla form.
    func chinchilla(for command: String) throws -> (ChinchillaLaw, String) {
        switch try resolve() {
        case .chinchilla(let law, let text): return (law, text)
        case .kaplan:
            throw ValidationError(
                "'\(command)' needs a law of the Chinchilla form E + A/N^α + B/D^β; kaplan2020 has another form.")
        }
    }
}
