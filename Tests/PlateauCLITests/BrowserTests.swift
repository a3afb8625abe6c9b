import Foundation
import Testing

/// The HTML report rendered by a real browser (headless Chromium): no console message at all
/// (the page has no scripts, so any message is an error such as a malformed SVG path), and the
/// structure a reader relies on. `.ci/run` installs Debian's `chromium` and sets
/// `PLATEAU_BROWSER_CHECK=1`, which makes this test required; elsewhere it runs when Chromium is
/// on the PATH. With `PLATEAU_SCREENSHOTS=DIR` it also saves laptop and phone screenshots.
@Suite struct BrowserTests {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let required = ProcessInfo.processInfo.environment["PLATEAU_BROWSER_CHECK"] == "1"

    @Test(.enabled(if: chromium != nil || required, "Chromium is not installed"))
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
            "routing", "downstream", "trends", "progress", "data-wall", "data",
        ] {
            #expect(dom.contains("<section id=\"\(id)\">"), "missing section \(id)")
        }
        // Self-contained: no scripts, no external resources.
        #expect(!dom.contains("<script") && !dom.contains("<link") && !dom.contains("src=\""))

        let charts = dom.components(separatedBy: "<svg ").dropFirst().map { $0.components(separatedBy: "</svg>")[0] }
        #expect(charts.count == 19, "found \(charts.count) charts")
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

    /// Runs headless Chromium; returns stdout and its log (stderr).
    static func browse(_ browser: String, _ arguments: [String]) throws -> (String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments =
            ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain stderr concurrently so a chatty browser cannot block on a full pipe.
        let errBox = LockedData()
        let reader = Thread { errBox.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errBox.isSet { Thread.sleep(forTimeInterval: 0.01) }
        return (String(decoding: stdout, as: UTF8.self), String(decoding: errBox.data, as: UTF8.self))
    }

    static func attribute(_ name: String, in element: String) -> String? {
        guard let range = element.range(of: " \(name)=\"") ?? element.range(of: "\(name)=\"") else { return nil }
        return String(element[range.upperBound...].prefix { $0 != "\"" })
    }
}

/// Data handed from a reader thread.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Data?
    func set(_ data: Data) { lock.withLock { value = data } }
    var isSet: Bool { lock.withLock { value != nil } }
    var data: Data { lock.withLock { value ?? Data() } }
}
