import PlateauCore
import PlateauReport
import PlateauTestSupport
import Testing

/// The README's "Using the library" example, through the public API only (no @testable import),
/// on the bundled runs instead of a file.
@Suite struct LibraryExampleTests {
    @Test func readmeExampleCompilesAndRuns() throws {
        let runs = try BundledDataset.chinchillaRuns().droppingHighestLosses(5)
        var options = FitOptions()
        options.estimator = .huberLog
        options.starts = .random(count: 10)  // the README's example uses the grid; few starts keep the fast tier fast
        let fit = try ChinchillaLaw.fit(to: runs, options: options)
        let (n, d) = fit.law.computeOptimal(flops: 5.76e23)
        #expect(n > 0 && d > 0 && fit.objective.isFinite)
        #expect(FitCharts.lossAgainstCompute(runs: runs, law: fit.law).svg().hasPrefix("<svg"))

        let kaplan = try #require(LawCatalog.entry(named: "kaplan")).law
        let sample = LawSample(runs: runs)
        let kaplanFit = try CatalogFit.fit(kaplan, points: sample.points, observed: sample.observed, threads: 2)
        let frontier = try #require(ComputeFrontier(law: kaplanFit.law, theta: kaplanFit.theta))
        let plan = try #require(frontier.plan(1e23))
        let budget = try #require(frontier.flops(forLoss: 2.0, near: 1e21))
        // The budget that reaches a loss is where the frontier's loss is that loss.
        expectClose(try #require(frontier.plan(budget)).loss, 2.0, relative: 1e-9)
        #expect(plan.parameters > 0)
    }
}
