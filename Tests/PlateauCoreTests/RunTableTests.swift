import Foundation
import PlateauTestSupport
import Testing

import PlateauCore

@Suite struct QuantityTests {
    @Test(arguments: [
        ("70M", 70e6), ("1.4B", 1.4e9), ("2T", 2e12), ("6e23", 6e23), ("5.76E+23", 5.76e23),
        ("1,000", 1000), ("1_000_000", 1e6), (" 42 ", 42), ("3k", 3e3), ("1.5 G", 1.5e9), ("0.5", 0.5),
    ])
    func parsesMLNotation(text: String, value: Double) throws {
        let parsed = try #require(Quantity.parse(text))
        expectClose(parsed, value, relative: 1e-15)
    }

    @Test(arguments: ["", "abc", "1.2.3", "M", "12x", "1,2a"])
    func rejectsNonNumbers(text: String) {
        #expect(Quantity.parse(text) == nil)
    }
}

@Suite struct RunTableTests {
    func table(_ text: String, _ format: DataTable.Format, source: String = "runs") throws -> RunTable {
        try RunTable(table: DataTable.parse(text, source: source, format: format))
    }

    /// The same three runs in every format give the same table.
    @Test func allFormatsAgree() throws {
        let csv = try table("N,D,loss\n70M,1.4B,3.1\n\"1.6e8\",3.2e9,2.9\n4e8,8e9,2.7\n", .csv)
        let tsv = try table("params\ttokens\tloss\n70M\t1.4B\t3.1\n1.6e8\t3.2e9\t2.9\n4e8\t8e9\t2.7\n", .tsv)
        let json = try table(
            #"[{"N": 70e6, "D": "1.4B", "loss": 3.1}, {"N": 1.6e8, "D": 3.2e9, "loss": 2.9}, {"N": 4e8, "D": 8e9, "loss": 2.7}]"#,
            .json)
        let jsonl = try table(
            "{\"model_size\": 7e7, \"D\": 1.4e9, \"Loss\": 3.1}\n{\"model_size\": 1.6e8, \"D\": 3.2e9, \"Loss\": 2.9}\n{\"model_size\": 4e8, \"D\": 8e9, \"Loss\": 2.7}\n",
            .jsonLines)
        for other in [tsv, json, jsonl] {
            #expect(other.parameters == csv.parameters)
            #expect(other.tokens == csv.tokens)
            #expect(other.losses == csv.losses)
        }
        #expect(csv.flops == zip(csv.parameters, csv.tokens).map { 6 * $0 * $1 })
    }

    @Test func derivesTokensFromComputeWithANote() throws {
        let runs = try table("Model Size,Training FLOP,loss\n1e8,6e18,3\n", .csv)
        expectClose(runs.tokens[0], 1e10, relative: 1e-15)
        #expect(runs.notes.contains { $0.contains("C/(6N)") })
    }

    @Test func columnOverridesAndCaseInsensitiveAliases() throws {
        let data = try DataTable.parse("size,toks,loss_c4\n1e8,1e9,3\n", source: "x", format: .csv)
        #expect(throws: InputError.self) { try RunTable(table: data) }
        let runs = try RunTable(table: data, overrides: [.parameters: "size", .tokens: "toks", .loss: "loss_c4"])
        #expect(runs.parameters == [1e8])
        #expect(ColumnRole(key: "n") == .parameters)
        #expect(ColumnRole(key: "Model Size") == .parameters)
        #expect(ColumnRole(key: "L") == .loss)
    }

    /// A bare `size` column is the model size only when no alias names one (Pythia's `1.4b`);
    /// beside `params` it is left alone rather than made ambiguous.
    @Test func sizeIsTheModelSizeOnlyAsAFallback() throws {
        let alone = try table("size,tokens,loss\n1.4b,2e10,3\n70m,2e10,4\n", .csv)
        #expect(alone.parameters == [1.4e9, 7e7])
        let beside = try table("params,size,tokens,loss\n1e8,7,2e10,3\n", .csv)
        #expect(beside.parameters == [1e8])
    }

    @Test func quotedFieldsWithSeparatorsAndNewlines() throws {
        let data = try DataTable.parse(
            "name,N,D,loss\n\"a, \"\"b\"\"\nc\",1e8,1e9,3\nd,2e8,2e9,2.5\n", source: "q", format: .csv)
        #expect(data.rows[0][0].text == "a, \"b\"\nc")
        #expect(data.rows[1][1].line == 4)
    }

