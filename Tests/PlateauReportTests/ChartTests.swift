import Foundation
import PlateauTestSupport
import Testing

import PlateauCore
import PlateauReport

/// Compares `actual` with the golden file `name`; `PLATEAU_UPDATE_GOLDEN=1` rewrites it instead.
/// A mismatch names the first differing line.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
    if ProcessInfo.processInfo.environment["PLATEAU_UPDATE_GOLDEN"] == "1" {
        try Data(actual.utf8).write(to: url)
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    guard actual != expected else { return }
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let line = Array(zip(a, e)).firstIndex { $0.0 != $0.1 } ?? min(a.count, e.count)
    Issue.record(
        "\(name) differs at line \(line + 1):\n  expected: \(line < e.count ? String(e[line]) : "<end>")\n  actual:   \(line < a.count ? String(a[line]) : "<end>")\n(PLATEAU_UPDATE_GOLDEN=1 rewrites it after a deliberate change)",
        sourceLocation: sourceLocation)
}

@Suite struct TickTests {
    @Test func decadesAreWrittenAsPowersOfTen() {
        let ticks = Ticks(axis: .init(label: "C", scale: .log), data: [3e18, 2e23])
        // The data plus 4 % of their log span (4.824 decades): 10^18.284 … 10^23.494, no empty
        // decades at the ends (issue 26), every decade inside labelled.
        expectClose(log10(ticks.range.lowerBound), log10(3e18) - 0.04 * log10(2e23 / 3e18), relative: 1e-12)
        expectClose(log10(ticks.range.upperBound), log10(2e23) + 0.04 * log10(2e23 / 3e18), relative: 1e-12)
        #expect(ticks.labels == ["10¹⁹", "10²⁰", "10²¹", "10²²", "10²³"])
        #expect(TickFormat.powerOfTen(-3) == "10⁻³")
    }

    @Test func narrowLogRangesUseOneTwoFive() {
        let ticks = Ticks(axis: .init(label: "C", scale: .log), data: [5.6e20, 1.3e22])
        // The range is padded by 4 % of its log span, which takes in 5×10²⁰.
        #expect(ticks.labels == ["5×10²⁰", "10²¹", "2×10²¹", "5×10²¹", "10²²"])
        // A short loss axis: the data padded by 4 % of their log span (1.8564…3.4799); a step of
        // 0.5 would label only 2.0, 2.5 and 3.0 inside it, so the step is 0.2 (at least four
        // inside, the lowest losses — where the frontier is — labelled). The range reaches down
        // to the round step 1.8 (0.056 away, within half a step) but not up to 3.6 (0.12 away):
        // before, it ran 1.5…3.5, a fifth of the axis below the data empty.
        let loss = Ticks(axis: .init(label: "loss", scale: .log), data: [1.9, 3.4])
        expectClose(loss.range.lowerBound, 1.8, relative: 1e-12)
        expectClose(loss.range.upperBound, 3.4 * pow(10, 0.04 * log10(3.4 / 1.9)), relative: 1e-12)
        #expect(loss.labels == ["1.8", "2.0", "2.2", "2.4", "2.6", "2.8", "3.0", "3.2", "3.4"])
    }

    @Test func linearTicksAreRoundAndCoverTheData() {
        let ticks = Ticks(axis: .init(label: "r", scale: .linear), data: [-3.2, 5.1])
        #expect(ticks.range == -4...6)
        #expect(ticks.labels == ["-4", "-2", "0", "2", "4", "6"])
        #expect(TickFormat.fixed(-0.0001, decimals: 2) == "0.00")
    }

    @Test func textIsEscaped() {
        #expect(escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
    }
}

@Suite struct ChartGoldenTests {
    /// Every mark, both scales, a tooltip that needs escaping and a gap in a line.
    static func sample() -> Chart {
        var chart = Chart(
            id: "sample", title: "Loss <against> compute", caption: "A & B.",
            x: .init(label: "compute (FLOP)", scale: .log), y: .init(label: "loss (nats/token)", scale: .linear))
        let xs = [1e19, 1e20, 1e21, 1e22]
        chart.series = [
            .band(
                "band", color: "#000000", lower: xs.map { Chart.Point($0, 2 - log10($0 / 1e19) * 0.1 - 0.05) },
                upper: xs.map { Chart.Point($0, 2 - log10($0 / 1e19) * 0.1 + 0.05) }),
            .line("law", color: "#0072B2", points: xs.map { Chart.Point($0, 2 - log10($0 / 1e19) * 0.1) }),
            .line(
                "gap", color: "#D55E00",
                points: [Chart.Point(1e19, 1.5), Chart.Point(.nan, 1), Chart.Point(1e22, 1.6)], dashed: true),
            .scatter(
                "runs", color: "#009E73",
                points: [Chart.Point(3e19, 1.93, tooltip: "N 70M & \"D\""), Chart.Point(2e21, 1.8)]),
        ]
        return chart
    }

