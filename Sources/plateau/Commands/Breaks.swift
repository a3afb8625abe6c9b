import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension Plateau {
    struct Breaks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Is the trend bending? One log-linear trend against two segments with a break, with the break date's interval and a stated criterion.",
            // Written out: ArgumentParser lists every option of a short command on one line.
            usage: "plateau breaks [<options>] [<table>]",
            discussion: """
                Reads a dated series (--date and --value columns; YYYY-MM-DD dates) — by default the frontier \
                training compute of Epoch AI's notable models (top 10 by compute when published, 2010 on). \
                The value is taken in log10 unless --linear. \(TrendBreak.criterion).
                """)

        @Argument(help: ArgumentHelp("A dated series. Default: Epoch's frontier training compute.", valueName: "table"))
        var table: String?

        /// `--where` (and derived `--column`s) on the table.
        @OptionGroup var filter: TableFilterOptions

        @Option(help: ArgumentHelp("The date column (YYYY-MM-DD).", valueName: "column"))
        var date: String?

        @Option(help: ArgumentHelp("The value column.", valueName: "column"))
        var value: String?

        @Flag(help: "Test the value itself instead of its log10 (for scores and other bounded quantities).")
        var linear = false

        @OptionGroup var resampling: ResamplingOptions<Resamples200>


        @OptionGroup var output: OutputOptions

        func validate() throws {
            if table != nil && (date == nil || value == nil) {
                throw ValidationError("A table needs its columns named — add '--date COLUMN' and '--value COLUMN'.")
            }
        }

        func run() throws {
            let series: [DatedValue]
            let label: String
            var notes: [String] = []
            if let table, let date, let value {
                let read = try reportingInputErrors {
                    try DatedValue.read(filter.read(table), value: value, date: date)
                }
                series = read.values
                if read.skipped > 0 {
                    notes.append(
                        "left out \(read.skipped) row\(read.skipped == 1 ? "" : "s") with an empty date or value, or a value of 0 or less (it has no logarithm)"
                    )
                }
                label = "\(value) in \(table)"
            } else {
                series = try reportingInputErrors {
                    try EpochQuantity.compute.values(.frontier).values.filter { $0.year >= 2010 }
                }
                label = "frontier training compute (FLOP), Epoch AI notable models, 2010 on"
            }
            let y = series.map { linear ? $0.value : Double.log10($0.value) }
            let result = try reportingInputErrors(source: table ?? "epoch-models") {
                try TrendBreak(x: series.map(\.year), y: y, resamples: resampling.bootstrap, seed: resampling.seed)
            }
            let report = BreakReport(
                label: label, unit: linear ? "per year" : "log10 per year", result: result, notes: notes,
                warnings: (DatedValue.outlyingDates(series).map { [$0] } ?? []) + result.warnings)
            try output.emit(text: report.text, json: report.json)
        }
    }
}
