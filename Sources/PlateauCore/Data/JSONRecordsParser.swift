import Foundation

/// Reads a JSON array of flat objects, or JSON Lines (one flat object per line), into a
/// ``DataTable``.
///
/// A small recursive-descent reader (RFC 8259) that keeps the line and column of every value,
/// so errors in a record can be reported where they are; Foundation's `JSONSerialization` does
/// not give positions. Numbers are kept as their source text and converted later, exactly.
struct JSONRecordsParser {
    let source: String
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    /// JSON Lines: a record may not run past the end of its line.
    private var singleLine = false
    private var column = 1

    init(text: String, source: String) {
        self.source = source
        scalars = Array(text.unicodeScalars)
    }

    /// - Parameter lines: true for JSON Lines, false for one top-level array.
    mutating func table(lines: Bool) throws -> DataTable {
        var records: [(line: Int, column: Int, fields: [(key: String, cell: DataTable.Cell)])] = []
        skipWhitespace()
        if lines {
            while index < scalars.count {
                let (l, c) = (line, column)
                singleLine = true
                records.append((l, c, try object()))
                singleLine = false
                skipWhitespace(stopAtNewline: true)
                if index < scalars.count && scalars[index] != "\n" && scalars[index] != "\r" {
                    throw error("expected one JSON object per line", "put each record on its own line")
                }
                skipWhitespace()
            }
        } else {
            try expect("[", "a JSON array of run objects, e.g. [{\"N\": 70e6, \"D\": 1.4e9, \"loss\": 3.1}]")
            skipWhitespace()
            if peek() == "]" {
                advance()
            } else {
                while true {
                    skipWhitespace()
                    let (l, c) = (line, column)
                    records.append((l, c, try object()))
                    skipWhitespace()
                    if peek() == "," { advance(); continue }
                    try expect("]", "a ',' or ']' after a record")
                    break
                }
            }
            skipWhitespace()
            if index < scalars.count { throw error("unexpected text after the closing ']'", "remove it") }
        }
        guard !records.isEmpty else {
            throw InputError(
                file: source, line: 1, column: 1, problem: "no records", remedy: "add one object per training run")
        }
        // Columns in order of first appearance.
        var columns: [String] = []
        var headerPositions: [(Int, Int)] = []
        var known: Set<String> = []
        for record in records {
            for field in record.fields where !known.contains(field.key) {
                known.insert(field.key)
                columns.append(field.key)
                headerPositions.append((field.cell.line, field.cell.column))
            }
        }
        let rows = records.map { record in
            columns.map { name in
                record.fields.first(where: { $0.key == name })?.cell
                    ?? DataTable.Cell(text: nil, line: record.line, column: record.column)
            }
        }
        return DataTable(source: source, columns: columns, headerPositions: headerPositions, rows: rows)
    }

    // MARK: - Grammar

    private mutating func object() throws -> [(key: String, cell: DataTable.Cell)] {
        try expect("{", "each record to be a JSON object")
        var fields: [(key: String, cell: DataTable.Cell)] = []
        skipWhitespace()
        if peek() == "}" { advance(); return fields }
        while true {
            skipWhitespace()
            let (kl, kc) = (line, column)
            guard peek() == "\"" else { throw error("expected a quoted key", "write keys as \"name\"") }
            let key = try string()
            if fields.contains(where: { $0.key == key }) {
                throw InputError(
                    file: source, line: kl, column: kc, problem: "duplicate key '\(key)' in one record",
                    remedy: "keep one value per key")
            }
            skipWhitespace()
            try expect(":", "':' after the key")
            skipWhitespace()
            let (vl, vc) = (line, column)
            let text = try scalarValue()
            fields.append((key, DataTable.Cell(text: text, line: vl, column: vc)))
            skipWhitespace()
            if peek() == "," { advance(); continue }
            try expect("}", "',' or '}' after a value")
            return fields
        }
    }

    /// A string, number, true, false or null (nil). Objects and arrays are errors.
    private mutating func scalarValue() throws -> String? {
        guard let c = peek() else { throw error("unexpected end of file", "complete the record") }
        switch c {
        case "\"": return try string()
        case "{", "[":
            throw error("value is a nested \(c == "{" ? "object" : "array")", "give each field a number or a string")
        case "t": try literal("true"); return "true"
        case "f": try literal("false"); return "false"
        case "n": try literal("null"); return nil
        default:
            var text = ""
            while let d = peek(), "+-.0123456789eE".unicodeScalars.contains(d) {
                text.unicodeScalars.append(d); advance()
            }
            guard !text.isEmpty else { throw error("unexpected character '\(c)'", "check the JSON syntax") }
            return text
        }
    }

    private mutating func string() throws -> String {
        let (l, c) = (line, column)
        advance()  // opening quote
        var out = String.UnicodeScalarView()
        while let ch = peek() {
            advance()
            switch ch {
            case "\"": return String(out)
            case "\\":
                guard let esc = peek() else { break }
                advance()
                switch esc {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "b": out.append("\u{8}")
                case "f": out.append("\u{C}")
                case "u":
                    var hex = ""
                    for _ in 0..<4 { if let h = peek() { hex.unicodeScalars.append(h); advance() } }
                    guard let v = UInt32(hex, radix: 16), let s = Unicode.Scalar(v) else {
                        throw error("bad \\u escape", "use four hex digits")
                    }
                    out.append(s)
                default: out.append(esc)
                }
            case "\n":
                throw InputError(
                    file: source, line: l, column: c, problem: "string is never closed", remedy: "add the closing '\"'")
            default: out.append(ch)
            }
        }
        throw InputError(
            file: source, line: l, column: c, problem: "string is never closed", remedy: "add the closing '\"'")
    }

    private mutating func literal(_ word: String) throws {
        for expected in word.unicodeScalars {
            guard peek() == expected else { throw error("unexpected character", "expected '\(word)'") }
            advance()
        }
    }

    // MARK: - Scanning

    private func peek() -> Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private mutating func advance() {
        if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
        index += 1
    }

    private mutating func skipWhitespace(stopAtNewline: Bool = false) {
        let stop = stopAtNewline || singleLine
        while let c = peek(), c == " " || c == "\t" || c == "\r" || (c == "\n" && !stop) { advance() }
    }

    private mutating func expect(_ c: Unicode.Scalar, _ what: String) throws {
        guard peek() == c else {
            let found = peek().map { $0 == "\n" ? "the end of the line" : "'\($0)'" } ?? "end of file"
            throw error("expected '\(c)', found \(found)", "the file should hold \(what)")
        }
        advance()
    }

    private func error(_ problem: String, _ remedy: String) -> InputError {
        InputError(file: source, line: line, column: column, problem: problem, remedy: remedy)
    }
}
