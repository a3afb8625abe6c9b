/// A problem with an input file, located to the line and column where it is.
///
/// Its description is the one line the CLI prints:
/// `file:line:column: what is wrong — what to do`.
package struct InputError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file (or bundled dataset name) the problem is in.
    package var file: String
    /// 1-based line, or nil when the problem is with the file as a whole.
    package var line: Int?
    /// 1-based column in characters, or nil.
    package var column: Int?
    /// What is wrong.
    package var problem: String
    /// What the user can do about it.
    package var remedy: String

    package init(file: String, line: Int? = nil, column: Int? = nil, problem: String, remedy: String) {
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem
        self.remedy = remedy
    }

    /// `text` as it may be echoed in a message: control characters escaped (`\u{1B}`) and cut to
    /// 40 characters, so that a cell cannot recolour a terminal, split the line or flood it.
    package static func excerpt(_ text: String) -> String { escaped(text, limit: 40) }

    /// `text` with control characters shown as `\u{1B}`-style escapes (newlines and tabs kept
    /// when `keepingLineBreaks`), cut after `limit` characters with a mark of what was cut.
    package static func escaped(_ text: String, limit: Int = .max, keepingLineBreaks: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        for (i, scalar) in text.unicodeScalars.enumerated() {
            if i == limit {
                let rest = text.unicodeScalars.count - i
                out.append(contentsOf: (limit < 100 ? "…" : "… (\(rest) more characters)").unicodeScalars)
                break
            }
            let kept = keepingLineBreaks && (scalar == "\n" || scalar == "\t")
            if scalar.properties.generalCategory == .control && !kept {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    package var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return "\(location): \(problem) — \(remedy)"
    }
}
