import Foundation
import PlateauTestSupport
import Testing

/// Commands on the bundled data, in the reference tier (release mode in `.ci/run`).
@Suite struct ReferenceTierTests {
    /// Every seeded command gives the same bytes in two processes, on 1 and 2 threads where it
    /// takes `--threads` (Swift seeds its hashing per process, so a dictionary iterated into an
    /// output shows here: `downstream --json` drifted that way).
    @Test(.referenceTier, arguments: [
        ["fit", "--bootstrap", "20", "--starts", "200", "--json"],
        ["fit", "--law", "power-law", "--bootstrap", "50", "--json"],
        ["check", "--starts", "200", "--json"],
        ["check", "--law", "chinchilla,power-law", "--json"],
        ["predict", "--law", "power-law", "--bootstrap", "50", "--at", "C=1e24", "--json"],
        ["plan", "--bootstrap", "20", "--json"],
        ["isoflop", "--json"],
        ["downstream", "--bootstrap", "20", "--seed", "2", "--json"],
        ["downstream", "--emergence", "--bootstrap", "50", "--json"],
        ["routing", "--bootstrap", "50", "--json"],
        ["sample", "--bootstrap", "50", "--exponent-repeats", "3", "--json"],
        ["trend", "--json"],
        ["benchmarks", "--bootstrap", "50", "--json"],
        ["breaks", "--bootstrap", "50", "--json"],
        ["prices", "--json"],
    ])
    func seededCommandsAreByteIdentical(_ arguments: [String]) throws {
        let help = try Plateau.run([arguments[0], "--help"])
        let threaded = help.stdout.contains("--threads")
        let first = try Plateau.run(arguments + (threaded ? ["--threads", "1"] : []))
        #expect(first.status == 0, "\(arguments): \(first.stderr)")
        let second = try Plateau.run(arguments + (threaded ? ["--threads", "2"] : []))
        #expect(first.stdout == second.stdout, "\(arguments) differs between runs\(threaded ? " on 1 and 2 threads" : "")")
        #expect(first.stdout.count > 100)
    }

    /// The HTML report, to the byte, in two processes on different thread counts.
    @Test(.referenceTier) func reportIsByteIdentical() throws {
        let scratch = try Scratch()
        var pages: [String] = []
        for threads in ["1", "2"] {
            let page = scratch.url.appendingPathComponent("report-\(threads).html").path
            let made = try Plateau.run([
                "report", "-o", page, "--bootstrap", "20", "--bootstrap-starts", "40", "--threads", threads,
            ])
            try #require(made.status == 0, "\(made.stderr)")
            pages.append(try String(contentsOfFile: page, encoding: .utf8))
        }
        #expect(pages[0] == pages[1])
    }

    /// The bundled runs' first 30 with a 20-resample bootstrap printed α 1.18 with interval
    /// −264.6 … 2.02, A's lower bound 0, a loss interval 2.4287 – 2.3986 (lower above upper, the
    /// estimate outside), N_opt's upper 'undefined', no warning, and '--json' exited 65.
    /// Resamples that leave the law's domain are now left out and counted, every interval is
    /// ordered and positive where the parameter is, and the bootstrap's warnings are printed.
    @Test(.referenceTier) func chinchillaIntervalsAgreeWithTheirEstimates() throws {
        let scratch = try Scratch()
        let bundled = try Plateau.run(["datasets", "export", "chinchilla"])
        try #require(bundled.status == 0, "\(bundled.stderr)")
        let lines = bundled.stdout.split(separator: "\n", omittingEmptySubsequences: false).prefix(31)
        let file = try scratch.write("first30.csv", lines.joined(separator: "\n") + "\n")
        let text = try Plateau.run(["fit", file, "--bootstrap", "20", "--no-plot"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(!text.stdout.contains("undefined") && !text.stdout.contains("warnings: none"), "\(text.stdout)")
        #expect(text.stdout.contains("left the law's domain"), "\(text.stdout)")
        let json = try Plateau.run(["fit", file, "--bootstrap", "20", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let bootstrap = try #require(doc["bootstrap"] as? [String: Any])
        let intervals = try #require(bootstrap["intervals"] as? [String: [String: Double]])
        let parameters = try #require(doc["parameters"] as? [String: Double])
        let codes = Set((doc["warnings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String })
        #expect(!intervals.isEmpty)
        for (name, interval) in intervals {
            let lower = try #require(interval["lower"]), upper = try #require(interval["upper"])
            #expect(lower <= upper, "\(name): \(lower) > \(upper)")
            if ["A", "B", "alpha", "beta"].contains(name) { #expect(lower > 0, "\(name) lower \(lower)") }
            if let estimate = parameters[name], !(lower...upper).contains(estimate) {
                #expect(codes.contains("interval-excludes-estimate"), "\(name) \(estimate) outside, no warning")
            }
        }
    }
}
