import Foundation
import PlateauTestSupport
import Testing

import PlateauCore

/// Reading real tables: model-name suffixes, derived columns, row conditions.
@Suite struct ReadingTests {
    /// Lower-case suffixes as model names write them: 125m, 1.3b, 7b, 2t.
    @Test func lowerCaseSuffixes() {
        #expect(Quantity.parse("125m") == 125e6)
        #expect(Quantity.parse("1.3b") == 1.3e9)
        #expect(Quantity.parse("7b") == 7e9)
        #expect(Quantity.parse("2t") == 2e12)
        #expect(Quantity.parse("1e5") == 1e5)
    }

    /// Precedence and associativity as in mathematics: 2 + 3·4 = 14, 2^3^2 = 512, −2^2 = −4,
    /// 10^(1+1) = 100, ln(e²) = 2, log10(1000) = 3; SI suffixes in numbers.
    @Test func expressionsEvaluate() throws {
        let cases: [(String, Double)] = [
            ("2 + 3 * 4", 14), ("2^3^2", 512), ("-2^2", -4), ("10^(1+1)", 100), ("ln(exp(2))", 2),
            ("log10(1000)", 3), ("2M / 4", 5e5), ("(1 - 3) * 2", -4), ("step * 2097152", 2097152 * 7),
        ]
        for (text, expected) in cases {
            let e = try ColumnExpression.parse(text)
            expectClose(e.evaluate { $0 == "step" ? 7 : .nan }, expected, relative: 1e-12, "\(text)")
        }
        #expect(try ColumnExpression.parse("`Model Size` * 2").columns == ["Model Size"])
    }

    @Test func expressionSyntaxErrorsArePlaced() {
        let cases: [(String, Int)] = [("ln(ppl", 7), ("2 +", 4), ("sqrt(x)", 1), ("a b", 3), ("`x", 1)]
        for (text, position) in cases {
            #expect {
                try ColumnExpression.parse(text)
            } throws: { error in
                (error as? ColumnExpression.SyntaxError)?.position == position
            }
        }
    }

    /// Derived values at their row; ln of a non-positive value is an error at the cell.
    @Test func derivedColumn() throws {
        let table = try DataTable.parse("ppl,x\n20.0,1\n7.389056098930650,2\n", source: "t.csv", format: .csv)
        let derived = try table.deriving("ln(ppl)", from: ColumnExpression.parse("ln(ppl)"))
        let values = derived.rows.map { Double($0[2].text ?? "") ?? .nan }
        expectClose(values[1], 2, relative: 1e-12)
        let bad = try DataTable.parse("ppl\n20\n0\n", source: "t.csv", format: .csv)
        #expect {
            try bad.deriving("ln(ppl)", from: ColumnExpression.parse("ln(ppl)"))
        } throws: { error in
            (error as? InputError)?.description.hasPrefix("t.csv:3:1: 'ln(ppl)' has no finite value on this row")
                == true
        }
    }

    @Test func rowConditions() throws {
        #expect(RowFilter("step>1000") == RowFilter(column: "step", op: .greater, values: ["1000"]))
        #expect(RowFilter("family!=gpt") == RowFilter(column: "family", op: .notEqual, values: ["gpt"]))
        #expect(RowFilter("model in 1.3b|2.7b") == RowFilter(column: "model", op: .oneOf, values: ["1.3b", "2.7b"]))
        #expect(RowFilter("loss<=3")?.op == .lessOrEqual)
        #expect(RowFilter("nothing") == nil)
        let table = try DataTable.parse(
            "model,step\n70m,1000\n70m,2000\n1b,2000\n1b,3k\n", source: "t.csv", format: .csv)
        let kept = try table.filtered(by: [RowFilter("step>=2000")!, RowFilter("model in 1b|7b")!])
        #expect(kept.rows.map { $0[1].text } == ["2000", "3k"])
        #expect {
            try table.filtered(by: [RowFilter("step>1000")!, RowFilter("model=7b")!])
        } throws: { error in
            (error as? InputError)?.description.contains("no row is left after --where 'model=7b' (3 rows before it)")
                == true
        }
    }
}
