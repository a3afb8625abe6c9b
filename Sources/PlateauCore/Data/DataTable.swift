import Foundation

/// A table of text cells read from a file, each cell remembering where it came from.
///
/// The common form of every input format (CSV, TSV, JSON array, JSON Lines) before columns are
/// given meaning, so that every later error can name the file, line and column.
public struct DataTable: Sendable {
    /// One value and its position in the source.
    public struct Cell: Sendable, Equatable {
        /// The cell's text; nil when the field is absent (a JSON record without the key, or null).
        public var text: String?
        public var line: Int
        public var column: Int
    }

    /// The input formats Plateau reads.
    public enum Format: String, Sendable, CaseIterable {
        case csv, tsv, json, jsonLines = "jsonl"
    }

    /// The file or dataset name used in messages.
    public var source: String
    /// Column names in file order.
    public var columns: [String]
    /// Where each column's name is (line, column).
    public var headerPositions: [(line: Int, column: Int)]
    /// Rows of cells, one per column.
    public var rows: [[Cell]]
    /// What reading the file did that a user should know (an index column ignored).
    public var notes: [String] = []
    /// The file of columns joined from another table (``joined(with:on:)``), by column index.
    public var columnSources: [Int: String] = [:]

    /// The file a column's cells come from, for located errors.
    public func source(of column: Int) -> String { columnSources[column] ?? source }

    /// Reads a table from a file, choosing the format from the extension or the content; a
    /// folder (or a file) of TensorBoard event files reads as a long table of its runs' scalars
    /// (``TensorBoardEvents``), and a W&B chart export as a long table of its runs
    /// (``WandBExport``).
    ///
    /// - Throws: ``InputError`` for a missing, empty, non-UTF-8 or malformed file.
    public static func read(path: String, format: Format? = nil) throws -> DataTable {
        var isDirectory: ObjCBool = false
        if format == nil, FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
            isDirectory.boolValue || TensorBoardEvents.isEventFile((path as NSString).lastPathComponent)
        {
            return try TensorBoardEvents.table(path: path)
        }
        let text = try TextSource.read(path: path)
        let table = try parse(text, source: path, format: format ?? detectFormat(path: path, text: text))
        return WandBExport.long(table) ?? table
    }

    /// Parses `text` in the given format.
    public static func parse(_ text: String, source: String, format: Format) throws -> DataTable {
        switch format {
        case .csv: try DelimitedParser(text: text, source: source, separator: ",").table()
        case .tsv: try DelimitedParser(text: text, source: source, separator: "\t").table()
        case .json, .jsonLines:
            try {
                var parser = JSONRecordsParser(text: text, source: source);
                return try parser.table(lines: format == .jsonLines)
            }()
        }
    }

    /// The format named by the file's extension, else guessed from its first character.
    static func detectFormat(path: String, text: String) -> Format {
        switch (path as NSString).pathExtension.lowercased() {
        case "csv": return .csv
        case "tsv", "tab": return .tsv
        case "jsonl", "ndjson": return .jsonLines
        case "json":
            return text.first(where: { !$0.isWhitespace }) == "{" ? .jsonLines : .json
        default:
            switch text.first(where: { !$0.isWhitespace }) {
            case "[": return .json
            case "{": return .jsonLines
            default:
                let firstLine = text.prefix { $0 != "\n" }
                return firstLine.contains("\t") ? .tsv : .csv
            }
        }
    }

    /// The index of the column named exactly `name`.
    public func columnIndex(named name: String) -> Int? {
        columns.firstIndex(of: name)
    }
}
