import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension BundledDataset: ExpressibleByArgument {}

extension Plateau {
    struct Datasets: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List and export the bundled real scaling datasets.",
            subcommands: [List.self, Export.self, Source.self],
            defaultSubcommand: List.self)

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the bundled datasets with row counts and citations.")

            @OptionGroup var output: OutputOptions

            func run() throws {
                if output.json {
                    struct Entry: Encodable {
                        var name, file, summary, citation: String
                        var rows: Int
                    }
                    struct Document: Encodable {
                        var schema = "plateau.datasets/1"
                        var datasets: [Entry]
                    }
                    let entries = try BundledDataset.allCases.map { d in
                        Entry(
                            name: d.rawValue, file: d.path.file, summary: d.summary, citation: d.citation,
                            rows: try reportingInputErrors { try d.table().rows.count })
                    }
                    try Output.standard(try jsonDocument { try encodeDocument(Document(datasets: entries)) } + "\n")
                    return
                }
                var table = TextTable(
                    header: ["name", "rows", "what", "file"], rightAligned: [false, true, false, false])
                var citations: [String] = []
                for dataset in BundledDataset.allCases {
                    let rows = try reportingInputErrors { try dataset.table().rows.count }
                    table.rows.append([dataset.rawValue, "\(rows)", dataset.summary, dataset.path.file])
                    citations.append("  \(dataset.rawValue): \(dataset.citation)")
                }
                try Output.text(table.render() + "\n")
                try Output.text("\nsources:\n")
                try Output.text(citations.joined(separator: "\n") + "\n")
                try Output.text(
                    "\nExport one with 'plateau datasets export NAME'; 'plateau datasets source NAME' shows its origin and licence notes.\n"
                )
            }
        }

        struct Export: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write a bundled dataset as CSV (unchanged bytes).")

            @Argument(help: "Dataset name: \(BundledDataset.allCases.map(\.rawValue).joined(separator: ", ")).")
            var name: BundledDataset

            @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
            var output: String?

            func run() throws {
                let data = try reportingInputErrors { try name.data() }
                if let output {
                    try Output.file(data, to: output)
                    Output.error("wrote \(output) (\(name.citation))")
                } else {
                    try Output.standard(data)
                }
            }
        }

        struct Source: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show a dataset's origin, paper, licence notes and columns.")

            @Argument(help: "Dataset name.")
            var name: BundledDataset

            func run() throws {
                try Output.text(try reportingInputErrors { try name.sourceNotes() } + "\n")
            }
        }
    }
}
