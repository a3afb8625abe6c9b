import Foundation
import PlateauTestSupport
import Testing

import PlateauCore

/// Russell et al. 2026's law of a human/AI training mix, from their bundled constants, against
/// the numbers their repository publishes (pangramlabs/WildAI@795a718): every value below is
/// theirs, from `results/laws/token_value.csv`, `cost_of_not_filtering.csv` and
/// `optimal_share.csv` (target C4, N = 268,436,282, the size of their 268M models), and was
/// reproduced independently from `fits.json` in numpy before this code existed.
@Suite struct MixTests {
    /// Their 268M models' parameter count (`results/models.csv`).
    let n268M = 268_436_282.0

    func c4(_ n: Double, humanTokensPerParameter tpp: Double) throws -> MixPlan {
        let fitted = try PublishedLaw.russell2026C4.fitted()
        return MixPlan(law: fitted.law, theta: fitted.theta, parameters: n, humanTokens: tpp * n)
    }

    @Test func bundledConstantsAreTheirs() throws {
        // results/laws/fits.json, ours_logshare_11, target c4, fold all: `coefficients`.
        let fitted = try PublishedLaw.russell2026C4.fitted()
        let p = fitted.law.reportedByName(fitted.theta)
        for (name, value) in [
            ("E", 0.7115028894781443), ("A", 0.25484766004145637), ("alpha", 0.3027351941258493),
            ("B", 0.08480069960138395), ("beta", 0.47216616183916743), ("eta", 1.7291645787117844),
            ("K", 0.001996970630573117), ("rho", -3.2930283909814686), ("gamma", 0.40533545099283297),
            ("u", 1.203626586570672), ("v", 0.44219948828787403),
        ] {
            expectClose(p[name] ?? .nan, value, relative: 1e-12, "\(name)")
        }
        // Every target's document loads, with their largest fitted run as its scale.
        for published in PublishedLaw.allCases where published.mixTarget != nil {
            let f = try published.fitted()
            #expect(f.law.name == "russell2026")
            expectClose(f.largestFitted ?? .nan, 6 * n268M * 46_976_204_800, relative: 1e-12)
        }
    }

    @Test func aiTokenValueMatchesTokenValueCSV() throws {
        // token_value.csv: target c4, n_params 268436282, human_tpp 5 and 10.
        let five = try c4(n268M, humanTokensPerParameter: 5)
        expectClose(five.tokenValue(ratio: 0.01), 1.6752676959120067, relative: 1e-9)
        expectClose(five.tokenValue(ratio: 1), 0.37976343277797325, relative: 1e-9)
        expectClose(five.tokenValue(ratio: 10), -0.04021374347360535, relative: 1e-9)
        let ten = try c4(n268M, humanTokensPerParameter: 10)
        expectClose(ten.tokenValue(ratio: 1), -0.12965415531682212, relative: 1e-9)
    }

    @Test func costOfNotFilteringMatchesTheirCSV() throws {
        // cost_of_not_filtering.csv: the 2026 crawl's AI share, 20 human tokens per parameter, at
        // 268M and at their 8B projection (stability.py: PROJECTION_PARAMS = 8e9).
        let share = 0.22315880974511895
        expectClose(try c4(n268M, humanTokensPerParameter: 20).costOfNotFiltering(share: share), 1.3362690484793063)
        expectClose(try c4(8e9, humanTokensPerParameter: 20).costOfNotFiltering(share: share), 1.593157481468086)
        // No AI text: the human corpus itself reaches its loss (multiplier 1, found by the search).
        expectClose(try c4(n268M, humanTokensPerParameter: 20).costOfNotFiltering(share: 0), 1, relative: 1e-12)
    }

    @Test func optimalShareMatchesOptimalShareCSV() throws {
        // optimal_share.csv: target c4, human_tpp 5: optimal_share 0.3743998531319563 (their
        // bounded scalar search stops at xatol 1e-10, so 1e-6 as the issue states),
        // largest_loss_reduction 0.00849251062960621.
        let plan = try c4(n268M, humanTokensPerParameter: 5)
        let r = plan.optimalRatio
        expectClose(r / (1 + r), 0.3743998531319563, relative: 1e-6)
        expectClose(plan.largestLossReduction(at: r), 0.00849251062960621, relative: 1e-6)
    }

