import Foundation
import PlateauCore
import PlateauTestSupport
import Testing

/// The HTML report rendered by a real browser (headless Chromium): no console message at all
/// (the page has no scripts, so any message is an error such as a malformed SVG path), and the
/// structure a reader relies on. `.ci/run` installs Debian's `chromium` and sets
/// `PLATEAU_BROWSER_CHECK=1`, which makes this test required; elsewhere it runs when Chromium is
/// on the PATH, in the reference tier (three whole reports: release mode). With `PLATEAU_SCREENSHOTS=DIR` it also saves laptop and phone screenshots.
@Suite struct BrowserTests {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let required = ProcessInfo.processInfo.environment["PLATEAU_BROWSER_CHECK"] == "1"

    @Test(.referenceTier, .enabled(if: chromium != nil || required, "Chromium is not installed"))
    func reportRendersCleanlyWithEverySection() throws {
        let browser = try #require(Self.chromium, "PLATEAU_BROWSER_CHECK=1 but no Chromium found")
        let scratch = try Scratch()
        let page = scratch.url.appendingPathComponent("report.html").path
        // Random starts and a small bootstrap keep the debug build quick; the page is the same shape.
        let made = try Plateau.run([
            "report", "-o", page, "--starts", "60", "--bootstrap", "20", "--bootstrap-starts", "20",
        ])
        try #require(made.status == 0, "\(made.stderr)")
        #expect(made.stdout == page + "\n")

        let (dom, log) = try Self.browse(browser, ["--dump-dom", "file://\(page)"])
        let console = log.split(separator: "\n").filter { $0.contains(":CONSOLE") }
        #expect(console.isEmpty, "console messages:\n\(console.joined(separator: "\n"))")

        for id in [
            "data-fit", "isoflop", "residuals", "backtest", "plan", "returns", "cost", "estimators", "test-time",
            "routing", "downstream", "emergence", "trends", "progress", "data-wall", "data",
        ] {
            #expect(dom.contains("<section id=\"\(id)\">"), "missing section \(id)")
        }
        // Every section that answers a question ends with its answer in a sentence (issue 26); the
        // data wall's median years fall inside Villalobos et al.'s published 80 % interval
        // (2026–2032), and the routing answer names where each router's fit says experts stop helping.
        for id in [
            "data-fit", "isoflop", "residuals", "backtest", "plan", "returns", "cost", "estimators", "test-time",
            "routing", "downstream", "emergence", "trends", "progress", "data-wall",
        ] {
            let section = dom.components(separatedBy: "<section id=\"\(id)\">").dropFirst().first?
                .components(separatedBy: "</section>").first ?? ""
            #expect(section.contains("<p class=\"answer\">"), "section \(id) has no answer")
        }
        let wall = try #require(Self.answer(in: dom, section: "data-wall"))
        let years = wall.matches(of: /around (\d{4}\.\d)/).compactMap { Double($0.1) }
        #expect(years.count == 2 && years.allSatisfy { $0 >= 2026 && $0 <= 2032 }, "\(wall)")
        let routing = try #require(Self.answer(in: dom, section: "routing"))
        #expect(routing.contains("experts stop helping at N = 10^(−b/c) = "), "\(routing)")
        // Approach 2 on the nine designed budgets against the parametric exponent (README: a = 0.507
        // from IsoFLOP; 0.514 from the fit).
        let isoflop = try #require(Self.answer(in: dom, section: "isoflop"))
        #expect(isoflop.contains("N_opt ∝ C^0.50") || isoflop.contains("N_opt ∝ C^0.51"), "\(isoflop)")
        // Self-contained: no scripts, no external resources.
        #expect(!dom.contains("<script") && !dom.contains("<link") && !dom.contains("src=\""))

        let charts = Self.charts(dom)
        #expect(charts.count == 20, "found \(charts.count) charts")
        for chart in charts {
            let id = Self.attribute("id", in: chart) ?? "?"
            let declared = Int(Self.attribute("data-points", in: chart) ?? "") ?? -1
            let drawn = chart.components(separatedBy: "<circle class=\"point\"").count - 1
            #expect(declared > 0 && drawn == declared, "chart \(id): \(drawn) points drawn, \(declared) declared")
            #expect(chart.contains("<title>") && chart.contains("<desc>"), "chart \(id) lacks a title or description")
            #expect(chart.contains("class=\"tick\""), "chart \(id) has no tick labels")
            #expect(chart.contains("class=\"axis\""), "chart \(id) has no axis labels")
            #expect(chart.contains("class=\"legend\""), "chart \(id) has no legend")
        }
        // The fit chart: one point per run, log ticks written as powers of ten.
        #expect(charts.first.map { Self.attribute("data-points", in: $0) } == "240")
        #expect(dom.contains(">10²⁰<"))
        try Self.expectLayout(page, in: scratch) { summary in
            // The next 10×, how sure, the warnings, the back-test, the downstream verdicts.
            #expect(summary.count >= 3 && summary.count <= 6, "\(summary)")
            #expect(summary.first?.hasPrefix("The next 10× of compute, from 5.76e+23 to 5.76e+24 FLOP") == true)
            #expect(summary.contains { $0.hasPrefix("Fitted to 240 runs: E 1.8") })
            #expect(summary.contains { $0.hasPrefix("Of 46 downstream tasks") })
            #expect(summary.last?.hasPrefix("On the bundled data: ") == true, "\(summary)")
        }

        if let folder = ProcessInfo.processInfo.environment["PLATEAU_SCREENSHOTS"] {
            for (name, size) in [("laptop", "1366,8000"), ("phone", "390,12000")] {
                _ = try Self.browse(
                    browser,
                    [
                        "--hide-scrollbars", "--window-size=\(size)", "--screenshot=\(folder)/report-\(name).png",
                        "file://\(page)",
                    ])
            }
        }
    }

