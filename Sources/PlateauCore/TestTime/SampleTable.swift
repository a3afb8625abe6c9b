import Foundation
import RealModule

/// Repeated sampling results: for each problem, how many samples were drawn and how many were
/// correct — per model when the table has a `model` column.
package struct SampleTable: Sendable {
    /// One problem's results.
    package struct Problem: Sendable, Equatable {
        package var id: String
        /// n: samples drawn.
        package var samples: Int
        /// c: samples that were correct.
        package var correct: Int
        package init(id: String, samples: Int, correct: Int) {
            self.id = id
            self.samples = samples
            self.correct = correct
        }
    }

    /// One model's results and what one of its samples costs.
    package struct Model: Sendable {
        package var name: String
        package var problems: [Problem]
        /// Parameters N, when given: inference FLOPs per sample are 2·N·tokens.
        package var parameters: Double?
        /// Generated tokens per sample, when given.
        package var tokensPerSample: Double?
        /// Training tokens D of the checkpoint, when given: training FLOPs are 6·N·D.
        package var trainingTokens: Double?
        /// Price per million generated tokens (US dollars), when given.
        package var usdPerMillionTokens: Double?

        package init(
            name: String, problems: [Problem], parameters: Double? = nil, tokensPerSample: Double? = nil,
            usdPerMillionTokens: Double? = nil
        ) {
            self.name = name
            self.problems = problems
            self.parameters = parameters
            self.tokensPerSample = tokensPerSample
            self.usdPerMillionTokens = usdPerMillionTokens
        }

        /// Inference FLOPs of one sample, 2·N·tokens (Kaplan et al. 2020's forward pass).
        package var flopsPerSample: Double? {
            guard let n = parameters, let t = tokensPerSample else { return nil }
            return 2 * n * t
        }

        /// Training FLOPs, 6·N·D (Kaplan et al. 2020), when N and D are given.
        package var trainingFLOPs: Double? {
            guard let n = parameters, let d = trainingTokens else { return nil }
            return 6 * n * d
        }

        /// The largest k every problem supports: the smallest n.
        package var maxK: Int { problems.map(\.samples).min() ?? 0 }
    }

    package var source: String
    package var models: [Model]

    package init(source: String, models: [Model]) {
        self.source = source
        self.models = models
    }

    static let aliases: [String: [String]] = [
        "problem": [
            "problem", "problem_id", "id", "task", "task_id", "question", "prompt_idx", "prompt_id", "problem_idx",
            "question_id",
        ],
        "n": ["n", "samples", "num_samples", "attempts", "k_total"],
        "c": ["c", "correct", "num_correct", "successes", "passed", "num_samples_correct", "n_correct"],
        "model": ["model", "model_name", "model_nickname", "model_id"],
        "params": ["params", "parameters", "n_params", "num_params", "model_size", "params_nominal"],
        "training": ["train_tokens", "training_tokens", "tokens_trained"],
        "tokens": ["tokens_per_sample", "tokens", "output_tokens", "gen_tokens"],
        "price": ["usd_per_mtok", "price_per_mtok", "usd_per_million_tokens"],
    ]

    /// Reads a table with problem, n and c columns (and optionally model, params,
    /// tokens_per_sample, usd_per_mtok), with a located error for every bad cell.
    ///
    /// - Throws: ``InputError``.
    package init(table: DataTable) throws {
        func column(_ key: String) -> Int? {
            let names = Self.aliases[key] ?? []
            // Names as pandas exports write them too: 'Num. Samples Correct' is num_samples_correct.
            let plain = { (name: String) in ColumnRole.normalize(name).filter { $0 != "." } }
            return table.columns.firstIndex { c in names.contains { plain($0) == plain(c) } }
        }
        func missing(_ key: String, _ what: String) -> InputError {
            InputError(
                file: table.source, line: table.headerPositions.first?.line ?? 1, column: 1,
                problem:
                    "no \(what) column (looked for \((Self.aliases[key] ?? []).prefix(4).map { "'\($0)'" }.joined(separator: ", ")), …)",
                remedy: "rename the column; the columns are: \(table.columns.joined(separator: ", "))")
        }
        guard let problemColumn = column("problem") else { throw missing("problem", "problem id") }
        guard let nColumn = column("n") else { throw missing("n", "samples (n)") }
        guard let cColumn = column("c") else { throw missing("c", "correct (c)") }
        let modelColumn = column("model"), paramsColumn = column("params")
        let tokensColumn = column("tokens"), priceColumn = column("price"), trainingColumn = column("training")
        guard !table.rows.isEmpty else {
            throw InputError(file: table.source, problem: "the table has no rows", remedy: "add one row per problem")
        }
        var order: [String] = []
        var byModel: [String: Model] = [:]
        var seen: [String: Set<String>] = [:]
        for row in table.rows {
            let n = try Self.count(row[nColumn], table.columns[nColumn], table.source)
            let c = try Self.count(row[cColumn], table.columns[cColumn], table.source)
            guard n >= 1 else {
                throw InputError(
                    file: table.source, line: row[nColumn].line, column: row[nColumn].column,
                    problem: "samples n is 0", remedy: "give every problem at least one sample, or remove it")
            }
            guard c <= n else {
                throw InputError(
                    file: table.source, line: row[cColumn].line, column: row[cColumn].column,
                    problem: "correct c = \(c) is more than the samples n = \(n)", remedy: "check the counts")
            }
            let id = row[problemColumn].text ?? ""
            let name = modelColumn.flatMap { row[$0].text } ?? "model"
            guard seen[name, default: []].insert(id).inserted else {
                throw InputError(
                    file: table.source, line: row[problemColumn].line, column: row[problemColumn].column,
                    problem: "problem '\(InputError.excerpt(id))' of model '\(InputError.excerpt(name))' appears twice",
                    remedy: "give each problem one row per model (add its n and c together if they are two batches)")
            }
            if byModel[name] == nil {
                order.append(name)
                byModel[name] = Model(name: name, problems: [])
            }
            byModel[name]?.problems.append(Problem(id: id, samples: n, correct: c))
            let reader = CellReader(table: table)
            if let p = paramsColumn, row[p].text?.isEmpty == false {
                byModel[name]?.parameters = try reader.positive(row[p], column: p)
            }
            if let t = trainingColumn, row[t].text?.isEmpty == false {
                byModel[name]?.trainingTokens = try reader.positive(row[t], column: t)
            }
            if let t = tokensColumn, row[t].text?.isEmpty == false {
                byModel[name]?.tokensPerSample = try reader.positive(row[t], column: t)
            }
            if let p = priceColumn, row[p].text?.isEmpty == false {
                byModel[name]?.usdPerMillionTokens = try reader.positive(row[p], column: p)
            }
        }
        self.init(source: table.source, models: order.compactMap { byModel[$0] })
    }

    /// The most samples per problem Plateau accepts: pass@k is kept for every k up to n, eight
    /// bytes each, so 10 million samples is 80 MB a problem.
    package static let maximumSamples = 10_000_000

    static func count(_ cell: DataTable.Cell, _ name: String, _ source: String) throws -> Int {
        let text = cell.text?.trimmingCharacters(in: .whitespaces) ?? ""
        let shown = InputError.excerpt(text)
        guard let value = Quantity.parse(text), value >= 0, value == value.rounded(), value < 1e15 else {
            throw InputError(
                file: source, line: cell.line, column: cell.column,
                problem: "\(name) '\(shown)' is not a whole number of samples", remedy: "write a count such as 100")
        }
        guard value <= Double(maximumSamples) else {
            throw InputError(
                file: source, line: cell.line, column: cell.column,
                problem: "\(name) is \(shown), above the limit of \(maximumSamples) samples per problem",
                remedy: "pass@k is computed for every k up to n; subsample the problem's samples first")
        }
        return Int(value)
    }
}

