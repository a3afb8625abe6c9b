import Foundation
import Testing

/// Runs a shell script with `$PLATEAU` set to the built binary, so that a test can redirect the
/// binary's standard streams (to /dev/full, closed, a pipe that closes), with a time limit.
func shell(_ script: String, timeout: Double = 60) throws -> Plateau.Output {
    var environment = ProcessInfo.processInfo.environment
    environment["PLATEAU"] = Plateau.binary.path
    return try spawn("/bin/sh", ["-c", script], environment: environment, timeout: timeout)
}

/// Issue "Boring under abuse": every case through the binary.
@Suite struct FailedWriteTests {
    /// A full disk or a closed stdout: one line and exit 74, never a crash (SIGILL was 132).
    @Test func fullOrClosedStandardOutput() throws {
        let full = try shell(#""$PLATEAU" datasets export chinchilla > /dev/full"#)
        #expect(full.status == 74)
        #expect(full.stderr.hasPrefix("plateau: cannot write to standard output (No space left on device)"))
        #expect(full.stderr.filter { $0 == "\n" }.count == 1)
        let closed = try shell(#""$PLATEAU" datasets export chinchilla >&-"#)
        #expect(closed.status == 74 && closed.stderr.contains("Bad file descriptor"))
        let lost = try shell(#""$PLATEAU" price > /dev/full"#)
        #expect(lost.status == 74)
    }

    /// Data errors with stderr closed or full still exit 65, without a crash.
    @Test func closedStandardError() throws {
        #expect(try shell(#""$PLATEAU" fit nope.csv 2>&-"#).status == 65)
        #expect(try shell(#""$PLATEAU" fit nope.csv 2>/dev/full"#).status == 65)
    }

    /// A reader that goes away ends the program quietly: exit 0, nothing on stderr (the curves
    /// file is larger than a pipe's buffer, so the write meets the closed pipe).
    @Test func brokenPipeEndsQuietly() throws {
        let scratch = try Scratch()
        let status = scratch.url.path + "/status"
        let result = try shell(
            #"{ "$PLATEAU" datasets export muennighoff-curves; echo $? > "\#(status)"; } | head -c 10 > /dev/null"#)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let code = try String(contentsOfFile: status, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(code == "0")
    }

    /// An output file in a missing folder: exit 73, like every other writer.
    @Test func missingFolderIs73() throws {
        let export = try Plateau.run(["datasets", "export", "chinchilla", "-o", "/missing/dir/x.csv"])
        #expect(export.status == 73 && export.stderr.hasPrefix("plateau: cannot write '/missing/dir/x.csv'"))
        let plot = try Plateau.run(["returns", "--law", "besiroglu2024", "--plot", "/missing/dir/x.svg"])
        #expect(plot.status == 73)
    }
}

@Suite struct SafeWriteTests {
    /// Symbolic links are written through, FIFOs and devices written into, never replaced; an
    /// existing file keeps its permissions.
    @Test func writesThroughLinksAndIntoSpecialFiles() throws {
        let scratch = try Scratch()
        let dir = scratch.url.path
        let link = try shell(
            #"cd "\#(dir)" && ln -s target.csv link.csv && "$PLATEAU" datasets export chinchilla -o link.csv 2>/dev/null && test -L link.csv && test -f target.csv && head -1 target.csv"#
        )
        #expect(link.status == 0 && link.stdout.hasPrefix("x,y,color"), "\(link.stderr)")
        let fifo = try shell(
            #"cd "\#(dir)" && mkfifo pipe && (cat pipe > got.csv &) && "$PLATEAU" datasets export chinchilla -o pipe 2>/dev/null; sleep 0.3; test -p pipe && wc -l < got.csv"#
        )
        #expect(fifo.status == 0 && fifo.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "246", "\(fifo)")
        let device = try shell(
            #""$PLATEAU" datasets export chinchilla -o /dev/full; echo "status $?"; test -c /dev/full && echo device"#)
        #expect(device.stdout.contains("status 74") && device.stdout.contains("device"))
        let perms = try shell(
            #"cd "\#(dir)" && touch kept.csv && chmod 600 kept.csv && "$PLATEAU" datasets export chinchilla -o kept.csv 2>/dev/null && stat -c %a kept.csv"#
        )
        #expect(perms.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "600")
    }
}

@Suite struct ExactNumberTests {
    /// NUL inside a number, a decimal comma, text after a closing quote and hexadecimal are
    /// refused with a located error; an unambiguous thousands separator is read.
    @Test(arguments: [
        ("1\u{0}4292", "t.csv:3:11: loss '1\\u{0}4292' is not a number"),
        ("\"3,9\"", "t.csv:3:11: loss '3,9' is not a number"),
        ("\"3\"9", "t.csv:3:14: text after a quoted field's closing quote"),
        ("0x1p3", "t.csv:3:11: loss '0x1p3' is not a number"),
        ("1e-320", "t.csv:3:11: loss is 1e-320, outside 1e-300…1e300"),
    ])
    func refused(cell: String, expected: String) throws {
        let scratch = try Scratch()
        let file = try scratch.write("t.csv", "N,D,loss\n70M,1.4B,3.9\n160M,3.2B,\(cell)\n")
        let result = try Plateau.run(["fit", file])
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix(scratch.url.path + "/" + expected), "\(result.stderr)")
    }

    @Test func unambiguousSeparatorsAreRead() throws {
        let scratch = try Scratch()
        let file = try scratch.write(
            "t.csv",
            "N,D,loss\n\"70,000,000\",1_400_000_000,3.9\n160M,3.2B,3.5\n400M,8B,3.2\n1B,20B,3.0\n2B,40B,2.9\n4B,80B,2.8\n"
        )
        let result = try Plateau.run(["fit", file, "--law", "power-law", "--x", "N", "--no-plot"])
        #expect(result.status == 0, "\(result.stderr)")
    }
}

@Suite struct OpenColumnTests {
    /// Two columns that could be N: a located error that lists them and names --column.
    @Test func ambiguousRoleIsAnError() throws {
        let scratch = try Scratch()
        let file = try scratch.write("t.csv", "params,Model Size,D,loss\n1,70M,1.4B,3.9\n1,160M,3.2B,3.5\n")
        let result = try Plateau.run(["fit", file])
        #expect(result.status == 65)
        #expect(
            result.stderr
                == "\(file):1:8: 2 columns could be the model size (parameters): 'params' (column 1), 'Model Size' (column 2) — choose one with --column N=NAME\n"
        )
        let chosen = try Plateau.run(["fit", file, "--column", "N=Model Size"])
        #expect(!chosen.stderr.contains("could be the model size"))
    }
}

@Suite struct NoNaNTests {
    /// Equal losses: the fit says there is no frontier (text and JSON, no nan), plan and
    /// returns refuse with one line and exit 65, and the report leaves its plan sections out.
    @Test func equalLossesHaveNoFrontier() throws {
        let scratch = try Scratch()
        var lines = ["N,D,loss"]
        for n in [1e8, 2e8, 4e8, 8e8, 1.6e9] { for r in [10.0, 20, 40] { lines.append("\(n),\(n * r),3.0") } }
        let file = try scratch.write("flat.csv", lines.joined(separator: "\n"))
        let fit = try Plateau.run(["fit", file, "--starts", "200", "--no-plot"])
        #expect(fit.status == 0 && !fit.stdout.contains("nan"), "\(fit.stdout)")
        #expect(fit.stdout.contains("[no-frontier]") && !fit.stdout.contains("compute-optimal at C"))
        let json = try Plateau.run(["fit", file, "--starts", "200", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(doc["decisions"] == nil)
        #expect((doc["warnings"] as? [[String: Any]])?.contains { $0["code"] as? String == "no-frontier" } == true)
        for command in [["plan", "--runs", file], ["returns", "--runs", file]] {
            let result = try Plateau.run(command)
            #expect(result.status == 65, "\(command)")
            #expect(
                result.stderr.filter { $0 == "\n" }.count == 1 && result.stderr.contains("frontier"), "\(result.stderr)"
            )
        }
        // The report is not refused for its plan sections: it leaves them out and says why.
        let page = scratch.url.path + "/r.html"
        let report = try Plateau.run(["report", file, "--starts", "40", "--bootstrap", "0", "-o", page])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(!html.contains("id=\"plan\"") && !html.contains("id=\"estimators\"") && html.contains("id=\"data-fit\""))
        #expect(html.contains("Left out — Plans, cost and diminishing returns: chinchilla&#39;s fitted loss does not fall"))
        #expect(html.contains("Warning: ") && html.contains("frontier"))
    }
}

@Suite struct AbsurdRequestTests {
    @Test func limitsAndRefusals() throws {
        let starts = try Plateau.run(["fit", "--starts", "1000000000"])
        #expect(starts.status == 64 && starts.stderr.contains("--starts"))
        #expect(try Plateau.run(["price", "--params", "0", "--serve-tokens", "1T"]).status == 64)
        let scratch = try Scratch()
        let big = try scratch.write("s.csv", "problem,n,c\np1,20000000,3\np2,100,1\n")
        let samples = try Plateau.run(["sample", big])
        #expect(samples.status == 65 && samples.stderr.contains("above the limit of 10000000 samples"))
        let short = try scratch.write("t.csv", "m,d,v\na,2024-01-01,1e20\nb,2024-02-01,3e20\nc,2024-05-01,2e21\n")
        let trend = try Plateau.run(["trend", short, "--value", "v", "--date", "d"])
        #expect(trend.status == 65 && trend.stderr.contains("the dates span 4 months"))
        let plan = try Plateau.run(["plan", "--law", "besiroglu2024", "--unique-tokens", "1"])
        #expect(plan.status == 0 && plan.stdout.contains("warning: the unique-token budget"))
    }

    /// A loss of 1e-320 once hung the report's tick computation; now it is a located error,
    /// within the time limit.
    @Test func subnormalLossDoesNotHang() throws {
        let scratch = try Scratch()
        let file = try scratch.write("t.csv", ladderCSV + "3e9,6e10,1e-320\n")
        let result = try shell(
            #""$PLATEAU" report "\#(file)" -o "\#(scratch.url.path)/r.html" --bootstrap 0"#, timeout: 60)
        #expect(result.status == 65 && result.stderr.contains("outside 1e-300…1e300"))
    }
}

@Suite struct SafeMessageTests {
    /// ANSI escapes and newlines from the data are escaped; long cells are cut; one line.
    @Test func controlBytesAndLongCellsAreEscapedAndCut() throws {
        let scratch = try Scratch()
        let escape = try scratch.write("e.csv", "N,D,loss\n70M,1.4B,\"\u{1B}[2J\u{1B}[31mred\nline\"\n")
        let result = try Plateau.run(["fit", escape])
        #expect(result.status == 65)
        #expect(!result.stderr.contains("\u{1B}") && result.stderr.filter { $0 == "\n" }.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("\\u{1B}[2J"))
        let long = try scratch.write("l.csv", "N,D,loss\n70M,1.4B," + String(repeating: "x", count: 1_000_000) + "\n")
        let cut = try Plateau.run(["fit", long])
        #expect(cut.status == 65 && cut.stderr.count < 400 && cut.stderr.contains("xxx…"))
        let named = try scratch.write("a\nb.csv", "N,D,loss\n")
        let file = try Plateau.run(["fit", named])
        #expect(file.stderr.filter { $0 == "\n" }.count == 1 && file.stderr.contains("a\\u{A}b.csv"))
    }

    /// A data problem in check is data (65), and negative numbers get a message about the value.
    @Test func checkDataProblemsAndNegativeValues() throws {
        let check = try Plateau.run(["check", "--train-below", "1e30"])
        #expect(check.status == 65 && check.stderr.contains("the split leaves no run to predict"), "\(check.stderr)")
        let budget = try Plateau.run(["plan", "--budget", "-1"])
        #expect(budget.status == 64 && budget.stderr.contains("Please give '--budget' a positive number, got -1."))
        let seed = try Plateau.run(["plan", "--seed", "-1"])
        #expect(seed.status == 64 && seed.stderr.contains("The value '-1' is invalid for '--seed"))
    }

    /// A JSON Lines record cut on line 57 is reported on line 57; UTF-16 without a byte-order
    /// mark is named as such.
    @Test func jsonLinesAndUTF16AreLocated() throws {
        let scratch = try Scratch()
        var lines = (1...60).map { i in "{\"N\": \(i * 100_000_000), \"D\": \(i * 2_000_000_000), \"loss\": 3.\(i % 9)}"
        }
        lines[56] = "{\"N\": 5700000000, \"D\": 1"
        let cut = try scratch.write("cut.jsonl", lines.joined(separator: "\n") + "\n")
        let result = try Plateau.run(["fit", cut])
        #expect(result.status == 65 && result.stderr.hasPrefix("\(cut):57:"), "\(result.stderr)")
        let utf16 = try scratch.write("u.csv", "N,D,loss\n70M,1.4B,3.9\n".data(using: .utf16LittleEndian)!)
        let encoded = try Plateau.run(["fit", utf16])
        #expect(encoded.status == 65 && encoded.stderr.contains("UTF-16LE text without a byte-order mark"))
    }
}

/// Issue "Your own training logs", part 4: a table shaped like public evaluation logs (a pandas
/// index, lower-case sizes, perplexities, empty cells in unused and used columns).
@Suite struct RealTableTests {
    static let table = """
        ,model,params,step,tokens,val_ppl,lambada_acc
        0,pythia-70m,70m,143000,300b,17.12,0.19
        1,pythia-160m,160m,143000,300b,12.47,0.33
        2,pythia-410m,410m,143000,300b,9.02,
        3,pythia-1b,1b,143000,300b,7.71,0.56
        4,pythia-1.4b,1.4b,143000,300b,7.16,0.62
        5,pythia-2.8b,2.8b,143000,300b,6.45,0.65
        6,pythia-70m-short,70m,71000,150b,18.9,
        7,pythia-410m-short,410m,71000,150b,9.9,
        8,pythia-1.4b-short,1.4b,71000,150b,7.8,
        9,pythia-12b-short,12b,71000,,6.1,

        """

    @Test func readsWithAtMostTheNamedOptions() throws {
        let scratch = try Scratch()
        let file = try scratch.write("evals.csv", Self.table)
        let stops = try Plateau.run(["fit", file, "--column", "loss=ln(val_ppl)", "--no-plot"])
        #expect(stops.status == 65 && stops.stderr.hasPrefix("\(file):11:"), "\(stops.stderr)")
        let result = try Plateau.run([
            "fit", file, "--column", "loss=ln(val_ppl)", "--skip-missing", "--starts", "100", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(doc["runs"] as? Int == 9)
        let notes = try #require(doc["notes"] as? [String])
        #expect(notes.contains("ignored the unnamed first column (a pandas index)"))
        #expect(notes.contains { $0.hasPrefix("skipped 1 row with an empty cell") })
        let filtered = try Plateau.run([
            "fit", file, "--column", "loss=ln(val_ppl)", "--skip-missing", "--where", "step>100000", "--where",
            "params in 70m|160m|1b", "--law", "power-law", "--x", "N", "--json",
        ])
        #expect(filtered.status == 0, "\(filtered.stderr)")
        let bad = try Plateau.run(["fit", file, "--column", "loss=ln(val_ppl"])
        #expect(bad.status == 64 && bad.stderr.contains("at character 11: expected ')'"))
    }
}

/// Training logs with many checkpoints per run: Muennighoff et al.'s bundled training curves
/// (48 runs, 9,261 evaluations) fitted on each run's final checkpoint, and a back-test of a
/// small ladder of curves that holds out the largest run whole.
@Suite struct TrainingLogTests {
    @Test func finalCheckpointsOfTheBundledCurves() throws {
        let scratch = try Scratch()
        let curves = scratch.url.path + "/curves.csv"
        #expect(try Plateau.run(["datasets", "export", "muennighoff-curves", "-o", curves]).status == 0)
        let fit = try Plateau.run([
            "fit", curves, "--column", "D=tokens_seen", "--column", "run=tensorboard_run", "--starts", "50", "--json",
        ])
        #expect(fit.status == 0, "\(fit.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as? [String: Any])
        #expect(doc["runs"] as? Int == 48)
        #expect(
            (doc["notes"] as? [String])?.contains { $0.hasPrefix("48 runs by 'tensorboard_run', 9,261 rows") } == true)
        // Repeated-data runs: β comes out negative, and the fit says there is no frontier.
        #expect((doc["warnings"] as? [[String: Any]])?.contains { $0["code"] as? String == "no-frontier" } == true)
    }

    @Test func backTestHoldsOutWholeRuns() throws {
        var lines = ["run,N,step,loss"]
        for (id, n) in [("a", 1e8), ("b", 4e8), ("c", 1.6e9), ("d", 6.4e9)] {
            for step in stride(from: 1000, through: 3000, by: 1000) {
                let d = Double(step) * 2_097_152
                lines.append("\(id),\(n),\(step),\(1.8 + 480 * pow(n, -0.35) + 2100 * pow(d, -0.37))")
            }
        }
        let scratch = try Scratch()
        let file = try scratch.write("curves.csv", lines.joined(separator: "\n") + "\n")
        let check = try Plateau.run([
            "check", file, "--checkpoints", "all", "--tokens-per-step", "2097152", "--starts", "20",
        ])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(
            check.stdout.contains("fitted 3 runs (9 rows), predicting 1 whole runs (3 rows)"),
            "\(check.stdout.prefix(400))")
        // --holdout largest:1 and run:NAME predict whole runs; the JSON carries the fits' warnings.
        let largest = try Plateau.run([
            "check", file, "--checkpoints", "all", "--tokens-per-step", "2097152", "--starts", "20", "--holdout",
            "largest:1", "--json",
        ])
        #expect(largest.status == 0, "\(largest.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(largest.stdout.utf8)) as? [String: Any])
        #expect(doc["test_runs"] as? Int == 1 && doc["test_rows"] as? Int == 3 && doc["warnings"] is [[String: Any]])
        let named = try Plateau.run([
            "check", file, "--checkpoints", "all", "--tokens-per-step", "2097152", "--starts", "20", "--holdout",
            "run:b",
        ])
        #expect(named.status == 0 && named.stdout.contains("holding out run 'b' whole"), "\(named.stderr)")
        #expect(try Plateau.run(["check", file, "--holdout", "run:zz", "--tokens-per-step", "2097152"]).status == 65)
        #expect(try Plateau.run(["check", file, "--holdout", "largest:0"]).status == 64)
    }
}
