import Foundation
import PlateauTestSupport
import Testing

@Suite struct PlanCommandTests {
    func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try Plateau.run(arguments + ["--json"])
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// Kaplan's published frontier at 5.76e23 FLOP of C_min: 804B parameters, with the C_min note.
    @Test func kaplanPlanIsTheirFrontier() throws {
        let doc = try json(["plan", "--law", "kaplan2020"])
        let plan = try #require(doc["plan"] as? [String: Any])
        #expect(abs((plan["parameters"] as? Double ?? 0) / 804.26e9 - 1) < 1e-4)
        #expect((doc["budget"] as? String)?.contains("C_min") == true)
        #expect((doc["notes"] as? [String])?.first?.contains("2·C_min") == true)
    }

    /// A published law carries its fitted range: 1e27 FLOP is far beyond the Chinchilla runs.
    @Test func publishedLawsWarnBeyondTheirRange() throws {
        let doc = try json(["plan", "--law", "besiroglu2024", "--budget", "1e27"])
        #expect((doc["warnings"] as? [String])?.first?.contains("largest fitted run") == true)
        let near = try json(["plan", "--law", "besiroglu2024", "--budget", "1e23"])
        #expect((near["warnings"] as? [String])?.isEmpty == true)
    }

    /// The data-constrained plan names its law when --law names another, and the unlimited
    /// column has no epochs (all its data is unique); Muennighoff's citation reads A = e^6.255414.
    @Test func dataConstrainedPlanSaysWhichLaw() throws {
        let result = try Plateau.run(["plan", "--law", "besiroglu2024", "--unique-tokens", "100B"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Muennighoff et al. 2023's law with its own base constants, not the law above"))
        #expect(result.stdout.contains("— (all unique)"))
        let own = try Plateau.run(["plan", "--law", "muennighoff2023", "--unique-tokens", "100B"])
        #expect(!own.stdout.contains("not the law above") && own.stdout.contains("A 520.8"))
    }

    /// DESIGN.md: Hoffmann's unrounded constants give N_opt = 40.36B, 66.3B, 264B, 937B at
    /// 5.76e23, 1.71e24, 3.52e25, 5.65e26 FLOPs (Table A3 says 67B, 280B, 1T: within 7 %).
    @Test(arguments: [("5.76e23", 40.36e9), ("1.71e24", 66.3e9), ("3.52e25", 264e9), ("5.65e26", 937e9)])
    func hoffmannFrontier(budget: String, parameters: Double) throws {
        let doc = try json(["plan", "--law", "hoffmann2022", "--budget", budget])
        let plan = try #require(doc["plan"] as? [String: Double])
        #expect(abs(try #require(plan["parameters"]) / parameters - 1) < 2e-3)
        #expect(doc["schema"] as? String == "plateau.plan/1")
    }

    @Test func savedFitRoundTrips() throws {
        let scratch = try Scratch()
        let runs = try scratch.write("runs.csv", ladderCSV)
        let fit = try Plateau.run(["fit", runs, "--starts", "30", "--json"])
        let fitFile = try scratch.write("fit.json", fit.stdout)
        let far = try json(["plan", "--fit", fitFile, "--budget", "1e25"])
        #expect((far["warnings"] as? [String])?.first?.contains("largest fitted run's compute") == true)
        let doc = try json(["plan", "--fit", fitFile, "--budget", "1e21"])
        #expect((doc["warnings"] as? [String])?.isEmpty == true)
        let plan = try #require(doc["plan"] as? [String: Double])
        #expect(abs(6 * plan["parameters"]! * plan["tokens"]! / 1e21 - 1) < 1e-12)
    }

    @Test func inferenceAwareAndDataConstrainedSections() throws {
        let doc = try json(["plan", "--law", "besiroglu2024", "--serve-tokens", "2T", "--unique-tokens", "400B"])
        let ia = try #require(doc["inference_aware"] as? [String: Any])
        let before = try #require(ia["total_chinchilla"] as? Double),
            after = try #require(ia["total_inference_aware"] as? Double)
        #expect(after < before)
        let dc = try #require(doc["data_constrained"] as? [String: Any])
        #expect((dc["epochs"] as? Double ?? 0) > 1)
        let text = try Plateau.run([
            "plan", "--law", "besiroglu2024", "--serve-tokens", "2T", "--optimize", "dollars", "--serve-gpu", "A100",
        ])
        #expect(text.status == 0 && text.stdout.contains("total dollars"), "\(text.stderr)")
    }

    @Test func budgetsInHoursAndDollarsAndTargetLoss() throws {
        let hours = try json(["plan", "--law", "besiroglu2024", "--gpu-hours", "1M", "--gpu", "H100", "--mfu", "0.5"])
        let flops = try #require((hours["plan"] as? [String: Double])?["flops"])
        #expect(abs(flops / (1e6 * 3600 * 989.4e12 * 0.5) - 1) < 1e-12)
        let target = try json(["plan", "--law", "besiroglu2024", "--target-loss", "2.0"])
        #expect(abs(try #require((target["plan"] as? [String: Double])?["loss"]) - 2.0) < 1e-9)
    }

    /// Bad plan options are usage errors (exit 64) with one message.
    @Test(arguments: [
        ["plan", "--budget", "-1e23"], ["plan", "--gpu", "X100"], ["plan", "--mfu", "0"], ["plan", "--mfu", "1.2"],
        ["plan", "--law", "besiroglu2024", "--target-loss", "1.5"], ["plan", "--unique-tokens", "0"],
        ["plan", "--budget", "1e23", "--dollars", "5M"], ["plan", "--law", "kaplan2020", "--serve-tokens", "1T"],
        ["returns", "--cut", "1"], ["returns", "--law", "kaplan2020"], ["price", "--mfu", "-0.1"],
        ["price", "--gpu", "nope"],
        ["price", "--flops", "-5"], ["price", "--serve-tokens", "1T"],
    ])
    func badOptionsExit64(arguments: [String]) throws {
        let result = try Plateau.run(arguments)
        #expect(result.status == 64, "\(arguments): exit \(result.status), \(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: "), "\(result.stderr)")
    }

    @Test func badFitDocumentIsADataError() throws {
        let scratch = try Scratch()
        let file = try scratch.write("fit.json", "{\"not\": \"a fit\"}")
        let result = try Plateau.run(["plan", "--fit", file])
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix(file + ": is not a 'plateau fit --json' document"))
    }
}

@Suite struct ReturnsAndPriceCommandTests {
    /// 1.806× per 10 % cut of reducible loss with Besiroglu et al.'s constants.
    @Test func returnsMultiplier() throws {
        let result = try Plateau.run(["returns", "--law", "besiroglu2024", "--json"])
        #expect(result.status == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let m = try #require(doc["multiplier_per_reducible_cut"] as? Double)
        #expect(abs(m - 1.806) < 1e-3)
        let text = try Plateau.run(["returns", "--law", "besiroglu2024"])
        #expect(text.stdout.contains("= 1.806× the compute") && text.stdout.contains("impossible: below E"))
        // Every key snake_case (schema 2 renamed reducibleLoss).
        #expect(doc["schema"] as? String == "plateau.returns/2")
        #expect(result.stdout.contains("\"reducible_loss\"") && !result.stdout.contains("reducibleLoss"))
    }