/// The unbiased pass@k estimator of Chen et al. 2021 (Codex), `1 − C(n−c, k)/C(n, k)`, computed
/// as a running product so that it is exact to rounding for n up to 10⁴ and beyond (no
/// binomial coefficient is ever formed).
package enum PassAtK {
    /// pass@k of one problem for k = 1 … n (element k − 1).
    ///
    /// `C(n−c, k)/C(n, k) = Π_{j=0}^{k−1} (1 − c/(n−j))`, updated one factor per k as a sum of
    /// log1p terms and returned as −expm1(sum): relative accuracy near 1e-15 even where pass@k is
    /// tiny (1 − Π would lose it to cancellation).
    /// - Complexity: O(n).
    /// `limit` stops the curve early (k = 1 … min(limit, n)): averaging over problems needs only
    /// k up to the smallest n, while one problem may have a million samples.
    package static func curve(samples n: Int, correct c: Int, upTo limit: Int? = nil) -> [Double] {
        precondition(n >= 1 && c >= 0 && c <= n, "need 0 ≤ c ≤ n, n ≥ 1")
        let count = min(limit ?? n, n)
        var out = [Double](repeating: 1, count: count)
        if c == 0 { return [Double](repeating: 0, count: count) }
        guard c < n, count >= 1 else { return out }
        var logAllWrong = 0.0  // log of the probability that k draws without replacement are all wrong
        for k in 1...min(n - c, count) {
            logAllWrong += Double.log(onePlus: -Double(c) / Double(n - k + 1))
            out[k - 1] = -Double.expMinusOne(logAllWrong)
        }
        return out
    }

    /// pass@k of one problem at one k, or nil when k > n: with fewer samples than k the estimator
    /// is undefined (returning 1 there, as widely used code does when c = 0 and k > n, would
    /// report a solve that never happened).
    /// - Complexity: O(min(k, n − c)).
    package static func value(samples n: Int, correct c: Int, k: Int) -> Double? {
        guard k >= 1, k <= n, c >= 0, c <= n else { return nil }
        if c == 0 { return 0 }
        if k > n - c { return 1 }
        var logAllWrong = 0.0
        for j in 0..<k { logAllWrong += Double.log(onePlus: -Double(c) / Double(n - j)) }
        return -Double.expMinusOne(logAllWrong)
    }

    /// The mean pass@k over problems for k = 1 … `maxK` (each problem must have n ≥ maxK).
    package static func mean(_ problems: [SampleTable.Problem], upTo maxK: Int) -> [Double] {
        guard maxK >= 1, !problems.isEmpty else { return [] }
        var sum = [Double](repeating: 0, count: maxK)
        for p in problems {
            let curve = curve(samples: p.samples, correct: p.correct, upTo: maxK)
            for k in 0..<maxK { sum[k] += curve[k] }
        }
        return sum.map { $0 / Double(problems.count) }
    }
}
