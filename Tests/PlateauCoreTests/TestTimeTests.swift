import Foundation
import PlateauTestSupport
import PropertyBased
import Testing

@testable import PlateauCore

@Suite struct PassAtKTests {
    /// Brute force: the fraction of all k-subsets of n samples (c of them correct) that hold a
    /// correct one — the definition the estimator is unbiased for. Exact to rounding.
    @Test func matchesEnumerationOfEverySubset() {
        for n in 1...10 {
            for c in 0...n {
                let curve = PassAtK.curve(samples: n, correct: c)
                for k in 1...n {
                    var hit = 0, total = 0
                    for mask in 0..<(1 << n) where mask.nonzeroBitCount == k {
                        total += 1
                        // Samples 0..<c are the correct ones.
                        if mask & ((1 << c) - 1) != 0 { hit += 1 }
                    }
                    expectClose(
                        curve[k - 1], Double(hit) / Double(total), relative: 1e-12, absolute: 1e-15,
                        "n \(n) c \(c) k \(k)")
                }
            }
        }
    }

    /// n = 10,000: against the same ratio written the other way, C(n−k, c)/C(n, c) = Π_{i<c}
    /// (n−k−i)/(n−i) — c factors instead of k, so an independent computation — to 1e-12.
    @Test func largeNAgreesWithTheSwappedProduct() {
        let n = 10_000
        for c in [0, 1, 2, 3, 50] {
            let curve = PassAtK.curve(samples: n, correct: c)
            for k in [1, 10, 100, 1000, 9_000, 10_000] {
                var ratio = 1.0
                for i in 0..<c { ratio *= max(0, Double(n - k - i)) / Double(n - i) }
                expectClose(curve[k - 1], 1 - ratio, relative: 1e-12, absolute: 1e-15, "c \(c) k \(k)")
            }
        }
        expectClose(PassAtK.curve(samples: n, correct: 1)[99], 0.01, relative: 1e-13)  // k/n exactly
    }

    @Test func meanAveragesProblems() {
        let problems = [SampleTable.Problem(id: "a", samples: 4, correct: 0), .init(id: "b", samples: 4, correct: 4)]
        #expect(PassAtK.mean(problems, upTo: 4) == [0.5, 0.5, 0.5, 0.5])
    }
}

@Suite struct CoverageTests {
    @Test func gradientMatchesCentralDifferences() async {
        await propertyCheck(
            count: 40, input: Gen.double(in: 0...9), Gen.double(in: -1...1), Gen.double(in: -1...(-0.05))
        ) {
            logK, logMinusA, b in
            CatalogGradientTests().check(CoverageLaw(), x: exp(logK), theta: [logMinusA, b])
        }
    }

    /// A curve made from the law itself: the fit returns its (a, b) (1e-6 relative).
    @Test func recoversAPlantedCurve() throws {
        let a = -1.7, b = -0.42
        let fitted = try CatalogFit.fit(
            CoverageLaw(), x: (1...2000).map(Double.init),
            y: (1...2000).map { CoverageLaw.coverage(k: Double($0), a: a, b: b) })
        expectClose(fitted.parameters[0].value, a, relative: 1e-6)
        expectClose(fitted.parameters[1].value, b, relative: 1e-6)
    }

    /// Synthetic results: the same seed gives the same table and the same intervals on 1 or 2
    /// threads; with every problem solvable the law tracks the measured pass@k within 3 points
    /// where it was fitted (unsolvable problems cap coverage, which the law does not model).
    @Test func syntheticFitIsDeterministicAndClose() throws {
        let table = SyntheticSamples.generate(problems: 120, samples: 300, unsolvable: 0, seed: 7)
        #expect(
            SyntheticSamples.generate(problems: 120, samples: 300, unsolvable: 0, seed: 7).models[1].problems
                == table.models[1].problems)
        let model = table.models[0]
        let one = try CoverageFit.fit(model, extrapolate: [3000], resamples: 30, seed: 1, threads: 1)
        let two = try CoverageFit.fit(model, extrapolate: [3000], resamples: 30, seed: 1, threads: 2)
        #expect(one.aInterval == two.aInterval && one.bInterval == two.bInterval)
        #expect(one.a < 0 && one.b < 0)
        for k in one.fittedK where k >= 10 {
            #expect(abs(CoverageLaw.coverage(k: Double(k), a: one.a, b: one.b) - one.passAtK[k - 1]) < 0.03, "k \(k)")
        }
    }

    /// Budgets start at one sample of the dearest model; the cheaper model gets ⌊cost ratio⌋.
    @Test func computeMatchedCountsSamples() throws {
        let table = SyntheticSamples.generate(problems: 40, samples: 100, seed: 3)
        let fits = try table.models.map { try CoverageFit.fit($0, extrapolate: [], resamples: 0) }
        let matched = try #require(ComputeMatched(models: Array(zip(table.models, fits)), currency: .flops))
        #expect(matched.cells[0][1].samples == 1 && matched.cells[0][0].samples == 8)  // 70B/8B = 8.75
        #expect(matched.cells[0][0].coverage == fits[0].passAtK[7])
        #expect(matched.cells.last?[0].extrapolated == true)
    }

    @Test func badCountsAreLocated() throws {
        let text = "problem,n,c\np1,10,3\np2,10,12\n"
        #expect {
            try SampleTable(table: DataTable.parse(text, source: "r.csv", format: .csv))
        } throws: { error in
            (error as? InputError)?.description.hasPrefix("r.csv:3:7: correct c = 12 is more than the samples n = 10")
                == true
        }
    }
}
