import Foundation
import PlateauTestSupport
import Testing

@testable import PlateauCore

@Suite struct TrendTests {
    @Test func decimalYears() {
        #expect(DatedValue.decimalYear("2020-07-02") == 2020.5)  // day 183 of 366
        #expect(DatedValue.decimalYear("2023-01-01 16:37") == 2023)
        #expect(DatedValue.decimalYear("2023-02-29") == nil)
        #expect(DatedValue.decimalYear("2024-13-01") == nil)
        #expect(DatedValue.decimalYear("24-01-01") == nil)
    }

    /// Villalobos et al.'s dataset sizes: 0.37068 OOM/year by least squares on all 80 rows
    /// (numpy polyfit on the same decimal years, 1e-9); they report 0.38 (95 %: 0.27–0.48).
    @Test func datasetSizeTrendMatchesNumpyAndThePaper() throws {
        let (values, skipped) = try DatedValue.read(BundledDataset.dataStock.table(), value: "dataset", date: "date")
        #expect(values.count == 80 && skipped == 0)
        let trend = try Trend.fit(values, resamples: 400, seed: 1, threads: 2)
        expectClose(trend.slope, 0.3706759871015618, relative: 1e-9)
        let interval = try #require(trend.slopeInterval)
        #expect(
            interval.lower > 0.27 - 0.05 && interval.upper < 0.48 + 0.05 && interval.lower < 0.38
                && 0.38 < interval.upper)
        let again = try Trend.fit(values, resamples: 400, seed: 1, threads: 1)
        #expect(again.slopeInterval == trend.slopeInterval)
    }

    /// Epoch's table since 2010: training compute grows 3.709×/year over all 929 models and
    /// 5.462×/year on the frontier (top 10 in the trailing year, 175 models) — numpy, 1e-9.
    @Test func computeTrendsMatchNumpy() throws {
        let (values, _) = try DatedValue.read(
            BundledDataset.epochModels.table(), value: "Training compute (FLOP)", date: "Publication date")
        let since = values.filter { $0.year >= 2010 }
        #expect(since.count == 929)
        expectClose(try Trend.fit(since, resamples: 0).perYear, 3.709088540048299, relative: 1e-9)
        let frontier = Trend.frontier(since, top: 10, window: 1)
        #expect(frontier.count == 175)
        expectClose(try Trend.fit(frontier, resamples: 0).perYear, 5.461852580506005, relative: 1e-9)
    }

    /// Epoch's published definitions: the frontier ('Compute rank when published' ≤ 10, 89
    /// models) grows 4.005×/year (Epoch: 4.0×, 95 % 3.5–4.6) and notable models of
    /// 2010-01-01…2024-05-31 (386) 4.256×/year (Epoch: 4–5×, 4.3×) — numpy polyfit, 1e-9; the
    /// bootstrap intervals (1,000 resamples) contain Epoch's interval ends to ±0.15.
    @Test func epochPublishedSelections() throws {
        let frontier = try EpochQuantity.compute.values(.frontier).values.filter { $0.year >= 2010 }
        #expect(frontier.count == 89)
        let f = try Trend.fit(frontier, resamples: 1000, seed: 0, threads: 2)
        expectClose(f.perYear, 4.0051253597221805, relative: 1e-9)
        let fi = try #require(f.slopeInterval)
        expectClose(pow(10, fi.lower), 3.5, absolute: 0.15)
        expectClose(pow(10, fi.upper), 4.6, absolute: 0.15)
        let notable = try EpochQuantity.compute.values(.notable).values
        #expect(notable.count == 386)
        expectClose(try Trend.fit(notable, resamples: 0).perYear, 4.256410949735363, relative: 1e-9)
    }

    /// With a certain trend and a stock that does not grow, the run-out year's quantiles are the
    /// stock's quantiles mapped through the line: the two-piece log-normal puts 2.5 % below the
    /// low end and 2.5 % above the high end (200,000 draws: ±0.05 year).
    @Test func dataWallMapsTheStockThroughTheLine() {
        let trend = Trend(
            slope: 0.4, intercept: -800, points: 10, firstYear: 2010, lastYear: 2020, slopeInterval: nil, draws: [])
        var options = DataWall.Options()
        options.projection = .allModelsTrend
        options.draws = 200_000
        options.stock.pageSizeGrowth = LogNormalRange(1, 1, credibility: 0.95)
        options.stock.pageCountGrowth = LogNormalRange(1, 1, credibility: 0.95)
        options.stock.override = (4e14, 1.3e14, 2.1e15)
        let wall = DataWall(datasetTrend: trend, computeTrend: nil, options: options)
        let year = { (stock: Double) in (log10(stock) - log10(0.8) + 800) / 0.4 }
        expectClose(wall.median ?? 0, year(4e14), absolute: 0.05)
        expectClose(wall.interval(0.95).lower ?? 0, year(1.3e14), absolute: 0.05)
        expectClose(wall.interval(0.95).upper ?? 0, year(2.1e15), absolute: 0.05)
        options.overtraining = 5
        expectClose(
            DataWall(datasetTrend: trend, computeTrend: nil, options: options).median ?? 0,
            year(4e14) - log10(5.0.squareRoot()) / 0.4, absolute: 0.05)
    }

    /// Villalobos et al. 2024's effective stock (epoch-research/data-stock, stock_adjust.py):
    /// median 3.22e14 tokens in 2024 (the same model in numpy, 200,000 draws), the ~3e14 the
    /// paper quotes. Their projection puts the median run-out year in 2028 (80 %: 2026–2032;
    /// their code reports the grid year before the run-out probability reaches 1/2, so "2028"
    /// is a year in 2028.0–2029.0). Ours, with the compute half grown by the compute trend
    /// (their compute projection file is not public): 2029.4 (80 %: 2027.5–2031.7) — within a
    /// year of theirs; the historical half alone gives 2029.1, as numpy does with their inputs.
    @Test func dataWallReproducesVillalobos() throws {
        let dataset = try Trend.fit(DataWall.bundledValues(), resamples: 1000, seed: 0, threads: 2)
        let compute = try Trend.fit(DataWall.bundledCompute(), resamples: 1000, seed: 0, threads: 2)
        #expect(compute.points == 59)
        var options = DataWall.Options()
        options.draws = 50_000
        let wall = DataWall(datasetTrend: dataset, computeTrend: compute, options: options)
        let stock = try #require(wall.band(at: 2024, level: 0.95, stock: true))
        expectClose(stock.median, 3.22e14, relative: 0.05)
        let median = try #require(wall.median)
        #expect(abs(median - 2028.5) <= 1.0, "median \(median)")
        let historical = try #require(wall.quantile(0.5, of: wall.historicalYears))
        expectClose(historical, 2029.0, absolute: 0.2)
        let i80 = wall.interval(0.8)
        #expect((i80.lower ?? 0) > 2025 && (i80.upper ?? 9999) < 2033)
        // The trend through every model answers another question: years later.
        options.projection = .allModelsTrend
        let typical = DataWall(datasetTrend: dataset, computeTrend: nil, options: options)
        #expect((typical.median ?? 0) > median + 1)
    }

    @Test func badDatesAreLocated() throws {
        let table = try DataTable.parse("date,v\n2020-01-01,3\n2020-1-x,4\n", source: "t.csv", format: .csv)
        #expect {
            try DatedValue.read(table, value: "v", date: "date")
        } throws: { error in
            (error as? InputError)?.description.hasPrefix("t.csv:3:1: date '2020-1-x' is not YYYY-MM-DD") == true
        }
    }
}

