import Foundation
import PlateauTestSupport
import Testing

/// A seeded fuzz run through the built binary: mutants of a valid runs CSV, runs JSON and
/// per-problem samples table, each run with a time limit. Every run must end by itself, without
/// a crash, either with exit 0 and no `nan` or `inf` in its output (and valid JSON under
/// `--json`), or with exit 65 and exactly one line on stderr.
///
/// `swift test` runs 60 mutants (a few seconds); the reference tier 1,000 (about 17 s in release),
/// and `PLATEAU_FUZZ_MUTANTS=N` any count.
@Suite struct FuzzTests {
    /// SplitMix64, so that the mutants are the same on every machine.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    }

    struct Seed: Sendable {
        var name: String
        var text: String
        /// The command's arguments after the file.
        var options: [String]
        var command: String
        var json: Bool
        func arguments(_ path: String) -> [String] { [command, path] + options }
    }

    static let seeds: [Seed] = {
        let runsJSON =
            "["
            + ladderCSV.split(separator: "\n").dropFirst().map { line -> String in
                let f = line.split(separator: ",")
                return "{\"params\": \(f[0]), \"tokens\": \(f[1]), \"loss\": \(f[2])}"
            }.joined(separator: ",\n") + "]\n"
        var samples = ["model,params,tokens_per_sample,problem,n,c"]
        for (model, n) in [("small", "1B"), ("large", "8B")] {
            for p in 1...12 { samples.append("\(model),\(n),300,p\(p),40,\((p * 7) % 41)") }
        }
        var evals = [",model,params,step,piqa_acc,piqa_acc_stderr,lambada_ppl,MMLU"]
        for (i, (size, n)) in [("70m", "7e7"), ("160m", "1.6e8"), ("410m", "4.1e8"), ("1b", "1e9")].enumerated() {
            for (j, step) in [0, 1000, 8000, 64000].enumerated() {
                let acc = 0.52 + 0.03 * Double(i) + 0.01 * Double(j)
                evals.append("\(4 * i + j),\(size),\(n),\(step),\(acc),0.011,\(40 - 5 * i - j),\(25 + i)")
            }
        }
        return [
            Seed(
                name: "evals.csv", text: evals.joined(separator: "\n") + "\n",
                options: [
                    "--tokens-per-step", "2097152", "--column", "loss=ln(lambada_ppl)", "--bootstrap", "5", "--json",
                ],
                command: "downstream", json: true),
            Seed(
                name: "runs.csv", text: ladderCSV, options: ["--starts", "20", "--no-plot"], command: "fit", json: false
            ),
            Seed(name: "runs.json", text: runsJSON, options: ["--starts", "20", "--json"], command: "fit", json: true),
            Seed(
                name: "samples.csv", text: samples.joined(separator: "\n") + "\n", options: ["--bootstrap", "0"],
                command: "sample", json: false),
        ]
    }()

    /// Bytes the mutator inserts: separators, quotes, control bytes, invalid UTF-8, digits, signs.
    static let palette: [UInt8] = [
        0x00, 0x09, 0x0A, 0x0D, 0x1B, 0x22, 0x2C, 0x2D, 0x2E, 0x30, 0x31, 0x39, 0x3A, 0x5B, 0x5D, 0x7B, 0x7D, 0x65,
        0x78,
        0x4D, 0x42, 0xC3, 0xFF, 0x20,
    ]
    static let extremes = [
        "0", "-1", "1e-320", "1e400", "nan", "inf", "-inf", "0x1p3", "\"3,9\"", "1,0,0", "", "1e308", "4.9e-324",
        "99999999999999999999999", "1.4b", "NaN", "+", "e5", "1__000",
    ]

