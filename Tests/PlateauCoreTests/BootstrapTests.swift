import Foundation
import PlateauOptim
import PlateauTestSupport
import Testing

@testable import PlateauCore

@Suite struct BootstrapTests {
    static let runs = ChinchillaObjectiveTests.runs

    /// Besiroglu et al. 2024's 4,000-resample 95 % intervals (DESIGN.md): E (1.769, 1.871),
    /// α (0.317, 0.373), β (0.331, 0.415). With their method — each resample refitted from one
    /// start at the answer — every endpoint lands within 25 % of the published width (the
    /// issue's tolerance; percentile endpoints from 250 resamples move by ~5 % of the width).
    @Test(.referenceTier) func reproducesPublishedIntervals() throws {
        let fit = try ChinchillaLaw.fit(to: Self.runs)
        var options = BootstrapOptions()
        options.resamples = 250
        options.seed = 42
        options.starts = .given([fit.law.logParameters])
        let result = ChinchillaLaw.bootstrap(Self.runs, options: options)
        #expect(result.completed == 250 && result.failed == 0)
        for (q, lower, upper) in [
            (BootstrapResult.Quantity.E, 1.769, 1.871), (.alpha, 0.317, 0.373), (.beta, 0.331, 0.415),
        ] {
            let interval = try #require(result.intervals[q])
            let slack = 0.25 * (upper - lower)
            expectClose(interval.lower, lower, absolute: slack, "\(q) lower")
            expectClose(interval.upper, upper, absolute: slack, "\(q) upper")
        }
        // The decisions get intervals too, around the point estimate.
        let n = try #require(result.intervals[.parameters])
        let estimate = fit.law.computeOptimal(flops: 5.76e23).parameters
        #expect(n.lower < estimate && estimate < n.upper)
    }

    /// The same seed gives the same draws on 1 and 3 threads, with a multi-start per resample.
    @Test func deterministicWhateverTheThreads() {
        var options = BootstrapOptions()
        options.resamples = 4
        options.starts = .random(count: 10)
        options.seed = 9
        options.threads = 1
        let one = ChinchillaLaw.bootstrap(Self.runs, options: options)
        options.threads = 3
        let three = ChinchillaLaw.bootstrap(Self.runs, options: options)
        #expect(one.draws == three.draws)
        #expect(one.completed == 4)
    }

    /// The Chinchilla form's bootstrap through ``LawBootstrap`` with its kernel is the kernel's
    /// own bootstrap (issue 22: one bootstrap for every law): the same resamples, the same seeds
    /// for their random starts, hence the same draws, to rounding.
    @Test func kernelResamplesAreTheChinchillaBootstrap() throws {
        var reference = BootstrapOptions()
        reference.resamples = 6
        reference.starts = .random(count: 20)
        reference.seed = 3
        reference.threads = 2
        let kernel = ChinchillaLaw.bootstrap(Self.runs, options: reference)
        let sample = LawSample(runs: Self.runs)
        let fit = try CatalogFit.fit(
            ChinchillaForm(), points: sample.points, observed: sample.observed, kernelStarts: .random(count: 20),
            threads: 2)
        var options = LawBootstrapOptions()
        options.resamples = 6
        options.seed = 3
        options.kernelStarts = .random(count: 20)
        options.threads = 2
        let generic = LawBootstrap(fit: fit, sample: sample, options: options)
        let form = try #require(fit.law as? ChinchillaForm)
        #expect(generic.draws.count == 6 && kernel.laws.count == 6)
        for (theta, law) in zip(generic.draws, kernel.laws) {
            let drawn = form.law(theta)
            expectClose(drawn.E, law.E, relative: 1e-9, "E")
            expectClose(drawn.alpha, law.alpha, relative: 1e-9, "alpha")
            expectClose(drawn.beta, law.beta, relative: 1e-9, "beta")
            expectClose(drawn.A, law.A, relative: 1e-9, "A")
        }
        // Draws outside the domain (a negative exponent, a coefficient that underflowed to
        // log A = −∞) are left out and counted, never an interval's end or a JSON non-number.
        #expect(form.inDomain([5, 5, 0.5, 0.3, 0.3]))
        #expect(!form.inDomain([5, 5, 0.5, -264, 0.3]) && !form.inDomain([-.infinity, 5, 0.5, 0.3, 0.3]))
    }

    /// numpy.percentile's default (linear) method; values computed with numpy 2.4.
    @Test func percentileMatchesNumpy() {
        let v = [3.0, 1, 4, 1, 5, 9, 2, 6]
        expectClose(BootstrapResult.percentile(v, 0.025), 1.0, relative: 1e-15)
        expectClose(BootstrapResult.percentile(v, 0.975), 8.475, relative: 1e-14)
        expectClose(BootstrapResult.percentile(v, 0.5), 3.5, relative: 1e-15)
        // Infinite draws (a parameter that overflowed): equal neighbours are that value, so the
        // 97.5th percentile of [1, 2, ∞, ∞] is ∞, where numpy.percentile (2.4) interpolates
        // ∞ − ∞ and returns nan; Plateau never returns nan from finite-or-infinite draws.
        #expect(BootstrapResult.percentile([1, 2, .infinity, .infinity], 0.975) == .infinity)
        #expect(BootstrapResult.percentile([1, 2, 3, .infinity], 0.975) == .infinity)
    }

    /// With a group column, whole groups are drawn: every group in a resample appears whole.
    @Test func resamplesWholeGroups() throws {
        let text =
            "N,D,loss,group\n" + (0..<12).map { "\(1e8 * Double($0 + 1)),1e10,3,g\($0 / 3)" }.joined(separator: "\n")
        let runs = try RunTable(table: DataTable.parse(text, source: "g", format: .csv))
        let units = LawSample(runs: runs).resamplingUnits
        #expect(units.count == 4 && units.allSatisfy { $0.count == 3 })
        var rng = SplitMix64(seed: 1)
        let drawn = BootstrapResult.draw(units.count, using: &rng).flatMap { units[$0] }
        #expect(drawn.count == 12)
        for chunk in stride(from: 0, to: 12, by: 3) {
            let group = drawn[chunk] / 3
            #expect(drawn[chunk..<chunk + 3].allSatisfy { $0 / 3 == group })
        }
    }
}
