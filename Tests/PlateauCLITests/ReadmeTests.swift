import Foundation
import PlateauTestSupport
import Testing

/// Every README block that runs `plateau` on the bundled data reproduces line for line: each `$ `
/// line is run by /bin/sh in a scratch folder (`plateau` is the built binary; a block's earlier
/// lines may write files its later lines read), stdout and stderr together, and the lines that
/// follow it in the README must match its output, a line `…` standing for any number of lines
/// and trailing spaces ignored. Blocks whose command elides options (`…` in a `$ ` line) or reads
/// a file the block does not make (`runs.csv`, `curves.csv`, `logs`, `export.csv`: users' tables shown as examples) are
/// not run; the count of blocks run is checked so that none is silently skipped. Reference tier:
/// the blocks are the bundled-data commands in release mode.
@Suite struct ReadmeTests {
    struct Block {
        var line: Int
        var steps: [(command: String, expected: [String])]
    }

    /// The fenced blocks of the README with a `$ plateau` line.
    static func blocks() throws -> [Block] {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var blocks: [Block] = [], current: Block?, inFence = false
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("```") {
                if inFence, let b = current, b.steps.contains(where: { $0.command.hasPrefix("plateau ") }) {
                    blocks.append(b)
                }
                inFence.toggle()
                current = inFence ? Block(line: i + 1, steps: []) : nil
                continue
            }
            guard inFence else { continue }
            if line.hasPrefix("$ ") {
                current?.steps.append((String(line.dropFirst(2)), []))
            } else if var b = current, !b.steps.isEmpty {
                b.steps[b.steps.count - 1].expected.append(String(line))
                current = b
            }
        }
        return blocks
    }

    /// Whether `actual` matches `expected`, where a line `…` matches any run of lines and a line
    /// ending in `…` any line that begins with what precedes it (a line cut short).
    static func matches(_ actual: [String], _ expected: [String]) -> Bool {
        func trim(_ s: String) -> String {
            var s = Substring(s)
            while s.last == " " { s = s.dropLast() }
            return String(s)
        }
        let a = actual.map(trim), e = expected.map(trim)
        func match(_ i: Int, _ j: Int) -> Bool {
            if j == e.count { return i == a.count }
            if e[j] == "…" { return (i...a.count).contains { match($0, j + 1) } }
            guard i < a.count else { return false }
            let same = e[j].hasSuffix("…") ? a[i].hasPrefix(String(e[j].dropLast())) : a[i] == e[j]
            return same && match(i + 1, j + 1)
        }
        return match(0, 0)
    }

    static func runnable(_ block: Block) -> Bool {
        block.steps.allSatisfy { step in
            !step.command.contains("…") && !step.command.hasPrefix("cat ")
                && !["runs.csv", "curves.csv", "evals.csv", "logs", "export.csv"].contains { step.command.contains($0) }
        }
    }

    @Test(.referenceTier) func blocksReproduce() throws {
        let blocks = try Self.blocks().filter(Self.runnable)
        #expect(blocks.count >= 9, "only \(blocks.count) README blocks are runnable: the filter is too wide")
        for block in blocks {
            let scratch = try Scratch()
            for step in block.steps {
                let script =
                    "cd '\(scratch.url.path)' && plateau() { \"$PLATEAU\" \"$@\"; } && \(step.command) 2>&1"
                let result = try shell(script, timeout: 600)
                var actual = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if actual.last == "" { actual.removeLast() }
                var expected = step.expected
                while expected.last == "" { expected.removeLast() }
                #expect(
                    Self.matches(actual, expected),
                    "README line \(block.line): '\(step.command)' printed:\n\(actual.joined(separator: "\n"))\nexpected:\n\(expected.joined(separator: "\n"))"
                )
            }
        }
    }

    /// The matcher itself: `…` spans any lines, trailing spaces are ignored, anything else is exact.
    @Test func ellipsisMatchesAnyRunOfLines() {
        #expect(Self.matches(["a", "b", "c"], ["a", "…", "c"]))
        #expect(Self.matches(["a", "c"], ["a", "…", "c"]))
        #expect(Self.matches(["a  ", "b"], ["a", "b"]))
        #expect(!Self.matches(["a", "b"], ["a", "c"]))
        #expect(!Self.matches(["a", "b", "x"], ["a", "b"]))
        #expect(Self.matches(["x", "y"], ["…"]))
        #expect(Self.matches(["found 5 — add runs", "z"], ["found 5 — …", "z"]))
        #expect(!Self.matches(["found 6 — add runs"], ["found 5 — …"]))
    }
}
