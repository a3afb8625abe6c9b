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

    /// The rows without the header line (for key/value blocks), aligned as in ``render(indent:)``.
    package func renderRows(indent: Int = 2) -> String {
        render(indent: indent).split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
            .joined(separator: "\n")
    }

    /// The table as lines, each indented by `indent` spaces.
    ///
    /// - Complexity: O(cells).
    package func render(indent: Int = 2) -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
        let pad = String(repeating: " ", count: indent)
        return all.map { row in
            let cells = header.indices.map { c -> String in
                let text = row.indices.contains(c) ? row[c] : ""
                let fill = String(repeating: " ", count: widths[c] - text.count)
                return rightAligned[c] ? fill + text : (c == header.count - 1 ? text : text + fill)
            }
            return pad + cells.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