@Suite struct DownstreamTests {
    /// Gadre et al.'s RedPajama runs: 46 tasks, 32 small runs fitted, 3 large ones held out.
    /// MMLU (5-shot) is at chance: 24.1 % against 25 %, inside two binomial standard errors of
    /// its 14,042 questions (0.72 points). The 17-task mean error of the 1.4B runs is predicted
    /// within 1 % (relative) from the small runs.
    @Test func classifiesTasksAndPredictsTheAggregate() throws {
        let a = try DownstreamAnalysis(dataset: "rpj")
        #expect(a.tasks.count == 46 && a.trainRuns == 32 && a.testRuns == 3)
        let mmlu = try #require(a.tasks.first { $0.name == "mmlu" })
        #expect(mmlu.status == .atChance)
        expectClose(
            mmlu.noise, 2 * (mmlu.largestAccuracy * (1 - mmlu.largestAccuracy) / 14042).squareRoot(), relative: 1e-12)
        let piqa = try #require(a.tasks.first { $0.name == "piqa" })
        #expect(piqa.status == .rising && piqa.largestAccuracy > 0.7)
        for task in a.tasks where task.status == .nearCeiling {
            #expect((task.shareOfCeiling ?? 0) >= 0.9 && task.largestAccuracy <= (task.ceiling ?? 0) + task.noise)
        }
        // Gadre et al.'s recipe (least squares, predicted loss): 0.05 % for the 6.9B run and
        // 3.64 % for the 1.4B M = 640 run, as recomputed from the bundled runs with their
        // repository's fit_ds in scipy (0.0464 % and 3.6365 %); the paper reports 0.05 % and 3.6 %.
        let gadre = try #require(a.aggregate[.gadre])
        #expect(gadre.count == 2)
        let big = try #require(gadre.first { $0.parameters > 6e9 })
        let over = try #require(gadre.first { $0.parameters < 2e9 })
        #expect(abs(big.relativeError - 0.000464) < 0.0001)
        #expect(abs(over.relativeError - 0.036365) < 0.0005)
        expectClose(over.tokensPerParameter, 640, relative: 0.01)
        // The measured-loss variant predicts every held-out run (two 1.4B runs and the 6.9B).
        #expect(a.aggregate[.measuredLoss]?.count == 3)
    }
}