    /// A report on a user's checkpoints (five runs, eight checkpoints each, a loss and a
    /// learning rate that must not become a task): curves per run, one colour per size, no
    /// IsoFLOP or back-test section (the data cannot support them) but a sentence for each.
    @Test(.referenceTier, .enabled(if: chromium != nil || required, "Chromium is not installed"))
    func reportOnCheckpointsFitsTheData() throws {
        let browser = try #require(Self.chromium, "PLATEAU_BROWSER_CHECK=1 but no Chromium found")
        let scratch = try Scratch()
        var lines = ["run,params,step,loss,lr"]
        for n in [7e7, 1.6e8, 4.1e8, 1e9, 1.4e9] {
            for step in [0, 1000, 2000, 4000, 8000, 16000, 32000, 64000] {
                let d = Double(step) * 2_097_152
                let loss = 1.69 + 406.4 / pow(n, 0.34) + (d > 0 ? 410.7 / pow(d, 0.28) : 10)
                lines.append("r\(Int(n / 1e6))m,\(n),\(step),\(loss),0.0003")
            }
        }
        let file = try scratch.write("ckpt.csv", lines.joined(separator: "\n") + "\n")
        let page = scratch.url.appendingPathComponent("ckpt.html").path
        let made = try Plateau.run([
            "report", file, "--tokens-per-step", "2097152", "-o", page, "--starts", "40", "--bootstrap", "10",
            "--bootstrap-starts", "10",
        ])
        try #require(made.status == 0, "\(made.stderr)")
        let dom = try Self.checkedPage(browser, page)
        try Self.expectLayout(page, in: scratch)
        for id in ["data-fit", "residuals", "data"] {
            #expect(dom.contains("<section id=\"\(id)\">"), "missing section \(id)")
        }
        // Every run's final checkpoint is at step 64000: one token count, so the law's terms in D
        // and with them any plan are not identified (issue 24) — left out, with the reason.
        #expect(dom.contains("Left out — Plans, cost and diminishing returns: the runs do not identify the frontier"))
        #expect(dom.contains("one token count among the 5 observations"))
        for id in [
            "plan", "returns", "cost", "estimators", "isoflop", "backtest", "downstream", "test-time", "trends",
            "data-wall", "emergence",
        ] {
            #expect(!dom.contains("<section id=\"\(id)\">"), "section \(id) shown without its data")
        }
        #expect(
            dom.contains("Left out — IsoFLOP profiles") && dom.contains("Left out — Sections on Plateau's bundled data")
        )
        let fit = try #require(Self.charts(dom).first)
        // One dot per run (the final checkpoint), a dashed curve per run, five distinct colours.
        #expect(Self.attribute("data-points", in: fit) == "5")
        #expect(fit.components(separatedBy: "stroke-dasharray").count - 1 >= 5)
        let colours = Set(
            fit.components(separatedBy: "<circle class=\"point\"").dropFirst().compactMap {
                Self.attribute("fill", in: $0)
            })
        #expect(colours.count == 5, "colours: \(colours)")
    }

    /// A report on a table of scores without a loss (ObsScaling's 148 models): the downstream
    /// section alone, and one sentence for the scaling-law sections it cannot have.
    @Test(.referenceTier, .enabled(if: chromium != nil || required, "Chromium is not installed"))
    func reportOnScoresFitsTheData() throws {
        let browser = try #require(Self.chromium, "PLATEAU_BROWSER_CHECK=1 but no Chromium found")
        let scratch = try Scratch()
        let file = try scratch.write("models.csv", try BundledDataset.obsScaling.data())
        let page = scratch.url.appendingPathComponent("scores.html").path
        let made = try Plateau.run(["report", file, "-o", page, "--bootstrap", "20"])
        try #require(made.status == 0, "\(made.stderr)")
        let dom = try Self.checkedPage(browser, page)
        try Self.expectLayout(page, in: scratch) { summary in
            #expect(summary.count == 1 && summary[0].hasPrefix("Of "), "\(summary)")
        }
        #expect(dom.contains("<section id=\"downstream\">") && dom.contains("<section id=\"data\">"))
        #expect(!dom.contains("<section id=\"data-fit\">") && !dom.contains("<section id=\"isoflop\">"))
        #expect(dom.contains("Left out — The scaling-law sections"))
        // One task of each status, and the mean over tasks coloured by family; the BTLM row's
        // data size is warned about on the page.
        #expect(Self.charts(dom).count == 2)
        #expect(dom.contains("Warning: more than 100,000 training tokens per parameter"))
    }

    /// The text of a section's "In short:" answer.
    static func answer(in dom: String, section id: String) -> String? {
        guard let section = dom.components(separatedBy: "<section id=\"\(id)\">").dropFirst().first,
            let answer = section.components(separatedBy: "<p class=\"answer\">").dropFirst().first?
                .components(separatedBy: "</p>").first
        else { return nil }
        return answer.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
    }

    /// ``layout(_:in:)``'s checks as expectations, and `summary` on the summary's sentences.
    static func expectLayout(
        _ page: String, in scratch: Scratch, sourceLocation: SourceLocation = #_sourceLocation,
        summary: ([String]) -> Void = { _ in }
    ) throws {
        guard let (problems, sentences) = try layout(page, in: scratch) else { return }
        #expect(problems.isEmpty, "\(problems.count) layout problems:\n\(problems.joined(separator: "\n"))", sourceLocation: sourceLocation)
        summary(sentences)
    }

    /// The page in the browser: no console message, and every chart with points, ticks, axes,
    /// a legend, a title and a description.
    static func checkedPage(_ browser: String, _ page: String) throws -> String {
        let (dom, log) = try browse(browser, ["--dump-dom", "file://\(page)"])
        let console = log.split(separator: "\n").filter { $0.contains(":CONSOLE") }
        #expect(console.isEmpty, "console messages:\n\(console.joined(separator: "\n"))")
        #expect(!dom.contains("<script") && !dom.contains("<link") && !dom.contains("src=\""))
        for chart in charts(dom) {
            let id = attribute("id", in: chart) ?? "?"
            let declared = Int(attribute("data-points", in: chart) ?? "") ?? -1
            let drawn = chart.components(separatedBy: "<circle class=\"point\"").count - 1
            #expect(declared > 0 && drawn == declared, "chart \(id): \(drawn) points drawn, \(declared) declared")
            #expect(chart.contains("<title>") && chart.contains("<desc>"), "chart \(id) lacks a title or description")
            #expect(chart.contains("class=\"tick\"") && chart.contains("class=\"axis\""), "chart \(id) lacks axes")
            #expect(chart.contains("class=\"legend\""), "chart \(id) has no legend")
        }
        return dom
    }

    /// The layout problems of a report at 1400 × 1000 px, read through the DOM (issue 26): a
    /// table that scrolls sideways inside its card, and a point, line or band whose extent lies
    /// outside its chart's plot area (half a pixel of rounding allowed; a point's centre must be
    /// inside). Also returns the summary's sentences. Nil when chromedriver is not installed
    /// (and not required).
    static func layout(_ page: String, in scratch: Scratch) throws -> (problems: [String], summary: [String])? {
        guard let driver = WebDriver.driver ?? (required ? "/usr/bin/chromedriver" : nil), let browser = chromium else {
            return nil
        }
        let web = try WebDriver(
            driver: driver, browser: browser, log: scratch.url.appendingPathComponent("chromedriver.log"), width: 1400,
            height: 1000)
        defer { web.quit() }
        try web.open("file://\(page)")
        let found = try web.run(
            """
            const problems = [];
            document.querySelectorAll('.table-frame').forEach((frame, k) => {
              if (frame.scrollWidth > frame.clientWidth + 1) {
                const section = frame.closest('section');
                problems.push('table ' + k + ' in #' + (section ? section.id : '?') + ' scrolls: ' + frame.scrollWidth + ' > ' + frame.clientWidth + ' px');
              }
            });
            document.querySelectorAll('svg.chart').forEach(svg => {
              const area = svg.querySelector('rect.plot-area');
              const x0 = +area.getAttribute('x'), y0 = +area.getAttribute('y');
              const x1 = x0 + +area.getAttribute('width'), y1 = y0 + +area.getAttribute('height');
              const inside = (x, y) => x >= x0 - 0.5 && x <= x1 + 0.5 && y >= y0 - 0.5 && y <= y1 + 0.5;
              svg.querySelectorAll('circle.point').forEach(c => {
                if (!inside(+c.getAttribute('cx'), +c.getAttribute('cy'))) problems.push(svg.id + ': point at ' + c.getAttribute('cx') + ',' + c.getAttribute('cy') + ' outside the plot area');
              });
              // Context curves (not in the legend: a law for each size, each run's checkpoints)
              // may run out of the plot where they leave the data.
              svg.querySelectorAll('path.band, path.line:not(.context)').forEach(p => {
                const b = p.getBBox();
                if (!inside(b.x, b.y) || !inside(b.x + b.width, b.y + b.height)) problems.push(svg.id + ': ' + p.getAttribute('class') + ' "' + p.getAttribute('data-series') + '" leaves the plot area (' + [b.x, b.y, b.width, b.height].map(v => v.toFixed(1)).join(', ') + ')');
              });
            });
            const summary = Array.from(document.querySelectorAll('#summary li')).map(li => li.textContent);
            return { problems: problems, summary: summary };
            """)
        let result = found as? [String: Any]
        return ((result?["problems"] as? [String]) ?? ["no answer from the page"], (result?["summary"] as? [String]) ?? [])
    }

    static func charts(_ dom: String) -> [String] {
        dom.components(separatedBy: "<svg ").dropFirst().map { $0.components(separatedBy: "</svg>")[0] }
    }

    /// Runs headless Chromium; returns stdout and its log (stderr).
    static func browse(_ browser: String, _ arguments: [String]) throws -> (String, String) {
        let result = try spawn(
            browser, ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0"] + arguments)
        return (result.stdout, result.stderr)
    }

    static func attribute(_ name: String, in element: String) -> String? {
        guard let range = element.range(of: " \(name)=\"") ?? element.range(of: "\(name)=\"") else { return nil }
        return String(element[range.upperBound...].prefix { $0 != "\"" })
    }
}
