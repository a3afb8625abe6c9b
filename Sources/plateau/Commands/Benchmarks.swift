import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension Plateau {
    struct Benchmarks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Benchmark frontiers and saturation: the best score over time, a logistic fitted to it, when it reaches 90 % and 95 %, and whether saturation is getting faster.",
            // Written out: ArgumentParser lists every option of a short command on one line.
            usage: "plateau benchmarks [<options>] [<scores>]",
            discussion: """
                Reads scores with columns benchmark, release_date, score (fraction or percent) and model — by \
                default Epoch AI's 2,477 scores on about 40 benchmarks (benchmark-stitching, MIT).
                """)

        @Argument(help: ArgumentHelp("Scores table. Default: Epoch AI's.", valueName: "scores"))
        var scores: String?

        /// `--where` (and derived `--column`s) on the scores table, or on the bundled one.
        @OptionGroup var filter: TableFilterOptions

        @Option(
            name: .customLong("benchmark"),
            help: ArgumentHelp("Show this benchmark's records (repeatable). Default: mmlu.", valueName: "name"))
        var benchmarks: [String] = []

        @Option(parsing: .unconditional, help: "The fewest scores a benchmark needs to be listed.")
        var minScores = 20

        @Option(
            parsing: .unconditional,
            help:
                "The saturation threshold: this share of the way from chance to a perfect score (Plateau's choice).")
        var threshold = BenchmarkSaturation.defaultThreshold

        @OptionGroup var resampling: ResamplingOptions<Resamples200>


        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard threshold > 0, threshold < 1 else {
                throw ValidationError("Please give '--threshold' a share between 0 and 1 (such as 0.8), got \(threshold).")
            }
            guard minScores >= 1 else {
                throw ValidationError("Please give '--min-scores' at least 1, got \(minScores).")
            }
        }

        func run() throws {
            let table = try reportingInputErrors {
                try BenchmarkScores(
                    table: filter.apply(to: scores.map { try DataTable.read(path: $0) } ?? BundledDataset.benchmarkScores.table()))
            }
            var detailed: [String] = []
            for name in benchmarks.isEmpty && scores == nil ? ["mmlu"] : benchmarks {
                guard let found = table.benchmarks.first(where: { $0.lowercased() == name.lowercased() }) else {
                    throw Failure.usage(
                        "no benchmark '\(name)' in \(table.source) — name one of: \(table.benchmarks.prefix(15).joined(separator: ", "))"
                    )
                }
                detailed.append(found)
            }
            let counts = Dictionary(grouping: table.scores, by: \.benchmark).mapValues(\.count)
            let listed = table.benchmarks.filter { counts[$0]! >= minScores || detailed.contains($0) }
            let saturation = listed.map {
                BenchmarkSaturation(
                    table, benchmark: $0, threshold: threshold, resamples: resampling.bootstrap, seed: resampling.seed)
            }
            // Issue 24: a benchmark left out for too few scores is named, never silently dropped.
            let omitted = table.benchmarks.filter { !listed.contains($0) }
            var notes = table.notes
            if !omitted.isEmpty {
                let shown = omitted.prefix(8).map { "\($0) (\(counts[$0]!))" }.joined(separator: ", ")
                notes.append(
                    "left out \(omitted.count) benchmark\(omitted.count == 1 ? "" : "s") with fewer than \(minScores) scores: \(shown)\(omitted.count > 8 ? ", …" : "") — --min-scores K or --benchmark NAME lists them")
            }
            let report = BenchmarkReport(
                source: table.source, saturation: saturation, survival: SaturationSurvival(table, threshold: threshold),
                detailed: detailed, notes: notes)
            try output.emit(text: report.text, json: report.json)
        }
    }
}