/// Epoch AI's price of a capability on their own tables ("LLM inference prices have fallen
/// rapidly but unequally across tasks", 2025-03-12): the published figures to 1 %.
@Suite struct CapabilityPriceTests {
    /// MMLU at GPT-3's level (≥ 43.9): 11.8× cheaper per year, 90 % CI 8.3–16.7, 9 models.
    @Test func mmluAtGPT3Level() throws {
        let priced = try PricedModels.bundled()
        let gpt3 = try #require(priced.models.first { $0.name == "GPT-3 175B (davinci)" }?.scores["MMLU"])
        expectClose(gpt3, 0.439, relative: 1e-12)
        let d = try CapabilityPrice(priced, benchmark: "MMLU", threshold: gpt3)
        #expect(d.frontier.count == 9)
        expectClose(d.factorPerYear, 11.8, relative: 0.01)
        expectClose(d.interval.lower, 8.3, relative: 0.01)
        expectClose(d.interval.upper, 16.7, relative: 0.01)
    }

    /// GPQA Diamond at GPT-4-0314's level (≥ 33): 42.0× per year, 90 % CI 4.4–401, 6 models.
    @Test func gpqaAtGPT4Level() throws {
        let priced = try PricedModels.bundled()
        let d = try CapabilityPrice(priced, benchmark: "GPQA Diamond", threshold: 0.33, reference: "GPT-4-0314")
        #expect(d.frontier.count == 6)
        expectClose(d.factorPerYear, 42.0, relative: 0.01)
        expectClose(d.interval.lower, 4.4, relative: 0.01)
        expectClose(d.interval.upper, 401, relative: 0.015)
    }

    /// The t quantile against scipy.stats.t.ppf(0.95, ν) beyond the table.
    @Test func tQuantileMatchesScipy() {
        for (nu, expected) in [
            (7.0, 1.894578605), (40, 1.6838510133), (60, 1.6706488649), (100, 1.6602343261), (1000, 1.6463788173),
        ] {
            expectClose(StudentT.quantile95(nu), expected, relative: 1e-6)
        }
    }

    /// The frontier keeps only models no other model beats on both price and score.
    @Test func qualityFrontierIsPareto() throws {
        let priced = try PricedModels.bundled()
        let f = QualityFrontier(priced, benchmark: "MMLU", year: 2025.2)
        #expect(f.models.count >= 3)
        for m in f.models {
            #expect(
                !priced.models.contains { o in
                    o.year <= 2025.2 && (o.scores["MMLU"] ?? -1) > m.scores["MMLU"]! && o.price < m.price
                })
        }
        #expect(
            zip(f.models, f.models.dropFirst()).allSatisfy {
                $0.price <= $1.price && $0.scores["MMLU"]! < $1.scores["MMLU"]!
            })
    }

    @Test func badInputIsLocated() throws {
        let bad = try DataTable.parse(
            "Model Name,Release Date,USD per 1M Tokens,MMLU\na,2023-01-01,2,50\nb,March 2024,1,60\n", source: "p.csv",
            format: .csv)
        #expect(throws: InputError.self) { try PricedModels(tables: [bad]) }
        do { _ = try PricedModels(tables: [bad]) } catch let e as InputError {
            #expect(e.line == 3 && e.description.contains("'March 2024' is not YYYY-MM-DD"))
        }
        let high = try DataTable.parse(
            "Model Name,Release Date,USD per 1M Tokens,MMLU\na,2023-01-01,2,150\n", source: "p.csv", format: .csv)
        #expect(throws: InputError.self) { try PricedModels(tables: [high]) }
        let blank = try DataTable.parse(
            "Model Name,Release Date,USD per 1M Tokens,MMLU\na,,2,50\nb,2024-01-01,1,60\n", source: "p.csv",
            format: .csv)
        let read = try PricedModels(tables: [blank])
        #expect(read.models.count == 1 && read.notes.contains { $0.contains("skipped 1 rows") })
        #expect(read.models[0].scores["MMLU"] == 0.6)
    }
}
