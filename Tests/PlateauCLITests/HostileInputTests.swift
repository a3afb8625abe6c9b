import Foundation
import PlateauCore
import PlateauTestSupport
import Testing

/// Hostile input, round three (issue 23): each finding of the held-out suite, through the binary.
/// Every case ends with one line on stderr naming what to do, and a non-zero exit; none crashes,
/// hangs or prints garbage.
@Suite struct HostileInputTests {
    /// A ladder's runs with names and one score column, for commands that read either.
    static let scoredLadder: String = {
        var lines = ["model,N,D,loss,arc_acc"]
        for (k, row) in ladderCSV.split(separator: "\n").dropFirst().enumerated() {
            let f = row.split(separator: ",")
            lines.append("m\(k),\(f[0]),\(f[1]),\(f[2]),\(0.3 + 0.03 * Double(k))")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    // MARK: 1. Crashes

    @Test func emptyLawListsAreUsageErrors() throws {
        for law in ["", ",", "chinchilla,", "power-law,,kaplan"] {
            let result = try Plateau.run(["check", "--law", law])
            expectOneLine(result, status: 64, containing: "has an empty item", "--law '\(law)'")
        }
        let estimators = try Plateau.run(["check", "--law", "power-law", "--estimator", ","])
        expectOneLine(estimators, status: 64, containing: "has an empty item", "--estimator ','")
    }

    /// 60,000 parentheses and 100,000 signs overflowed the parser's stack; a 5,000-term sum
    /// nests as deep once parsed.
    @Test func deepExpressionsAreLocatedErrors() throws {
        let cases = [
            ("N=" + String(repeating: "(", count: 60_000) + "N" + String(repeating: ")", count: 60_000), "deep"),
            ("N=" + String(repeating: "-", count: 100_000) + "N", "deep"),
            ("N=" + Array(repeating: "N", count: 5_000).joined(separator: "+"), "more than 1000 operations"),
        ]
        for (expression, text) in cases {
            let result = try Plateau.run(["fit", "--column", expression])
            expectOneLine(result, status: 64, containing: text, "expression of \(expression.count) characters")
            #expect(result.stderr.count < 600, "the echo of the expression is cut")
        }
    }

    // MARK: 2. HTML injection

    /// A hostile file name, column name and cell through every section a user's table gets:
    /// the page holds no element or attribute the report did not write (the file name broke out
    /// of Plot's unescaped og:/twitter: meta attributes).
    @Test func hostileNamesStayText() throws {
        let scratch = try Scratch()
        var lines = ["model,N,D,loss,<img src=x onerror=alert(1)>_acc,piqa_acc"]
        for (k, row) in ladderCSV.split(separator: "\n").dropFirst().enumerated() {
            let f = row.split(separator: ",")
            let name = k == 0 ? "\"\"\"><script>alert(1)</script>\"" : "m\(k)"
            lines.append("\(name),\(f[0]),\(f[1]),\(f[2]),\(0.3 + 0.02 * Double(k)),\(0.55 + 0.015 * Double(k))")
        }
        let file = try scratch.write("q_\"><img src=x onerror=alert(1)>.csv", lines.joined(separator: "\n") + "\n")
        let page = scratch.url.appendingPathComponent("report.html").path
        let made = try Plateau.run([
            "report", file, "-o", page, "--starts", "40", "--bootstrap", "12", "--bootstrap-starts", "10",
        ])
        try #require(made.status == 0, "\(made.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        // The hostile strings reached the page: in the title, the data notes, the downstream task
        // table and a chart's tooltips — as text.
        #expect(html.contains("q_&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.csv") || html.contains("q_\"&gt;&lt;img"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;_acc"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("<section id=\"downstream\">") && html.contains("<section id=\"data-fit\">"))
        // Every tag and attribute, outside the style sheet.
        let body = html.replacing(try Regex(#"<style>[\s\S]*?</style>"#), with: "")
        let tags = body.matches(of: try Regex(#"<([A-Za-z][A-Za-z0-9]*)([^>]*)>"#))
        #expect(tags.count > 100)
        for tag in tags {
            let name = String(tag.output[1].substring ?? "").lowercased()
            #expect(!["script", "img", "iframe", "object", "embed", "link"].contains(name), "element <\(name)>")
            let attributes = String(tag.output[2].substring ?? "")
            for attribute in attributes.matches(of: try Regex(#"\s([A-Za-z_:][-A-Za-z0-9_:.]*)\s*="#)) {
                let key = String(attribute.output[1].substring ?? "").lowercased()
                #expect(!key.hasPrefix("on") && key != "src", "attribute \(key) in <\(name)\(attributes.prefix(80))>")
            }
        }
    }

    // MARK: 3. C = 6·N·D overflowing

    /// N and D each pass the 1e-300…1e300 check but 6·N·D is infinite: downstream hung, check
    /// printed 'undefined×' with exit 0, fit --law power-law said the table had no C.
    @Test func overflowingComputeIsALocatedError() throws {
        let scratch = try Scratch()
        var lines = ["model,N,D,loss,arc_acc"]
        for k in 1...6 { lines.append("m\(k),\(k)e200,\(k)e200,\(3 - 0.1 * Double(k)),\(0.3 + 0.05 * Double(k))") }
        let file = try scratch.write("huge.csv", lines.joined(separator: "\n") + "\n")
        for command in [
            ["downstream", file], ["downstream", file, "--emergence"], ["check", file], ["fit", file, "--law", "power-law"],
            ["fit", file],
        ] {
            let started = Date()
            let result = try Plateau.run(command)
            expectOneLine(result, status: 65, containing: "huge.csv:2:", command.joined(separator: " "))
            #expect(result.stderr.contains("outside 1e-300…1e300"), "\(result.stderr)")
            #expect(Date().timeIntervalSince(started) < 30, "\(command) took too long")
        }
    }

    // MARK: 4. Run-to-run drift

    /// The unit notes came out in a dictionary's order, different in every process.
    @Test func downstreamIsByteIdenticalAcrossRunsAndThreads() throws {
        let scratch = try Scratch()
        var lines = ["model,params (M),tokens (B),arc_acc,piqa_acc"]
        for (k, n) in [70.0, 160, 410, 1000, 1400, 2800, 6900].enumerated() {
            lines.append("m\(k),\(n),\(n / 50),\(0.25 + 0.05 * Double(k)),\(0.55 + 0.04 * Double(k))")
        }
        let file = try scratch.write("units.csv", lines.joined(separator: "\n") + "\n")
        var outputs: Set<String> = []
        for threads in ["1", "2", "1", "2"] {
            let result = try Plateau.run(["downstream", file, "--bootstrap", "10", "--seed", "2", "--json", "--threads", threads])
            #expect(result.status == 0, "\(result.stderr)")
            outputs.insert(result.stdout)
        }
        #expect(outputs.count == 1)
        let notes = try #require(
            (try JSONSerialization.jsonObject(with: Data(outputs.first!.utf8)) as? [String: Any])?["notes"] as? [String])
        #expect(notes.prefix(2) == ["read 'params (M)' as N × 1e+06 (the unit in its header)", "read 'tokens (B)' as D × 1e+09 (the unit in its header)"])
    }

    // MARK: 5. Intervals that contradict their estimates (catalog documents)
    // The Chinchilla path on the bundled runs' first 30 is in ReferenceTierTests (release mode).

    // MARK: 6. Saved documents are verified

    @Test func tamperedDocumentsAreRefusedWithTheField() throws {
        let scratch = try Scratch()
        let runs = try scratch.write("runs.csv", ladderCSV)
        let saved = try Plateau.run(["fit", runs, "--law", "power-law", "--x", "C", "--bootstrap", "12", "--json"])
        try #require(saved.status == 0, "\(saved.stderr)")
        let original = try #require(try JSONSerialization.jsonObject(with: Data(saved.stdout.utf8)) as? [String: Any])
        let fine = try scratch.write("fit.json", saved.stdout)
        #expect(try Plateau.run(["predict", "--from", fine, "--at", "C=1e23"]).status == 0)
        let edits: [(String, ([String: Any]) -> [String: Any], String)] = [
            ("no spec", { var d = $0; d["spec"] = nil; return d }, "has no 'spec'"),
            (
                "negative ceiling",
                { var d = $0; var s = d["spec"] as! [String: Any]; s["irreducible_ceiling"] = -1; d["spec"] = s; return d },
                "'spec.irreducible_ceiling' is -1"
            ),
            (
                "alpha edited",
                { var d = $0; var p = d["parameters"] as! [String: Any]; p["alpha"] = -1; d["parameters"] = p; return d },
                "'parameters.alpha' is -1"
            ),
            (
                "level above 1",
                { var d = $0; var b = d["bootstrap"] as! [String: Any]; b["level"] = 2; d["bootstrap"] = b; return d },
                "'bootstrap.level' is 2"
            ),
            (
                "level below 0",
                { var d = $0; var b = d["bootstrap"] as! [String: Any]; b["level"] = -1; d["bootstrap"] = b; return d },
                "'bootstrap.level' is -1"
            ),
            ("scale 0", { var d = $0; d["largest_fitted_scale"] = 0; return d }, "'largest_fitted_scale' is 0"),
            // Warnings are re-printed with the predictions: a damaged one (the 1,000-mutant fuzz run
            // printed "only nan of 81 starts …") or one with a control byte is refused.
            (
                "warning with nan",
                { var d = $0; d["warnings"] = [["code": "few-in-best-basin", "message": "only nan of 81 starts"]]; return d },
                "'warnings[0]' is not a warning Plateau writes"
            ),
            (
                "warning with escape",
                { var d = $0; d["warnings"] = [["code": "x", "message": "\u{1B}[2J cleared"]]; return d },
                "'warnings[0]' is not a warning Plateau writes"
            ),
        ]
        for (name, edit, text) in edits {
            let data = try JSONSerialization.data(withJSONObject: edit(original))
            let path = try scratch.write("\(name).json", data)
            let result = try Plateau.run(["predict", "--from", path, "--at", "C=1e23"])
            expectOneLine(result, status: 65, containing: text, name)
        }
        // The Chinchilla document: an edited A disagrees with its logarithm.
        let chinchilla = try Plateau.run(["fit", runs, "--starts", "20", "--json"])
        var doc = try #require(try JSONSerialization.jsonObject(with: Data(chinchilla.stdout.utf8)) as? [String: Any])
        var parameters = try #require(doc["parameters"] as? [String: Any])
        parameters["A"] = 1e30
        doc["parameters"] = parameters
        let edited = try scratch.write("chinchilla.json", try JSONSerialization.data(withJSONObject: doc))
        expectOneLine(
            try Plateau.run(["plan", "--fit", edited]), status: 65, containing: "'parameters.A' is 1e+30", "plan --fit")
    }

    /// A plan whose loss no language model has (A = 10³⁰ in a consistent document) is flagged.
    @Test func implausibleLossesAreWarned() throws {
        let scratch = try Scratch()
        let runs = try scratch.write("runs.csv", ladderCSV)
        let chinchilla = try Plateau.run(["fit", runs, "--starts", "20", "--json"])
        var doc = try #require(try JSONSerialization.jsonObject(with: Data(chinchilla.stdout.utf8)) as? [String: Any])
        var parameters = try #require(doc["parameters"] as? [String: Any])
        parameters["A"] = 1e30
        doc["parameters"] = parameters
        // Consistent: without θ and the logarithms, the parameters are the law.
        doc["log_parameters"] = nil
        doc["theta"] = nil
        let edited = try scratch.write("chinchilla.json", try JSONSerialization.data(withJSONObject: doc))
        let plan = try Plateau.run(["plan", "--fit", edited])
        #expect(plan.status == 0 && plan.stdout.contains("implausible-prediction"), "\(plan.stdout)\(plan.stderr)")
        // Relative to the data: a catalog document records its observed losses (2.17…4.11 on the
        // ladder), and Kaplan's L(N) at N = 0.004 predicts about 60 nats, below the absolute bound
        // but an order of magnitude above every fitted run.
        let kaplan = try Plateau.run(["fit", runs, "--law", "kaplan-n", "--json"])
        let kaplanFile = try scratch.write("kaplan-n.json", kaplan.stdout)
        let far = try Plateau.run(["predict", "--from", kaplanFile, "--at", "N=0.004", "--at", "N=1e9"])
        #expect(far.status == 0 && far.stdout.contains("an order of magnitude from the fitted losses"), "\(far.stdout)")
        #expect(far.stdout.contains("1 prediction is"), "\(far.stdout)")
        // One unique token: far outside Muennighoff et al.'s runs (and a loss of 1334 nats).
        let constrained = try Plateau.run(["plan", "--law", "besiroglu2024", "--unique-tokens", "1"])
        #expect(constrained.status == 0, "\(constrained.stderr)")
        #expect(constrained.stdout.contains("beyond the most in Muennighoff et al.'s runs (9,000)"))
        #expect(constrained.stdout.contains("implausible-prediction"))
    }

    // MARK: 7. Silent exclusions and odd values

    @Test func exclusionsAreNamed() throws {
        let scratch = try Scratch()
        var lines = ["model,N,D,MMLU,piqa,hellaswag"]
        for k in 0..<6 {
            let n = 1e8 * pow(2, Double(k))
            let x = Double(k)
            let hellaswag = k == 3 ? "150" : "\(30.5 + 5 * x)", piqa = k == 2 ? "nan" : "\(55.5 + 4 * x)"
            lines.append("m\(k),\(n),\(20 * n),\(26.5 + 3 * x),\(piqa),\(hellaswag)")
        }
        let file = try scratch.write("scores.csv", lines.joined(separator: "\n") + "\n")
        let result = try Plateau.run(["downstream", file, "--bootstrap", "0", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("'hellaswag' (line 5: 150)"), "\(result.stdout.prefix(600))")
        // A 'nan' cell is a missing score, not a reason to drop the task.
        let tasks = (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["tasks"]
        #expect((tasks as? [[String: Any]])?.contains { $0["name"] as? String == "piqa" } == true, "\(result.stdout.prefix(600))")
        let repeated = try Plateau.run(["downstream", file, "--bootstrap", "0", "--tasks", "MMLU,mmlu", "--json"])
        #expect(repeated.status == 0 && repeated.stdout.contains("merged repeated names in --tasks"), "\(repeated.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(repeated.stdout.utf8)) as? [String: Any])
        #expect((doc["tasks"] as? [Any])?.count == 1)
        expectOneLine(
            try Plateau.run(["downstream", file, "--bootstrap", "0", "--chance", "nosuch=0.5"]), status: 65,
            containing: "--chance names 'nosuch'", "--chance nosuch")
        // A tokens per step of 1e-320 made every D subnormal.
        expectOneLine(
            try Plateau.run(["fit", file, "--tokens-per-step", "1e-320"]), status: 64, containing: "--tokens-per-step",
            "--tokens-per-step 1e-320")
    }

    @Test func breaksNamesWhatItDropsAndOutlyingDates() throws {
        let scratch = try Scratch()
        var lines = ["date,value"]
        for year in 2010...2023 { lines.append("\(year)-06-01,\(pow(10, 20 + 0.5 * Double(year - 2010)))") }
        lines += ["2015-01-01,0", "2016-01-01,", "0000-06-01,1e25"]
        let file = try scratch.write("series.csv", lines.joined(separator: "\n") + "\n")
        let result = try Plateau.run(["breaks", file, "--date", "date", "--value", "value", "--bootstrap", "20"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("note: left out 2 rows"), "\(result.stdout)")
        #expect(result.stdout.contains("dated before 1950 or after today: line 18 (0.4)"), "\(result.stdout)")
        let few = try scratch.write("few.csv", "date,value\n2020-01-01,1\n")
        expectOneLine(
            try Plateau.run(["breaks", few, "--date", "date", "--value", "value"]), status: 65,
            containing: "need at least 7 points", "breaks on one point")
    }

    @Test func routingNamesRunsWithAnEmptyCell() throws {
        let scratch = try Scratch()
        var lines = ["router_type,num_experts,dense_parameter_count,loss"]
        for (router, experts) in [("Dense", 1), ("S-Base", 8), ("S-Base", 64)] {
            for n in [1.5e7, 2.5e7, 5.5e7, 1.3e8, 3.7e8, 1.3e9] {
                let loss = exp(1.1 - 0.08 * log(n) - 0.01 * log(Double(experts)))
                lines.append("\(router),\(experts),\(n == 2.5e7 && experts == 8 ? "" : "\(n)"),\(loss)")
            }
        }
        let file = try scratch.write("routing.csv", lines.joined(separator: "\n") + "\n")
        let result = try Plateau.run(["routing", file, "--bootstrap", "0", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("skipped 1 row with an empty cell"), "\(result.stdout.prefix(800))")
    }

    @Test func exactFitsPrintNoNaN() throws {
        let scratch = try Scratch()
        let lines = ["C,loss"] + (1...8).map { "\(pow(10, 18 + Double($0))),3.0" }
        let file = try scratch.write("same.csv", lines.joined(separator: "\n") + "\n")
        let result = try Plateau.run(["fit", file, "--law", "power-law"])
        #expect(!result.stdout.lowercased().contains("nan"), "\(result.stdout)")
    }

    @Test func contradictingAndRepeatedPointsAreRefused() throws {
        let scratch = try Scratch()
        let runs = try scratch.write("runs.csv", ladderCSV)
        let saved = try Plateau.run(["fit", runs, "--law", "chinchilla", "--starts", "20", "--json"])
        let fit = try scratch.write("fit.json", saved.stdout)
        expectOneLine(
            try Plateau.run(["predict", "--from", fit, "--at", "N=70B,D=1.4T,C=5"]), status: 64,
            containing: "contradicts 6·N·D", "C contradicting N and D")
        expectOneLine(
            try Plateau.run(["predict", "--from", fit, "--at", "N=70B,N=1B,D=1T"]), status: 64,
            containing: "N is given twice", "N twice")
        #expect(try Plateau.run(["predict", "--from", fit, "--at", "N=70B,D=1.4T,C=5.9e23"]).status == 0)
        // 6·N·D past 1e300 was printed as 'inf×'.
        expectOneLine(
            try Plateau.run(["predict", "--from", fit, "--at", "N=1e300,D=1e300"]), status: 64,
            containing: "C derived from", "C overflowing")
    }

    /// Plan options whose plan leaves the numbers: a same-budget bracket inverted by 1e300 served
    /// tokens (a trap in Brent's method), 1e-300 unique tokens (an Int conversion of 1e323
    /// epochs trapped), and a target loss no compute reaches from above (0 FLOPs).
    @Test func planOptionsOutsideTheNumbersAreUsageErrors() throws {
        for (arguments, text) in [
            (["plan", "--law", "besiroglu2024", "--serve-tokens", "1e300", "--same-budget"], "at most 1e21"),
            (["plan", "--law", "besiroglu2024", "--unique-tokens", "1e-300"], "at least 1"),
            (["plan", "--law", "besiroglu2024", "--target-loss", "1e300"], "outside 1…1e300"),
        ] {
            expectOneLine(try Plateau.run(arguments), status: 64, containing: text, arguments.joined(separator: " "))
        }
        let served = try Plateau.run(["plan", "--law", "besiroglu2024", "--serve-tokens", "1e21", "--same-budget"])
        #expect(served.status == 0, "\(served.stderr)")
    }

    // MARK: 8. Errors end with what to do

    @Test func usageErrorsNameTheirCommand() throws {
        let result = try Plateau.run(["fit", "--by", "x", "--bootstrap", "10"])
        #expect(result.status == 64 && result.stderr.contains("Usage: plateau fit"), "\(result.stderr)")
        expectOneLine(
            try Plateau.run(["trend", "--since", "nan"]), status: 64, containing: "'--since' a year", "--since nan")
    }

    /// Every error message written in the CLI's sources (ValidationError, fail, usageFail,
    /// FitError) carries what to do: after ' — ', or as an instruction ('Please give …').
    /// InputError always prints ' — remedy'.
    @Test func everyErrorMessageHasARemedy() throws {
        let root = repositoryRoot.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 50)
        // The call, then its first string literal (interpolations may hold parentheses and quotes).
        let call = try Regex(#"(ValidationError|usageFail|fail)\(\s*""#)
        var messages = 0
        var missing: [String] = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: call) {
                let literal = Self.literal(in: text[match.range.upperBound...])
                messages += 1
                // A message made of an error's own description carries that error's remedy.
                if !(literal.contains(" — ") || literal.hasPrefix("Please ") || literal.contains("error.description")) {
                    missing.append("\(file.lastPathComponent): \(literal.prefix(100))")
                }
            }
        }
        #expect(messages > 80)
        #expect(missing.isEmpty, "messages without a remedy:\n\(missing.joined(separator: "\n"))")
        // The fit errors the CLI prints after the file's name ('need at least 7 points … found 1'
        // ended there).
        let fitErrors: [FitError] = [
            .tooFewRuns(found: 2, needed: 5), .noConvergedStart(starts: 10),
            .tooFewPoints(what: "points for a break test", found: 1, needed: 7), .shortSpan(years: 0.2),
            .noFrontier(alpha: -1, beta: 0.3),
        ]
        for error in fitErrors { #expect(error.description.contains(" — "), "\(error)") }
    }

    /// The text of a string literal that starts at `rest` (after its opening quote), with
    /// interpolations kept as written.
    static func literal(in rest: Substring) -> String {
        var out = ""
        var depth = 0
        var previous: Character = " "
        for c in rest {
            if depth == 0 && c == "\"" && previous != "\\" { break }
            if previous == "\\" && c == "(" { depth += 1 } else if depth > 0 && c == "(" { depth += 1 }
            if depth > 0 && c == ")" { depth -= 1 }
            out.append(c)
            previous = c
        }
        return out
    }
}