    @Test func svgMatchesGolden() throws {
        let svg = Self.sample().svg()
        #expect(Self.sample().pointCount == 2)
        #expect(svg.contains("<title>N 70M &amp; &quot;D&quot;</title>"))
        try expectGolden(svg, "chart.svg")
    }

    @Test func terminalPlotMatchesGolden() throws {
        try expectGolden(TerminalPlot().render(Self.sample()), "terminal.txt")
    }
}

@Suite struct HTMLReportGoldenTests {
    /// A small ladder from a planted law (E 1.8, A 480, B 2100, α .35, β .37) with a fixed ±0.4 %
    /// wobble, so that the whole page is reproducible.
    static func runs() throws -> RunTable {
        let law = ChinchillaLaw(E: 1.8, A: 480, B: 2100, alpha: 0.35, beta: 0.37)
        var lines = ["N,D,loss"]
        var k = 0
        for n in [5e7, 1e8, 2e8, 5e8, 1e9, 2e9] {
            for ratio in [5.0, 10, 20, 40, 80] {
                k += 1
                let d = n * ratio
                lines.append("\(n),\(d),\(law.loss(parameters: n, tokens: d) * (1 + 0.004 * sin(Double(k))))")
            }
        }
        return try RunTable(table: DataTable.parse(lines.joined(separator: "\n"), source: "ladder.csv", format: .csv))
    }

    @Test(.referenceTier) func reportMatchesGolden() throws {
        var options = ReportContent.Options()
        options.starts = .random(count: 40)
        options.resamples = 12
        options.bootstrapStarts = .random(count: 10)
        options.threads = 2
        options.downstream = false  // covered by the browser test; slow in the debug build
        let content = try ReportContent.make(
            runs: Self.runs(), citation: "Synthetic ladder for the golden test.",
            accelerator: try #require(HardwareCatalog.bundled().accelerator(named: "H100")),
            assumptions: CostAssumptions(), options: options)
        let html = HTMLReport(content: content).render()
        // The ladder's runs sit at fixed tokens per parameter, not at shared budgets: no IsoFLOP
        // section, and the sentence that says why.
        // The mix section is on Russell et al.'s constants and shown only when asked for.
        for (id, _) in HTMLReport.sections where !["downstream", "isoflop", "mix"].contains(id) {
            #expect(html.contains("<section id=\"\(id)\">"))
        }
        #expect(!html.contains("<section id=\"isoflop\">") && html.contains("Left out — IsoFLOP profiles"))
        // Self-contained: no scripts, links or sources (the only URL is the SVG namespace).
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src="))
        #expect(!html.contains("href=\"http") && !html.contains("url(http"))
        try expectGolden(html, "report.html")
    }
}

/// `--sections mix`: Russell et al.'s law at their reference setting, with its table, the three
/// curves against the share, and the caveats; nothing else computed.
@Suite struct MixSectionTests {
    @Test func mixSectionShowsTheirNumberAndTheCurves() throws {
        var options = ReportContent.Options()
        options.beyond = false
        options.downstream = false
        options.sections = ["mix"]
        let content = try ReportContent.make(
            runs: nil, citation: "", accelerator: try #require(HardwareCatalog.bundled().accelerator(named: "H100")),
            assumptions: CostAssumptions(), options: options)
        let html = HTMLReport(content: content).render()
        #expect(html.contains("<section id=\"mix\">"))
        // cost_of_not_filtering.csv (c4, 268M, 20 human tokens per parameter, the 2026 crawl's share): 1.33627.
        #expect(html.contains("1.3363× the tokens"))
        for id in ["mix-loss", "mix-value", "mix-cost"] { #expect(html.contains("id=\"\(id)")) }
        #expect(html.contains("one detector (Pangram)"))
        // A share is a percentage on a linear axis, from 0 to 60 (their grid).
        let answer = try #require(content.mix?.answer)
        #expect(answer.curve.first?.share == 0 && answer.curve.last?.share == 0.6)
    }
}

/// `--plot` for every catalog law: the chart holds every observation as a point and a line for
/// the law, and draws for a law of one input become a band.
@Suite struct CatalogChartTests {
    @Test(arguments: LawCatalog.names) func everyLawIsDrawn(_ name: String) throws {
        // The law's own design and planted parameters (LawCatalog), with a 1 % wiggle.
        let entry = try #require(LawCatalog.entry(named: name))
        let law = entry.law, points = entry.example.points, theta = entry.example.theta
        let y = points.indices.map { law.value(at: points[$0], theta) * (1 + 0.01 * sin(Double($0))) }
        let fit = CatalogFit(
            law: law, theta: theta, objective: 1, runs: y.count, starts: 1, convergedStarts: 1,
            startsInBestBasin: 1, nearTiedOptima: [], warnings: [])
        let sample = LawSample(points: points, observed: y)
        let chart = CatalogCharts.fit(sample: sample, fit: fit)
        let svg = chart.svg()
        #expect(svg.hasPrefix("<svg") && svg.contains(name))
        let observed = chart.series.first { $0.label == "observed" }
        guard case .scatter(let shown)? = observed?.mark else {
            Issue.record("no observed points for \(name)")
            return
        }
        #expect(shown.count == points.count)
        #expect(
            chart.series.contains { if case .line = $0.mark { true } else { $0.label == "law at each observation" } })
    }
}