    /// Serving defaults to 0.2 MFU, not the training MFU: 2·N·T FLOPs at 0.2 of peak.
    @Test func servingUtilisationHasItsOwnDefault() throws {
        let result = try Plateau.run([
            "price", "--flops", "1e23", "--gpu", "H100", "--serve-tokens", "1T", "--params", "7B", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let serving = try #require(doc["serving"] as? [String: Any])
        let expected = 2 * 7e9 * 1e12 / (989.4e12 * 0.2) / 3600
        #expect(abs((serving["gpu_hours"] as? Double ?? 0) / expected - 1) < 1e-9)
    }

    /// BLOOM-176B: 1,082,990 A100-hours at 400 W, PUE 1 → 433.2 MWh; 57 g/kWh → 24.69 t.
    @Test func priceBloom() throws {
        let result = try Plateau.run([
            "price", "--gpu-hours", "1082990", "--gpu", "A100", "--pue", "1", "--grid", "0.057", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let training = try #require(doc["training"] as? [String: Any])
        #expect(abs((training["kwh"] as? Double ?? 0) - 433_196) < 1e-6)
        #expect(abs((training["kg_co2e"] as? Double ?? 0) / 1000 - 24.69) < 0.005)
        #expect(training["emissions_basis"] as? String == "CO2e")
    }

    @Test func priceTrainingAndServingTable() throws {
        let result = try Plateau.run([
            "price", "--flops", "3.14e23", "--gpu", "V100", "--gpus", "10000", "--serve-tokens", "1T", "--params",
            "175B",
        ])
        #expect(result.status == 0)
        // The default grid (US 2023, 0.367 kg/kWh) counts CO2 only: the column says tCO2.
        for text in ["training", "serving", "total", "GPU-hours", "tCO2", "CO2 only"] {
            #expect(result.stdout.contains(text))
        }
        #expect(!result.stdout.contains("tCO2e"))
        let list = try Plateau.run(["price", "--list-gpus"])
        for name in ["V100", "A100", "H100", "H200", "B200", "TPUv4", "TPUv5p", "hyperscaler on-demand"] {
            #expect(list.stdout.contains(name))
        }
    }

    /// GPT-3 as Patterson et al. 2021 computed it, from their inputs on the command line:
    /// 10,000 V100s × 14.8 days at 330 W, PUE 1.10, 0.429 kgCO2e/kWh → 1,289 MWh and 553.1 t
    /// (they print 1,287 MWh and 552 t from unrounded days).
    @Test func gpt3FromPattersonInputsThroughTheBinary() throws {
        let result = try Plateau.run([
            "price", "--gpu", "V100", "--gpus", "10000", "--days", "14.8", "--watts", "330", "--pue", "1.1", "--grid",
            "0.429", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let training = try #require(doc["training"] as? [String: Any])
        #expect(abs((training["kwh"] as? Double ?? 0) / 1_287_000 - 1) < 3e-3)
        #expect(abs((training["kg_co2e"] as? Double ?? 0) / 552_000 - 1) < 3e-3)
        #expect(training["emissions_basis"] as? String == "CO2e")
        #expect(try Plateau.run(["price", "--days", "3"]).status == 64)
    }

    @Test func userCatalogReplacesTheBundledOne() throws {
        let scratch = try Scratch()
        let catalog = try scratch.write(
            "hw.json",
            #"{"accelerators": [{"name": "MyChip", "peak_flops": 1e15, "watts": 500, "usd_per_hour": 1, "source": "ours", "date": "2026"}]}"#
        )
        let ok = try Plateau.run(["price", "--catalog", catalog, "--gpu", "mychip", "--flops", "3.6e18", "--mfu", "1"])
        #expect(ok.status == 0 && ok.stdout.contains("MyChip"), "\(ok.stderr)")
        let broken = try scratch.write(
            "bad.json", #"{"accelerators": [{"name": "X", "peak_flops": -1, "source": "s", "date": "d"}]}"#)
        let bad = try Plateau.run(["price", "--catalog", broken, "--gpu", "X"])
        #expect(bad.status == 65 && bad.stderr.contains("peak_flops = -1"), "\(bad.stderr)")
    }
}

@Suite struct IsoFLOPCommandTests {
    /// Reference tier: the full-grid parametric fit beside the profiles, ~6 s in a debug build.
    @Test(.referenceTier) func profilesAndExponentsBesideParametric() throws {
        let scratch = try Scratch()
        var lines = ["params,flops,loss,group"]
        for (g, c) in [1e18, 1e19, 1e20, 1e21].enumerated() {
            let center = 0.12 * pow(c / 6, 0.513)
            for k in -2...2 {
                let n = center * pow(1.6, Double(k))
                let d = c / (6 * n)
                lines.append("\(n),\(c),\(1.82 + 482 * pow(n, -0.348) + 2085.4 * pow(d, -0.366)),g\(g)")
            }
        }
        let file = try scratch.write("iso.csv", lines.joined(separator: "\n"))
        let result = try Plateau.run(["isoflop", file])
        #expect(result.status == 0, "\(result.stderr)")
        for text in ["IsoFLOP (Approach 2)", "parametric (Approach 3)", "4 of 4 groups"] {
            #expect(result.stdout.contains(text), "missing \(text) in \(result.stdout)")
        }
        let bad = try Plateau.run(["isoflop", file, "--bandwidth", "0"])
        #expect(bad.status == 64)
    }
}

@Suite struct CheckCommandTests {
    @Test func gadreBackTestSideBySide() throws {
        let result = try Plateau.run(["check", "--gadre", "--starts", "300"])
        #expect(result.status == 0, "\(result.stderr)")
        for text in [
            "chinchilla/huber-log", "chinchilla-tied/least-squares", "0.73 %", "[far-extrapolation]",
        ] {
            #expect(result.stdout.contains(text), "missing \(text) in \(result.stdout)")
        }
        let json = try Plateau.run(["check", "--gadre", "--starts", "300", "--json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(doc["schema"] as? String == "plateau.check/2")
        let laws = try #require(doc["laws"] as? [[String: Any]])
        let ls = try #require(laws.first { $0["law"] as? String == "chinchilla-tied/least-squares" })
        let errors = try #require(ls["predictions"] as? [[String: Any]]).compactMap { $0["are"] as? Double }.sorted()
        #expect(errors.count == 2, "\(errors)")
        #expect(abs(100 * errors[0] - 0.71) < 0.005 && abs(100 * errors[1] - 0.73) < 0.005, "\(errors)")
    }

    @Test(arguments: [
        ["check", "--gadre", "--train-below", "1e20"], ["check", "--gadre-dataset", "wiki"],
        ["check", "--train-below", "-3"],
    ])
    func badOptionsExit64(arguments: [String]) throws {
        let result = try Plateau.run(arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
    }
}

@Suite struct PlanIntervalTests {
    /// A plan from a user's runs with bootstrap intervals around every decision (10 resamples,
    /// the fewest that give intervals; 500 starts each: release mode).
    @Test(.referenceTier) func planFromRunsWithIntervals() throws {
        let scratch = try Scratch()
        let runs = try scratch.write("runs.csv", ladderCSV)
        let result = try Plateau.run(["plan", "--runs", runs, "--budget", "1e21", "--bootstrap", "10", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let plan = try #require(doc["plan"] as? [String: Double])
        let intervals = try #require(doc["intervals"] as? [String: [String: Double]])
        for key in ["parameters", "tokens", "tokens_per_parameter", "loss"] {
            let i = try #require(intervals[key], "missing \(key)")
            #expect(i["lower"]! <= i["upper"]!)
        }
        let n = try #require(plan["parameters"])
        #expect(intervals["parameters"]!["lower"]! <= n * 1.5 && n / 1.5 <= intervals["parameters"]!["upper"]!)
    }

    @Test func bootstrapNeedsRuns() throws {
        let result = try Plateau.run(["plan", "--law", "hoffmann2022", "--bootstrap", "10"])
        #expect(result.status == 64)
    }
}

/// `plan --fit` on a saved fit of every catalog law of N and D (issue 22): chinchilla and
/// chinchilla-tied by the closed form, kaplan by the solver along C = 6·N·D; a law of one input
/// is a usage error that says what a plan needs.
@Suite struct PlanAnyLawTests {
    @Test func plansFromAFitOfEveryNDLaw() throws {
        let scratch = try Scratch()
        let runs = try scratch.write("runs.csv", ladderCSV)
        for law in ["chinchilla", "chinchilla-tied", "kaplan"] {
            // --starts is the Chinchilla kernel's; kaplan starts from its own grid.
            let starts = law == "kaplan" ? [] : ["--starts", "40"]
            let saved = try Plateau.run(["fit", runs, "--law", law, "--json"] + starts)
            try #require(saved.status == 0, "\(law): \(saved.stderr)")
            let file = try scratch.write("\(law).json", saved.stdout)
            let plan = try Plateau.run(["plan", "--fit", file, "--budget", "1e22", "--json"])
            #expect(plan.status == 0, "\(law): \(plan.stderr)")
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
            let p = try #require(doc["plan"] as? [String: Double], "\(law)")
            let n = try #require(p["parameters"]), d = try #require(p["tokens"])
            #expect(n > 1e8 && n < 1e12, "\(law): N \(n)")
            expectClose(6 * n * d, 1e22, relative: 1e-9, "\(law)")
            // The planted law (E 1.8, A 480, B 2100, α .35, β .37) puts N_opt near its closed form.
            expectClose(n, ChinchillaPlanted.optimal(flops: 1e22), relative: law == "kaplan" ? 0.9 : 0.2, "\(law)")
        }
        let single = try Plateau.run(["fit", runs, "--law", "power-law", "--x", "C", "--json"])
        let file = try scratch.write("power-law.json", single.stdout)
        let refused = try Plateau.run(["plan", "--fit", file])
        #expect(refused.status == 64 && refused.stderr.contains("a plan needs a law of N and D"), "\(refused.stderr)")
        #expect(refused.stderr.contains("Usage: plateau plan") || !refused.stderr.contains("Usage: plateau <subcommand>"))
    }
}

/// The ladder's planted Chinchilla law and its closed-form optimum (Hoffmann et al.'s G).
enum ChinchillaPlanted {
    static func optimal(flops: Double) -> Double {
        let (a, b, alpha, beta) = (480.0, 2100.0, 0.35, 0.37)
        let g = pow((alpha * a) / (beta * b), 1 / (alpha + beta))
        return g * pow(flops / 6, beta / (alpha + beta))
    }
}