    static func mutate(_ text: String, using rng: inout Random) -> Data {
        var bytes = [UInt8](text.utf8)
        for _ in 0..<(1 + rng.below(3)) {
            guard !bytes.isEmpty else { break }
            let at = rng.below(bytes.count)
            switch rng.below(8) {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(palette[rng.below(palette.count)], at: at)
            case 2: bytes[at] = palette[rng.below(palette.count)]
            case 3, 4, 7:
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                let i = rng.below(lines.count), j = rng.below(lines.count)
                switch rng.below(3) {
                case 0: lines.insert(lines[i], at: j)
                case 1: lines.remove(at: i)
                default: lines.swapAt(i, j)
                }
                bytes = Array(lines.joined(separator: [0x0A]))
            case 5:
                // Replace the number that starts nearest `at` with an extreme value.
                var start = at
                while start < bytes.count, !(0x30...0x39).contains(bytes[start]) { start += 1 }
                var end = start
                while end < bytes.count, (0x30...0x39).contains(bytes[end]) || bytes[end] == 0x2E || bytes[end] == 0x65
                {
                    end += 1
                }
                if start < bytes.count {
                    bytes.replaceSubrange(start..<end, with: Array(extremes[rng.below(extremes.count)].utf8))
                }
            default: bytes.removeSubrange(at..<bytes.count)
            }
        }
        return Data(bytes)
    }

