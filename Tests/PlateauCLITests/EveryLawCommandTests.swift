import Foundation
import PlateauCore
import PlateauTestSupport
import Testing

/// Every registered law through the binary, with no per-law code: a table made from the design
/// and planted parameters the law's own file declares is fitted (`fit --law NAME --json`),
/// bootstrapped, back-tested (`check --law NAME`), and predicted from the saved document
/// (`predict --from`) and reported (`report --law NAME`); a law of N and D is planned (`plan --fit`)
/// and priced (`returns --fit`).
///
/// The fast tier runs the laws whose start grid is small (up to 500 starts; not bnsl-2 and -3,
/// nor the Chinchilla kernel, which the core tests and other command tests cover in debug); the
/// reference tier runs every law.
@Suite struct EveryLawCommandTests {
    static func fastEnough(_ entry: LawEntry) -> Bool {
        Tier.reference || (entry.law.starts.count <= 500 && !(entry.law is ChinchillaForm))
    }

    /// The law's design as a table: a column per input (and a run column for a law of steps),
    /// the planted law's values with 0.2 % deterministic wiggle as the loss or score.
    static func table(_ entry: LawEntry) -> String {
        let law = entry.law, example = entry.example
        let steps = law.inputs.contains(.S)
        let output = law.output == .loss ? "loss" : "score"
        var rows = [((steps ? ["run"] : []) + law.inputs.map { $0.role?.rawValue ?? $0.rawValue } + [output]).joined(separator: ",")]
        for (k, p) in example.points.enumerated() {
            let y = law.value(at: p, example.theta) * (1 + 0.002 * sin(Double(k) * 1.7))
            let cells = (steps ? ["n\(p.N)"] : []) + law.inputs.map { "\(p[$0])" } + ["\(y)"]
            rows.append(cells.joined(separator: ","))
        }
        return rows.joined(separator: "\n") + "\n"
    }

    @Test(arguments: LawCatalog.names) func commandsServeTheLaw(_ name: String) throws {
        let entry = try #require(LawCatalog.entry(named: name))
        guard Self.fastEnough(entry) else { return }
        let law = entry.law
        let scratch = try Scratch()
        let file = try scratch.write("\(name).csv", Self.table(entry))
        let fit = try Plateau.run(["fit", file, "--law", name, "--bootstrap", "20", "--json", "--threads", "2"])
        #expect(fit.status == 0, "\(name) fit: \(fit.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as? [String: Any])
        #expect(doc["law"] as? String == name)
        let planted = law.reportedByName(entry.example.theta)
        let fitted = try #require(doc["parameters"] as? [String: Double])
        for p in entry.example.identified {
            // 0.2 % wiggle on the data: the identified parameters within 20 % of the planted ones.
            expectClose(fitted[p] ?? .nan, planted[p] ?? .nan, relative: 0.2, "\(name) \(p)")
        }
        let saved = try scratch.write("fit.json", fit.stdout)
        let first = entry.example.points[entry.example.points.count / 2]
        let at = law.inputs.map { "\($0.rawValue)=\(first[$0])" }.joined(separator: ",")
        let predicted = try Plateau.run(["predict", "--from", saved, "--at", at, "--json"])
        #expect(predicted.status == 0, "\(name) predict: \(predicted.stderr)")
        let p = try #require(try JSONSerialization.jsonObject(with: Data(predicted.stdout.utf8)) as? [String: Any])
        let value = try #require((p["predictions"] as? [[String: Any]])?.first?["predicted"] as? Double)
        expectClose(value, law.value(at: first, entry.example.theta), relative: 0.02, "\(name) predicted")

        let check = try Plateau.run(["check", file, "--law", name, "--threads", "2"])
        #expect(check.status == 0, "\(name) check: \(check.stderr)")
        #expect(check.stdout.contains(name) && check.stdout.contains("ARE"), "\(name) check: \(check.stdout)")

        // The report on the law: its fit always; plans and returns only for a law of N and D.
        let html = scratch.url.appendingPathComponent("report.html").path
        let report = try Plateau.run(["report", file, "--law", name, "--bootstrap", "10", "-o", html])
        #expect(report.status == 0, "\(name) report: \(report.stderr)")
        let page = (try? String(contentsOfFile: html, encoding: .utf8)) ?? ""
        #expect(page.contains("id=\"data-fit\"") && page.contains(law.formula.replacingOccurrences(of: "'", with: "&#39;")), "\(name) report")

        let planned = law.isLawOfNAndD
        let plan = try Plateau.run(["plan", "--fit", saved, "--budget", "1e22", "--json"])
        let returns = try Plateau.run(["returns", "--fit", saved, "--json"])
        if planned {
            #expect(plan.status == 0, "\(name) plan: \(plan.stderr)")
            #expect(returns.status == 0, "\(name) returns: \(returns.stderr)")
            #expect(
                page.contains("id=\"plan\"") && page.contains("id=\"returns\"") && page.contains("id=\"cost\""),
                "\(name) report plans")
            // Plans to 1e27 FLOP reach far past the example's runs: the page says so, as plan does.
            #expect(page.contains("more than 10× beyond the largest fitted scale"), "\(name) report: no extrapolation warning")
        } else {
            #expect(!page.contains("id=\"plan\"") && page.contains("no compute-optimal frontier"), "\(name) report")
            // Refused in one line naming the law and what a plan needs.
            #expect(plan.status == 64 && plan.stderr.contains(name) && plan.stderr.contains("N and D"), "\(plan.stderr)")
            #expect(returns.status == 64 && returns.stderr.contains(name), "\(returns.stderr)")
        }
    }
}

