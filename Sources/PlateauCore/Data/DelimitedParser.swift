import Foundation

/// Reads comma- or tab-separated text (RFC 4180 quoting) into a ``DataTable``.
///
/// Written here rather than taken from a CSV package because every error must name the line and
/// column of the offending field, which the available readers do not track.
struct DelimitedParser {
    let text: String
    let source: String
    let separator: Character

    /// - Throws: ``InputError`` for an unterminated quote, a duplicate or empty header, a row with
    ///   the wrong number of fields, or no data rows.
    func table() throws -> DataTable {
        let records = try self.records()
        guard let header = records.first else {
            throw InputError(
                file: source, problem: "file is empty", remedy: "expected a header row and at least one run")
        }
        var seen: [String: Int] = [:]
        // A first column without a name is a pandas index (`df.to_csv()` writes one): kept under
        // the name "(index)", which no role matches, and noted.
        let indexColumn = (header.first?.text ?? "").trimmingCharacters(in: .whitespaces).isEmpty && header.count > 1
        for (i, cell) in header.enumerated() {
            let name = (cell.text ?? "").trimmingCharacters(in: .whitespaces)
            if name.isEmpty && !(i == 0 && indexColumn) {
                throw InputError(
                    file: source, line: cell.line, column: cell.column, problem: "header column \(i + 1) has no name",
                    remedy: "give every column a name in the first row")
            }
            if let first = seen[name.lowercased()] {
                throw InputError(
                    file: source, line: cell.line, column: cell.column,
                    problem: "duplicate column name '\(name)' (also column \(first + 1))",
                    remedy: "rename one of the two columns")
            }
            seen[name.lowercased()] = i
        }
        var columns = header.map { ($0.text ?? "").trimmingCharacters(in: .whitespaces) }
        if indexColumn { columns[0] = "(index)" }
        var rows: [[DataTable.Cell]] = []
        for record in records.dropFirst() {
            guard record.count == columns.count else {
                let where_ = record.count > columns.count ? record[columns.count] : record[record.count - 1]
                throw InputError(
                    file: source, line: record[0].line, column: where_.column,
                    problem: "row has \(record.count) fields but the header has \(columns.count)",
                    remedy:
                        "make every row have one field per column (quote fields that contain '\(separator == "\t" ? "\\t" : String(separator))')"
                )
            }
            rows.append(record)
        }
        guard !rows.isEmpty else {
            throw InputError(
                file: source, line: header[0].line, problem: "no data rows after the header",
                remedy: "add one row per training run")
        }
        var table = DataTable(
            source: source, columns: columns, headerPositions: header.map { ($0.line, $0.column) }, rows: rows)
        if indexColumn { table.notes.append("ignored the unnamed first column (a pandas index)") }
        return table
    }

    /// Splits the text into records of cells, skipping blank lines.
    private func records() throws -> [[DataTable.Cell]] {
        var records: [[DataTable.Cell]] = []
        var record: [DataTable.Cell] = []
        var field = ""
        var fieldLine = 1, fieldColumn = 1
        var line = 1, column = 1
        var inQuotes = false, wasQuoted = false
        var quoteLine = 0, quoteColumn = 0
        var atFieldStart = true

        func endField() {
            record.append(
                DataTable.Cell(
                    text: wasQuoted ? field : field.trimmingCharacters(in: .whitespaces), line: fieldLine,
                    column: fieldColumn))
            field = ""
            wasQuoted = false
            atFieldStart = true
        }
        func endRecord() {
            let blank = record.count == 1 && !wasQuoted && (record[0].text ?? "").isEmpty
            if !blank { records.append(record) }
            record = []
        }

        var iterator = text.makeIterator()
        var pending: Character? = nil
        while let ch = pending ?? iterator.next() {
            pending = nil
            if atFieldStart {
                fieldLine = line; fieldColumn = column
                atFieldStart = false
            }
            if inQuotes {
                if ch == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.append("\""); column += 2
                        continue
                    }
                    inQuotes = false
                    column += 1
                    pending = next
                    continue
                }
                field.append(ch)
                if ch == "\n" || ch == "\r\n" { line += 1; column = 1 } else { column += 1 }
                continue
            }
            switch ch {
            case "\"" where field.trimmingCharacters(in: .whitespaces).isEmpty && !wasQuoted:
                inQuotes = true; wasQuoted = true
                quoteLine = line; quoteColumn = column
                field = ""
                column += 1
            case separator:
                endField()
                column += 1
            case "\n", "\r\n", "\r":
                endField()
                endRecord()
                line += 1; column = 1
            default:
                // After a quoted field's closing quote only spaces may come before the separator:
                // `"3"9` is not the number 39.
                if wasQuoted && !ch.isWhitespace {
                    throw InputError(
                        file: source, line: line, column: column, problem: "text after a quoted field's closing quote",
                        remedy: "quote the whole field and write a quote inside it as '\"\"'")
                }
                field.append(ch)
                column += 1
            }
        }
        if inQuotes {
            throw InputError(
                file: source, line: quoteLine, column: quoteColumn, problem: "quoted field is never closed",
                remedy: "add the closing '\"' (write a quote inside a quoted field as '\"\"')")
        }
        if !atFieldStart || !record.isEmpty || wasQuoted {
            endField()
            endRecord()
        }
        return records
    }
}
