import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension Plateau {
    struct Trend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Growth over time (×/year, doubling time) of compute, parameters and data; the data wall.",
            discussion: """
                Default: Epoch AI's model table — training compute, parameters and (language models') \
                dataset size — under Epoch's published selections: notable models of 2010-01-01 to \
                2024-05-31, and the frontier ('Compute rank when published' ≤ 10) from 2018-01-01. --frontier trailing \
                instead fits all models since --since and each model in the top --top of those published \
                in the --window years before it. With --data-wall: when the largest training sets reach \
                the effective stock of public text, by Villalobos et al. 2024's method.
                """)

        enum QuantityName: String, ExpressibleByArgument, CaseIterable {
            case compute, parameters, data, all
        }

        @Argument(
            help: ArgumentHelp("A table with a date and a value column. Default: the bundled data.", valueName: "table")
        )
        var table: String?

        /// `--where` (and derived `--column`s) on the table, or on the bundled one.
        @OptionGroup var filter: TableFilterOptions

        @Option(help: "Which quantity of the Epoch table: compute, parameters, data or all.")
        var quantity: QuantityName = .all

        @Option(help: "Value column of your own table.")
        var value: String?

        @Option(help: "Date column (YYYY-MM-DD) of your own table.")
        var date: String?

        @Option(parsing: .unconditional, help: "Only models published in or after this year.")
        var since: Double = 2010

        enum FrontierRule: String, ExpressibleByArgument, CaseIterable {
            case rank, trailing
        }

        @Option(
            help:
                "Selections for the bundled table: rank (Epoch's: notable models 2010–May 2024 and compute rank ≤ 10 from 2018) or trailing (all models, and the top --top in a trailing --window)."
        )
        var frontier: FrontierRule = .rank

        @Option(parsing: .unconditional, help: "Frontier: the top K models…")
        var top = 10

        @Option(parsing: .unconditional, help: "…published in the trailing window of this many years.")
        var window: Double = 1

        @OptionGroup var resampling: ResamplingOptions<Resamples1000>

        @OptionGroup var threading: ThreadOptions



        @Flag(help: "Project dataset sizes against the stock of public text (Villalobos et al. 2024).")
        var dataWall = false

        @Option(
            help:
                "Data wall: villalobos (their method) or all-models-trend (the regression through every model)."
        )
        var projection: DataWall.Projection = .villalobos

        @Option(help: "Compute column of the data-wall table, for the compute-based half (bundled: comp).")
        var computeColumn: String?

        @Option(
            help: ArgumentHelp(
                "Villalobos et al.'s compute projection (their data/compute_projection.csv: headerless index, log10 compute, year) for the compute-based half, instead of Plateau's approximation.",
                valueName: "file"))
        var computeProjection: String?

        @Option(
            parsing: .unconditional,
            help: "Largest training set at the reference year, low end of its 90 % range, tokens.")
        var largestLow = Quantity(3e12)

        @Option(parsing: .unconditional, help: "…and the high end.")
        var largestHigh = Quantity(13e12)

        @Option(
            parsing: .unconditional,
            help: "Override the effective stock: its median in 2024, tokens (default: Villalobos et al.'s model).")
        var stock: Quantity?

        @Option(parsing: .unconditional, help: "Lower end of the overriding stock's 95 % range, tokens.")
        var stockLow: Quantity?

        @Option(parsing: .unconditional, help: "Upper end of the overriding stock's 95 % range, tokens.")
        var stockHigh: Quantity?

        @Option(
            parsing: .unconditional,
            help: "Tokens per unit of the dataset column (0.8 as in Villalobos et al.'s projection code).")
        var tokensPerUnit: Double = 0.8

        @Option(
            parsing: .unconditional,
            help: "Over-training factor (tokens per parameter × compute-optimal) for the second projection.")
        var overtrain: Double = 5

        @Option(parsing: .unconditional, help: "Monte Carlo draws.")
        var draws = 100_000

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard top >= 1 else { throw ValidationError("Please give '--top' at least 1, got \(top).") }
            guard since.isFinite, (1900...2200).contains(since) else {
                throw ValidationError("Please give '--since' a year such as 2010 or 2018.5, got \(since).")
            }
            guard window > 0 else { throw ValidationError("Please give '--window' a positive number of years.") }
            guard (1...10_000_000).contains(draws) else {
                throw ValidationError("Please give '--draws' from 1 to 10000000, got \(draws).")
            }
            let overrides = [stock, stockLow, stockHigh].compactMap { $0 }
            if !overrides.isEmpty {
                guard overrides.count == 3, let stock, let stockLow, let stockHigh,
                    stockLow.value > 0, stockLow.value < stock.value, stock.value < stockHigh.value,
                    stockHigh.value.isFinite
                else {
                    throw ValidationError("Please give all of 0 < --stock-low < --stock < --stock-high, or none.")
                }
            }
            guard largestLow.value > 0, largestLow.value < largestHigh.value, largestHigh.value.isFinite else {
                throw ValidationError("Please give 0 < --largest-low < --largest-high.")
            }
            guard tokensPerUnit > 0, overtrain >= 1 else {
                throw ValidationError("Please give '--tokens-per-unit' > 0 and '--overtrain' ≥ 1.")
            }
            if computeProjection != nil && (!dataWall || projection != .villalobos) {
                throw ValidationError("'--compute-projection' is for '--data-wall' with Villalobos et al.'s method — add '--data-wall' (and drop '--projection all-models-trend').")
            }
            if table != nil && !dataWall && (value == nil || date == nil) {
                throw ValidationError("Please name your table's columns with '--value COLUMN --date COLUMN'.")
            }
        }

        func fit(_ values: [DatedValue], _ quantity: String, source: String, into rows: inout [TrendReport.Row]) throws
        {
            let recent = values.filter { $0.year >= since }
            for (label, selected) in [
                ("all", recent),
                (
                    "frontier (top \(top), \(NumberFormat.significant(window, 3)) y)",
                    PlateauCore.Trend.frontier(recent, top: top, window: window)
                ),
            ] {
                let context = "\(source) (\(quantity), \(label) models since \(NumberFormat.significant(since, 6)))"
                let trend = try reportingInputErrors(source: context) {
                    try PlateauCore.Trend.fit(selected, resamples: resampling.bootstrap, seed: resampling.seed, threads: threading.threads)
                }
                rows.append(TrendReport.Row(quantity: quantity, selection: label, trend: trend))
            }
        }

        func run() throws {
            var rows: [TrendReport.Row] = []
            var notes: [String] = []
            var walls: [(label: String, wall: DataWall)] = []
            let source: String
            if dataWall {
                let t = try reportingInputErrors {
                    try filter.apply(to: table.map { try DataTable.read(path: $0) } ?? BundledDataset.dataStock.table())
                }
                source = t.source
                let (values, skipped) = try reportingInputErrors {
                    try DatedValue.read(
                        t, value: value ?? "dataset", date: date ?? "date", name: table == nil ? "system" : nil)
                }
                if skipped > 0 { notes.append("\(skipped) rows without a date or dataset size skipped") }
                let all = values.filter { $0.year >= since }
                let trend = try reportingInputErrors(source: source) {
                    try PlateauCore.Trend.fit(all, resamples: resampling.bootstrap, seed: resampling.seed, threads: threading.threads)
                }
                rows.append(TrendReport.Row(quantity: "dataset size", selection: "all", trend: trend))
                var computeTrend: PlateauCore.Trend?
                if let column = computeColumn ?? (table == nil ? "comp" : nil) {
                    let compute = try reportingInputErrors {
                        try DatedValue.read(t, value: column, date: date ?? "date").values.filter { $0.year >= since }
                    }
                    let fitted = try reportingInputErrors(source: "\(source) (\(column))") {
                        try PlateauCore.Trend.fit(compute, resamples: resampling.bootstrap, seed: resampling.seed, threads: threading.threads)
                    }
                    rows.append(
                        TrendReport.Row(quantity: "training compute", selection: "all with compute", trend: fitted))
                    computeTrend = fitted
                }
                var options = DataWall.Options()
                options.projection = projection
                options.largestDataset = LogNormalRange(largestLow.value, largestHigh.value, credibility: 0.9)
                if let stock, let stockLow, let stockHigh {
                    options.stock.override = (stock.value, stockLow.value, stockHigh.value)
                }
                options.tokensPerUnit = tokensPerUnit
                if let computeProjection {
                    options.computeProjection = try reportingInputErrors { try ComputeProjection.read(path: computeProjection) }
                }
                options.draws = draws
                options.seed = resampling.seed
                walls.append(
                    ("compute-optimal", DataWall(datasetTrend: trend, computeTrend: computeTrend, options: options)))
                options.overtraining = overtrain
                walls.append(
                    (
                        "\(NumberFormat.significant(overtrain, 3))× over-trained (data ×√\(NumberFormat.significant(overtrain, 3)))",
                        DataWall(datasetTrend: trend, computeTrend: computeTrend, options: options)
                    ))
            } else if let path = table {
                let t = try reportingInputErrors { try filter.read(path) }
                source = t.source
                let (values, skipped) = try reportingInputErrors {
                    try DatedValue.read(t, value: value ?? "", date: date ?? "")
                }
                if skipped > 0 { notes.append("\(skipped) rows without a date or value skipped") }
                try fit(values, value ?? "value", source: source, into: &rows)
            } else {
                source = BundledDataset.epochModels.displayName
                let models = try reportingInputErrors { try filter.apply(to: BundledDataset.epochModels.table()) }
                for q in EpochQuantity.allCases where quantity == .all || quantity.rawValue == q.rawValue {
                    if frontier == .trailing {
                        let (values, skipped) = try reportingInputErrors { try q.values(.all, in: models) }
                        try fit(values, q.label, source: source, into: &rows)
                        if skipped > 0 {
                            notes.append("\(q.label): \(skipped) models without a date or a positive value skipped")
                        }
                        continue
                    }
                    for selection in [EpochQuantity.Selection.notable, .epochFrontier] {
                        let (values, _) = try reportingInputErrors { try q.values(selection, in: models) }
                        let selected = values.filter { $0.year >= since }
                        let label =
                            selection.label + (since == 2010 ? "" : ", since \(NumberFormat.significant(since, 6))")
                        let trend = try reportingInputErrors(source: "\(source) (\(q.label), \(label))") {
                            try PlateauCore.Trend.fit(selected, resamples: resampling.bootstrap, seed: resampling.seed, threads: threading.threads)
                        }
                        rows.append(TrendReport.Row(quantity: q.label, selection: label, trend: trend))
                    }
                }
                if frontier == .rank {
                    notes.append(
                        "selections are Epoch AI's published ones; '--frontier trailing' gives all models and a trailing top-\(top) frontier"
                    )
                }
                notes.append("dataset sizes are Epoch's 'datapoints', tokens or words for language models")
            }
            let report = TrendReport(source: source, rows: rows, walls: walls, notes: notes)
            try output.emit(text: report.text, json: report.json)
        }
    }
}
