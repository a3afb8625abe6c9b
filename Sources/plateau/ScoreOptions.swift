import ArgumentParser
import PlateauCore

/// Which columns of a table are scores, and their chance rates: shared by `downstream` and `report`.
struct ScoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Score columns to use, comma-separated. Default: the harness metric columns (_acc, _acc_norm, _exact_match, …) or every column of scores in 0–1 or 0–100.",
            valueName: "column,column"))
    var tasks: String?

    @Option(
        help: ArgumentHelp(
            "Chance rate of a task (a fraction), e.g. 'piqa=0.5'; repeatable. Default: the benchmark's when Plateau knows it, else 0.",
            valueName: "task=P"))
    var chance: [String] = []

    @Flag(
        help:
            "Keep rows flagged as implausible (more than 100,000 training tokens per parameter) in the trends and verdicts; by default they are left out, with the warning that names them."
    )
    var keepFlagged = false

    func validate() throws { _ = try chanceRates() }

    func chanceRates() throws -> [String: Double] {
        var out: [String: Double] = [:]
        for item in chance {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let p = Double(parts[1]), (0..<1).contains(p) else {
                throw ValidationError(
                    "Please write '--chance' as TASK=P with P a fraction in [0, 1), e.g. piqa=0.5, got '\(item)'.")
            }
            out[parts[0]] = p
        }
        return out
    }

    /// The score-table options these arguments set.
    func options() throws -> ScoreTable.Options {
        var o = ScoreTable.Options()
        o.tasks = try tasks.map { try commaList($0, option: "--tasks", example: "arc_easy,piqa") }
        o.chance = try chanceRates()
        o.keepFlagged = keepFlagged
        return o
    }
}
