import PlateauCore
import PlateauReport
import Testing

/// Text laid out for a terminal's width (issue 26): rows never broken across lines.
@Suite struct TerminalTests {
    static let table = TextTable(
        header: ["task", "status", "score %", "slope (n)", "largest model"],
        rows: [
            ["arc_easy", "rising", "66.8", "+5.9 ± 0.4 (33)", "rpj-open_lm_1b-32.0"],
            ["mmlu", "at chance", "24.1", "+0.2 ± 0.0 (33)", "rpj-open_lm_1b-32.0"],
        ], rightAligned: [false, false, true, true, false])

    @Test func unlimitedWidthKeepsWholeRows() {
        let text = Terminal.$columns.withValue(nil) { Self.table.render() }
        #expect(text.split(separator: "\n").count == 3)
        #expect(text.split(separator: "\n")[1] == "  arc_easy  rising        66.8  +5.9 ± 0.4 (33)  rpj-open_lm_1b-32.0")
    }

    @Test func wideTablesSplitIntoBlocksRepeatingTheName() {
        let text = Terminal.$columns.withValue(50) { Self.table.render() }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.allSatisfy { $0.count <= 50 }, "\(lines)")
        // Two blocks of header + 2 rows, a blank line between; each row keeps its name.
        #expect(lines.count == 7)
        #expect(lines[0] == "  task      status     score %        slope (n)")
        #expect(lines[1] == "  arc_easy  rising        66.8  +5.9 ± 0.4 (33)")
        #expect(lines[4] == "  task      largest model")
        #expect(lines[6] == "  mmlu      rpj-open_lm_1b-32.0")
    }

    @Test func tablesTooWideForTwoColumnsStack() {
        let text = Terminal.$columns.withValue(28) { Self.table.render() }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The narrowest width honoured is 40, so wrapped fields stay within it.
        #expect(lines.allSatisfy { $0.count <= 40 }, "\(lines)")
        #expect(lines.prefix(3) == ["  arc_easy", "    status: rising", "    score %: 66.8"])
    }

    @Test func proseWrapsAtSpacesUnderItsLabel() {
        let line = "warning: the 95 % interval of E_max (99.86, 549.8) is wider than its estimate — the runs barely constrain it"
        let wrapped = Terminal.wrap(line, width: 46).split(separator: "\n").map(String.init)
        #expect(wrapped.allSatisfy { $0.count <= 46 })
        #expect(wrapped[0] == "warning: the 95 % interval of E_max (99.86,")
        #expect(wrapped.dropFirst().allSatisfy { $0.hasPrefix("         ") && !$0.hasPrefix("          ") })
        #expect(wrapped.joined(separator: " ").split(separator: " ") == line.split(separator: " "))
        // A line that fits, and a word longer than the width, which is cut.
        #expect(Terminal.wrap("short line", width: 50) == "short line")
        // (continuations two spaces in: 40, then 2 + 38, then 2 + 12)
        #expect(Terminal.wrap(String(repeating: "x", count: 90), width: 40).split(separator: "\n").map(\.count) == [40, 40, 14])
    }

    @Test func constantColumnsBecomeCaptions() {
        var t = Self.table
        t.rows += [["piqa", "rising", "74.0", "+3.4 ± 0.2 (33)", "rpj-open_lm_1b-32.0"],
                   ["boolq", "rising", "52.8", "+4.5 ± 0.8 (33)", "rpj-open_lm_1b-32.0"]]
        let captions = t.liftConstantColumns()
        #expect(captions == ["largest model: rpj-open_lm_1b-32.0 in every row"])
        #expect(t.header == ["task", "status", "score %", "slope (n)"])
        #expect(t.rows.allSatisfy { $0.count == 4 })
        // Fewer than four rows: left alone.
        var small = Self.table
        #expect(small.liftConstantColumns().isEmpty && small.header.count == 5)
    }
}

/// Numbers in messages and tables (issue 26: `plan --dollars 1e6` printed `cost $1e+03k`).
@Suite struct NumberFormatTests {
    @Test func siRoundsBeforeChoosingTheUnit() {
        #expect(NumberFormat.si(999_999.999_9) == "1M")
        #expect(NumberFormat.si(1e6) == "1M")
        #expect(NumberFormat.si(999.6) == "1k")
        #expect(NumberFormat.si(999.4) == "999")
        #expect(NumberFormat.si(70e6) == "70M")
        #expect(NumberFormat.si(1.4e9) == "1.4B")
        #expect(NumberFormat.si(-2.5e12) == "-2.5T")
        #expect(NumberFormat.si(1.08e15) == "1.08P")
        #expect(NumberFormat.si(999.9e15) == "1.00e+18")
        #expect(NumberFormat.si(.nan) == "undefined")
    }

    /// Row counts in notes (`9,261 rows`, not `9261 rows`).
    @Test func countsAreGroupedByThousands() {
        #expect(9261.grouped == "9,261")
        #expect((-1536).grouped == "-1,536")
        #expect(240.grouped == "240")
        #expect(1_000_000.grouped == "1,000,000")
        #expect(0.grouped == "0")
    }
}