/// `--law NAME` is one name space: a law of the catalog is fitted (to `--runs` or the bundled runs)
/// in plan, returns and predict as in fit, check and report; published constants are used as they
/// are, in plan, returns and predict.
@Suite struct OneLawNameSpaceTests {
    /// Published constants predict unfitted: Hoffmann et al.'s Approach 3 at Chinchilla's
    /// 70B / 1.4T by hand from their rounded constants (E 1.6934, A 406.4, B 410.7, α 0.3392,
    /// β 0.2849; to 10⁻³, the rounding), and Kaplan et al.'s Eq. 1.5 (N_c 6.4e13, D_c 1.8e13,
    /// α_N 0.076, α_D 0.103).
    @Test func publishedConstantsPredict() throws {
        func predicted(_ arguments: [String]) throws -> Double {
            let result = try Plateau.run(["predict"] + arguments + ["--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            return try #require((doc["predictions"] as? [[String: Any]])?.first?["predicted"] as? Double)
        }
        let hoffmann = 1.6934 + 406.4 / pow(70e9, 0.3392) + 410.7 / pow(1.4e12, 0.2849)
        expectClose(try predicted(["--law", "hoffmann2022", "--at", "N=70B,D=1.4T"]), hoffmann, relative: 1e-3)
        let kaplan = pow(pow(6.4e13 / 1e9, 0.076 / 0.103) + 1.8e13 / 2e10, 0.103)
        expectClose(try predicted(["--law", "kaplan2020", "--at", "N=1e9,D=2e10"]), kaplan, relative: 1e-9)
        let scratch = try Scratch()
        let runs = try scratch.write("runs.csv", ladderCSV)
        let refused = try Plateau.run(["predict", runs, "--law", "hoffmann2022", "--at", "N=1e9,D=2e10"])
        #expect(refused.status == 64 && refused.stderr.contains("not fitted"), "\(refused.stderr)")
    }

    /// plan and returns fit a law of the catalog named by --law, as fit does; a law that does not
    /// read N and D, and --bootstrap with another law than Chinchilla's, are usage errors.
    @Test func planAndReturnsFitACatalogLaw() throws {
        let scratch = try Scratch()
        let runs = try scratch.write("runs.csv", ladderCSV)
        let plan = try Plateau.run(["plan", "--law", "kaplan", "--runs", runs, "--budget", "1e21"])
        #expect(plan.status == 0 && plan.stdout.contains("kaplan fit of \(runs)"), "\(plan.stdout)\(plan.stderr)")
        let saved = try scratch.write("k.json", try Plateau.run(["fit", runs, "--law", "kaplan", "--json"]).stdout)
        let fromDocument = try Plateau.run(["plan", "--fit", saved, "--budget", "1e21", "--json"])
        let fresh = try Plateau.run(["plan", "--law", "kaplan", "--runs", runs, "--budget", "1e21", "--json"])
        // The same fit either way: the plan's N agrees.
        func n(_ text: String) throws -> Double {
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            return try #require((doc["plan"] as? [String: Any])?["parameters"] as? Double)
        }
        expectClose(try n(fresh.stdout), try n(fromDocument.stdout), relative: 1e-9)
        #expect(try Plateau.run(["returns", "--law", "kaplan", "--runs", runs, "--steps", "2"]).status == 0)
        let oneInput = try Plateau.run(["plan", "--law", "kaplan-n", "--runs", runs])
        #expect(oneInput.status == 64 && oneInput.stderr.contains("--law kaplan-n"), "\(oneInput.stderr)")
        // A plan's bootstrap resamples the law it plans with (one LawBootstrap for every law).
        let bootstrap = try Plateau.run(["plan", "--law", "kaplan", "--runs", runs, "--bootstrap", "20", "--budget", "1e21"])
        #expect(
            bootstrap.status == 0
                && bootstrap.stdout.contains("intervals: 20 bootstrap resamples of the runs, each re-fitted from the fit's optimum, its other local optima and 8 grid starts"),
            "\(bootstrap.stdout)\(bootstrap.stderr)")
        #expect(bootstrap.stdout.contains(" – "), "\(bootstrap.stdout)")
        let savedBootstrap = try Plateau.run(["plan", "--fit", saved, "--bootstrap", "20"])
        #expect(savedBootstrap.status == 64, "\(savedBootstrap.stderr)")
    }
}

/// A law of steps on tables not shaped for it: one located line, or a fit of every row when the
/// table has no run column (each row is its own run).
@Suite struct StepLawInputTests {
    @Test func tablesWithoutStepsOrRuns() throws {
        let scratch = try Scratch()
        let noStep = try scratch.write("nostep.csv", "N,loss\n1e8,3\n2e8,2.9\n")
        let a = try Plateau.run(["fit", noStep, "--law", "kaplan-s"])
        #expect(a.status == 65 && a.stderr.contains("no step column") && a.stderr.contains("--column step=NAME"), "\(a.stderr)")
        let runsNoStep = try scratch.write("runs.csv", "run,N,loss\na,1e8,3\nb,2e8,2.9\n")
        let b = try Plateau.run(["fit", runsNoStep, "--law", "kaplan-s"])
        #expect(b.status == 65 && b.stderr.contains("orders each run's checkpoints"), "\(b.stderr)")
        var rows = ["N,step,loss"]
        for n in [1e8, 2e8, 4e8] {
            for s in [100.0, 200, 400] { rows.append("\(n),\(s),\(pow(6.5e13 / n, 0.077) + pow(2100 / s, 0.76))") }
        }
        let noRun = try scratch.write("norun.csv", rows.joined(separator: "\n") + "\n")
        let c = try Plateau.run(["fit", noRun, "--law", "kaplan-s"])
        #expect(c.status == 0 && c.stdout.contains("fitted to 9 points"), "\(c.stdout)\(c.stderr)")
        let plan = try Plateau.run(["plan", "--law", "kaplan-s"])
        #expect(plan.status == 64 && plan.stderr.contains("a plan needs a law of N and D"), "\(plan.stderr)")
    }
}

/// Published constants are not a law to fit: fit, check and report say so and where they are used.
@Suite struct PublishedNamesAreNotFittedTests {
    @Test(arguments: [["fit", "--law", "hoffmann2022"], ["report", "--law", "besiroglu2024"], ["check", "--law", "kaplan,kaplan2020"]])
    func refusedWithWhereToUseThem(_ arguments: [String]) throws {
        let result = try Plateau.run(arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("is published constants, not a law to fit — use it with plan, returns or predict"), "\(result.stderr)")
    }
}
