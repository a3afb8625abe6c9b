/// A plain-text table with aligned columns, for terminal output.
///
/// Numbers are right-aligned, text left-aligned; columns are separated by two spaces.
package struct TextTable: Sendable {
    package var header: [String]
    package var rows: [[String]]
    /// Per column: true to right-align.
    package var rightAligned: [Bool]

    package init(header: [String], rows: [[String]] = [], rightAligned: [Bool]? = nil) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned ?? header.map { _ in false }
    }

    /// Columns after the first whose cells all hold one non-empty value, when there are at least
    /// `minimumRows` rows: removed from the table and returned as `header: value` captions (a
    /// "largest model" column that repeats one name 46 times says it once).
    package mutating func liftConstantColumns(minimumRows: Int = 4) -> [String] {
        let (h, r, a, captions) = Self.liftConstantColumns(header, rows, rightAligned, minimumRows: minimumRows)
        (header, rows, rightAligned) = (h, r, a)
        return captions
    }

    /// ``liftConstantColumns(minimumRows:)`` on a header and rows (for the HTML tables).
    package static func liftConstantColumns(
        _ header: [String], _ rows: [[String]], _ rightAligned: [Bool]? = nil, minimumRows: Int = 4
    ) -> (header: [String], rows: [[String]], rightAligned: [Bool], captions: [String]) {
        let aligned = rightAligned ?? header.map { _ in false }
        guard rows.count >= minimumRows else { return (header, rows, aligned, []) }
        let constant = header.indices.dropFirst().filter { c in
            let values = Set(rows.map { $0.indices.contains(c) ? $0[c] : "" })
            return values.count == 1 && values.first?.isEmpty == false
        }
        let kept = header.indices.filter { !constant.contains($0) }
        return (
            kept.map { header[$0] }, rows.map { row in kept.map { row.indices.contains($0) ? row[$0] : "" } },
            kept.map { aligned[$0] }, constant.map { "\(header[$0]): \(rows[0][$0]) in every row" }
        )
    }

    /// The rows without the header line (for key/value blocks), aligned as in ``render(indent:)``.
    package func renderRows(indent: Int = 2) -> String {
        Terminal.$columns.withValue(nil) { render(indent: indent) }.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
            .joined(separator: "\n")
    }

    /// The table as lines, each indented by `indent` spaces, laid out for ``Terminal/columns``:
    /// when the table is wider, its columns are split into blocks that each repeat the first
    /// column (every row stays whole within a block, as R prints a wide data frame); when even
    /// the first column and one more do not fit, each row is stacked as `header: value` lines.
    ///
    /// - Complexity: O(cells).
    package func render(indent: Int = 2) -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
        guard let limit = Terminal.columns, header.count > 1,
            indent + widths.reduce(0, +) + 2 * (widths.count - 1) > limit
        else { return lines(all, columns: Array(header.indices), widths: widths, indent: indent) }
        var blocks: [[Int]] = [], current = [0], used = indent + widths[0]
        for c in header.indices.dropFirst() {
            if used + 2 + widths[c] > limit && current.count > 1 {
                blocks.append(current)
                current = [0]
                used = indent + widths[0]
            }
            current.append(c)
            used += 2 + widths[c]
        }
        blocks.append(current)
        let fits = blocks.allSatisfy { b in indent + b.map { widths[$0] }.reduce(0, +) + 2 * (b.count - 1) <= limit }
        guard fits else { return stacked(indent: indent, limit: limit) }
        return blocks.map { lines(all, columns: $0, widths: widths, indent: indent) }.joined(separator: "\n\n")
    }

    private func lines(_ all: [[String]], columns: [Int], widths: [Int], indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        return all.map { row in
            let cells = columns.map { c -> String in
                let text = row.indices.contains(c) ? row[c] : ""
                let fill = String(repeating: " ", count: widths[c] - text.count)
                return rightAligned[c] ? fill + text : (c == columns.last ? text : text + fill)
            }
            return pad + cells.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Each row as its first cell, then one `header: value` line per other column, wrapped to
    /// `limit`; rows separated by a blank line.
    private func stacked(indent: Int, limit: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        return rows.map { row in
            let name = pad + (row.first ?? "")
            let fields = header.indices.dropFirst().compactMap { c -> String? in
                let text = row.indices.contains(c) ? row[c] : ""
                return text.isEmpty ? nil : Terminal.wrap(pad + "  " + header[c] + ": " + text, width: limit)
            }
            return ([Terminal.wrap(name, width: limit)] + fields).joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}

extension TextTable {
    /// The lines that say how to read a command's tables — its method, rules and definitions —
    /// set after the tables under one heading (issue 26: the answer first, the method below it).
    package static func howToRead(_ lines: [String]) -> String {
        lines.isEmpty ? "" : "\nHow to read the tables:\n" + lines.map { "  \($0)\n" }.joined()
    }
}
