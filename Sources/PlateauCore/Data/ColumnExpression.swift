import Foundation
import RealModule

/// A derived column, as `--column ROLE=EXPRESSION` writes it: `loss=ln(ppl)`,
/// `D=10^num_token`, `D=step*2097152`, `N=params_no_embed+embed`.
///
/// Grammar (usual precedence: `^` binds tightest and to the right, so `-2^2` is −4):
/// ```
/// expression = term (("+" | "-") term)*
/// term       = unary (("*" | "/") unary)*
/// unary      = "-" unary | power
/// power      = primary ("^" unary)?
/// primary    = number | column | function "(" expression ")" | "(" expression ")"
/// function   = ln | log10 | exp
/// column     = a name of letters, digits, "_" and "."; or any name in backquotes: `Model Size`
/// ```
/// Numbers take SI suffixes (`2M`). Every cell a derived value reads is checked like an input
/// cell, and a value without a finite result (`ln` of 0, division by 0) is an error at the cell.
package indirect enum ColumnExpression: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case column(String)
    case negate(ColumnExpression)
    case binary(Character, ColumnExpression, ColumnExpression)
    case function(String, ColumnExpression)

    /// A syntax error: what was expected and where (1-based character in the expression).
    package struct SyntaxError: Error, Equatable, CustomStringConvertible {
        package var expression: String
        package var position: Int
        package var problem: String
        package var description: String {
            "bad expression '\(InputError.excerpt(expression))' at character \(position): \(problem)"
        }
    }

    package static let functions = ["ln", "log10", "exp"]

    /// True when `text` should be read as an expression rather than a column name: it contains
    /// an operator, a parenthesis or a backquote.
    package static func looksLikeExpression(_ text: String) -> Bool {
        text.contains { "+-*/^()`".contains($0) }
    }

    /// Parses `text`.
    ///
    /// - Throws: ``SyntaxError``.
    package static func parse(_ text: String) throws -> ColumnExpression {
        var parser = Parser(text: text)
        let expression = try parser.expression()
        parser.skipSpaces()
        guard parser.index == parser.chars.count else {
            throw parser.error("unexpected '\(parser.chars[parser.index])'")
        }
        return expression
    }

    /// The columns the expression reads.
    package var columns: [String] {
        switch self {
        case .number: []
        case .column(let name): [name]
        case .negate(let e), .function(_, let e): e.columns
        case .binary(_, let a, let b): a.columns + b.columns
        }
    }

    package var description: String {
        switch self {
        case .number(let x): "\(x)"
        case .column(let name):
            name.contains(where: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }) ? "`\(name)`" : name
        case .negate(let e): "-\(e)"
        case .binary(let op, let a, let b): "(\(a) \(op) \(b))"
        case .function(let f, let e): "\(f)(\(e))"
        }
    }

    /// The value for one row, from the values of the columns it reads.
    package func evaluate(_ value: (String) -> Double) -> Double {
        switch self {
        case .number(let x): return x
        case .column(let name): return value(name)
        case .negate(let e): return -e.evaluate(value)
        case .binary(let op, let a, let b):
            let x = a.evaluate(value), y = b.evaluate(value)
            switch op {
            case "+": return x + y
            case "-": return x - y
            case "*": return x * y
            case "/": return x / y
            default: return Foundation.pow(x, y)  // C's pow: a negative base with a whole exponent is fine
            }
        case .function(let f, let e):
            let x = e.evaluate(value)
            switch f {
            case "ln": return x > 0 ? Double.log(x) : .nan
            case "log10": return x > 0 ? Double.log10(x) : .nan
            default: return Double.exp(x)
            }
        }
    }

    struct Parser {
        let text: String
        let chars: [Character]
        var index = 0

        init(text: String) {
            self.text = text
            chars = Array(text)
        }

        func error(_ problem: String) -> SyntaxError {
            SyntaxError(expression: text, position: index + 1, problem: problem)
        }

        mutating func skipSpaces() {
            while index < chars.count, chars[index] == " " { index += 1 }
        }

        mutating func take(_ c: Character) -> Bool {
            skipSpaces()
            guard index < chars.count, chars[index] == c else { return false }
            index += 1
            return true
        }

        mutating func expression() throws -> ColumnExpression {
            try leftAssociative("+-") { try $0.term() }
        }

        mutating func term() throws -> ColumnExpression {
            try leftAssociative("*/") { try $0.unary() }
        }

        /// `operand (op operand)*` for the operators in `ops`, grouped to the left.
        mutating func leftAssociative(
            _ ops: String, _ operand: (inout Parser) throws -> ColumnExpression
        ) throws -> ColumnExpression {
            var left = try operand(&self)
            while let op = ops.first(where: { peekOperator($0) }) {
                // A chain `1+1+…` nests to the left: its length bounds the tree's depth too.
                operations += 1
                guard operations <= Self.maximumOperations else {
                    throw error("more than \(Self.maximumOperations) operations — derive the column in fewer steps")
                }
                index += 1
                left = .binary(op, left, try operand(&self))
            }
            return left
        }

        /// Whether the next non-space character is `c` (spaces are consumed).
        mutating func peekOperator(_ c: Character) -> Bool {
            skipSpaces()
            return index < chars.count && chars[index] == c
        }

        /// Every nesting (parentheses, a function's argument, a sign, an exponent) passes through
        /// `unary`, so its depth bounds the recursion: a hostile expression 60,000 parentheses deep
        /// is a located error, not a stack overflow.
        static let maximumDepth = 100
        static let maximumOperations = 1_000
        var depth = 0
        var operations = 0

        mutating func unary() throws -> ColumnExpression {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else {
                throw error("nested more than \(Self.maximumDepth) deep — write the expression with fewer parentheses and signs")
            }
            return take("-") ? .negate(try unary()) : try power()
        }

        mutating func power() throws -> ColumnExpression {
            let base = try primary()
            return take("^") ? .binary("^", base, try unary()) : base
        }

        mutating func primary() throws -> ColumnExpression {
            skipSpaces()
            guard index < chars.count else { throw error("expected a number, a column or '(' at the end") }
            if take("(") {
                let inner = try expression()
                guard take(")") else { throw error("expected ')'") }
                return inner
            }
            if chars[index] == "`" {
                let start = index + 1
                guard let end = chars[start...].firstIndex(of: "`") else { throw error("backquoted name never closed") }
                index = end + 1
                guard end > start else { throw error("empty column name") }
                return .column(String(chars[start..<end]))
            }
            if chars[index].isNumber || chars[index] == "." {
                let start = index
                while index < chars.count,
                    chars[index].isNumber || chars[index] == "."
                        || ((chars[index] == "e" || chars[index] == "E")
                            && index + 1 < chars.count
                            && (chars[index + 1].isNumber || chars[index + 1] == "-" || chars[index + 1] == "+"))
                {
                    if chars[index] == "e" || chars[index] == "E" { index += 1 }
                    index += 1
                }
                if index < chars.count, Quantity.suffixes[chars[index]] != nil,
                    index + 1 == chars.count || !(chars[index + 1].isLetter || chars[index + 1].isNumber)
                {
                    index += 1
                }
                guard let value = Quantity.parse(String(chars[start..<index])) else {
                    throw error("'\(String(chars[start..<index]))' is not a number")
                }
                return .number(value)
            }
            if chars[index].isLetter || chars[index] == "_" {
                let start = index
                while index < chars.count,
                    chars[index].isLetter || chars[index].isNumber || chars[index] == "_" || chars[index] == "."
                {
                    index += 1
                }
                let name = String(chars[start..<index])
                if take("(") {
                    guard ColumnExpression.functions.contains(name) else {
                        index = start
                        throw error(
                            "unknown function '\(name)' (use \(ColumnExpression.functions.joined(separator: ", ")))")
                    }
                    let argument = try expression()
                    guard take(")") else { throw error("expected ')'") }
                    return .function(name, argument)
                }
                return .column(name)
            }
            throw error("unexpected '\(chars[index])'")
        }
    }
}