    @Test func dropsHighestLossesLikeTheReference() throws {
        let runs = try table("N,D,loss\n1e8,1e9,5\n1e8,2e9,4\n1e8,3e9,3\n1e8,4e9,2\n", .csv)
        #expect(runs.droppingHighestLosses(2).losses == [3, 2])
        #expect(runs.droppingHighestLosses(0).count == 4)
    }

    /// Each bad input is one located error; (problem, expected line, expected column).
    @Test(
        arguments: [
            ("N,D,loss\n1e8,1e9,abc\n", 2, 9, "is not a number"),
            ("N,D,loss\n1e8,1e9,nan\n", 2, 9, "is nan"),
            ("N,D,loss\n1e8,inf,3\n", 2, 5, "is inf"),
            ("N,D,loss\n0,1e9,3\n", 2, 1, "must be positive"),
            ("N,D,loss\n1e8,-1e9,3\n", 2, 5, "must be positive"),
            ("N,D,loss\n1e8,1e9,\n", 2, 9, "is empty"),
            ("N,D,N\n1,2,3\n", 1, 5, "duplicate column"),
            ("N,loss\n1e8,3\n", 1, 1, "no training tokens or training compute"),
            ("N,D,loss\n1e8,1e9,3,4\n", 2, 11, "has 4 fields"),
            ("N,D,loss\n\"1e8,1e9,3\n", 2, 1, "never closed"),
            ("N,D,loss\n", 1, nil, "no data rows"),
        ] as [(String, Int, Int?, String)])
    func badCSVIsLocated(text: String, line: Int, column: Int?, problem: String) {
        do {
            _ = try table(text, .csv, source: "bad.csv")
            Issue.record("expected an error for \(text.debugDescription)")
        } catch let error as InputError {
            #expect(error.file == "bad.csv")
            #expect(error.line == line)
            if let column { #expect(error.column == column) }
            #expect(error.problem.contains(problem), "\(error)")
            #expect(error.description.contains(" — "))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(
        arguments: [
            (
                "[{\"N\": 1e8, \"D\": 1e9, \"loss\": 3},\n {\"N\": 1e8, \"D\": \"x\", \"loss\": 3}]", 2, 18,
                "is not a number"
            ),
            ("[{\"N\": 1e8, \"D\": 1e9, \"loss\": 3}\n {\"N\": 1}]", 2, 2, "expected ']'"),
            ("{\"N\": 1e8, \"D\": 1e9, \"loss\": null}\n", 1, 30, "is empty"),
            ("[{\"N\": [1], \"D\": 1, \"loss\": 2}]", 1, 8, "nested array"),
        ] as [(String, Int, Int, String)])
    func badJSONIsLocated(text: String, line: Int, column: Int, problem: String) {
        let format: DataTable.Format = text.hasPrefix("[") ? .json : .jsonLines
        do {
            _ = try table(text, format, source: "bad.json")
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(error.line == line && error.column == column, "\(error)")
            #expect(error.problem.contains(problem), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func encodingErrorsAreLocated() {
        let latin1 = Data("N,D,loss\n1e8,1e9,3\nca".utf8) + Data([0xE9]) + Data(",1,2\n".utf8)
        #expect(
            throws: InputError(
                file: "f.csv", line: 3, column: 3, problem: "byte 0xE9 is not valid UTF-8 text",
                remedy: "re-save the file as UTF-8 (it may be Latin-1, UTF-16 or binary)")
        ) {
            try TextSource.decode(latin1, file: "f.csv")
        }
        #expect(throws: InputError.self) { try TextSource.decode(Data([0xFF, 0xFE, 0x41, 0x00]), file: "u16.csv") }
        #expect(throws: InputError.self) { try TextSource.decode(Data(), file: "empty.csv") }
        // A UTF-8 byte-order mark is accepted and removed.
        #expect((try? TextSource.decode(Data([0xEF, 0xBB, 0xBF]) + Data("N".utf8), file: "bom")) == "N")
    }
}

@Suite struct BundledDatasetTests {
    /// Row counts from each dataset's SOURCE.md.
    @Test(arguments: [
        (BundledDataset.chinchilla, 245), (.muennighoff, 296), (.muennighoffCurves, 9261), (.gadreRuns, 104),
        (.gadreDownstream, 4784), (.gadreTasks, 51), (.epochModels, 1892), (.epochCosts, 82), (.epochCostsUpdated, 61),
        (.dataStock, 80),
    ])
    func rowCountsMatchTheirSources(dataset: BundledDataset, rows: Int) throws {
        #expect(try dataset.table().rows.count == rows)
        #expect(!dataset.citation.isEmpty)
        #expect(try dataset.sourceNotes().contains("#"))
    }
}
