import Foundation
import PlateauCore
import PlateauTestSupport
import PropertyBased
import Testing

@Suite struct MuennighoffLawTests {
    /// Muennighoff et al. 2023's worked examples (their repository README), which DESIGN.md lists
    /// to the last digit; checked independently in Python with the same formula.
    @Test func reproducesWorkedExamples() {
        let law = MuennighoffLaw.muennighoff2023
        expectClose(
            law.loss(parameters: 6.34e9, tokens: 242e9, uniqueTokens: 25e9), 2.2256440889984477, relative: 1e-14)
        expectClose(
            law.loss(parameters: 8.67e9, tokens: 178e9, uniqueTokens: 25e9), 2.2269634075087867, relative: 1e-14)
    }

    /// Without repetition the law is its base law.
    @Test func unlimitedDataIsTheBaseLaw() {
        let law = MuennighoffLaw.muennighoff2023
        expectClose(
            law.loss(parameters: 1e9, tokens: 2e10, uniqueTokens: 1e15), law.base.loss(parameters: 1e9, tokens: 2e10),
            relative: 1e-14)
    }
}

@Suite struct DiminishingReturnsTests {
    /// DESIGN.md: each 10 % cut of reducible loss costs (1/0.9)^((α+β)/(αβ)) = 1.806× with
    /// Besiroglu et al.'s α = 0.3478, β = 0.3658.
    @Test func tenPercentCutCosts1806x() {
        expectClose(DiminishingReturns.multiplier(perCut: 0.1, alpha: 0.3478, beta: 0.3658), 1.806, relative: 3e-4)
        let table = DiminishingReturns(law: .besiroglu2024, from: 5.76e23)
        for step in table.steps.dropFirst() {
            expectClose(try! #require(step.multiplier), 1.8056, relative: 1e-3)
        }
    }

    /// Each step's compute lands on the frontier at the target loss.
    @Test func stepsLandOnTheFrontier() throws {
        let law = ChinchillaLaw.besiroglu2024
        for target in DiminishingReturns.Target.allCases {
            let table = DiminishingReturns(law: law, from: 1e22, fraction: 0.1, steps: 12, target: target)
            for step in table.steps where step.isPossible {
                expectClose(law.plan(flops: try #require(step.flops)).loss, step.loss, relative: 1e-12)
            }
        }
    }

    /// Cutting the total loss by 10 % a step runs into E: at 1e22 FLOP the frontier loss is
    /// 2.1405 (computed independently in Python) and E = 1.8169, so the first cut (to 1.9265) is
    /// possible and the second (to 1.7338) is below E.
    @Test func totalLossCutsBecomeImpossible() {
        let table = DiminishingReturns(law: .besiroglu2024, from: 1e22, steps: 4, target: .total)
        expectClose(table.start.loss, 2.1405032998975355, relative: 1e-12)
        #expect(table.steps.map(\.isPossible) == [true, false, false, false])
    }
}

@Suite struct PlanTests {
    /// Kaplan et al. 2020's compute-efficient frontier (Section 6, Table 5): N ≈ 1.3e9·(C_min/PF-day)^0.73,
    /// D ≈ 2e10·(C_min/PF-day)^0.27, and L(C_min) = (3.1e8 PF-day / C_min)^0.050 (their Eq. 1.3).
    /// At Chinchilla's 5.76e23 FLOP: N = 804.3B, D = 215.5B, L = 1.7115 (computed by hand in Python
    /// from the published constants); 6·N·D is 1.8× C_min, as their rounded constants imply.
    @Test func kaplanFrontierAtChinchillaBudget() {
        let p = KaplanFrontier.kaplan2020.plan(minimumCompute: 5.76e23)
        expectClose(p.parameters, 804_260_488_270.1265, relative: 1e-9)
        expectClose(p.tokens, 215_518_897_000.83838, relative: 1e-9)
        expectClose(p.loss, 1.7114832283931067, relative: 1e-9)
        expectClose(6 * p.parameters * p.tokens / 5.76e23, 1.8055555555555556, relative: 1e-9)
        // The inverse of Eq. 1.3: the C_min that reaches a loss.
        expectClose(KaplanFrontier.kaplan2020.minimumCompute(forLoss: p.loss), 5.76e23, relative: 1e-9)
    }

    /// Serving tokens shift the plan to a smaller model on more tokens at the same loss, and the
    /// total falls; with nothing to serve it is the Chinchilla plan.
    @Test func inferenceAwarePlanIsSmallerAndCheaper() async {
        let law = ChinchillaLaw.besiroglu2024
        await propertyCheck(count: 30, input: Gen.double(in: 20...26), Gen.double(in: 10...14)) { logC, logT in
            let c = pow(10, logC), t = pow(10, logT)
            let p = InferenceAwarePlan.sameLoss(law: law, flops: c, servedTokens: t)
            expectClose(p.plan.loss, p.chinchilla.loss, relative: 1e-9)
            #expect(p.plan.parameters <= p.chinchilla.parameters * (1 + 1e-6))
            #expect(p.totalCost(p.plan) <= p.totalCost(p.chinchilla) * (1 + 1e-9))
            let q = InferenceAwarePlan.sameBudget(law: law, flops: c, servedTokens: t)
            expectClose(q.totalCost(q.plan), q.totalCost(q.chinchilla), relative: 1e-9)
            #expect(q.plan.loss <= q.chinchilla.loss + 1e-12)
        }
        let none = InferenceAwarePlan.sameLoss(law: law, flops: 1e23, servedTokens: 1)
        expectClose(none.plan.parameters, none.chinchilla.parameters, relative: 1e-4)
    }

    /// With plenty of unique data the data-constrained plan is the unlimited one; with little it
    /// repeats data, pays a loss penalty, and is still a minimum.
    @Test func dataConstrainedPlan() {
        let law = MuennighoffLaw.muennighoff2023
        let plenty = DataConstrainedPlan(law: law, flops: 1e22, uniqueTokens: 1e15)
        expectClose(plenty.plan.parameters, plenty.unlimited.parameters, relative: 1e-4)
        expectClose(plenty.lossPenalty, 0, absolute: 1e-12)
        let scarce = DataConstrainedPlan(law: law, flops: 1e23, uniqueTokens: 4e10)
        #expect(scarce.epochs > 1)
        #expect(scarce.lossPenalty > 0)
        #expect(scarce.effectiveTokens < scarce.plan.tokens)
        for f in [0.98, 1.02] {
            let n = scarce.plan.parameters * f
            #expect(law.loss(parameters: n, tokens: 1e23 / (6 * n), uniqueTokens: 4e10) > scarce.plan.loss)
        }
    }
}

@Suite struct PriceTests {
    static let a100 = Accelerator(
        name: "A100", peakFlops: 312e12, watts: 400, usdPerHour: 4.10, source: "test", date: "test")

    /// BLOOM-176B (Luccioni et al. 2022): 1,082,990 A100-hours at 400 W → 433,196 kWh; at
    /// 57 gCO2e/kWh → 24.69 t (no PUE in their dynamic-power figure).
    @Test func bloom() {
        let cost = ComputeCost(
            gpuHours: 1_082_990, on: Self.a100,
            assumptions: CostAssumptions(powerUsageEffectiveness: 1, kgCO2ePerKilowattHour: 0.057))
        expectClose(cost.kilowattHours ?? 0, 433_196, relative: 1e-12)
        expectClose((cost.kgCO2e ?? 0) / 1000, 24.69, relative: 2e-4)
    }

    /// GPT-3 from Patterson et al. 2021's own inputs (their Table 4): 10,000 V100s for 14.8 days
    /// (3,552,000 processor-hours) at an average 330 W per processor, PUE 1.10, 0.429 kgCO2e/kWh.
    /// By hand: 3,552,000 × 0.330 × 1.10 = 1,289,376 kWh and 553.1 t. They print 1,287 MWh and
    /// 552 t: their 14.8 days is rounded (1,287 MWh is 14.77 days), a 0.19 % gap, so the
    /// tolerance is 0.3 %.
    @Test func gpt3FromPattersonInputs() throws {
        let v100 = try #require(HardwareCatalog.bundled().accelerator(named: "V100"))
        let cost = ComputeCost(
            gpuHours: 10_000 * 14.8 * 24, on: v100,
            assumptions: CostAssumptions(powerUsageEffectiveness: 1.10, kgCO2ePerKilowattHour: 0.429, watts: 330))
        expectClose(cost.kilowattHours ?? 0, 1_289_376, relative: 1e-12)
        expectClose(cost.kilowattHours ?? 0, 1_287_000, relative: 3e-3)
        expectClose((cost.kgCO2e ?? 0) / 1000, 552, relative: 3e-3)
    }

    /// FLOPs → GPU-hours → dollars, and back, by the formulas.
    @Test func flopsAndHoursRoundTrip() {
        let a = CostAssumptions(utilization: 0.5, usdPerHour: 2)
        let cost = ComputeCost(flops: 312e12 * 0.5 * 3600 * 100, on: Self.a100, assumptions: a, gpus: 10)
        expectClose(cost.gpuHours, 100, relative: 1e-14)
        expectClose(cost.usd ?? 0, 200, relative: 1e-14)
        expectClose(cost.days ?? 0, 100.0 / 10 / 24, relative: 1e-14)
        expectClose(ComputeCost(gpuHours: 100, on: Self.a100, assumptions: a).flops, cost.flops, relative: 1e-14)
    }

    @Test func bundledCatalogHasTheRequiredAccelerators() throws {
        let catalog = try HardwareCatalog.bundled()
        for name in ["V100", "A100", "H100", "H200", "B200", "TPU v4", "tpu-v5p"] {
            let a = try #require(catalog.accelerator(named: name), "missing \(name)")
            #expect(a.peakFlops > 1e13 && !a.source.isEmpty && !a.date.isEmpty)
        }
    }
}

/// The compute-optimal plan of any law of N and D, by a bracketed one-dimensional solve along
/// C = 6·N·D (issue 22), checked against closed forms.
@Suite struct LawPlanTests {
    /// Chinchilla's closed form (Hoffmann et al.'s G-scaled frontier) at three budgets, for
    /// Besiroglu et al.'s constants: the solver lands on it to 1e-6 relative.
    @Test(arguments: [1e21, 5.76e23, 1e26])
    func solverMatchesChinchillasClosedForm(flops: Double) throws {
        let law = ChinchillaLaw.besiroglu2024
        let form = ChinchillaForm(tiedExponents: false, centerN: 0, centerD: 0)
        let solved = try #require(TrainingPlan.optimal(law: form, theta: form.coordinates(law), flops: flops))
        let closed = law.plan(flops: flops)
        expectClose(solved.parameters, closed.parameters, relative: 1e-6)
        expectClose(solved.tokens, closed.tokens, relative: 1e-6)
        expectClose(solved.loss, closed.loss, relative: 1e-12)
        expectClose(6 * solved.parameters * solved.tokens, flops, relative: 1e-12)
    }

    /// Kaplan et al.'s joint law [(N_c/N)^(α_N/α_D) + D_c/D]^α_D along C = 6·N·D: setting the
    /// derivative to zero gives N* = (a·N_c^a·C/(6·D_c))^(1/(1+a)) with a = α_N/α_D (their
    /// Table 2 constants: N_c 8.8e13, D_c 5.4e13, α_N 0.076, α_D 0.095).
    @Test func solverMatchesKaplansStationaryPoint() throws {
        let (nc, dc, an, ad) = (8.8e13, 5.4e13, 0.076, 0.095)
        let a = an / ad
        let theta = [log(nc), log(dc), an, ad]
        for flops in [1e20, 1e23] {
            let solved = try #require(TrainingPlan.optimal(law: KaplanJointLaw(), theta: theta, flops: flops))
            let expected = pow(a * pow(nc, a) * flops / (6 * dc), 1 / (1 + a))
            expectClose(solved.parameters, expected, relative: 1e-6)
        }
    }

    /// A law of N alone has no split to choose, and a law whose loss keeps falling with N at
    /// any D has its minimum at the search's edge: neither gives a plan.
    @Test func noInteriorOptimumIsNil() {
        #expect(TrainingPlan.optimal(law: KaplanPowerLaw(variable: .N), theta: [log(8.8e13), log(0.076)], flops: 1e23) == nil)
        let form = ChinchillaForm(tiedExponents: false, centerN: 0, centerD: 0)
        let noData = ChinchillaLaw(E: 1.8, A: 400, B: 1e-30, alpha: 0.34, beta: 0.28)
        #expect(TrainingPlan.optimal(law: form, theta: form.coordinates(noData), flops: 1e23) == nil)
    }

    /// The budget that reaches a loss, solved on the numeric frontier of the catalog's Chinchilla
    /// form, against the closed form C = 6·(K/(L − E))^(1/γ) (Besiroglu et al.'s constants): to
    /// 10⁻⁹, the bisection's tolerance on log C being 10⁻¹².
    @Test(arguments: [1.95, 2.1, 2.5])
    func frontierSolveMatchesTheClosedForm(loss: Double) throws {
        let law = ChinchillaLaw.besiroglu2024
        let form = ChinchillaForm(tiedExponents: false, centerN: 0, centerD: 0)
        let numeric = try #require(ComputeFrontier(solving: form, theta: form.coordinates(law)))
        #expect(numeric.chinchilla == nil && numeric.floor == law.E)
        #expect(ComputeFrontier(law: form, theta: form.coordinates(law))?.chinchilla != nil)
        let solved = try #require(numeric.flops(forLoss: loss, near: 1e21))
        expectClose(solved, law.flops(forReducibleLoss: loss - law.E), relative: 1e-9)
        #expect(numeric.flops(forLoss: law.E, near: 1e21) == nil)
    }

    /// Along Kaplan et al.'s joint law the frontier's loss falls as C^(−α_N·α_D/(α_N+α_D)) (the
    /// stationary point above, substituted), so every 10 % cut of the loss costs the same
    /// (1/0.9)^((α_N+α_D)/(α_N·α_D)) = 12.13× the compute with their Table 2 exponents; the
    /// diminishing-returns table solves each step numerically and must find that multiplier.
    @Test func kaplanReturnsHaveTheirConstantMultiplier() throws {
        let theta = [log(8.8e13), log(5.4e13), 0.076, 0.095]
        let frontier = try #require(ComputeFrontier(law: KaplanJointLaw(), theta: theta))
        #expect(frontier.floor == 0)
        let start = try #require(frontier.plan(1e22))
        let table = DiminishingReturns(frontier: frontier, start: start, fraction: 0.1, steps: 4)
        let expected = pow(1 / 0.9, (0.076 + 0.095) / (0.076 * 0.095))
        expectClose(expected, 12.1263, relative: 1e-5)
        for step in table.steps { expectClose(try #require(step.multiplier), expected, relative: 1e-6) }
        #expect(ComputeFrontier(law: KaplanPowerLaw(variable: .N), theta: [log(8.8e13), log(0.076)]) == nil)
    }

    /// The decisions at a budget, for any law of N and D: on Kaplan et al.'s joint law
    /// (Table 2: α_N 0.076, α_D 0.095) the stationary point gives N_opt ∝ C^(α_D/(α_N+α_D)), so the
    /// local exponent solved numerically is a = 0.095/0.171 = 0.5556 at every budget, and
    /// b = 1 − a; for the Chinchilla form a = β/(α+β) exactly (Besiroglu et al.'s constants:
    /// 0.3658/0.7136 = 0.5126). Intervals come from draws (here two laws, too few: none).
    @Test func decisionsAtABudgetForAnyLawOfNAndD() throws {
        let theta = [log(8.8e13), log(5.4e13), 0.076, 0.095]
        let kaplan = try #require(FrontierDecisions(law: KaplanJointLaw(), theta: theta, draws: [], budget: 1e22))
        let a = try #require(kaplan.rows.first { $0.name == "a" }), b = try #require(kaplan.rows.first { $0.name == "b" })
        expectClose(a.estimate, 0.095 / 0.171, relative: 1e-6)
        expectClose(b.estimate, 0.076 / 0.171, relative: 1e-6)
        #expect(a.interval == nil)
        let law = ChinchillaLaw.besiroglu2024
        let form = ChinchillaForm()
        let chinchilla = try #require(
            FrontierDecisions(law: form, theta: form.coordinates(law), draws: [], budget: 5.76e23))
        expectClose(try #require(chinchilla.rows.first { $0.name == "a" }).estimate, law.beta / (law.alpha + law.beta), relative: 1e-12)
        expectClose(
            try #require(chinchilla.rows.first { $0.name == "N_opt" }).estimate, law.computeOptimal(flops: 5.76e23).parameters,
            relative: 1e-12)
        // Draws around the estimate give intervals once there are ten; draws of another law,
        // which exclude the estimate, give none and a warning (issue 24).
        let around = (0..<10).map { k in
            form.coordinates(ChinchillaLaw(E: law.E, A: law.A, B: law.B * (0.95 + 0.01 * Double(k)), alpha: law.alpha, beta: law.beta * (0.99 + 0.002 * Double(k))))
        }
        let withDraws = try #require(FrontierDecisions(law: form, theta: form.coordinates(law), draws: around, budget: 5.76e23))
        #expect(withDraws.rows.allSatisfy { $0.interval != nil } && withDraws.warnings.isEmpty)
        let elsewhere = (0..<10).map { k in form.coordinates(ChinchillaLaw(E: 1.8, A: 480, B: 2100 + 10 * Double(k), alpha: 0.35, beta: 0.37 + 0.001 * Double(k))) }
        let fragile = try #require(FrontierDecisions(law: form, theta: form.coordinates(law), draws: elsewhere, budget: 5.76e23))
        #expect(fragile.rows.contains { $0.interval == nil && $0.checked.withheld == .excludesEstimate })
        #expect(fragile.warnings.map(\.code) == ["interval-excludes-estimate"])
        #expect(FrontierDecisions(law: KaplanPowerLaw(variable: .N), theta: [log(8.8e13), log(0.076)], draws: [], budget: 1e22) == nil)
    }
}
