import Foundation

/// A `--where` condition on one column: `model=7b`, `step>1000`, `loss<=3`, `family!=gpt`,
/// `model in 1.3b|2.7b|6.7b`.
///
/// `=`, `!=` and `in` compare text (trimmed); `<`, `<=`, `>`, `>=` compare numbers (with SI
/// suffixes), and a row whose cell is not a number fails the condition. Several conditions keep
/// the rows that pass them all.
public struct RowFilter: Sendable, Equatable, CustomStringConvertible {
    public enum Operator: String, Sendable, CaseIterable {
        case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case oneOf = "in"
    }

    public var column: String
    public var op: Operator
    /// One value, or the alternatives of `in`.
    public var values: [String]

    public init(column: String, op: Operator, values: [String]) {
        self.column = column
        self.op = op
        self.values = values
    }

    /// Parses `text`; nil when it has no operator, no column or no value.
    public init?(_ text: String) {
        // ` in ` first (a column name may not contain it), then the two-character operators.
        if let range = text.range(of: " in ") {
            column = String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
            op = .oneOf
            values = text[range.upperBound...].split(separator: "|").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard !column.isEmpty, !values.isEmpty, !values.contains(where: \.isEmpty) else { return nil }
            return
        }
        for candidate in [Operator.notEqual, .lessOrEqual, .greaterOrEqual, .less, .greater, .equal] {
            guard let range = text.range(of: candidate.rawValue) else { continue }
            column = String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
            op = candidate
            values = [String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces)]
            guard !column.isEmpty, !(op != .equal && op != .notEqual && values[0].isEmpty) else { return nil }
            return
        }
        return nil
    }

    public var description: String {
        op == .oneOf ? "\(column) in \(values.joined(separator: "|"))" : "\(column)\(op.rawValue)\(values[0])"
    }

    /// Whether a cell's text passes.
    public func passes(_ text: String?) -> Bool {
        let cell = text?.trimmingCharacters(in: .whitespaces) ?? ""
        switch op {
        case .equal: return cell == values[0]
        case .notEqual: return cell != values[0]
        case .oneOf: return values.contains(cell)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let x = Quantity.parse(cell), let y = Quantity.parse(values[0]), x.isFinite, y.isFinite else {
                return false
            }
            switch op {
            case .less: return x < y
            case .lessOrEqual: return x <= y
            case .greater: return x > y
            default: return x >= y
            }
        }
    }
}

extension DataTable {
    /// The rows that pass every filter, applied in order.
    ///
    /// - Throws: ``InputError`` for a missing column, a numeric comparison with a value that is
    ///   not a number, or a filter that leaves no row (naming that filter and how many rows it
    ///   was given).
    public func filtered(by filters: [RowFilter]) throws -> DataTable {
        var copy = self
        for filter in filters {
            guard let index = columnIndex(named: filter.column) else {
                throw InputError(
                    file: source, line: headerPositions.first?.line ?? 1, column: 1,
                    problem: "no column '\(filter.column)' to filter on (--where '\(filter)')",
                    remedy: "the columns are: \(columns.joined(separator: ", "))")
            }
            if [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(filter.op),
                Quantity.parse(filter.values[0])?.isFinite != true
            {
                throw InputError(
                    file: source,
                    problem: "--where '\(filter)' compares with '\(filter.values[0])', which is not a number",
                    remedy: "give a number such as 1000 or 1.3B")
            }
            let before = copy.rows.count
            copy.rows = copy.rows.filter { filter.passes($0[index].text) }
            guard !copy.rows.isEmpty else {
                throw InputError(
                    file: source, line: headerPositions[index].line, column: headerPositions[index].column,
                    problem:
                        "no row is left after --where '\(filter)' (\(before) row\(before == 1 ? "" : "s") before it)",
                    remedy: "check the value, or drop the filter")
            }
        }
        return copy
    }

    /// The rows whose column `name` holds exactly `value` (after trimming spaces).
    ///
    /// - Throws: ``InputError`` when there is no such column, or no row matches.
    public func filtered(column name: String, equals value: String) throws -> DataTable {
        try filtered(by: [RowFilter(column: name, op: .equal, values: [value])])
    }
}