extension DataTable {
    /// The table with a column named `name` added, holding `expression` for every row.
    ///
    /// Cells the expression reads are checked as numbers (SI suffixes allowed); an empty cell
    /// gives an empty derived cell (so `--skip-missing` can drop the row). The derived cell
    /// remembers the position of the first cell it reads.
    ///
    /// - Throws: ``InputError`` for a column the table does not have, a cell that is not a
    ///   number, or a row without a finite result.
    package func deriving(_ name: String, from expression: ColumnExpression) throws -> DataTable {
        // In the expression's order, so that the first bad cell reported is the same every run.
        var indices: [String: Int] = [:]
        var read: [(column: String, index: Int)] = []
        for column in expression.columns where indices[column] == nil {
            guard
                let i = columnIndex(named: column)
                    ?? columns.firstIndex(where: { $0.lowercased() == column.lowercased() })
            else {
                throw InputError(
                    file: source, line: headerPositions.first?.line ?? 1,
                    problem: "no column '\(column)' in the expression '\(name)'",
                    remedy:
                        "the columns are: \(columns.joined(separator: ", ")) (write names with spaces in backquotes)")
            }
            indices[column] = i
            read.append((column, i))
        }
        var copy = self
        copy.columns.append(name)
        copy.headerPositions.append(headerPositions.first ?? (1, 1))
        for r in rows.indices {
            let row = rows[r]
            let first = expression.columns.first.flatMap { indices[$0] }.map { row[$0] }
            var cell = DataTable.Cell(text: nil, line: first?.line ?? row[0].line, column: first?.column ?? 1)
            var values: [String: Double] = [:]
            var empty = false
            for (column, i) in read {
                let text = row[i].text?.trimmingCharacters(in: .whitespaces) ?? ""
                if text.isEmpty {
                    empty = true
                    break
                }
                guard let value = Quantity.parse(text), value.isFinite else {
                    throw InputError(
                        file: source, line: row[i].line, column: row[i].column,
                        problem: "\(columns[i]) '\(InputError.excerpt(text))' is not a number (read by '\(name)')",
                        remedy: "write a number such as 70M, 1.4e9 or 2T")
                }
                values[column] = value
            }
            if !empty {
                let result = expression.evaluate { values[$0] ?? .nan }
                guard result.isFinite else {
                    throw InputError(
                        file: source, line: cell.line, column: cell.column,
                        problem: "'\(name)' has no finite value on this row",
                        remedy: "check the row's values (ln and log10 need positive numbers; no division by 0)")
                }
                cell.text = "\(result)"
            }
            copy.rows[r].append(cell)
        }
        return copy
    }
}