    @Test func valueTurnsNegativeWhereTheLossReturnsToTheHumanLoss() throws {
        let plan = try c4(n268M, humanTokensPerParameter: 5)
        let r0 = try #require(plan.valueTurnsNegative(after: plan.optimalRatio))
        // Between their published values at r = 1 (+0.38) and r = 10 (−0.04), and a root.
        #expect(r0 > 1 && r0 < 10)
        expectClose(plan.loss(ratio: r0), plan.humanLoss, relative: 1e-14)
        expectClose(plan.tokenValue(ratio: r0), 0, absolute: 1e-9)
    }

    @Test func noAITextIsChinchillaWithTheSameConstants() throws {
        // With A = 0 the law is E + A·n^−α + B·d^−β in n = N/1e8 and d = D/1e9: Hoffmann's form
        // with A' = A·1e8^α and B' = B·1e9^β, evaluated by Plateau's own Chinchilla law.
        let fitted = try PublishedLaw.russell2026C4.fitted()
        let p = fitted.law.reportedByName(fitted.theta)
        let chinchilla = ChinchillaLaw(
            E: p["E"]!, A: p["A"]! * Double.pow(1e8, p["alpha"]!), B: p["B"]! * Double.pow(1e9, p["beta"]!),
            alpha: p["alpha"]!, beta: p["beta"]!)
        for (n, d) in [(2e7, 4e8), (n268M, 5.4e9), (8e9, 1.6e11), (7e10, 1.4e12)] {
            var point = LawPoint(N: n, D: d)
            point.A = 0
            expectClose(fitted.law.value(at: point, fitted.theta), chinchilla.loss(parameters: n, tokens: d), relative: 1e-13)
        }
    }

    /// A table with no AI tokens cannot move the AI terms: the fit says they are start values,
    /// not fitted, instead of printing them as parameters (issue 29's "say so").
    @Test func noAIRunsLeaveTheAITermsUnfitted() throws {
        let law = RussellMixLaw()
        let points = RussellMixLaw.entries[0].example.points.filter { $0.A == 0 }
        let observed = points.map { law.value(at: $0, RussellMixLaw.c4Theta) }
        let fit = try CatalogFit.fit(law, points: points, observed: observed, threads: 1)
        let inert = try #require(fit.warnings.first { $0.code == "parameters-without-data" })
        for name in ["log eta", "log K", "rho", "log gamma", "u", "v"] { #expect(inert.message.contains(name)) }
        #expect(!inert.message.contains("alpha"))
        // With AI runs every coordinate moves some prediction: no such warning.
        let all = RussellMixLaw.entries[0].example.points
        #expect(CatalogFit.inertParameters(law, theta: RussellMixLaw.c4Theta, points: all) == nil)
    }

    @Test func runTableReadsHumanAndAITokens() throws {
        // Russell et al.'s column names: D is derived as human + AI tokens; a control's 0 is read.
        let csv = """
            n_params,human_tokens,ai_tokens,bpb
            268436282,1174405120,0,0.95
            268436282,1174092320,2934240,0.949
            """
        var options = RunTable.ReadOptions()
        options.overrides[.loss] = "bpb"
        options.extraColumns = [.aiTokens]
        let runs = try RunTable(table: DataTable.parse(csv, source: "mix.csv", format: .csv), options: options)
        #expect(runs.tokens == [1174405120, 1177026560])
        #expect(runs.extras[.aiTokens] == [0, 2934240])
        #expect(runs.notes.contains { $0.contains("derived as 'human_tokens' + 'ai_tokens'") })

        // AI tokens at or above D: one located error.
        let bad = """
            N,D,ai_tokens,loss
            1e8,2e9,1e9,3.1
            1e8,2e9,2e9,3.0
            """
        options.overrides = [:]
        #expect {
            try RunTable(table: DataTable.parse(bad, source: "bad.csv", format: .csv), options: options)
        } throws: { error in
            let text = "\(error)"
            return text.contains("bad.csv:3:") && text.contains("not below the training tokens")
        }
    }
}