    @Test func mutantsEndCleanly() throws {
        let count = Self.count(fast: 60, reference: 1_000)
        let scratch = try Scratch()
        var rng = Random(state: 20_261_123)
        var outcomes: [Int32: Int] = [:]
        for k in 0..<count {
            let seed = Self.seeds[k % Self.seeds.count]
            let data = Self.mutate(seed.text, using: &rng)
            let path = try scratch.write("\(k)-\(seed.name)", data)
            let arguments = seed.arguments(path).map { "'\($0)'" }.joined(separator: " ")
            let result = try shell(#"exec "$PLATEAU" \#(arguments)"#, timeout: 30)
            outcomes[result.status, default: 0] += 1
            let context =
                "mutant \(k) (\(seed.name)): \(data.prefix(2_000).map { String(format: "%02x", $0) }.joined())"
            #expect(
                result.status == 0 || result.status == 65,
                "exit \(result.status): \(result.stderr.prefix(500)) — \(context)")
            if result.status == 0 {
                let words = result.stdout.lowercased().split { !$0.isLetter }
                #expect(!words.contains("nan") && !words.contains("inf"), "non-finite output — \(context)")
                if seed.json {
                    #expect(
                        (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil,
                        "invalid JSON — \(context)")
                }
            } else if result.status == 65 {
                let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(lines.count == 2 && lines[1].isEmpty, "not one line: \(result.stderr.prefix(500)) — \(context)")
                #expect(
                    result.stderr.hasPrefix(path) || result.stderr.hasPrefix("plateau: "),
                    "the line names neither the file nor plateau: \(result.stderr.prefix(300)) — \(context)")
            }
        }
        // Both outcomes occur: the mutants are neither all harmless nor all broken.
        #expect((outcomes[0] ?? 0) > 0 && (outcomes[65] ?? 0) > 0, "\(outcomes)")
    }

    /// The fuzz tier's count: `PLATEAU_FUZZ_MUTANTS`, else `fast` in `swift test` and `reference`
    /// in the reference tier.
    static func count(fast: Int, reference: Int) -> Int {
        Int(ProcessInfo.processInfo.environment["PLATEAU_FUZZ_MUTANTS"] ?? "") ?? (Tier.reference ? reference : fast)
    }

    /// Runs one mutant's command (30 s at most) and checks the ways it may end: exit 0 with finite
    /// output, or one error line — 65 naming the file or plateau, 64 a usage error.
    static func expectCleanEnd(_ arguments: [String], allowUsage: Bool, _ context: @autoclosure () -> String) throws
        -> Int32
    {
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let result = try shell(#"exec "$PLATEAU" \#(quoted.joined(separator: " "))"#, timeout: 30)
        let allowed: Set<Int32> = allowUsage ? [0, 64, 65] : [0, 65]
        #expect(allowed.contains(result.status), "exit \(result.status): \(result.stderr.prefix(400)) — \(context())")
        if result.status == 0 {
            let words = result.stdout.lowercased().split { !$0.isLetter }
            #expect(!words.contains("nan") && !words.contains("inf"), "non-finite output — \(context())")
        } else if result.status == 65 {
            let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 2 && lines[1].isEmpty, "not one line: \(result.stderr.prefix(400)) — \(context())")
        } else if result.status == 64 {
            #expect(result.stderr.hasPrefix("Error: "), "\(result.stderr.prefix(400)) — \(context())")
        }
        return result.status
    }

    /// Mutants of saved fit documents (the Chinchilla fit's plateau.fit/1 and catalog fits'
    /// plateau.fit/2 with bootstrap draws) read by `predict --from` and `plan --fit`: a damaged
    /// document is one located line and exit 65, never a crash (a level above 1 indexed past
    /// the draws) or a number made from a damaged field.
    @Test func documentMutantsEndCleanly() throws {
        let scratch = try Scratch()
        let runs = try scratch.write("runs.csv", ladderCSV)
        var documents: [(name: String, text: String)] = []
        for (name, options) in [
            ("chinchilla.json", ["--starts", "20"]), ("power-law.json", ["--law", "power-law", "--bootstrap", "12"]),
            ("kaplan.json", ["--law", "kaplan", "--bootstrap", "12"]),
        ] {
            let saved = try Plateau.run(["fit", runs] + options + ["--json"])
            try #require(saved.status == 0, "\(saved.stderr)")
            documents.append((name, saved.stdout))
        }
        var rng = Random(state: 20_261_203)
        var outcomes: [Int32: Int] = [:]
        for k in 0..<Self.count(fast: 30, reference: 1_000) {
            let seed = documents[k % documents.count]
            let data = Self.mutate(seed.text, using: &rng)
            let path = try scratch.write("\(k)-\(seed.name)", data)
            let command =
                k % 2 == 0 || seed.name != "chinchilla.json"
                ? ["predict", "--from", path, "--at", "N=1B,D=20B"] : ["plan", "--fit", path]
            let status = try Self.expectCleanEnd(
                command, allowUsage: false,
                "document mutant \(k) (\(seed.name)): \(String(decoding: data.prefix(1_500), as: UTF8.self))")
            outcomes[status, default: 0] += 1
        }
        #expect((outcomes[0] ?? 0) > 0 && (outcomes[65] ?? 0) > 0, "\(outcomes)")
    }

    /// Random `--column` and `--where` expressions from the grammar's pieces and hostile bytes:
    /// a usage error (64), a located error at a cell (65) or a fit, never a crash or a hang.
    @Test func expressionsEndCleanly() throws {
        let scratch = try Scratch()
        let runs = try scratch.write("runs.csv", ladderCSV)
        let pieces = [
            "params", "tokens", "loss", "`params`", "`no such`", "2", "0", "1e308", "1e-320", "2M", "nan", "+", "-", "*",
            "/", "^", "(", ")", "((", "))", "ln(", "log10(", "exp(", "sqrt(", " ", "`", ".", "e", "\u{1B}", "é", "=", "<",
            ">=", "!=", " in ", "|", ",",
        ]
        var rng = Random(state: 20_261_204)
        var outcomes: [Int32: Int] = [:]
        for k in 0..<Self.count(fast: 40, reference: 1_000) {
            let length = 1 + rng.below(12)
            var expression = (0..<length).map { _ in pieces[rng.below(pieces.count)] }.joined()
            if rng.below(10) == 0 { expression = String(repeating: "(", count: 200 + rng.below(50_000)) + "params" }
            let command =
                k % 2 == 0
                ? ["fit", runs, "--column", "D=\(expression)", "--starts", "5", "--no-plot"]
                : ["fit", runs, "--where", expression, "--starts", "5", "--no-plot"]
            let status = try Self.expectCleanEnd(
                command, allowUsage: true, "expression \(k): \(expression.prefix(300).debugDescription)")
            outcomes[status, default: 0] += 1
        }
        #expect((outcomes[64] ?? 0) + (outcomes[65] ?? 0) > 0, "\(outcomes)")
    }
}
