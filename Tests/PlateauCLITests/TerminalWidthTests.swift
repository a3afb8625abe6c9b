import Foundation
import PlateauCore
import PlateauTestSupport
import Testing

/// Output laid out for an 80-column terminal (issue 26): with `COLUMNS=80` no line of any
/// command's default output is longer than 80 characters — wide tables split into blocks that
/// repeat their first column, or stack, and prose wraps at spaces — while piped output without
/// `COLUMNS` keeps whole rows.
@Suite struct TerminalWidthTests {
    /// Every command's default output on the bundled data (files it writes go to a scratch
    /// folder; fewer resamples where the default takes seconds), and every command's help.
    static func commands(_ scratch: Scratch) -> [[String]] {
        let out = { (name: String) in scratch.url.appendingPathComponent(name).path }
        let runs: [[String]] = [
            ["report", "-o", out("r.html"), "--bootstrap", "20", "--bootstrap-starts", "20", "--starts", "60"],
            // 20 resamples where the default 200 take seconds: the same tables, the same widths.
            ["fit"], ["predict", "--at", "N=70B,D=1.4T"], ["sample", "--bootstrap", "20"], ["trend"],
            ["downstream", "--bootstrap", "20"], ["check"], ["check", "--gadre"], ["isoflop"],
            ["routing", "--bootstrap", "20"], ["prices"], ["benchmarks", "--bootstrap", "20"], ["breaks"], ["plan"],
            ["returns"], ["mix"], ["price"], ["explore", "-o", out("w.html"), "--bootstrap", "20"], ["datasets"],
            ["datasets", "source", "chinchilla"], ["datasets", "export", "chinchilla", "-o", out("c.csv")],
        ]
        let help = (["--help"] + runs.map(\.[0]).filter { $0 != "datasets" } + ["datasets"]).map {
            $0 == "--help" ? ["--help"] : [$0, "--help"]
        }
        return runs + help
    }

    static func overlong(_ text: String, width: Int) -> [String] {
        text.split(separator: "\n").filter { $0.count > width }.map(String.init)
    }

    /// Reference tier: the full default outputs (sample, downstream and the fits take seconds in
    /// release, minutes in debug).
    @Test(.referenceTier) func everyCommandFitsEightyColumns() throws {
        let scratch = try Scratch()
        for arguments in Self.commands(scratch) {
            let result = try Plateau.run(arguments, columns: 80)
            #expect(result.status == 0, "\(arguments): exit \(result.status), \(result.stderr)")
            let long = Self.overlong(result.stdout, width: 80)
            #expect(long.isEmpty, "\(arguments.joined(separator: " ")): \(long.count) lines over 80, first: \(long.first ?? "")")
            #expect(!result.stdout.contains("\u{1B}"), "\(arguments): colour on a pipe")
        }
    }

    /// Machine output is never laid out: JSON at 40 columns is the JSON of a pipe (the Python
    /// wrapper's subprocess inherits `COLUMNS` from pytest's terminal, and wrapped JSON broke it).
    @Test func jsonIsNeverWrapped() throws {
        for arguments in [["prices", "--json"], ["datasets", "--json"], ["breaks", "--json"]] {
            let piped = try Plateau.run(arguments)
            let narrow = try Plateau.run(arguments, columns: 40)
            #expect(piped.status == 0 && narrow.status == 0)
            #expect(narrow.stdout == piped.stdout, "\(arguments)")
            #expect((try? JSONSerialization.jsonObject(with: Data(narrow.stdout.utf8))) != nil, "\(arguments)")
        }
    }

    /// Fast tier: a wide table (prices: 9 lines over 80 when piped) and prose (breaks) at 80 and
    /// at 60 columns, and whole rows when piped.
    @Test func wideTablesSplitAndProseWraps() throws {
        for arguments in [["prices"], ["breaks"], ["datasets", "source", "chinchilla"]] {
            let piped = try Plateau.run(arguments)
            #expect(piped.status == 0)
            #expect(!Self.overlong(piped.stdout, width: 80).isEmpty, "\(arguments): nothing wide to test")
            for width in [80, 60] {
                let fitted = try Plateau.run(arguments, columns: width)
                #expect(fitted.status == 0)
                #expect(Self.overlong(fitted.stdout, width: width).isEmpty, "\(arguments) at \(width)")
                // Nothing is lost: the same words, in the same order.
                #expect(
                    fitted.stdout.split(whereSeparator: \.isWhitespace).count
                        >= piped.stdout.split(whereSeparator: \.isWhitespace).count, "\(arguments) at \(width)")
            }
        }
    }
}

/// Colour (issue 26): warnings and verdicts on a terminal — forced here with `CLICOLOR_FORCE`,
/// as a pipe has none — never under `NO_COLOR`, and the text is the piped text once the escape
/// codes are taken out.
@Suite struct ColourTests {
    static func run(_ arguments: [String], _ extra: [String: String]) throws -> Plateau.Output {
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = nil
        environment["NO_COLOR"] = nil
        for (k, v) in extra { environment[k] = v }
        return try spawn(Plateau.binary.path, arguments, environment: environment)
    }

    @Test func verdictCellsAndWarningsAreColouredOnATerminalOnly() throws {
        let arguments = ["benchmarks", "--bootstrap", "0"]
        let piped = try Self.run(arguments, [:])
        let forced = try Self.run(arguments, ["CLICOLOR_FORCE": "1"])
        let refused = try Self.run(arguments, ["CLICOLOR_FORCE": "1", "NO_COLOR": "1"])
        #expect(piped.status == 0 && forced.status == 0 && refused.status == 0)
        #expect(!piped.stdout.contains("\u{1B}") && !refused.stdout.contains("\u{1B}"))
        // mmlu's status cell is 'saturated' (red); 'rising' cells are green.
        let mmlu = try #require(forced.stdout.split(separator: "\n").first { $0.hasPrefix("  mmlu ") })
        #expect(mmlu.contains("\u{1B}[31msaturated\u{1B}[0m"), "\(mmlu)")
        #expect(forced.stdout.contains("\u{1B}[32mrising\u{1B}[0m"))
        // The prose that mentions the statuses is not coloured.
        #expect(forced.stdout.split(separator: "\n").first { $0.contains("status rules — saturated") }?.contains("\u{1B}") == false)
        let stripped = forced.stdout.replacingOccurrences(
            of: "\u{1B}\\[[0-9]+m", with: "", options: .regularExpression)
        #expect(stripped == piped.stdout)
    }
}
