import Foundation
import PlateauTestSupport
import Testing

import PlateauCore

/// Issue 24: classes of real tables that gave nonsense with little or no warning, each provoked
/// by a small table of the public shape, through the binary.
@Suite struct RealTableClassesTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func codes(_ doc: [String: Any]) -> [String] {
        (doc["warnings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }

    /// A Chinchilla ladder (E 3.2, A 400, B 410, α .34, β .28, ±0.3 % wobble) and three runs
    /// whose losses lie below its floor (a different evaluation set, or corrupt rows): the robust
    /// fit keeps E ≈ 3.18 above them, and says so.
    static let floorAboveDataCSV: String = {
        var lines = ["N,D,loss"]
        var k = 0
        for n in [1e8, 2e8, 4e8, 8e8, 1.6e9] {
            for ratio in [10.0, 20, 40, 80] {
                k += 1
                let d = n * ratio
                let loss = 3.2 + 400 / pow(n, 0.34) + 410 / pow(d, 0.28) + 0.003 * sin(Double(k))
                lines.append("\(n),\(d),\(loss)")
            }
        }
        lines += ["1.6e9,1.28e11,3.10", "8e8,6.4e10,3.12", "1.6e9,6.4e10,3.11"]
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func floorAboveTheDataIsWarned() throws {
        let scratch = try Scratch()
        let runs = try scratch.write("floor.csv", Self.floorAboveDataCSV)
        let fit = try Plateau.run(["fit", runs, "--starts", "50", "--json"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let doc = try Self.json(fit.stdout)
        #expect(Self.codes(doc).contains("floor-above-data"), "\(fit.stdout)")
        let text = try Plateau.run(["fit", runs, "--starts", "50"]).stdout
        #expect(text.contains("lies above 3 of the 23 fitted losses (lowest 3.1)") && text.contains("--law power-law"), "\(text)")
        // The power law bounds its floor by the lowest loss: no warning there.
        let bounded = try Plateau.run(["fit", runs, "--law", "power-law", "--x", "C", "--json"])
        #expect(!Self.codes(try Self.json(bounded.stdout)).contains("floor-above-data"), "\(bounded.stdout)")
    }

    /// Issue 24, item 1: 6 model sizes × 15–35 checkpoints, log-spaced as Pythia's early ones
    /// (tokens ×1.3 apart, so not in even steps), with and without a `family` column: each is
    /// read as checkpoints of runs and says so, whatever the family column holds.
    @Test func logSpacedCheckpointsAreNoticedWhateverTheFamily() throws {
        let scratch = try Scratch()
        var withFamily = ["family,params,tokens,loss"], without = ["params,tokens,loss"]
        for (i, n) in [7e7, 1.6e8, 4.1e8, 1e9, 1.4e9, 2.8e9].enumerated() {
            for k in 0..<(15 + 4 * i) {
                let d = 1e9 * pow(1.3, Double(k))
                let row = "\(n),\(d),\(1.8 + 480 * pow(n, -0.35) + 2100 * pow(d, -0.37) + 0.002 * sin(Double(40 * i + k)))"
                withFamily.append("pythia," + row)
                without.append(row)
            }
        }
        for (name, lines) in [("family.csv", withFamily), ("plain.csv", without)] {
            let file = try scratch.write(name, lines.joined(separator: "\n") + "\n")
            let fit = try Plateau.run(["fit", file, "--starts", "50", "--json"])
            #expect(fit.status == 0, "\(fit.stderr)")
            #expect(Self.codes(try Self.json(fit.stdout)).contains("looks-like-checkpoints"), "\(name): \(fit.stdout.prefix(300))")
        }
    }

    /// Issue 26, item 5: a runs table of Gadre et al.'s shape — `run_name`, several `loss_*`
    /// columns and no `loss`, `err_*` and `chinchilla_multiplier` — is not read as accuracy tasks
    /// of models called "row 69": the report stops with one line naming the loss columns, and
    /// with one chosen it says which loss it fitted.
    @Test func manyLossColumnsAreNotTasks() throws {
        let scratch = try Scratch()
        var lines = ["run_name,params,tokens,chinchilla_multiplier,loss_c4_val,loss_openlm,err_avg_17"]
        for n in [1e8, 2e8, 4e8, 8e8, 1.6e9] {
            for m in [5.0, 10, 20, 40] {
                let d = 20 * m * n / 20
                let loss = 1.8 + 480 * pow(n, -0.35) + 2100 * pow(d, -0.37)
                lines.append("r\(Int(n / 1e6))m-x\(Int(m)),\(n),\(d),\(m / 20),\(loss),\(loss + 0.3),\(0.4 + 0.1 * loss)")
            }
        }
        let file = try scratch.write("gadre-like.csv", lines.joined(separator: "\n") + "\n")
        let page = scratch.url.appendingPathComponent("r.html").path
        expectOneLine(
            try Plateau.run(["report", file, "-o", page]), status: 65,
            containing: "the table has 2 loss columns: 'loss_c4_val', 'loss_openlm' — choose the one to fit with --column loss=loss_c4_val",
            "no plain loss column")
        let downstream = try Plateau.run(["downstream", file])
        #expect(downstream.status == 65, "\(downstream.stdout)")
        let made = try Plateau.run([
            "report", file, "--column", "loss=loss_c4_val", "--starts", "40", "--bootstrap", "0", "-o", page,
        ])
        #expect(made.status == 0, "\(made.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("fitted to 20 runs (their loss: &#39;loss_c4_val&#39;)"), "\(html.prefix(3000))")
        #expect(!html.contains("<section id=\"downstream\">") && !html.contains("row 2"))
    }

    /// The accuracy counterpart: a sigmoid of compute (chance 0.25, ceiling 0.6, ±0.3-point
    /// wobble) and three larger models scored near 0.78 (another evaluation setting): the robust
    /// fit keeps its ceiling near 0.6 below them, and says so; the same curve scattered ±1 point
    /// around a saturated ceiling (40 models over 8 decades) is noise, not a contradiction.
    @Test func ceilingBelowTheDataIsWarned() throws {
        let scratch = try Scratch()
        func sigmoid(_ u: Double) -> Double { 0.25 + 0.35 / (1 + exp(-1.5 * (u - 21))) }
        var lines = ["C,score"]
        for i in 0..<25 {
            let u = 18 + 6 * Double(i) / 24
            lines.append("\(pow(10, u)),\(sigmoid(u) + 0.003 * sin(Double(i + 1)))")
        }
        let above = try scratch.write(
            "ceiling.csv", (lines + ["1.2e24,0.78", "1.5e24,0.77", "2e24,0.79"]).joined(separator: "\n") + "\n")
        let fit = try Plateau.run(["fit", above, "--law", "sigmoid", "--column", "score=score", "--json"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let doc = try Self.json(fit.stdout)
        #expect(Self.codes(doc).contains("ceiling-below-data"), "\(fit.stdout)")
        let text = try Plateau.run(["fit", above, "--law", "sigmoid", "--column", "score=score", "--no-plot"]).stdout
        #expect(text.contains("lies below 3 of the 28 fitted scores by more than their noise (highest 0.79)"), "\(text)")

        var saturated = ["C,score"]
        for i in 0..<40 {
            let u = 18 + 8 * Double(i) / 39
            saturated.append("\(pow(10, u)),\(sigmoid(u) + 0.01 * sin(7 * Double(i + 1)))")
        }
        let clean = try scratch.write("saturated.csv", saturated.joined(separator: "\n") + "\n")
        let quiet = try Plateau.run(["fit", clean, "--law", "sigmoid", "--column", "score=score", "--json"])
        #expect(!Self.codes(try Self.json(quiet.stdout)).contains("ceiling-below-data"), "\(quiet.stdout)")
    }

    /// Three points for a three-parameter law: only resamples that draw all three distinct
    /// points can be fitted, and they all give the same exact interpolation. Before issue 24
    /// `predict` printed "95 % interval 2.72 – 2.72"; now no interval is given, with the reason,
    /// in text and JSON.
    @Test func degenerateIntervalsAreWithheld() throws {
        let scratch = try Scratch()
        let three = try scratch.write("three.csv", "N,loss\n1e8,3.5\n1e9,3.0\n1e10,2.8\n")
        let fit = try Plateau.run(["fit", three, "--law", "power-law", "--x", "N", "--bootstrap", "200", "--json"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let doc = try Self.json(fit.stdout)
        #expect(Self.codes(doc).contains("degenerate-interval") && Self.codes(doc).contains("bootstrap-failures"))
        let alpha = try #require(((doc["bootstrap"] as? [String: Any])?["intervals"] as? [String: Any])?["alpha"] as? [String: Any])
        #expect(alpha["lower"] == nil && (alpha["withheld"] as? String)?.hasPrefix("zero width") == true, "\(alpha)")
        let saved = try scratch.write("fit.json", fit.stdout)
        let predict = try Plateau.run(["predict", "--from", saved, "--at", "N=1e11"])
        #expect(predict.status == 0 && predict.stdout.contains("none (zero width: every resample gave the same value)"), "\(predict.stdout)")
        #expect(!predict.stdout.contains("2.72 – 2.72"), "\(predict.stdout)")
        let json = try Self.json(try Plateau.run(["predict", "--from", saved, "--at", "N=1e11", "--json"]).stdout)
        let row = try #require((json["predictions"] as? [[String: Any]])?.first)
        #expect(row["lower"] == nil && row["withheld"] as? String == Interval.Withheld.zeroWidth.rawValue, "\(row)")
    }

    /// Scales that cannot be physical: a `flops` column of log10 FLOPs (as in public tables of
    /// 17.9–23.5), sizes in millions without a unit, perplexities in the loss column.
    @Test func magnitudesThatCannotBePhysical() throws {
        let scratch = try Scratch()
        let logC = try scratch.write(
            "logc.csv",
            "model,params,flops,loss\nm0,1e8,19,3.19\nm1,3e8,20,2.86\nm2,1e9,21,2.6\nm3,3e9,21.5,2.45\nm4,1e10,22,2.3\nm5,3e10,23.5,2.2\n")
        let a = try Plateau.run(["fit", logC])
        expectOneLine(a, status: 65, containing: "--column 'C=10^flops'", "log10 compute")
        #expect(
            a.stderr.hasPrefix("\(logC):2:") && a.stderr.contains("C = 19 FLOPs is below 1e+09")
                && a.stderr.contains("looks like log10 of FLOPs") && a.stderr.contains("--column 'C=10^flops'"),
            "\(a.stderr)")
        // The fix it names works.
        #expect(try Plateau.run(["fit", logC, "--column", "C=10^flops", "--starts", "20"]).status == 0)
        let millions = try scratch.write(
            "millions.csv", "model,params_m,D,loss\na,125,2.5e9,3.2\nb,350,7e9,2.9\nc,760,1.5e10,2.7\nd,1300,2.6e10,2.6\n")
        let b = try Plateau.run(["fit", millions, "--column", "N=params_m"])
        expectOneLine(b, status: 65, containing: "N = 125 parameters is below 1000", "sizes in millions")
        #expect(b.stderr.contains("--column 'N=params_m*1e6'"), "\(b.stderr)")
        let perplexity = try scratch.write(
            "ppl.csv", "N,D,ppl\n1e8,2e9,35.1\n3e8,6e9,24.5\n1e9,2e10,17.3\n3e9,6e10,13.9\n1e10,2e11,11.2\n3e10,6e11,9.8\n")
        let c = try Plateau.run(["fit", perplexity, "--column", "loss=ppl", "--law", "kaplan", "--json"])
        #expect(Self.codes(try Self.json(c.stdout)).contains("loss-looks-like-perplexity"), "\(c.stdout)")
        let fixed = try Plateau.run(["fit", perplexity, "--column", "loss=ln(ppl)", "--law", "kaplan", "--json"])
        #expect(!Self.codes(try Self.json(fixed.stdout)).contains("loss-looks-like-perplexity"), "\(fixed.stdout)")
    }

    /// One corrupt cell in a column of fractions (0.28–0.77) no longer divides the whole column
    /// by 100: the cell is left out and named, the column stays on its scale.
    @Test func oneBadCellDoesNotRescaleAColumn() throws {
        var lines = ["model,N,D,arc_challenge_acc"]
        var k = 0
        for n in [7e7, 1.6e8, 4.1e8, 1e9, 1.4e9, 2.8e9, 6.9e9, 1.2e10] {
            for ratio in [20.0, 40, 80] {
                k += 1
                let c = 6 * n * n * ratio
                let accuracy = 0.25 + 0.5 / (1 + exp(-2 * (log10(c) - 21.5))) + 0.01 * sin(Double(k))
                lines.append("m\(k),\(n),\(n * ratio),\(k == 7 ? "52.1" : String(format: "%.4f", accuracy))")
            }
        }
        let scratch = try Scratch()
        let file = try scratch.write("frac.csv", lines.joined(separator: "\n") + "\n")
        let result = try Plateau.run(["downstream", file, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let doc = try Self.json(result.stdout)
        let warnings = doc["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.contains("scores are above 1 in a column of fractions") }, "\(result.stdout)")
        let text = try Plateau.run(["downstream", file]).stdout
        #expect(text.contains("1 of 24 scores are above 1 in a column of fractions (line 8)"), "\(text)")
        // The largest model's 70.9 % stays 70.9 %, not 0.7 %.
        #expect(text.contains("70.9") && !text.contains("read arc_challenge_acc as percentages"), "\(text)")
    }

    /// One model's checkpoints (`--checkpoints all`) are no data for a law of N and D: refused,
    /// naming the law of D to fit instead — which then works.
    @Test func oneModelSizeIsRefusedForALawOfNAndD() throws {
        let rows = (1..<30).map { k -> String in
            let d = Double(k) * 2e9
            return "pythia-1b,1e9,\(k * 1000),\(d),\(1.8 + 400 / pow(1e9, 0.34) + 410 / pow(d, 0.28))"
        }
        let scratch = try Scratch()
        let file = try scratch.write("one.csv", "run,N,step,D,loss\n" + rows.joined(separator: "\n") + "\n")
        for law in ["chinchilla", "kaplan"] {
            let refused = try Plateau.run(["fit", file, "--checkpoints", "all", "--law", law])
            expectOneLine(refused, status: 65, containing: "every row has the same model size N = 1e+09", law)
            #expect(refused.stderr.contains("--law power-law --x D"), "\(law): \(refused.stderr)")
        }
        let ofD = try Plateau.run(["fit", file, "--checkpoints", "all", "--law", "power-law", "--x", "D"])
        #expect(ofD.status == 0 && ofD.stdout.contains("29 checkpoints of 1 run ("), "\(ofD.stdout)\(ofD.stderr)")
    }

    /// Rows of one run at one step that differ in a setting are two measurements, not one
    /// checkpoint: 0-shot and 5-shot evaluations, or (Muennighoff et al.'s training curves) a
    /// model repository that holds runs of several epoch counts. A repeat that differs in no
    /// setting (a resumed log, with its own timestamp) keeps the later row, with a note.
    @Test func rowsOfOneCheckpointThatDifferAreNotMerged() throws {
        var lines = ["model,N,D,num_fewshot,loss"]
        var resumed = ["model,N,D,_timestamp,loss"]
        for n in [1.6e8, 4.1e8, 1e9, 2.8e9, 6.9e9] {
            for k in [1.0, 2, 4] {
                let d = k * 2e10
                let loss = 1.8 + 400 / pow(n, 0.34) + 410 / pow(d, 0.28)
                lines += ["p\(n),\(n),\(d),0,\(loss + 0.05)", "p\(n),\(n),\(d),5,\(loss)"]
                resumed.append("p\(n),\(n),\(d),\(resumed.count + 1_700_000_000),\(loss)")
            }
            // The resumed log's repeat has its own timestamp: many values, not a setting.
            resumed.append("p\(n),\(n),\(4 * 2e10),\(resumed.count + 1_700_000_000),\(1.8 + 400 / pow(n, 0.34) + 410 / pow(8e10, 0.28) - 0.001)")
        }
        let scratch = try Scratch()
        let shots = try scratch.write("shots.csv", lines.joined(separator: "\n") + "\n")
        let merged = try Plateau.run(["fit", shots, "--starts", "20"])
        expectOneLine(merged, status: 65, containing: "two measurements of one checkpoint", "0- and 5-shot runs")
        #expect(
            merged.stderr.hasPrefix("\(shots):3:") && merged.stderr.contains("differ in 'num_fewshot' ('0' and '5')")
                && merged.stderr.contains("--where 'num_fewshot=0'"), "\(merged.stderr)")
        #expect(try Plateau.run(["fit", shots, "--starts", "20", "--where", "num_fewshot=5"]).status == 0)
        let log = try scratch.write("resumed.csv", resumed.joined(separator: "\n") + "\n")
        let again = try Plateau.run(["fit", log, "--starts", "20"])
        #expect(again.status == 0 && again.stdout.contains("5 rows of a run at a 'D' it logged again, with no setting different"), "\(again.stdout)\(again.stderr)")
    }

    /// Evaluation-harness output of the Pythia suite's shape: each checkpoint evaluated 0-shot
    /// and 5-shot. `downstream` read the two as checkpoints of one run; now it stops, names the
    /// setting, and `--where` keeps one.
    @Test func zeroAndFiveShotRowsAreNotCheckpoints() throws {
        var lines = ["model,size,step,num_fewshot,arc_easy_acc,piqa_acc"]
        for (n, size) in [(7e7, "70m"), (4.1e8, "410m"), (1.4e9, "1.4b"), (6.9e9, "6.9b")] {
            for step in [13000, 33000, 143000] {
                let base = 0.3 + 0.05 * log10(n * Double(step) / 1e11)
                for shots in [0, 5] {
                    lines.append("pythia-\(size),\(size),\(step),\(shots),\(base + 0.01 * Double(shots)),\(0.5 + base / 2)")
                }
            }
        }
        let scratch = try Scratch()
        let file = try scratch.write("evals.csv", lines.joined(separator: "\n") + "\n")
        let merged = try Plateau.run(["downstream", file, "--tokens-per-step", "2097152"])
        expectOneLine(merged, status: 65, containing: "two measurements of one checkpoint", "0- and 5-shot scores")
        #expect(
            merged.stderr.contains("run 'pythia-70m' has two rows at step 13000")
                && merged.stderr.contains("differ in 'num_fewshot' ('0' and '5')"), "\(merged.stderr)")
        let one = try Plateau.run(["downstream", file, "--tokens-per-step", "2097152", "--where", "num_fewshot=0"])
        #expect(one.status == 0 && one.stdout.contains("12 checkpoints of 4 runs"), "\(one.stdout)\(one.stderr)")
    }

    /// One chance table for `downstream` and `benchmarks`: a user's `GPQA` column had floor 0 in
    /// `benchmarks` (its table knew only "gpqa diamond") and 25 % in `downstream`.
    @Test func chanceRatesAreShared() throws {
        let rows = (0..<6).map { k in "GPQA,m\(k),202\(k)-06-01,\(0.3 + 0.1 * Double(k))" }
        let scratch = try Scratch()
        let file = try scratch.write("gpqa.csv", "benchmark,model,release_date,score\n" + rows.joined(separator: "\n") + "\n")
        // Six scores are fewer than the default 20: named, not silently dropped.
        let few = try Plateau.run(["benchmarks", file])
        #expect(few.stdout.contains("left out 1 benchmark with fewer than 20 scores: GPQA (6)"), "\(few.stdout)")
        let result = try Plateau.run(["benchmarks", file, "--min-scores", "5"])
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("  GPQA") })
        #expect(line.split(separator: " ", omittingEmptySubsequences: true).contains("25"), "\(line)")
        #expect(BenchmarkScores.chance("GPQA") == KnownTask.match("gpqa_diamond_acc")?.chance)
    }

    /// Scores on their own scale (Arena Elo, above 100) are read as written wherever a threshold
    /// is asked for, and said so; a model named loosely gets the closest names.
    @Test func eloScalesAndModelNames() throws {
        let elo = try Plateau.run(["prices", "--benchmark", "LMSys Chatbot Arena ELO", "--threshold", "1106"])
        #expect(elo.status == 0, "\(elo.stderr)")
        #expect(
            elo.stdout.contains("scores read on their own scale (values above 100, not percentages): LMSys Chatbot Arena ELO")
                && elo.stdout.contains("LMSys Chatbot Arena ELO ≥ 1106.0: price falls"), "\(elo.stdout)")
        let percent = try Plateau.run(["prices", "--benchmark", "MMLU", "--threshold", "250"])
        expectOneLine(percent, status: 64, containing: "is not a score of MMLU", "a percentage above 100")
        let loose = try Plateau.run(["prices", "--benchmark", "MMLU", "--at-level-of", "GPT-3"])
        expectOneLine(loose, status: 64, containing: "did you mean", "a loose model name")
        #expect(loose.stderr.contains("'GPT-3 175B (davinci)'"), "\(loose.stderr)")
        let unique = try Plateau.run(["prices", "--benchmark", "MMLU", "--at-level-of", "gpt-3 175b"])
        #expect(unique.status == 0 && unique.stdout.contains("(GPT-3 175B (davinci)'s level)"), "\(unique.stdout)\(unique.stderr)")
    }

    /// `benchmarks` reads a benchmark whose every score is above 100 (Arena Elo) on its own
    /// scale, as `prices` does: records and gains in its points, no logistic; a benchmark that
    /// mixes a score above 100 with fractions stops at that cell.
    @Test func benchmarksReadEloOnItsOwnScale() throws {
        let scratch = try Scratch()
        var lines = ["benchmark,release_date,score,model"]
        let dates = ["2023-03-01", "2023-07-01", "2023-11-01", "2024-03-01", "2024-07-01", "2024-10-03"]
        for (k, date) in dates.enumerated() {
            lines.append("mmlu,\(date),0.\(60 + 5 * k),m\(k)")
            lines.append("Arena Elo,\(date),\(1100 + 40 * k),m\(k)")
        }
        let file = try scratch.write("elo.csv", lines.joined(separator: "\n") + "\n")
        let result = try Plateau.run(["benchmarks", file, "--min-scores", "3", "--benchmark", "Arena Elo"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("read on their own scale (every score above 100, as Arena Elo): Arena Elo"), "\(result.stdout)")
        let row = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("  Arena Elo") })
        // Best 1300 in 2024-10: +160 Elo in the 12 months to 2024-10-03 (from 1140), +40 in the 12
        // before (from the first score, 1100 — a baseline, not a gain from 0); no floor, ceiling or dates.
        #expect(
            row.contains("1300.0 (2024-10)") && row.contains("+160.0") && row.contains("+40.0")
                && row.hasPrefix("  Arena Elo  own scale"), "\(row)")
        #expect(!result.stdout.contains("Arena Elo: scores read as percentages"), "\(result.stdout)")
        let json = try Self.json(try Plateau.run(["benchmarks", file, "--min-scores", "3", "--json"]).stdout)
        let arena = try #require((json["benchmarks"] as? [[String: Any]])?.first { $0["name"] as? String == "Arena Elo" })
        #expect(arena["status"] as? String == "own scale" && arena["ceiling"] == nil, "\(arena)")

        lines.append("mmlu,2024-11-01,150,bad")
        let mixed = try scratch.write("mixed.csv", lines.joined(separator: "\n") + "\n")
        expectOneLine(
            try Plateau.run(["benchmarks", mixed]), status: 65,
            containing: "mixed.csv:14:17: score '150' of mmlu is above 100, but its other scores are not", "mixed scales")
    }

    /// Columns of scores that are not read as tasks are named, never dropped without a word: a
    /// BIG-bench task on 0–100 and a `_len_norm` accuracy beside harness `_acc` columns.
    @Test func everyScoreColumnIsAccountedFor() throws {
        let rows = (1...6).map { k in
            "m\(k),\(k)e9,2\(k)e10,0.\(4 + k),\(30 + 5 * k).5,0.\(5 + k),1,run \(k),\(k % 2 == 0 ? 256 : 512),0.\(3 + k)"
        }
        let scratch = try Scratch()
        let file = try scratch.write(
            "cols.csv",
            "model,N,D,arc_easy_acc,bigbench_qa,piqa_len_norm,seed,comment,batch,arc_easy_acc_norm\n" + rows.joined(separator: "\n") + "\n")
        let result = try Plateau.run(["downstream", file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("not read as tasks: 'bigbench_qa', 'piqa_len_norm'"), "\(result.stdout)")
        // Every other column that is neither used nor a task is named once, with why.
        #expect(
            result.stdout.contains(
                "not used: 'seed' (a setting), 'comment' (text), 'batch' (values above 100: not a score in 0…1 or 0…100), 'arc_easy_acc_norm' (the task is read by its _acc)"),
            "\(result.stdout)")
        #expect(result.stdout.components(separatedBy: "'bigbench_qa'").count == 2, "named twice: \(result.stdout)")
    }
}

/// Issue 27: `plateau fit` on a folder of TensorBoard runs and on a W&B export, with one
/// `--column`, gives the fit of the equivalent long CSV; a damaged event file is one located line.
@Suite struct TrainingLogCommandTests {
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures/training-logs")

    static func parameters(_ path: String) throws -> [String: Double] {
        let result = try Plateau.run([
            "fit", path, "--column", "loss=train/loss", "--tokens-per-step", "1048576", "--starts", "50", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let doc = try RealTableClassesTests.json(result.stdout)
        #expect(doc["runs"] as? Int == 8)
        return try #require(doc["parameters"] as? [String: Double])
    }

    @Test func logsFitAsTheirLongTable() throws {
        let long = try Self.parameters(Self.fixtures.appendingPathComponent("long.csv").path)
        // The planted law (Hoffmann et al.'s constants, ±0.002 wobble) from the 8 runs' final
        // checkpoints: E, α and β within 3 % (measured: 1.2 %, 1.9 %, 0.7 %).
        for (name, planted) in ["E": 1.69, "alpha": 0.34, "beta": 0.28] {
            #expect(abs(long[name]! / planted - 1) < 0.03, "\(name) \(long[name]!) vs \(planted)")
        }
        // Same cells, rows in another order: the same optimum to 1e-6 (the sums' order differs).
        for other in ["tensorboard", "wandb_export.csv"] {
            let fitted = try Self.parameters(Self.fixtures.appendingPathComponent(other).path)
            for (name, value) in long {
                #expect(abs(fitted[name]! / value - 1) < 1e-6, "\(other): \(name) \(fitted[name]!) vs \(value)")
            }
        }
    }

    @Test func damagedEventFilesAreLocated() throws {
        let scratch = try Scratch()
        let copy = scratch.url.appendingPathComponent("logs")
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("tensorboard"), to: copy)
        let run = copy.appendingPathComponent("ladder-1b-r40")
        let file = run.appendingPathComponent(try #require(FileManager.default.contentsOfDirectory(atPath: run.path).first))
        var bytes = try Data(contentsOf: file)
        bytes[300] ^= 0xFF
        try bytes.write(to: file)
        let flipped = try Plateau.run(["fit", copy.path, "--column", "loss=train/loss", "--tokens-per-step", "1048576"])
        expectOneLine(flipped, status: 65, containing: "ladder-1b-r40/events.out.tfevents", "flipped byte")
        #expect(flipped.stderr.contains("has data whose CRC does not match"), "\(flipped.stderr)")
        bytes[300] ^= 0xFF
        try bytes.prefix(bytes.count - 7).write(to: file)
        let cut = try Plateau.run(["fit", copy.path, "--column", "loss=train/loss", "--tokens-per-step", "1048576"])
        expectOneLine(cut, status: 65, containing: "is truncated", "truncated file")
        #expect(cut.stderr.contains("the record at byte "), "\(cut.stderr)")
        let empty = scratch.url.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        expectOneLine(try Plateau.run(["fit", empty.path]), status: 65, containing: "no TensorBoard event files", "empty folder")
    }
}