/// The report's summary card (issue 26): computed from the results, the answer first — and a
/// degenerate fit said before any number that rests on it.
@Suite struct ReportSummaryTests {
    static func summary(_ runs: RunTable) throws -> [String] { try report(runs).summarySentences }

    static func report(_ runs: RunTable) throws -> HTMLReport {
        var options = ReportContent.Options()
        options.starts = .random(count: 40)
        options.resamples = 0
        options.threads = 2
        options.beyond = false
        options.downstream = false
        let content = try ReportContent.make(
            runs: runs, citation: "test", accelerator: try #require(HardwareCatalog.bundled().accelerator(named: "H100")),
            assumptions: CostAssumptions(), options: options)
        return HTMLReport(content: content)
    }

    @Test func aSoundFitLeadsWithTheNextTenfold() throws {
        let report = try Self.report(HTMLReportGoldenTests.runs())
        let sentences = report.summarySentences
        // The fitted frontier's losses at 5.76e23 and 10× that, as the sentence prints them, and
        // within 0.06 of the planted law's (E 1.8, A 480, B 2100, α .35, β .37: 1.9446 and 1.8955 by
        // ChinchillaLaw.plan) — 40 random starts on runs with a ±0.4 % wobble, 300× beyond them.
        let frontier = try #require(report.content.law?.frontier)
        let here = try #require(frontier.plan(5.76e23)), there = try #require(frontier.plan(5.76e24))
        let planted = ChinchillaLaw(E: 1.8, A: 480, B: 2100, alpha: 0.35, beta: 0.37)
        expectClose(here.loss, planted.plan(flops: 5.76e23).loss, absolute: 0.06)
        expectClose(there.loss, planted.plan(flops: 5.76e24).loss, absolute: 0.06)
        let first = try #require(sentences.first)
        #expect(
            first.hasPrefix(
                "The next 10× of compute, from 5.76e+23 to 5.76e+24 FLOP, lowers the predicted loss from \(NumberFormat.fixed(here.loss, 3)) to \(NumberFormat.fixed(there.loss, 3))"
            ), "\(first)")
        #expect(first.contains("H100-hours") && first.contains("$"))
        #expect(sentences.contains { $0.hasPrefix("Fitted to 30 runs: E ") }, "\(sentences)")
        #expect(sentences.contains { $0.hasPrefix("The budget") || $0.contains("300× the largest fitted run's compute") })
        #expect(!sentences.contains { $0.hasPrefix("Read with care") })
    }

    @Test func aDegenerateFitIsSaidFirst() throws {
        // Muennighoff et al.'s runs, repeated for up to 44 epochs, read for the Chinchilla law.
        // (their 182 main-fit runs: the table's other rows repeat some runs with a second seed)
        var table = try BundledDataset.muennighoff.table()
        let main = try #require(table.columns.firstIndex(of: "in_main_fit_182"))
        table.rows = table.rows.filter { $0[main].text == "1" }
        let runs = try RunTable(table: table, overrides: [.loss: "final_val_loss"])
        let sentences = try Self.summary(runs)
        let first = try #require(sentences.first)
        #expect(first.hasPrefix("Read with care: the fit is degenerate — repeated-data: "), "\(first)")
        #expect(first.contains("--law muennighoff") == false)  // the gist, without the remedy
        #expect(sentences.dropFirst().allSatisfy { !$0.hasPrefix("The next 10×") })
    }
}
