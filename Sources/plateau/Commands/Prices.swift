import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension Plateau {
    struct Prices: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "The price of a capability: how fast the cheapest model at a benchmark score gets cheaper, and the quality-per-dollar frontier.",
            // Written out: ArgumentParser lists every option of a short command on one line.
            usage: "plateau prices [<options>] [<tables> ...]",
            discussion: """
                Reads models with a release date, a price per million tokens and benchmark scores (columns \
                'Model Name', 'Release Date', 'USD per 1M Tokens', one column per benchmark) — by default \
                Epoch AI's two bundled tables. Without --benchmark it reproduces Epoch's two published \
                figures: MMLU at GPT-3's level and GPQA Diamond at GPT-4-0314's level.
                """)

        @Argument(help: ArgumentHelp("Tables of models, prices and scores. Default: Epoch AI's.", valueName: "tables"))
        var tables: [String] = []

        /// `--where` (and derived `--column`s) on each table, or on the bundled ones.
        @OptionGroup var filter: TableFilterOptions

        @Option(help: ArgumentHelp("The benchmark (a score column).", valueName: "name"))
        var benchmark: String?

        @Option(
            parsing: .unconditional,
            help: ArgumentHelp("The score to reach: a percentage (43.9) or a fraction (0.439).", valueName: "score"))
        var threshold: Double?

        @Option(
            name: .customLong("at-level-of"),
            help: ArgumentHelp("The score to reach is this model's score on the benchmark.", valueName: "model"))
        var atLevelOf: String?

        @Option(
            help: ArgumentHelp(
                "The date of the quality-per-dollar frontier, YYYY-MM-DD. Default: the latest release.",
                valueName: "date"))
        var frontierDate: String?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if threshold != nil && atLevelOf != nil {
                throw ValidationError("Please give either '--threshold' or '--at-level-of', not both.")
            }
            if let threshold, !(threshold >= 0 && threshold.isFinite) {
                throw ValidationError("Please give '--threshold' a score of 0 or more, got \(threshold).")
            }
            if (threshold != nil || atLevelOf != nil) && benchmark == nil {
                throw ValidationError("'--threshold' and '--at-level-of' need a benchmark — name it with '--benchmark'.")
            }
            if let frontierDate, DatedValue.decimalYear(frontierDate) == nil {
                throw ValidationError("Please give '--frontier-date' as YYYY-MM-DD, got '\(frontierDate)'.")
            }
        }

        func run() throws {
            let priced = try reportingInputErrors {
                try PricedModels(
                    tables: (tables.isEmpty
                        ? PricedModels.bundledTables()
                        : tables.map { try DataTable.read(path: $0) }).map { try filter.apply(to: $0) })
            }
            var requests: [(String, Double?, String?)] = []
            if let name = benchmark {
                guard let found = priced.benchmark(named: name) else {
                    throw Failure.usage(
                        "no benchmark '\(name)' in \(priced.source) — name one of the score columns: \(priced.benchmarks.joined(separator: ", "))"
                    )
                }
                var level: Double?
                if let threshold {
                    // A percentage or fraction, or a score on the benchmark's own scale (Arena Elo).
                    guard let read = priced.threshold(threshold, benchmark: found) else {
                        throw Failure.usage(
                            "'--threshold \(NumberFormat.significant(threshold, 6))' is not a score of \(found), which is read as percentages or fractions — give one from 0 to 100")
                    }
                    level = read
                }
                requests.append((found, level, atLevelOf))
                if threshold == nil && atLevelOf == nil {
                    throw Failure.usage("'--benchmark \(found)' needs a level — give '--threshold SCORE' or '--at-level-of MODEL'")
                }
            } else {
                requests = [("MMLU", nil, "GPT-3 175B (davinci)"), ("GPQA Diamond", nil, "GPT-4-0314")]
            }
            var declines: [CapabilityPrice] = []
            for (name, given, named) in requests {
                var reference = named
                var level = given
                if let wanted = named {
                    // Exact, else the one name that matches ignoring case, spaces and punctuation,
                    // or that contains it ('GPT-3' → 'GPT-3 175B (davinci)'); several: a usage error
                    // that lists them (issue 24: it suggested nothing).
                    let key = { (s: String) in s.lowercased().filter { $0.isLetter || $0.isNumber } }
                    let near = priced.models.filter { key($0.name) == key(wanted) || key($0.name).contains(key(wanted)) }
                    var names: [String] = []
                    for m in near where !names.contains(m.name) { names.append(m.name) }
                    guard let model = priced.models.first(where: { $0.name == wanted }) ?? (names.count == 1 ? near[0] : nil)
                    else {
                        let listed = names.isEmpty ? "e.g. '\(priced.models.first?.name ?? "GPT-4-0314")'" : "did you mean \(names.prefix(6).map { "'\($0)'" }.joined(separator: ", "))?"
                        throw Failure.usage(
                            "no model '\(InputError.excerpt(wanted))' in \(priced.source) — give a model's name as the table writes it; \(listed)"
                        )
                    }
                    guard let score = model.scores[name] else {
                        throw Failure.usage(
                            "'\(InputError.excerpt(wanted))' has no \(name) score in \(priced.source) — choose a model with one, or give '--threshold SCORE'"
                        )
                    }
                    level = score
                    reference = model.name
                }
                let decline = try reportingInputErrors(source: priced.source) {
                    try CapabilityPrice(priced, benchmark: name, threshold: level!, reference: reference)
                }
                declines.append(decline)
            }
            let year = frontierDate.flatMap(DatedValue.decimalYear) ?? (priced.models.map(\.year).max() ?? 0)
            let frontiers = Array(Set(declines.map(\.benchmark))).sorted().map {
                QualityFrontier(priced, benchmark: $0, year: year)
            }
            let report = CapabilityPriceReport(
                source: priced.source, declines: declines, frontiers: frontiers, notes: priced.notes)
            try output.emit(text: report.text, json: report.json)
        }
    }
}
